// Resources (rule M18): codespace://{cs}/code, /html, /session, readable by clients that attach context.
import { isValidCodeSpace, type Session } from "@live/shared";
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { codeSpaceStub } from "../http/codespace.ts";
import type { McpContext } from "./tool.ts";

/** -32002 is the spec's "resource not found". */
const RESOURCE_NOT_FOUND = -32002;

const PARTS = [
  { part: "code", mimeType: "text/tsx", title: "Source", pick: (s: Session) => s.code },
  { part: "html", mimeType: "text/html", title: "Rendered HTML", pick: (s: Session) => s.html },
  {
    part: "session",
    mimeType: "application/json",
    title: "Session",
    pick: ({ codeSpace, version, code, html, css, errors }: Session) =>
      JSON.stringify({ codeSpace, version, code, html, css, errors }),
  },
] as const;

export function registerResources(server: McpServer, ctx: McpContext): void {
  for (const { part, mimeType, title, pick } of PARTS) {
    const uri = (cs: string) => `codespace://${cs}/${part}`;
    // Only a single-codeSpace endpoint can list concrete resources; /mcp offers the templates.
    const list = ctx.codeSpace
      ? async () => ({ resources: [{ uri: uri(ctx.codeSpace as string), name: `${ctx.codeSpace} ${part}`, mimeType }] })
      : undefined;
    server.registerResource(
      part,
      new ResourceTemplate(`codespace://{codeSpace}/${part}`, { list }),
      { title, mimeType, description: `${title} of a codeSpace` },
      async (url, variables) => {
        const cs = String(variables.codeSpace);
        if (!isValidCodeSpace(cs)) throw new McpError(RESOURCE_NOT_FOUND, `no codeSpace ${JSON.stringify(cs)}`);
        if (ctx.codeSpace && cs !== ctx.codeSpace) {
          throw new McpError(
            ErrorCode.InvalidParams,
            `this endpoint serves codeSpace ${ctx.codeSpace}; read ${url.href} through /mcp`,
          );
        }
        const session = await codeSpaceStub(ctx.env, cs).session(cs);
        return { contents: [{ uri: url.href, mimeType, text: pick(session) }] };
      },
    );
  }
}
