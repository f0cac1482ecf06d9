import type { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { route } from "../http/route.ts";
import { editorAssets } from "../http/vendor.ts";
import { editorPage } from "../pages/editor.ts";
import { landingPage } from "../pages/landing.ts";

export function editorRoutes(app: Hono<AppEnv>): void {
  route(app, "/", { GET: (c) => c.html(landingPage()) });
  // U5: the editor of a codeSpace. Its preview iframe is /live/{cs}/ (with the trailing slash).
  route(app, "/live/:codeSpace", {
    GET: async (c) => {
      const cs = c.var.codeSpace;
      // U10: the page carries the codeSpace's document, so its editor has the code before any socket.
      const [assets, state] = await Promise.all([editorAssets(c.env), codeSpaceStub(c.env, cs).editorState(cs)]);
      const page = editorPage(cs, assets, new URL(c.req.url).origin, c.env.IMPORT_CDN, state);
      return c.html(page, 200, { "Cache-Control": "no-cache" });
    },
  });
}
