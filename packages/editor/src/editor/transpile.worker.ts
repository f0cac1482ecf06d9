// The editor's own transpiler (rule U7): esbuild-wasm in a Web Worker with the server's options and
// rewriter, so the author's preview does not wait for the server. The server stays the source of truth.
import { TRANSFORM_OPTIONS } from "@live/shared/transpile-options";
import { rewriteConfig } from "@live/transpiler/config";
import { rewriteImports } from "@live/transpiler/rewrite";
import wasmURL from "esbuild-wasm/esbuild.wasm";
import * as esbuild from "esbuild-wasm/esm/browser.js";

const ready = esbuild.initialize({ wasmURL, worker: false });
const cfg = rewriteConfig();

self.onmessage = async (event: MessageEvent<{ id: number; source: string } | { warmUp: true }>) => {
  if ("warmUp" in event.data) {
    // Compiles the wasm and runs one transform, so the first keystroke finds esbuild ready.
    await ready.then(() => esbuild.transform("<a />", { ...TRANSFORM_OPTIONS })).catch(() => {});
    return;
  }
  const { id, source } = event.data;
  try {
    await ready;
    const { code } = await esbuild.transform(source, { ...TRANSFORM_OPTIONS });
    self.postMessage({ id, source, ...(await rewriteImports(code, cfg)) });
  } catch (err) {
    const errors = (err as { errors?: { text: string }[] }).errors;
    self.postMessage({ id, source, ok: false, diagnostics: errors ?? [{ text: String(err) }] });
  }
};
