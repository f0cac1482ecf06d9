import type { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { route } from "../http/route.ts";
import { editorAssets, vendorManifest } from "../http/vendor.ts";
import { previewPage } from "../pages/preview.ts";

/**
 * U2: the preview runs user code, so it always gets an opaque origin: the CSP sandbox holds even when the
 * page is opened directly in a tab, and user code can never read this origin's cookies or storage.
 */
export const SANDBOX = "sandbox allow-scripts allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox";

export function previewRoutes(app: Hono<AppEnv>): void {
  route(app, "/live/:codeSpace/", {
    GET: async (c) => {
      const cs = c.var.codeSpace;
      const [session, vendor, assets] = await Promise.all([
        codeSpaceStub(c.env, cs).session(cs),
        vendorManifest(c.env),
        editorAssets(c.env),
      ]);
      c.executionCtx.waitUntil(codeSpaceStub(c.env, cs).countView(cs, "preview")); // P11, after the answer
      return c.html(previewPage(session, vendor, assets.preview as string), 200, {
        "Content-Security-Policy": SANDBOX,
        "Cache-Control": "no-cache",
      });
    },
  });
}
