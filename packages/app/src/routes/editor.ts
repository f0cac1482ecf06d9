import type { Hono } from "hono";
import { describeAccess } from "../auth/can.ts";
import type { AppEnv } from "../env.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { newNonce, pageCsp, pageHeaders } from "../http/csp.ts";
import { issueRenderTicket } from "../http/render-ticket.ts";
import { route } from "../http/route.ts";
import { editorAssets } from "../http/vendor.ts";
import { editorPage } from "../pages/editor.ts";
import { landingPage } from "../pages/landing.ts";
import { settingsPage } from "../pages/settings.ts";

export function editorRoutes(app: Hono<AppEnv>): void {
  route(app, "/", {
    GET: (c) => {
      const nonce = newNonce();
      return c.html(landingPage(nonce), 200, pageHeaders(pageCsp(new URL(c.req.url).origin, { nonce })));
    },
  });
  // A11: API keys of the signed-in user.
  route(app, "/settings", {
    GET: (c) => {
      const nonce = newNonce();
      const origin = new URL(c.req.url).origin;
      return c.html(settingsPage(nonce, origin), 200, pageHeaders(pageCsp(origin, { nonce })));
    },
  });
  // U5: the editor of a codeSpace. Its preview iframe is /live/{cs}/ (with the trailing slash).
  route(app, "/live/:codeSpace", {
    GET: async (c) => {
      const cs = c.var.codeSpace;
      const stub = codeSpaceStub(c.env, cs);
      // U10: the page carries the codeSpace's document, so its editor has the code before any socket.
      const [assets, policy, state] = await Promise.all([editorAssets(c.env), stub.access(), stub.editorState(cs)]);
      // A13: the preview's render reports count only if this page's viewer may write.
      const ticket = await issueRenderTicket(c.env, cs, c.var.principal, policy);
      const origin = new URL(c.req.url).origin;
      const nonce = newNonce();
      const p = c.var.principal;
      const viewer = { user: p.kind === "user" ? p.user : null, access: describeAccess(p, cs, policy) };
      const page = editorPage(cs, assets, origin, c.env.IMPORT_CDN, state, { ticket, viewer }, nonce);
      c.executionCtx.waitUntil(stub.countView(cs, "editor")); // P11, after the answer
      return c.html(page, 200, pageHeaders(pageCsp(origin, { importCdn: c.env.IMPORT_CDN, nonce })));
    },
  });
}
