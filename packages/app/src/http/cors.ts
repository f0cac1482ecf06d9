import type { Handler, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";

/**
 * The sandboxed preview is an opaque origin (`Origin: null`): what it imports, reads or reports must allow any
 * origin. None of it uses cookies or credentials, and every such endpoint is open to any HTTP client anyway.
 */
export const ANY_ORIGIN = { "Access-Control-Allow-Origin": "*" } as const;

/** Answers a CORS preflight for `methods` with a JSON body (the preview's render report is a PUT). */
export const preflight =
  (methods: string): Handler<AppEnv> =>
  (c) =>
    c.body(null, 204, {
      ...ANY_ORIGIN,
      "Access-Control-Allow-Methods": methods,
      "Access-Control-Allow-Headers": "Content-Type",
      "Access-Control-Max-Age": "86400",
    });

/**
 * Marks every answer of a path readable by any origin, errors included: a sandboxed preview whose report is
 * refused must be able to read why (and not see a CORS failure instead).
 */
export const openToAnyOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  for (const [k, v] of Object.entries(ANY_ORIGIN)) c.res.headers.set(k, v);
};
