import * as vscode from 'vscode';
import { createClaudeClient, type ClaudeClient } from '../core/providers/claude';
import { createCodestralClient, otherMistralEndpoint, type CodestralClient } from '../core/providers/codestral';
import { RateLimitState } from '../core/providers/rateLimit';
import { resolveConnection, type Connection } from '../core/providers/connection';
import type { ProviderId } from '../core/providers/errors';
import type { Config } from './config';
import type { Keys } from './secrets';

const ENDPOINT_SETTING: Record<ProviderId, 'mistral.endpoint' | 'anthropic.endpoint'> = {
  mistral: 'mistral.endpoint',
  anthropic: 'anthropic.endpoint',
};

/**
 * Where each provider's requests go (key + endpoint, or the offline simulator) and the SDK clients for
 * it, rebuilt when a key or an endpoint setting changes.
 */
export class Connections implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ProviderId>();
  /** Fires once per provider whose key, endpoint or simulator URL changed. */
  readonly onDidChange = this.changed.event;
  private codestralClient: { id: string; client: CodestralClient } | undefined;
  /** Codestral's quota and 429 pauses, read from every answer. */
  readonly rateLimits = new RateLimitState();
  private claudeClient: { id: string; client: ClaudeClient } | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly keys: Keys,
    private readonly config: Config,
  ) {
    this.subscriptions = [
      keys.onDidChange((provider) => this.changed.fire(provider)),
      config.onDidChange('mistral.endpoint', () => this.changed.fire('mistral')),
      config.onDidChange('anthropic.endpoint', () => this.changed.fire('anthropic')),
      config.onDidChange('simulator.url', () => (this.changed.fire('mistral'), this.changed.fire('anthropic'))),
    ];
  }

  connection(provider: ProviderId): Connection {
    return resolveConnection(provider, {
      key: this.keys.get(provider)?.key,
      endpoint: this.config.get<string>(ENDPOINT_SETTING[provider]),
      simulatorUrl: this.config.get<string>('simulator.url'),
    });
  }

  /** The Codestral client for the current connection; undefined when the key is missing. */
  codestral(): CodestralClient | undefined {
    const c = this.connection('mistral');
    if (c.kind === 'missing-key') return undefined;
    const id = `${c.baseUrl}\u0000${c.apiKey}`;
    if (this.codestralClient?.id !== id) this.codestralClient = { id, client: this.buildCodestral(c.apiKey, c.baseUrl, c.kind === 'live') };
    return this.codestralClient.client;
  }

  /**
   * A live key at one official endpoint that rejects it is tried once at the other (the Codestral /
   * general key mix-up); when accepted there, this client keeps using it and the user is told once,
   * with an offer to save the endpoint. Never for the simulator or any other host.
   */
  private buildCodestral(apiKey: string, baseUrl: string, live: boolean): CodestralClient {
    const alternate = live ? otherMistralEndpoint(baseUrl) : undefined;
    return createCodestralClient({
      apiKey,
      baseUrl,
      ...(alternate ? { alternateBaseUrl: alternate, onEndpointSwitched: (url: string) => void offerToSaveEndpoint(baseUrl, url) } : {}),
      onHeaders: (headers) => this.rateLimits.noteHeaders(headers),
    });
  }

  /** The Claude client for the current connection; undefined when the key is missing. */
  claude(): ClaudeClient | undefined {
    const c = this.connection('anthropic');
    if (c.kind === 'missing-key') return undefined;
    const id = `${c.baseUrl}\u0000${c.apiKey}`;
    if (this.claudeClient?.id !== id) this.claudeClient = { id, client: createClaudeClient({ apiKey: c.apiKey, baseUrl: c.baseUrl }) };
    return this.claudeClient.client;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

const SAVE_ENDPOINT = 'Save endpoint';

/** Tells the user once per switch; "Save endpoint" writes `tandem.mistral.endpoint` in the user settings. */
async function offerToSaveEndpoint(from: string, to: string): Promise<void> {
  const choice = await vscode.window.showInformationMessage(
    `Your Mistral key was rejected by ${new URL(from).host} but accepted by ${new URL(to).host}: Tandem uses ${to} for this session.`,
    SAVE_ENDPOINT,
  );
  if (choice === SAVE_ENDPOINT)
    await vscode.workspace.getConfiguration('tandem').update(ENDPOINT_SETTING.mistral, to, vscode.ConfigurationTarget.Global);
}
