import { WorkerEntrypoint } from "cloudflare:workers";
import { MAX_CODE_BYTES, TRANSFORM_CACHE_VERSION, type TranspileOutcome } from "@live/shared";
import wasm from "esbuild-wasm/esbuild.wasm";
import * as esbuild from "esbuild-wasm/lib/browser.js";
import { bundle, type VendorFiles } from "./bundle.ts";
import { BoundedCache } from "./cache.ts";
import { rewriteConfig } from "./config.ts";
import { tooDeep } from "./depth.ts";
import { transpile } from "./transform.ts";

let ready: Promise<void> | undefined;
/** esbuild-wasm starts lazily inside a request: workerd forbids its timers and randomness at global scope. */
function esbuildReady(): Promise<void> {
  ready ??= esbuild.initialize({ wasmModule: wasm, worker: false }).catch((err: unknown) => {
    ready = undefined;
    throw err;
  });
  return ready;
}

/** Transform results by digest of (cache version, options, CDN pattern, source): at most 512 or 32 MB. */
const cache = new BoundedCache<TranspileOutcome>(512, 32 * 1024 * 1024, (o) =>
  o.ok ? o.code.length * 2 : JSON.stringify(o.diagnostics).length * 2,
);

async function digest(parts: string[]): Promise<string> {
  const bytes = new TextEncoder().encode(parts.map((p) => `${p.length}:${p}`).join(""));
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
}

function tooLarge(source: string): TranspileOutcome | null {
  if (new TextEncoder().encode(source).byteLength <= MAX_CODE_BYTES) return null;
  return { ok: false, diagnostics: [{ line: 1, column: 0, text: `source is over ${MAX_CODE_BYTES} bytes` }] };
}

/**
 * The transpiler Worker (spike.land's js.spike.land): esbuild-wasm and import-map rewriting, reached from the
 * app Worker by a service binding (RPC). It keeps no state between requests except its bounded cache.
 */
export default class Transpiler extends WorkerEntrypoint<Env> {
  /** `cdnPattern`: the app's IMPORT_CDN (empty or absent: the default pattern). */
  async transform(source: string, cdnPattern?: string): Promise<TranspileOutcome & { cached: boolean }> {
    const refused = tooLarge(source) ?? tooDeep(source);
    if (refused) return { ...refused, cached: false };
    const cfg = rewriteConfig(cdnPattern);
    const key = await digest([TRANSFORM_CACHE_VERSION, cfg.cdnPattern, source]);
    const hit = cache.get(key);
    if (hit) return { ...hit, cached: true };
    await esbuildReady();
    const outcome = await transpile(esbuild, source, cfg);
    cache.set(key, outcome);
    return { ...outcome, cached: false };
  }

  async bundle(source: string, vendor: VendorFiles, cdnPattern?: string): Promise<TranspileOutcome> {
    const refused = tooLarge(source) ?? tooDeep(source);
    if (refused) return refused;
    await esbuildReady();
    return bundle(esbuild, source, vendor, rewriteConfig(cdnPattern));
  }

  stats() {
    return cache.stats;
  }

  /** Not routed publicly: the app Worker's `POST /transpile` is the HTTP face of this Worker. */
  async fetch(): Promise<Response> {
    return Response.json(
      { error: { code: "not_found", message: "use the app Worker's POST /transpile" } },
      { status: 404 },
    );
  }
}
