import { type Diagnostic, TRANSFORM_OPTIONS, type TranspileOutcome } from "@live/shared";
import { type RewriteConfig, rewriteImports } from "./rewrite.ts";

/** The part of esbuild's API we use; native esbuild (Node tests) and esbuild-wasm (the Worker) both fit. */
export type EsbuildTransform = Pick<typeof import("esbuild"), "transform">;

interface EsbuildMessage {
  text: string;
  location?: { line: number; column: number } | null;
}

/** esbuild's errors as diagnostics: 1-based line, 0-based column, message (rule T2). */
export function toDiagnostics(err: unknown): Diagnostic[] {
  const errors = (err as { errors?: EsbuildMessage[] }).errors;
  if (!errors?.length) return [{ line: 1, column: 0, text: String((err as Error)?.message ?? err) }];
  return errors.map((e) => ({ line: e.location?.line ?? 1, column: e.location?.column ?? 0, text: e.text }));
}

/** TSX -> ES module with the shared options, then import-map rewriting of its specifiers. */
export async function transpile(
  esbuild: EsbuildTransform,
  source: string,
  cfg: RewriteConfig,
): Promise<TranspileOutcome> {
  let code: string;
  try {
    code = (await esbuild.transform(source, { ...TRANSFORM_OPTIONS })).code;
  } catch (err) {
    return { ok: false, diagnostics: toDiagnostics(err) };
  }
  return rewriteImports(code, cfg);
}
