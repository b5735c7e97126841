/** The logging surface the core writes to; the VS Code side backs it with one LogOutputChannel. */
export interface Log {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

const noop = (): void => undefined;
export const silentLog: Log = { trace: noop, debug: noop, info: noop, warn: noop, error: noop };
