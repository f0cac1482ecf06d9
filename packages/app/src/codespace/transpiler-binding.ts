import type { Transpile } from "./transpile.ts";

/**
 * The Transpile function a Durable Object uses. Until the transpiler Worker is bound, code is stored
 * untranspiled (`transpiled` stays empty) rather than failing the write.
 */
export function transpilerFor(_env: Env): Transpile {
  return async () => ({ ok: true, code: "" });
}
