import type { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { route } from "../http/route.ts";
import { editorAssets } from "../http/vendor.ts";
import { editorPage } from "../pages/editor.ts";
import { landingPage } from "../pages/landing.ts";

export function editorRoutes(app: Hono<AppEnv>): void {
  route(app, "/", { GET: (c) => c.html(landingPage()) });
  // U5: the editor of a codeSpace. Its preview iframe is /live/{cs}/ (with the trailing slash).
  route(app, "/live/:codeSpace", {
    GET: async (c) =>
      c.html(editorPage(c.var.codeSpace, await editorAssets(c.env), new URL(c.req.url).origin, c.env.IMPORT_CDN), 200, {
        "Cache-Control": "no-cache",
      }),
  });
}
