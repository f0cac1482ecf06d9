/**
 * The typed postMessage bridge between the preview iframe (an opaque origin) and the editor (rule U4).
 * The editor passes its origin and a channel id in the iframe URL's hash; the preview posts only to that origin,
 * and the editor accepts only messages whose `event.source` is its iframe and whose channel matches.
 */
export const BRIDGE_CHANNEL = "live-preview/1";

export type ConsoleLevel = "log" | "info" | "warn" | "error" | "debug";

export type PreviewMessage =
  | { channel: string; type: "rendered"; hash: string }
  | { channel: string; type: "console"; level: ConsoleLevel; text: string }
  | { channel: string; type: "runtime-error"; message: string; stack?: string };

export interface BridgeParams {
  /** The editor's origin: the only target the preview posts to. */
  origin: string;
  /** A random id per iframe, so messages from another frame or page are ignored. */
  id: string;
}

export const bridgeHash = (p: BridgeParams): string =>
  `#origin=${encodeURIComponent(p.origin)}&id=${encodeURIComponent(p.id)}`;

export function parseBridgeHash(hash: string): BridgeParams | null {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const origin = params.get("origin");
  const id = params.get("id");
  return origin && id ? { origin, id } : null;
}

export function isPreviewMessage(data: unknown, id: string): data is PreviewMessage {
  const m = data as Partial<PreviewMessage> | null;
  return !!m && typeof m === "object" && m.channel === `${BRIDGE_CHANNEL}:${id}` && typeof m.type === "string";
}

/** A module the editor transpiled itself, for an instant own preview (U7). */
export interface ModuleMessage {
  type: "module";
  /** The TSX it came from: the preview skips the server's copy of the same code. */
  source: string;
  /** The ES module, already rewritten for the import map. */
  js: string;
}

/**
 * From the editor to its preview: a module, or a MessagePort (in `event.ports`) on which the editor's transpile
 * worker sends modules straight to the preview, past the editor's busy main thread (U7).
 */
export type EditorMessage = { channel: string } & (ModuleMessage | { type: "port" });

/** On that port: modules from the worker, and the preview's acknowledgement that it listens. */
export type PortMessage = ModuleMessage | { type: "ack" };

export const isModuleMessage = (data: unknown): data is ModuleMessage => {
  const m = data as Partial<ModuleMessage> | null;
  return !!m && m.type === "module" && typeof m.js === "string" && typeof m.source === "string";
};

export function isEditorMessage(data: unknown, id: string): data is EditorMessage {
  const m = data as Partial<EditorMessage> | null;
  if (!m || m.channel !== `${BRIDGE_CHANNEL}:${id}`) return false;
  return m.type === "port" || isModuleMessage(m);
}
