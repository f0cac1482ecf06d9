import { CODESPACE_PATTERN, type Failure } from "@live/shared";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { AnySchema } from "@modelcontextprotocol/sdk/server/zod-compat.js";
import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Principal } from "../auth/can.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { writeAllowed } from "../http/limits.ts";
import { compactSchema } from "./schema.ts";

/** What a tool call knows besides its arguments: the bindings, and the codeSpace of `/live/{cs}/mcp` if any. */
export interface McpContext {
  env: Env;
  /** Set on `/live/{cs}/mcp`: the codeSpace argument is then optional and must match (rule M4). */
  codeSpace?: string;
  /** Who calls (an API key, or anonymous), resolved once for the request (A2); for the assistant, who asked. */
  principal: Principal;
  /** The caller's address, for the anonymous write limit (A19). */
  ip: string;
  /** This server's origin, for the URLs tools answer (the published page's). */
  origin?: string;
  /**
   * The codeSpace's Durable Object methods, when the caller is that Durable Object (the assistant, rule AI5):
   * tools then run in-process instead of through a stub, and the assistant can write without a version each.
   * Its writes are limited per turn (AI12), not per write.
   */
  local?: CodeSpaceApi;
}

/** The Durable Object methods tools call (the same names as `Code`'s RPC methods). */
export type CodeSpaceApi = Pick<
  ReturnType<typeof codeSpaceStub>,
  "session" | "writeCode" | "editCode" | "diagnostics" | "versions" | "version" | "restore"
>;

/** The codeSpace a tool talks to: the local one inside the Durable Object, otherwise its stub. */
export const codeSpaceOf = (ctx: McpContext, cs: string): CodeSpaceApi => ctx.local ?? codeSpaceStub(ctx.env, cs);

/** A tool's outcome: a value for `structuredContent` plus a short text, or a message for the model (M7). */
export type ToolOutcome<T> = { ok: true; value: T; text: string } | { ok: false; message: string };

export const done = <T>(value: T, text: string): ToolOutcome<T> => ({ ok: true, value, text });
export const refuse = (message: string): ToolOutcome<never> => ({ ok: false, message });
/** A Durable Object failure, as a message the model can act on; a missing right says how to get it (A12). */
export const refused = (f: Failure): ToolOutcome<never> =>
  refuse(
    f.error.code === "auth_required" || f.error.code === "forbidden" ? authHint(f.error.message) : f.error.message,
  );

const authHint = (message: string) =>
  `${message}. To write it, connect with an API key of its owner or of an editor: create one at /settings and send it as the header "Authorization: Bearer <key>" (claude mcp add --transport http NAME URL --header "Authorization: Bearer <key>"). Reading tools work without one; fork_codespace makes a copy you can edit.`;

type Shape = z.ZodRawShape;
type Out<S extends Shape> = z.output<z.ZodObject<S>>;

export interface ToolDef<I extends Shape, O extends Shape> {
  name: string;
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  /** A write (A19): counted against the caller's write limit before it runs. */
  writes?: boolean;
  run(args: Out<I>, codeSpace: string, ctx: McpContext): Promise<ToolOutcome<Out<O>>>;
}

/** How `tools/list` shows a tool (rule M19). */
export interface ToolListing {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
  annotations: ToolAnnotations;
}

/** A tool with its types erased, so tools of different shapes sit in one table. */
export interface Tool {
  name: string;
  register(server: McpServer, ctx: McpContext): void;
  /** The listing for `/live/{cs}/mcp` (`scoped`: codeSpace optional) or `/mcp` (codeSpace required). */
  listing(scoped: boolean): ToolListing;
  /** Validates and runs a call in-process (the assistant), scoped to `ctx.codeSpace`: the same result as MCP. */
  call(args: unknown, ctx: McpContext & { codeSpace: string }): Promise<CallToolResult>;
}

const CodeSpaceName = z.string().regex(CODESPACE_PATTERN, "1-64 characters of A-Z a-z 0-9 _ -");

export function defineTool<I extends Shape, O extends Shape>(def: ToolDef<I, O>): Tool {
  // One zod object per endpoint kind: the SDK validates calls with it, tools/list shows it converted once.
  const inputs = {
    scoped: z.object({ codeSpace: CodeSpaceName.optional(), ...def.input }),
    global: z.object({ codeSpace: CodeSpaceName, ...def.input }),
  };
  // Listed without the name pattern (zod still checks it), and on /live/{cs}/mcp without codeSpace at all (it is
  // accepted there only to be checked): tools/list is read into every conversation, each character counts.
  const listed = {
    scoped: z.object(def.input),
    global: z.object({ codeSpace: z.string(), ...def.input }),
  };
  const output = z.object(def.output);
  const listings: Partial<Record<"scoped" | "global", ToolListing>> = {};
  const invoke = async (args: { codeSpace?: string }, ctx: McpContext): Promise<CallToolResult> => {
    const { codeSpace: given, ...rest } = args;
    const cs = ctx.codeSpace ?? given;
    if (ctx.codeSpace && given !== undefined && given !== ctx.codeSpace) {
      return error(
        `this endpoint serves codeSpace ${ctx.codeSpace}; omit codeSpace, or use /live/${given}/mcp or /mcp`,
      );
    }
    try {
      if (def.writes && !ctx.local && !(await writeAllowed(ctx.env, ctx.principal, ctx.ip))) {
        return error("Rate limited: too many writes in the last minute; wait a minute and retry.");
      }
      const outcome = await def.run(rest as Out<I>, cs as string, ctx);
      if (!outcome.ok) return error(outcome.message);
      return {
        content: [{ type: "text", text: outcome.text }],
        structuredContent: outcome.value as Record<string, unknown>,
      };
    } catch (err) {
      // Our bug or an unreachable Durable Object: log it, tell the model without internals.
      const { name, message } = err as Error;
      console.error(JSON.stringify({ at: "mcp", tool: def.name, codeSpace: cs, error: name, message }));
      return error(`${def.name} failed unexpectedly (logged); the call may be retried`);
    }
  };
  return {
    async call(args, ctx) {
      const parsed = inputs.scoped.safeParse(args ?? {});
      if (!parsed.success) {
        return error(
          `invalid arguments: ${parsed.error.issues.map((i) => `${i.path.join(".") || "args"}: ${i.message}`).join("; ")}`,
        );
      }
      return invoke(parsed.data as { codeSpace?: string }, ctx);
    },
    name: def.name,
    listing(scoped) {
      const kind = scoped ? "scoped" : "global";
      listings[kind] ??= {
        name: def.name,
        description: def.description,
        inputSchema: compactSchema(listed[kind], "input"),
        outputSchema: compactSchema(output, "output"),
        annotations: def.annotations,
      };
      return listings[kind];
    },
    register(server, ctx) {
      server.registerTool(
        def.name,
        {
          description: def.description,
          inputSchema: (ctx.codeSpace ? inputs.scoped : inputs.global) as unknown as AnySchema,
          outputSchema: output as unknown as AnySchema,
          annotations: def.annotations,
        },
        // biome-ignore lint/suspicious/noExplicitAny: the SDK infers args from the schema; ToolDef types them.
        ((args: any) => invoke(args, ctx)) as never,
      );
    },
  };
}

const error = (text: string): CallToolResult => ({ content: [{ type: "text", text }], isError: true });

/** Shared output pieces: diagnostics as "line:column text", which is all a model needs and a third the schema. */
export const Diagnostics = z.array(z.string());
export const WriteOut = { version: z.number(), changed: z.boolean(), errors: Diagnostics };

type Diagnostic = { line: number; column: number; text: string };
export const diagnostics = (errors: Diagnostic[]): string[] => errors.map((e) => `${e.line}:${e.column} ${e.text}`);

/** The output of a write: its version, whether it changed anything, its transpile diagnostics. */
export const written = (w: { version: number; changed: boolean; errors: Diagnostic[] }) => ({
  version: w.version,
  changed: w.changed,
  errors: diagnostics(w.errors),
});

export function describeErrors(errors: Diagnostic[]): string {
  if (errors.length === 0) return "It compiles.";
  return `It does not compile:\n${diagnostics(errors)
    .map((e) => `  ${e}`)
    .join("\n")}`;
}

export function describeWrite(w: { version: number; changed: boolean; errors: Diagnostic[]; live?: true }): string {
  const saved = w.live
    ? "Changed live in every editor; this turn's changes become one version when it ends."
    : `Saved as version ${w.version}.`;
  const head = w.changed ? saved : `No change; still version ${w.version}.`;
  const tail = w.errors.length ? " The preview keeps the last build that compiled." : "";
  return `${head} ${describeErrors(w.errors)}${tail}`;
}
