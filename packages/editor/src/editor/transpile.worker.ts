// The editor's own transpiler (rule U7): esbuild-wasm in a Web Worker with the server's options and
// rewriter, so the author's preview does not wait for the server. The server stays the source of truth.
import type { PortMessage } from "@live/shared/bridge";
import { TRANSFORM_OPTIONS } from "@live/shared/transpile-options";
import { rewriteConfig } from "@live/transpiler/config";
import { rewriteImports } from "@live/transpiler/rewrite";
import wasmURL from "esbuild-wasm/esbuild.wasm";
import * as esbuild from "esbuild-wasm/esm/browser.js";

const ready = esbuild.initialize({ wasmURL, worker: false });
/** Set by the page's first message to the server's IMPORT_CDN. */
let cfg = rewriteConfig();

/** The preview's port (U7), once the preview has acknowledged it: modules go there, past the main thread. */
let preview: MessagePort | null = null;
let acked = false;

type Request = { id: number; source: string } | { warmUp: true } | { port: MessagePort } | { importCdn: string };

self.onmessage = async (event: MessageEvent<Request>) => {
  const data = event.data;
  if ("importCdn" in data) {
    cfg = rewriteConfig(data.importCdn);
    return;
  }
  if ("port" in data) {
    preview?.close();
    preview = data.port;
    acked = false;
    preview.onmessage = (e: MessageEvent<PortMessage>) => {
      if (e.data?.type === "ack") acked = true;
    };
    return;
  }
  if ("warmUp" in data) {
    // Compiles the wasm and runs one transform, so the first keystroke finds esbuild ready.
    await ready.then(() => esbuild.transform("<a />", { ...TRANSFORM_OPTIONS })).catch(() => {});
    return;
  }
  const { id, source } = data;
  try {
    await ready;
    const { code } = await esbuild.transform(source, { ...TRANSFORM_OPTIONS });
    const rewritten = await rewriteImports(code, cfg);
    if (rewritten.ok && preview && acked) {
      preview.postMessage({ type: "module", source, js: rewritten.code } satisfies PortMessage);
      self.postMessage({ id, source, ok: true, delivered: true });
    } else self.postMessage({ id, source, ...rewritten });
  } catch (err) {
    const errors = (err as { errors?: { text: string }[] }).errors;
    self.postMessage({ id, source, ok: false, diagnostics: errors ?? [{ text: String(err) }] });
  }
};
