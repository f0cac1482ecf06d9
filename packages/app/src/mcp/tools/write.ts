// Write tools (rules M9-M11, M13): each makes at most one version, transpiled and broadcast like any write.
import { MAX_CODE_BYTES, type Result, utf8Length, type WriteResult } from "@live/shared";
import { z } from "zod";
import type { CodeEdit, EditReport } from "../../codespace/edits/apply.ts";
import {
  codeSpaceOf,
  defineTool,
  describeWrite,
  done,
  type McpContext,
  refuse,
  refused,
  WriteOut,
  written,
} from "../tool.ts";

type Edited = Result<WriteResult & { extra?: EditReport }>;
const edit = async (ctx: McpContext, cs: string, op: CodeEdit) =>
  // The RPC stub adds Disposable to each union member, which defeats narrowing on `ok`.
  (await codeSpaceOf(ctx, cs).editCode(cs, op, ctx.principal)) as Edited;

export const updateCode = defineTool({
  name: "update_code",
  description: "Replace the whole source; prefer edit_code or search_and_replace.",
  input: { code: z.string() },
  output: WriteOut,
  annotations: { destructiveHint: true, idempotentHint: true },
  writes: true,
  async run({ code }, cs, ctx) {
    const bytes = utf8Length(code);
    if (bytes > MAX_CODE_BYTES) return refuse(`code is ${bytes} bytes; the limit is ${MAX_CODE_BYTES}`);
    const r = (await codeSpaceOf(ctx, cs).writeCode(cs, code, ctx.principal)) as Result<WriteResult>;
    if (!r.ok) return refused(r);
    return done(written(r.value), describeWrite(r.value));
  },
});

export const editCode = defineTool({
  name: "edit_code",
  description:
    'Replace line ranges (1-based, inclusive, numbered as before the call); all or none apply. "" deletes; endLine = startLine-1 inserts.',
  input: {
    edits: z.array(
      z.object({ startLine: z.number().int().min(1), endLine: z.number().int().min(0), newContent: z.string() }),
    ),
  },
  output: { ...WriteOut, diff: z.string() },
  annotations: { destructiveHint: true },
  writes: true,
  async run({ edits }, cs, ctx) {
    const r = await edit(ctx, cs, { type: "lines", edits });
    if (!r.ok) return refused(r);
    const diff = r.value.extra?.type === "lines" ? r.value.extra.diff : "";
    return done({ ...written(r.value), diff }, `${describeWrite(r.value)}\n${diff}`);
  },
});

export const searchAndReplace = defineTool({
  name: "search_and_replace",
  description:
    "Replace text, case-sensitive, every match unless global is false. isRegex: JS regex, replace may use $1.",
  input: {
    search: z.string(),
    replace: z.string(),
    isRegex: z.boolean().optional(),
    global: z.boolean().optional(),
  },
  output: { ...WriteOut, replacements: z.number() },
  annotations: { destructiveHint: true },
  writes: true,
  async run(args, cs, ctx) {
    const r = await edit(ctx, cs, { type: "replace", ...args });
    if (!r.ok) return refused(r);
    const replacements = r.value.extra?.type === "replace" ? r.value.extra.count : 0;
    return done({ ...written(r.value), replacements }, `${replacements} replaced. ${describeWrite(r.value)}`);
  },
});
