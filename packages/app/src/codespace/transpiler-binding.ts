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

export const transpilerService = (env: Env): TranspilerRpc => env.TRANSPILER as unknown as TranspilerRpc;

/**
 * The Transpile function a Durable Object uses (rule T4). If the transpiler cannot be reached, the write still
 * keeps the source: it is reported as a failed transpile (last good output kept, the reason in `errors`).
 */
export function transpilerFor(env: Env): Transpile {
  return async (source) => {
    try {
      const { cached: _cached, ...outcome } = await transpilerService(env).transform(source, env.IMPORT_CDN);
      return outcome as TranspileOutcome;
    } catch (err) {
      const text = `transpiler unavailable: ${(err as Error).message}`;
      console.error(JSON.stringify({ at: "transpile", error: (err as Error).name, message: text }));
      return { ok: false, diagnostics: [{ line: 1, column: 0, text }] };
    }
  };
}
