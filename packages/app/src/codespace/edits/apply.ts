import { fail, MAX_CODE_BYTES, ok, type Result, utf8Length } from "@live/shared";
import { applyLineEdits, type LineEdit } from "./lines.ts";
import { type SearchReplace, searchAndReplace } from "./replace.ts";

/**
 * A read-modify-write of the code, as data: it crosses the Durable Object RPC boundary (functions cannot)
 * and runs against the current code inside the object's write queue, so it is atomic.
 */
export type CodeEdit = { type: "lines"; edits: LineEdit[] } | ({ type: "replace" } & SearchReplace);

/** What an edit reports besides the write itself: the diff of a line edit, the match count of a replace. */
export type EditReport = { type: "lines"; diff: string } | { type: "replace"; count: number };

export function applyCodeEdit(code: string, edit: CodeEdit): Result<{ code: string; extra: EditReport }> {
  let next: string;
  let extra: EditReport;
  if (edit.type === "lines") {
    const r = applyLineEdits(code, edit.edits);
    if (!r.ok) return r;
    next = r.value.code;
    extra = { type: "lines", diff: r.value.diff };
  } else {
    const r = searchAndReplace(code, edit);
    if (!r.ok) return r;
    next = r.value.code;
    extra = { type: "replace", count: r.value.count };
  }
  const bytes = utf8Length(next);
  if (bytes > MAX_CODE_BYTES) {
    return fail("payload_too_large", `the edited code would be ${bytes} bytes; the limit is ${MAX_CODE_BYTES}`);
  }
  return ok({ code: next, extra });
}
