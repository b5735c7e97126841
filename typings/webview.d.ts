// For `tsc -p tsconfig.media.json` only: what the webview scripts in media/ may assume at run time (outside media/, so never shipped).

/** What `acquireVsCodeApi()` returns in a webview: state that survives a hide/reload, and messages to the extension. */
interface VsCodeApi<State, Message> {
  postMessage(message: Message): void;
  /** What the page last saved, possibly by an earlier version of it; undefined on first load. */
  getState(): State | undefined;
  setState(state: State): void;
}

/** Provided by VS Code to webview scripts; callable once per page. */
declare function acquireVsCodeApi<State = unknown, Message = unknown>(): VsCodeApi<State, Message>;

/** The tags of any member of T. */
type KeysOfUnion<T> = T extends unknown ? keyof T : never;

/**
 * A message as a page receives it, before checking it: the tag of one member T of the protocol All,
 * with any field of All, each unchecked. A union over T, so a switch on `type` narrows it.
 */
type Unchecked<T extends { type: string }, All extends { type: string } = T> = T extends unknown
  ? { type: T['type'] } & { [K in Exclude<KeysOfUnion<All>, 'type'>]?: unknown }
  : never;
