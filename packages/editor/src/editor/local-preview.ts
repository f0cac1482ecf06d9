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
  /** False while the editor is receiving the text the preview already shows (the first sync). */
  live: () => boolean;
  later: Promise<void>;
}

export function setupLocalPreview({
  workerUrl,
  frame,
  channel,
  onChange,
  text,
  live,
  later,
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
  const done = (event: MessageEvent<{ ok: boolean; source: string; code?: string }>) => {
    running = false;
    const { ok, source, code } = event.data;
    if (ok && code !== undefined && frame.contentWindow) {
      const message: EditorMessage = { channel: `${BRIDGE_CHANNEL}:${channel}`, type: "module", source, js: code };
      // The preview has an opaque origin, which no target origin can name; it is our own iframe's window.
      frame.contentWindow.postMessage(message, "*");
    }
    if (pending) run();
  };
  const start = () => {
    const w = new Worker(workerUrl, { type: "module" });
    w.onmessage = done;
    w.postMessage({ warmUp: true });
    return w;
  };
  later.then(() => {
    worker ??= start();
  });
  onChange(() => {
    if (live()) run();
  });
}
