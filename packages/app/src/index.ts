import { Hono } from "hono";
import type { AppEnv } from "./env.ts";
import { codeSpaceParam } from "./http/codespace.ts";
import { notFound, onError } from "./http/errors.ts";
import { resolvePrincipal } from "./http/principal.ts";
import { accessRoutes } from "./routes/access.ts";
import { authRoutes } from "./routes/auth.ts";
import { chatRoutes } from "./routes/chat.ts";
import { editorRoutes } from "./routes/editor.ts";
import { forkRoutes } from "./routes/fork.ts";
import { healthRoutes } from "./routes/health.ts";
import { keyRoutes } from "./routes/keys.ts";
import { liveSocketRoutes } from "./routes/live-socket.ts";
import { mcpRoutes } from "./routes/mcp.ts";
import { metaRoutes } from "./routes/meta.ts";
import { passkeyRoutes } from "./routes/passkeys.ts";
import { previewRoutes } from "./routes/preview.ts";
import { publishRoutes } from "./routes/publish.ts";
import { sessionRoutes } from "./routes/session.ts";
import { staticRoutes } from "./routes/static.ts";
import { transpileRoutes } from "./routes/transpile.ts";
import { versionRoutes } from "./routes/versions.ts";
import { writeRoutes } from "./routes/write.ts";

export { Code } from "./do/code.ts";
export { Relay } from "./do/relay.ts";

/** The front door. Every route is registered here, explicitly; there are no debug routes. */
export const app = new Hono<AppEnv>();
app.onError(onError);
app.notFound(notFound);
app.use("/live/*", codeSpaceParam);
// A2: who is asking, once per request; static files and the health check need no one.
app.use("*", async (c, next) => {
  const path = c.req.path;
  if (path === "/health" || path.startsWith("/assets/") || path.startsWith("/vendor/")) return next();
  return resolvePrincipal(c, next);
});

healthRoutes(app);
authRoutes(app);
passkeyRoutes(app);
keyRoutes(app);
accessRoutes(app);
sessionRoutes(app);
writeRoutes(app);
versionRoutes(app);
forkRoutes(app);
editorRoutes(app);
liveSocketRoutes(app);
mcpRoutes(app);
chatRoutes(app);
publishRoutes(app);
metaRoutes(app);
previewRoutes(app);
transpileRoutes(app);
staticRoutes(app);

export default app;
