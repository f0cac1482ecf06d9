// Publish and unpublish from the Worker (rules P1-P8): the Durable Object decides who may and is the single writer
// of the codeSpace's page; the Worker builds the app (transpiler RPC, vendored files) and stores the archive, so
// the object's write queue never waits for a bundle.
import { fail, MAX_ARCHIVE_BYTES, ok, type Published, type Result, singleFileHtml } from "@live/shared";
import type { Principal } from "../auth/can.ts";
import { transpilerService } from "../codespace/transpiler-binding.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { vendorAsset, vendorManifest } from "../http/vendor.ts";
import { type Blobs, deletePage, type PagePointer, readPage, storeArchive, writePage } from "./archive.ts";
import { getMeta, markPublished } from "./meta-store.ts";

export const blobsOf = (env: Env): Blobs => env.CONTENT as unknown as Blobs;

/** P9: the configured limit (`MAX_ARCHIVE_BYTES` var), 10 MiB when unset. */
export const archiveLimit = (env: Env): number => Number(env.MAX_ARCHIVE_BYTES) || MAX_ARCHIVE_BYTES;

/** The single-file app of `code` (P1): the same builder as the editor's Download. */
export async function buildApp(
  env: Env,
  code: string,
  css: string,
  meta: { title: string; description?: string | null },
): Promise<Result<string>> {
  const manifest = await vendorManifest(env);
  const [files, tailwind] = await Promise.all([
    Promise.all(manifest.files.map(async (f) => [f, await vendorAsset(env, f)] as const)),
    vendorAsset(env, manifest.tailwind),
  ]);
  let outcome: Awaited<ReturnType<ReturnType<typeof transpilerService>["bundle"]>>;
  try {
    outcome = await transpilerService(env).bundle(code, {
      imports: manifest.imports,
      files: Object.fromEntries(files),
    });
  } catch (err) {
    return fail("upstream_unavailable", `the transpiler cannot be reached: ${(err as Error).message}`);
  }
  if (!outcome.ok) {
    return fail("transpile_failed", `the code does not build: ${outcome.diagnostics[0]?.text ?? "bundle failed"}`, {
      diagnostics: outcome.diagnostics,
    });
  }
  return { ok: true, value: singleFileHtml({ bundle: outcome.code, tailwind, css, ...meta }) };
}

export async function publishCodeSpace(
  env: Env,
  codeSpace: string,
  by: Principal,
  origin: string,
): Promise<Result<Published>> {
  const stub = codeSpaceStub(env, codeSpace);
  // P8: decided by the object before anything is built or stored, and again when the page moves.
  const source = (await stub.publishSource(codeSpace, by)) as Result<{ code: string; css: string; version: number }>;
  if (!source.ok) return source;
  const meta = await getMeta(env.DB, codeSpace);
  const { code, css, version } = source.value;
  const html = await buildApp(env, code, css, { title: meta.title ?? codeSpace, description: meta.description });
  if (!html.ok) return html;
  const stored = await storeArchive(blobsOf(env), html.value, archiveLimit(env));
  if (!stored.ok) return stored;
  const { archive, bytes } = stored.value;
  const committed = (await stub.publishCommit(codeSpace, { archive, version, bytes }, by)) as Result<{
    publishedAt: string;
  }>;
  if (!committed.ok) return committed;
  return {
    ok: true,
    value: { url: `${origin}/p/${codeSpace}`, archive, version, bytes, publishedAt: committed.value.publishedAt },
  };
}

/**
 * P4: points the page at a stored archive, run by the codeSpace's Durable Object (the page's single writer, so
 * publishes arrive in order); one that built an older version than the page shows is refused, never a step back.
 */
export async function commitPage(
  env: Env,
  codeSpace: string,
  built: { archive: string; version: number; bytes: number },
): Promise<Result<PagePointer>> {
  const blobs = blobsOf(env);
  const current = await readPage(blobs, codeSpace);
  if (current && current.version > built.version) {
    return fail("conflict", `version ${current.version} was published meanwhile; publish again`);
  }
  const at = Date.now();
  const pointer: PagePointer = { ...built, publishedAt: new Date(at).toISOString() };
  await writePage(blobs, codeSpace, pointer);
  await markPublished(env.DB, codeSpace, { version: built.version, archive: built.archive, at });
  return ok(pointer);
}

/** P7: removes the page (archives stay); true when there was one. */
export async function removePage(env: Env, codeSpace: string): Promise<boolean> {
  const existed = await deletePage(blobsOf(env), codeSpace);
  await markPublished(env.DB, codeSpace, null);
  return existed;
}
