// The preview's side of the bridge (rule U4): console output and errors go to the editor that embeds this
// page, at the origin it named, and runtime errors are kept for the next render report.
import {
  BRIDGE_CHANNEL,
  type ConsoleLevel,
  isEditorMessage,
  isModuleMessage,
  type PortMessage,
  type PreviewMessage,
  parseBridgeHash,
} from "@live/shared/bridge";
import { MAX_RUNTIME_ERROR_MESSAGE, MAX_RUNTIME_ERROR_STACK, MAX_RUNTIME_ERRORS } from "@live/shared/limits";

const params = parseBridgeHash(location.hash);
const errors: { message: string; stack?: string }[] = [];

function post(message: Record<string, unknown> & { type: PreviewMessage["type"] }): void {
  if (!params || window.parent === window) return;
  window.parent.postMessage({ channel: `${BRIDGE_CHANNEL}:${params.id}`, ...message }, params.origin);
}

const show = (value: unknown): string => {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
};

export function recordError(error: unknown): void {
  const e = error instanceof Error ? error : new Error(show(error));
  // Cut to what the server keeps (M20): one huge message must not get the whole report refused.
  const message = `${e.name}: ${e.message}`.slice(0, MAX_RUNTIME_ERROR_MESSAGE);
  const stack = e.stack?.slice(0, MAX_RUNTIME_ERROR_STACK);
  errors.push({ message, stack });
  if (errors.length > MAX_RUNTIME_ERRORS) errors.shift();
  post({ type: "runtime-error", message, stack });
}

/** Errors seen since the last render report, which the report sends along and then forgets. */
export function takeErrors(): { message: string; stack?: string }[] {
  return errors.splice(0, errors.length);
}

export function rendered(hash: string): void {
  post({ type: "rendered", hash });
}

export function installBridge(): void {
  for (const level of ["log", "info", "warn", "error", "debug"] as ConsoleLevel[]) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      original(...args);
      post({ type: "console", level, text: args.map(show).join(" ") });
    };
  }
  window.addEventListener("error", (event) => recordError(event.error ?? event.message));
  window.addEventListener("unhandledrejection", (event) => recordError(event.reason));
}

/**
 * Modules the embedding editor transpiled itself; accepted only from the parent, at the origin it named, or on
 * the port it handed over that way (its transpile worker's direct line).
 */
export function onEditorModule(handler: (source: string, js: string) => void): void {
  window.addEventListener("message", (event) => {
    if (!params || event.source !== window.parent || event.origin !== params.origin) return;
    const m = event.data;
    if (!isEditorMessage(m, params.id)) return;
    if (m.type === "module") return handler(m.source, m.js);
    const port = event.ports[0];
    if (!port) return;
    port.onmessage = (e: MessageEvent<PortMessage>) => {
      if (isModuleMessage(e.data)) handler(e.data.source, e.data.js);
    };
    port.postMessage({ type: "ack" } satisfies PortMessage);
  });
}
