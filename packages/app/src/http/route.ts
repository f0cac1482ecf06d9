import type { Handler, Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { HttpError } from "./errors.ts";

type Method = "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS";

/** Registers handlers for one path and answers every other method with 405 and an Allow header. */
export function route(app: Hono<AppEnv>, path: string, handlers: Partial<Record<Method, Handler<AppEnv>>>): void {
  const methods = Object.keys(handlers) as Method[];
  for (const m of methods) app.on(m, path, handlers[m] as Handler<AppEnv>);
  const allow = methods.includes("GET") ? [...methods, "HEAD"].join(", ") : methods.join(", ");
  app.all(path, (c) => {
    throw new HttpError(
      "method_not_allowed",
      `${c.req.method} is not allowed here; use ${allow}`,
      {},
      { Allow: allow },
    );
  });
}
