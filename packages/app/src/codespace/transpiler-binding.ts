import type { TranspileOutcome } from "@live/shared";
import type { Transpile } from "./transpile.ts";

/** The RPC surface of the transpiler Worker (packages/transpiler/src/index.ts). */
export interface TranspilerRpc {
  transform(source: string, cdnPattern?: string): Promise<TranspileOutcome & { cached: boolean }>;
  bundle(
    source: string,
    vendor: { imports: Record<string, string>; files: Record<string, string> },
    cdnPattern?: string,
  ): Promise<TranspileOutcome>;
  stats(): Promise<{ entries: number; bytes: number; hits: number; misses: number }>;
}

type VendorFiles = Parameters<TranspilerRpc["bundle"]>[1];

/** The transpiler with this app's IMPORT_CDN bound, so every caller rewrites bare imports alike (rule T3). */
export function transpilerService(env: Env) {
  const rpc = env.TRANSPILER as unknown as TranspilerRpc;
  return {
    transform: (source: string) => rpc.transform(source, env.IMPORT_CDN),
    bundle: (source: string, vendor: VendorFiles) => rpc.bundle(source, vendor, env.IMPORT_CDN),
  };
}

/**
 * The Transpile function a Durable Object uses (rule T4). If the transpiler cannot be reached, the write still
 * keeps the source: it is reported as a failed transpile (last good output kept, the reason in `errors`).
 */
export function transpilerFor(env: Env): Transpile {
  return async (source) => {
    try {
      const { cached: _cached, ...outcome } = await transpilerService(env).transform(source);
      return outcome as TranspileOutcome;
    } catch (err) {
      const text = `transpiler unavailable: ${(err as Error).message}`;
      console.error(JSON.stringify({ at: "transpile", error: (err as Error).name, message: text }));
      return { ok: false, diagnostics: [{ line: 1, column: 0, text }] };
    }
  };
}
