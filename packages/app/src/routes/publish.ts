import { isValidCodeSpace, type Result } from "@live/shared";
import type { Context, Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { HttpError, unwrap } from "../http/errors.ts";
import { limitWrite } from "../http/limits.ts";
import { route } from "../http/route.ts";
import { archiveKey, HTML_TYPE, isArchiveId, readPage } from "../publish/archive.ts";
import { blobsOf, publishCodeSpace } from "../publish/publish.ts";
import { SANDBOX } from "./preview.ts";

/** P5: a named page may change with the next publish: cached briefly, revalidated by its ETag. */
const PAGE_CACHE = "public, max-age=60";
/** P6: an archive is its bytes' digest, so it never changes. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/** Serves archive `sha` (the ETag is the digest itself, so an unchanged page answers 304 without reading it). */
async function serveArchive(c: Context<AppEnv>, sha: string, cacheControl: string): Promise<Response> {
  const etag = `"${sha}"`;
  // Both run user code: an opaque origin, as the preview (U2), so it can read none of this origin's cookies.
  const headers = {
    "Content-Type": HTML_TYPE,
    ETag: etag,
    "Cache-Control": cacheControl,
    "Content-Security-Policy": SANDBOX,
  };
  if (c.req.header("If-None-Match") === etag) return c.body(null, 304, headers);
  const obj = await blobsOf(c.env).get(archiveKey(sha));
  if (!obj) throw new HttpError("not_found", `no archive ${sha}`);
  return c.body(obj.body, 200, headers);
}

export function publishRoutes(app: Hono<AppEnv>): void {
  // P1, P8, P9: build the current version, store it, point the page at it. P7: DELETE removes the page.
  route(app, "/live/:codeSpace/api/publish", {
    POST: async (c) => {
      await limitWrite(c.env, c.var.principal, c.req.raw);
      const origin = new URL(c.req.url).origin;
      return c.json(unwrap(await publishCodeSpace(c.env, c.var.codeSpace, c.var.principal, origin)));
    },
    DELETE: async (c) => {
      await limitWrite(c.env, c.var.principal, c.req.raw);
      const cs = c.var.codeSpace;
      const result = (await codeSpaceStub(c.env, cs).unpublish(cs, c.var.principal)) as Result<{
        unpublished: boolean;
      }>;
      return c.json(unwrap(result));
    },
  });

  // P5: the codeSpace's published page, by name.
  route(app, "/p/:codeSpace", {
    GET: async (c) => {
      const cs = c.req.param("codeSpace") ?? "";
      if (!isValidCodeSpace(cs)) {
        throw new HttpError("invalid_codespace", "a codeSpace name is 1-64 characters of A-Z a-z 0-9 _ -");
      }
      const page = await readPage(blobsOf(c.env), cs);
      if (!page) throw new HttpError("not_found", `${cs} is not published`);
      // P11: counted after the answer, in the codeSpace's object's batch.
      c.executionCtx.waitUntil(codeSpaceStub(c.env, cs).countView(cs, "page"));
      return serveArchive(c, page.archive, PAGE_CACHE);
    },
  });

  // P6: an archive by its digest, forever.
  route(app, "/a/:archive", {
    GET: (c) => {
      const sha = c.req.param("archive") ?? "";
      if (!isArchiveId(sha)) throw new HttpError("bad_request", "an archive id is 64 lowercase hex digits (SHA-256)");
      return serveArchive(c, sha, IMMUTABLE);
    },
  });
}
