// Publishing and metadata (rules P1, P8-P10) for agents. Not offered to the assistant (chat/tools.ts).
import type { CodeSpaceMeta, Result } from "@live/shared";
import { z } from "zod";
import { codeSpaceStub } from "../../http/codespace.ts";
import { publishCodeSpace } from "../../publish/publish.ts";
import { defineTool, done, refuse, refused } from "../tool.ts";

export const publish = defineTool({
  name: "publish",
  description: "Publish the current version as one HTML file at /p/{codeSpace}.",
  input: {},
  output: { url: z.string(), archive: z.string(), version: z.number(), bytes: z.number() },
  annotations: { destructiveHint: false },
  writes: true,
  async run(_args, cs, ctx) {
    const r = await publishCodeSpace(ctx.env, cs, ctx.principal, ctx.origin ?? "");
    if (!r.ok) return refused(r);
    const { url, archive, version, bytes } = r.value;
    return done({ url, archive, version, bytes }, `Published version ${version} at ${url} (${bytes} bytes).`);
  },
});

export const setMetadata = defineTool({
  name: "set_metadata",
  description: 'Set the title and/or description ("" clears) of the codeSpace and its published page.',
  input: {
    title: z.string().max(120).optional(),
    description: z.string().max(500).optional(),
  },
  output: { title: z.string(), description: z.string() },
  annotations: { destructiveHint: false, idempotentHint: true },
  writes: true,
  async run({ title, description }, cs, ctx) {
    if (title === undefined && description === undefined) return refuse("give title or description (or both)");
    const update = { ...(title !== undefined && { title }), ...(description !== undefined && { description }) };
    const r = (await codeSpaceStub(ctx.env, cs).setMeta(cs, update, ctx.principal)) as Result<CodeSpaceMeta>;
    if (!r.ok) return refused(r);
    const value = { title: r.value.title ?? "", description: r.value.description ?? "" };
    return done(value, `Title: ${value.title || "(none)"}. Description: ${value.description || "(none)"}.`);
  },
});
