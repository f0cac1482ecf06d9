// Instant own preview (rule U7): every change is transpiled in a worker and sent to this editor's preview
// over the bridge. One transpile runs at a time; changes during it are coalesced into the next. The worker
// starts (and compiles esbuild's wasm) once `later` resolves, so the first keystroke does not wait for it.
import { BRIDGE_CHANNEL, type EditorMessage } from "@live/shared/bridge";

export interface LocalPreviewOptions {
  workerUrl: string;
  frame: HTMLIFrameElement;
  channel: string;
  onChange: (listener: () => void) => void;
  text: () => string;
  later: Promise<void>;
  /** The server's IMPORT_CDN, so both rewrite bare imports alike. */
  importCdn: string;
}

export function setupLocalPreview({
  workerUrl,
  frame,
  channel,
  onChange,
  text,
  later,
  importCdn,
}: LocalPreviewOptions): void {
  let worker: Worker | null = null;
  let running = false;
  let pending = false;
  let seq = 0;

  const run = () => {
    if (running) {
      pending = true;
      return;
    }
    running = true;
    pending = false;
    worker ??= start();
    worker.postMessage({ id: ++seq, source: text() });
  };
  const done = (event: MessageEvent<{ ok: boolean; source: string; code?: string; delivered?: boolean }>) => {
    running = false;
    const { ok, source, code, delivered } = event.data;
    // Delivered: the worker sent the module to the preview itself, over the port below.
    if (ok && !delivered && code !== undefined) post({ channel: tag, type: "module", source, js: code });
    if (pending) run();
  };
  const tag = `${BRIDGE_CHANNEL}:${channel}`;
  // The preview has an opaque origin, which no target origin can name; it is our own iframe's window.
  const post = (message: EditorMessage, transfer: Transferable[] = []) =>
    frame.contentWindow?.postMessage(message, "*", transfer);
  /**
   * A direct line from the worker to the preview, so a module does not wait in this page's busy main thread.
   * Until the preview acknowledges it (or after the preview reloads and a new line replaces it), modules come
   * through this page as before.
   */
  const connectPreview = (w: Worker) => {
    const { port1, port2 } = new MessageChannel();
    w.postMessage({ port: port1 }, [port1]);
    post({ channel: tag, type: "port" }, [port2]);
  };
  const start = () => {
    const w = new Worker(workerUrl, { type: "module" });
    w.onmessage = done;
    w.postMessage({ importCdn });
    w.postMessage({ warmUp: true });
    connectPreview(w);
    frame.addEventListener("load", () => connectPreview(w));
    return w;
  };
  later.then(() => {
    worker ??= start();
  });
  // One remote Yjs update reaches Monaco as several model changes (a delete, then an insert): transpiling at the
  // first would make the real text wait for a transpile of a half-applied edit. Changes made in one task are
  // transpiled once, at its end.
  let queued = false;
  onChange(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      run();
    });
  });
}
