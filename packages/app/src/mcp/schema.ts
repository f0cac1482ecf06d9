import { z } from "zod";

type Json = Record<string, unknown>;
const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * A zod object as the JSON Schema that `tools/list` advertises, without the bytes that say nothing (rule M19):
 * no `$schema` (MCP 2025-11-25 defaults to 2020-12, and these keywords mean the same in draft-07), no
 * `additionalProperties: false`, no safe-integer bounds that zod adds to every `.int()`.
 */
export function compactSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json;
  delete json.$schema;
  return strip(json, io === "output") as Json;
}

/**
 * Output schemas also lose `required`: every output property is always present except the few documented
 * optional ones (SPEC M19), and the server checks each result against the full zod schema before sending it.
 */
function strip(node: unknown, output: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => strip(n, output));
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === "additionalProperties" && value === false) continue;
    if ((key === "maximum" && value === SAFE) || (key === "minimum" && value === -SAFE)) continue;
    if (output && key === "required" && Array.isArray(value)) continue;
    out[key] = strip(value, output);
  }
  return out;
}
