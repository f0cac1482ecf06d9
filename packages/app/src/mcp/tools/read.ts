// Read tools (rules M8, M12): they never write, so they are safe to call at any time.
import { z } from "zod";
import { findLines } from "../../codespace/edits/find.ts";
import { codeSpaceOf, Diagnostics, defineTool, diagnostics, done, type McpContext, refused } from "../tool.ts";

const READ = { readOnlyHint: true } as const;
const session = (ctx: McpContext, cs: string) => codeSpaceOf(ctx, cs).session(cs);

export const readCode = defineTool({
  name: "read_code",
  description: "Read the TSX source of the React component.",
  input: {},
  output: { version: z.number(), code: z.string() },
  annotations: READ,
  async run(_, cs, ctx) {
    const { version, code } = await session(ctx, cs);
    return done({ version, code }, code);
  },
});

export const readHtml = defineTool({
  name: "read_html",
  description: "Read the HTML the preview last rendered.",
  input: {},
  output: { html: z.string() },
  annotations: READ,
  async run(_, cs, ctx) {
    const { html } = await session(ctx, cs);
    return done({ html }, html);
  },
});

export const readSession = defineTool({
  name: "read_session",
  description: "Read code, rendered html/css, version, transpile errors.",
  input: {},
  output: { version: z.number(), code: z.string(), html: z.string(), css: z.string(), errors: Diagnostics },
  annotations: READ,
  async run(_, cs, ctx) {
    const { version, code, html, css, errors } = await session(ctx, cs);
    const value = { version, code, html, css, errors: diagnostics(errors) };
    return done(value, JSON.stringify(value));
  },
});

export const findLinesTool = defineTool({
  name: "find_lines",
  description: "Lines containing pattern (JS regex if isRegex), case-sensitive, numbered.",
  input: { pattern: z.string(), isRegex: z.boolean().optional() },
  output: { matches: z.array(z.object({ line: z.number(), text: z.string() })), total: z.number() },
  annotations: READ,
  async run({ pattern, isRegex }, cs, ctx) {
    const { code } = await session(ctx, cs);
    const found = findLines(code, pattern, isRegex);
    if (!found.ok) return refused(found);
    const { matches, total } = found.value;
    const lines = matches.map((m) => `${m.line}: ${m.text}`).join("\n");
    const more = total > matches.length ? `\n(${total - matches.length} more not shown; narrow the pattern)` : "";
    const text = total === 0 ? `No line contains ${JSON.stringify(pattern)} (case-sensitive).` : lines + more;
    return done({ matches, total }, text);
  },
});
