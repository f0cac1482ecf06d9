// Prompts (rule M21): a user-invoked starting point, shown by clients as a slash command.
import { CODESPACE_PATTERN } from "@live/shared";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { splitLines } from "../codespace/edits/lines.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { describeErrors, type McpContext } from "./tool.ts";

export function registerPrompts(server: McpServer, ctx: McpContext): void {
  const args: Record<string, z.ZodString> = ctx.codeSpace ? {} : { codeSpace: z.string().regex(CODESPACE_PATTERN) };
  server.registerPrompt(
    "fix_errors",
    {
      title: "Fix the errors",
      description: "The code with line numbers and its current transpile and runtime errors, to fix with edit_code.",
      argsSchema: args,
    },
    async (given: { codeSpace?: string }) => {
      const cs = ctx.codeSpace ?? (given.codeSpace as string);
      const stub = codeSpaceStub(ctx.env, cs);
      const [session, diag] = await Promise.all([stub.session(cs), stub.diagnostics(cs)]);
      const numbered = splitLines(session.code)
        .lines.map((line, i) => `${String(i + 1).padStart(4)}  ${line}`)
        .join("\n");
      const runtime = diag.runtime?.errors.length
        ? `Runtime errors the preview reported (version ${diag.runtime.version}):\n${diag.runtime.errors
            .map((e) => `  ${e.message}${e.stack ? `\n${e.stack}` : ""}`)
            .join("\n")}`
        : "The preview reported no runtime errors.";
      const text = `codeSpace ${cs}, version ${session.version}. ${describeErrors(session.errors)}\n${runtime}\n\n${numbered}\n\nFix these errors with edit_code (line numbers as above), then call get_errors to check.`;
      return { messages: [{ role: "user", content: { type: "text", text } }] };
    },
  );
}
