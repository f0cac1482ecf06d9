import { MAX_CODE_BYTES } from "@live/shared";
import type { Hono } from "hono";
import { transpilerService } from "../codespace/transpiler-binding.ts";
import type { AppEnv } from "../env.ts";
import { readText } from "../http/body.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { ANY_ORIGIN } from "../http/cors.ts";
import { HttpError } from "../http/errors.ts";
import { route } from "../http/route.ts";
import { vendorAsset, vendorManifest } from "../http/vendor.ts";

const JS = "application/javascript; charset=utf-8";

export function transpileRoutes(app: Hono<AppEnv>): void {
  // T2: TSX in, JavaScript out, or 422 with diagnostics. Nothing is stored.
  route(app, "/transpile", {
    POST: async (c) => {
      const source = await readText(c.req.raw, MAX_CODE_BYTES);
      if (source.trim() === "") throw new HttpError("bad_request", "the body is empty: send TSX source as text");
      const outcome = await transpilerService(c.env).transform(source);
      if (!outcome.ok) {
        throw new HttpError("transpile_failed", outcome.diagnostics[0]?.text ?? "transpile failed", {
          diagnostics: outcome.diagnostics,
        });
      }
      return c.body(outcome.code, 200, { "Content-Type": JS, "X-Transpile-Cache": outcome.cached ? "hit" : "miss" });
    },
  });

  // T5: the import map of the preview page, from the vendor build's manifest.
  route(app, "/importmap.json", {
    GET: async (c) => {
      const { imports } = await vendorManifest(c.env);
      return c.json({ imports }, 200, { ...ANY_ORIGIN, "Cache-Control": "public, max-age=300" });
    },
  });

  // T6: the codeSpace as one self-contained ES module, vendor packages inlined.
  route(app, "/live/:codeSpace/bundle.js", {
    GET: async (c) => {
      const cs = c.var.codeSpace;
      const [session, manifest] = await Promise.all([codeSpaceStub(c.env, cs).session(cs), vendorManifest(c.env)]);
      const files = Object.fromEntries(
        await Promise.all(manifest.files.map(async (f) => [f, await vendorAsset(c.env, f)] as const)),
      );
      const outcome = await transpilerService(c.env).bundle(session.code, { imports: manifest.imports, files });
      if (!outcome.ok) {
        throw new HttpError("transpile_failed", outcome.diagnostics[0]?.text ?? "bundle failed", {
          diagnostics: outcome.diagnostics,
        });
      }
      return c.body(outcome.code, 200, {
        ...ANY_ORIGIN,
        "Content-Type": JS,
        ETag: `"${session.hash}"`,
        "Cache-Control": "no-cache",
      });
    },
  });
}
