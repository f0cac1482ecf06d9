import { z } from "zod";
import {
  MAX_CODE_BYTES,
  MAX_RENDER_BYTES,
  MAX_RUNTIME_ERROR_MESSAGE,
  MAX_RUNTIME_ERROR_STACK,
  MAX_RUNTIME_ERRORS,
  utf8Length,
} from "./limits.ts";

/** A transpile diagnostic: 1-based line, 0-based column, as esbuild reports them. */
export const DiagnosticSchema = z.object({ line: z.number().int(), column: z.number().int(), text: z.string() });
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

/** The live state of one codeSpace (spike.land's ICodeSession plus transpile errors). */
export interface SessionFields {
  code: string;
  transpiled: string;
  html: string;
  css: string;
}

export interface Session extends SessionFields {
  codeSpace: string;
  hash: string;
  /** The newest version number; 0 for a codeSpace that was never written. */
  version: number;
  /** Diagnostics of the last transpile of `code`; empty when it compiled. */
  errors: Diagnostic[];
}

export interface VersionSummary {
  number: number;
  hash: string;
  createdAt: string;
}

export interface Version extends SessionFields, VersionSummary {
  codeSpace: string;
}

export interface VersionPage {
  codeSpace: string;
  versionCount: number;
  versions: VersionSummary[];
  /** Pass as `before` to get the next page; absent on the last page. */
  nextBefore?: number;
}

export interface WriteResult {
  codeSpace: string;
  version: number;
  hash: string;
  /** False when the write changed nothing and so made no version. */
  changed: boolean;
  errors: Diagnostic[];
  /** Set on the assistant's live writes: no version yet, its turn's end makes one (rule AI6). */
  live?: true;
}

const sized = (max: number, what: string) =>
  z
    .string()
    .refine((s) => utf8Length(s) <= max, { message: `${what} is over ${max} bytes`, params: { tooLarge: true } });

export const PutCodeSchema = z.object({ code: sized(MAX_CODE_BYTES, "code") }).strict();
/** Runtime errors a preview reports (rule M20); the latest report replaces the previous one. */
export const RuntimeErrorSchema = z
  .object({
    message: z.string().max(MAX_RUNTIME_ERROR_MESSAGE),
    stack: z.string().max(MAX_RUNTIME_ERROR_STACK).optional(),
  })
  .strict();
export type RuntimeError = z.infer<typeof RuntimeErrorSchema>;

/** The stored runtime error report: what the preview saw, and the version that was current when it reported. */
export interface RuntimeErrorReport {
  version: number;
  reportedAt: string;
  errors: RuntimeError[];
}

export const PutSessionSchema = z
  .object({
    html: sized(MAX_RENDER_BYTES, "html"),
    css: sized(MAX_RENDER_BYTES, "css"),
    runtimeErrors: z.array(RuntimeErrorSchema).max(MAX_RUNTIME_ERRORS),
    /** The render ticket of the editor page that opened the preview (rule A13); needed on owned codeSpaces. */
    ticket: z.string().max(1024),
    /**
     * `codeDigest` of the code this render came from (rule U3): a report of code that has changed since is
     * refused, so a late report of an older render never overwrites the current one.
     */
    codeHash: z.string().max(64),
  })
  .partial()
  .strict()
  .refine((v) => v.html !== undefined || v.css !== undefined || v.runtimeErrors !== undefined, {
    message: "give html, css, runtimeErrors or several of them",
  });
export const ForkSchema = z.object({ to: z.string().optional() }).strict();

/**
 * The session hash: a stable digest of codeSpace, code, transpiled, html and css (rule S3).
 * SHA-256 over a length-prefixed encoding, so no two field tuples share an input; 32 hex characters.
 */
export async function sessionHash(codeSpace: string, f: SessionFields): Promise<string> {
  const parts = [codeSpace, f.code, f.transpiled, f.html, f.css];
  const input = parts.map((p) => `${p.length}:${p}`).join("");
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(input));
  return Array.from(new Uint8Array(digest).subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}
