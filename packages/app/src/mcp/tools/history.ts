// Version history and fork (rules M14-M16, over V1-V6 and F1-F3).
import type { Result, Version, WriteResult } from "@live/shared";
import { z } from "zod";
import { forkCodeSpace } from "../../codespace/fork.ts";
import { codeSpaceOf, defineTool, describeWrite, done, refuse, refused, WriteOut, written } from "../tool.ts";

const VersionNumber = z.number().int().min(1);

export const listVersions = defineTool({
  name: "list_versions",
  description: "List versions, newest first; before = nextBefore pages back.",
  input: { limit: z.number().int().min(1).max(100).optional(), before: VersionNumber.optional() },
  output: {
    versionCount: z.number(),
    versions: z.array(z.object({ number: z.number(), createdAt: z.string() })),
    nextBefore: z.number().optional(),
  },
  annotations: { readOnlyHint: true },
  async run({ limit = 20, before }, cs, ctx) {
    const page = await codeSpaceOf(ctx, cs).versions(cs, limit, before);
    const versions = page.versions.map(({ number, createdAt }) => ({ number, createdAt }));
    const value = { versionCount: page.versionCount, versions, nextBefore: page.nextBefore };
    const lines = versions.map((v) => `${v.number} ${v.createdAt}`).join("\n");
    return done(value, `${page.versionCount} versions.${lines ? `\n${lines}` : ""}`);
  },
});

export const readVersion = defineTool({
  name: "read_version",
  description: "Read the source of a saved version.",
  input: { number: VersionNumber },
  output: { createdAt: z.string(), code: z.string() },
  annotations: { readOnlyHint: true },
  async run({ number }, cs, ctx) {
    const r = (await codeSpaceOf(ctx, cs).version(cs, number)) as Result<Version>;
    if (!r.ok) return refuse(`${r.error.message}; list_versions shows the versions there are`);
    const { createdAt, code } = r.value;
    return done({ createdAt, code }, code);
  },
});

export const restoreVersion = defineTool({
  name: "restore_version",
  description: "Make a saved version current (as a new version).",
  input: { number: VersionNumber },
  output: WriteOut,
  annotations: { destructiveHint: true, idempotentHint: true },
  writes: true,
  async run({ number }, cs, ctx) {
    const r = (await codeSpaceOf(ctx, cs).restore(cs, number, ctx.principal)) as Result<WriteResult>;
    if (!r.ok && r.error.code !== "not_found") return refused(r);
    if (!r.ok) return refuse(`${r.error.message}; list_versions shows the versions there are`);
    return done(written(r.value), describeWrite(r.value));
  },
});

export const forkCodespace = defineTool({
  name: "fork_codespace",
  description: "Copy into a new codeSpace `to` (default: a random name).",
  input: { to: z.string().optional() },
  output: { codeSpace: z.string(), version: z.number() },
  annotations: { destructiveHint: false },
  writes: true,
  async run({ to }, cs, { env, principal }) {
    const r = await forkCodeSpace(env, cs, to, principal);
    if (!r.ok) {
      const hint = r.error.code === "conflict" ? "; pick another `to`, or omit it for a random name" : "";
      return refuse(r.error.message + hint);
    }
    const { codeSpace, version } = r.value;
    return done({ codeSpace, version }, `Forked ${cs} into ${codeSpace} (version ${version}).`);
  },
});
