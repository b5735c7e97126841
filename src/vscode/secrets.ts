import * as vscode from 'vscode';
import type { ProviderId } from '../core/providers/errors';

const SECRET_IDS: Record<ProviderId, string> = {
  mistral: 'tandem.mistral.apiKey',
  anthropic: 'tandem.anthropic.apiKey',
};
const ENV_FALLBACKS: Record<ProviderId, string> = {
  mistral: 'MISTRAL_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
};
export const PROVIDER_LABELS: Record<ProviderId, string> = { mistral: 'Codestral', anthropic: 'Anthropic' };

export type KeySource = 'secret-storage' | 'environment';

/**
 * API keys live in SecretStorage only (never settings, logs or the ledger); the environment
 * variables MISTRAL_API_KEY / ANTHROPIC_API_KEY are read as fallbacks. Values are cached in
 * memory so the completion hot path never awaits the keychain.
 */
export class Keys implements vscode.Disposable {
  private readonly cache = new Map<ProviderId, string | undefined>();
  private readonly changed = new vscode.EventEmitter<ProviderId>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly storage: vscode.SecretStorage) {
    this.subscription = storage.onDidChange(async (e) => {
      const provider = providerOfSecret(e.key);
      if (!provider) return;
      this.cache.set(provider, await storage.get(e.key));
      this.changed.fire(provider);
    });
  }

  async load(): Promise<void> {
    for (const provider of Object.keys(SECRET_IDS) as ProviderId[]) {
      this.cache.set(provider, await this.storage.get(SECRET_IDS[provider]));
    }
  }

  /** The key to use and where it came from, or undefined when none is set. */
  get(provider: ProviderId): { key: string; source: KeySource } | undefined {
    const stored = this.cache.get(provider);
    if (stored) return { key: stored, source: 'secret-storage' };
    const env = process.env[ENV_FALLBACKS[provider]];
    return env ? { key: env, source: 'environment' } : undefined;
  }

  async set(provider: ProviderId, key: string): Promise<void> {
    await this.storage.store(SECRET_IDS[provider], key);
    this.cache.set(provider, key);
    this.changed.fire(provider);
  }

  async clear(provider: ProviderId): Promise<void> {
    await this.storage.delete(SECRET_IDS[provider]);
    this.cache.set(provider, undefined);
    this.changed.fire(provider);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function providerOfSecret(id: string): ProviderId | undefined {
  return (Object.keys(SECRET_IDS) as ProviderId[]).find((p) => SECRET_IDS[p] === id);
}

/** Asks for a key in a password box and stores it. Returns false when the user cancelled. */
export async function promptForKey(keys: Keys, provider: ProviderId): Promise<boolean> {
  const hint =
    provider === 'mistral'
      ? 'A Codestral key (codestral.mistral.ai) or a general Mistral key (api.mistral.ai — set tandem.mistral.endpoint accordingly)'
      : 'An Anthropic API key from console.anthropic.com';
  const value = await vscode.window.showInputBox({
    title: `Tandem: set ${PROVIDER_LABELS[provider]} API key`,
    prompt: `${hint}. Stored in VS Code's SecretStorage. Leave empty to remove the stored key.`,
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return false;
  if (value.trim() === '') await keys.clear(provider);
  else await keys.set(provider, value.trim());
  return true;
}
