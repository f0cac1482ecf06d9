import type { z } from "zod";
import { HttpError } from "./errors.ts";

/**
 * Reads a JSON body of at most `maxBytes` and validates it (rules E2-E4): too large is 413, not JSON is 400
 * `invalid_json`, wrong shape is 400 `validation_failed` (or 413 when a field is over its size limit).
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes: number): Promise<z.infer<S>> {
  const text = await readText(req, maxBytes);
  let value: unknown;
  try {
    value = text === "" ? {} : JSON.parse(text);
  } catch (err) {
    throw new HttpError("invalid_json", `body is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const tooLarge = parsed.error.issues.some((i) => i.code === "custom" && i.params?.tooLarge);
  if (tooLarge) throw new HttpError("payload_too_large", issues[0]?.message ?? "too large", { issues });
  throw new HttpError("validation_failed", issues.map((i) => `${i.path || "body"}: ${i.message}`).join("; "), {
    issues,
  });
}

/** Reads a body as UTF-8 text, refusing it (413) as soon as it passes `maxBytes`, declared or not. */
export async function readText(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

const tooLarge = (max: number) => new HttpError("payload_too_large", `body is over ${max} bytes`);
