import { parseFaultSpec } from './faults';
import type { FaultSpec, SimOptions } from './types';

export interface CliConfig {
  options: SimOptions;
  faults: FaultSpec[];
  help: boolean;
}

export const USAGE = `Usage: npm run sim -- [options]

  --port <n>              port on 127.0.0.1 (default 0 = a free port; $SIM_PORT also works)
  --keys <a,b>            accept only these API keys (default: any non-empty key)
  --codestral-keys <a,b>  Mistral key kinds: these keys only at <url>/codestral (codestral.mistral.ai)…
  --general-keys <c,d>    …and these only at <url> (api.mistral.ai); either flag turns key kinds on
  --rpm <n>               Mistral requests per minute before 429 (default 720)
  --tpm <n>               Mistral tokens per minute before 429 (default 5000000)
  --corpus <dir>          source folder the FIM model may continue from
  --ttft-ms <n>           time to first token (default 0)
  --tokens-per-sec <n>    output pacing (default 0 = as fast as possible)
  --jitter-ms <n>         random extra TTFT in [0, n] per request (default 0)
  --max-body-mb <n>       request size limit before 413 (default 32)
  --fault <spec>          inject a fault, repeatable. <spec> is comma-separated:
                            status=429 | cut | malformed | stall | slow-first-token=<ms>
                            api=mistral|anthropic|any   count=<n>|inf
                            retry-after=<s>|none   retry-after-ms=<ms>   after=<tokens>
                          e.g. --fault status=429,count=3,retry-after=2
                               --fault cut,after=5,api=mistral
  --quiet                 no request log
  --help                  this text`;

/** Parses the CLI's argv (without node and script). Throws Error with a message fit for the user. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = {}): CliConfig {
  const options: SimOptions = { port: env['SIM_PORT'] ? Number(env['SIM_PORT']) : 0, quiet: false };
  const latency: Record<string, number> = {};
  const faults: FaultSpec[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port':
        options.port = nonNegative(flag, value());
        break;
      case '--keys':
        options.keys = value()
          .split(',')
          .map((k) => k.trim())
          .filter((k) => k !== '');
        break;
      case '--codestral-keys':
        options.keyKinds = { codestral: keyList(value()), general: options.keyKinds?.general ?? [] };
        break;
      case '--general-keys':
        options.keyKinds = { codestral: options.keyKinds?.codestral ?? [], general: keyList(value()) };
        break;
      case '--rpm':
        options.mistralLimits = { ...options.mistralLimits, requestsPerMinute: nonNegative(flag, value()) };
        break;
      case '--tpm':
        options.mistralLimits = { ...options.mistralLimits, tokensPerMinute: nonNegative(flag, value()) };
        break;
      case '--corpus':
        options.corpusDir = value();
        break;
      case '--ttft-ms':
        latency['ttftMs'] = nonNegative(flag, value());
        break;
      case '--tokens-per-sec':
        latency['tokensPerSec'] = nonNegative(flag, value());
        break;
      case '--jitter-ms':
        latency['jitterMs'] = nonNegative(flag, value());
        break;
      case '--max-body-mb':
        options.maxBodyBytes = Math.round(nonNegative(flag, value()) * 1024 * 1024);
        break;
      case '--fault':
        faults.push(parseFaultFlag(value()));
        break;
      case '--quiet':
        options.quiet = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  options.latency = latency;
  return { options, faults, help };
}

const FAULT_KEYS: Record<string, string> = {
  'retry-after': 'retryAfterSec',
  'retry-after-ms': 'retryAfterMs',
  after: 'afterTokens',
  count: 'count',
  api: 'api',
  'delay-ms': 'delayMs',
};

/** `status=429,count=3,retry-after=2` → FaultSpec. */
export function parseFaultFlag(text: string): FaultSpec {
  const raw: Record<string, unknown> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const [key, val] = part.split('=', 2) as [string, string | undefined];
    if (key === 'status') Object.assign(raw, { kind: 'status', status: val });
    else if (key === 'cut' || key === 'malformed' || key === 'stall' || key === 'refusal') raw['kind'] = key;
    else if (key === 'slow-first-token') Object.assign(raw, { kind: 'slow_first_token', ...(val ? { delayMs: val } : {}) });
    else if (key === 'retry-after' && val === 'none') raw['noRetryAfter'] = true;
    else if (FAULT_KEYS[key] && val !== undefined) raw[FAULT_KEYS[key]] = key === 'count' && val === 'inf' ? 'Infinity' : val;
    else throw new Error(`--fault: cannot read "${part}"`);
  }
  const spec = parseFaultSpec(raw);
  if (typeof spec === 'string') throw new Error(`--fault ${text}: ${spec}`);
  return spec;
}

function keyList(v: string): string[] {
  return v
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
}

function nonNegative(flag: string, v: string): number {
  const n = Number(v);
  if (!(n >= 0)) throw new Error(`${flag} must be a non-negative number, got "${v}"`);
  return n;
}
