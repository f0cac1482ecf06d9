import { ERROR_CODES, type ErrorBody, type ErrorCode, type Failure, type Result } from "@live/shared";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The one error type of the HTTP boundary; `onError` turns it into `{ error: { code, message } }` (rule E1). */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get status(): ContentfulStatusCode {
    return ERROR_CODES[this.code] as ContentfulStatusCode;
  }
}

/** Unwraps a Durable Object result, throwing its failure as an HttpError. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw fromFailure(result);
}

export const fromFailure = (f: Failure): HttpError => new HttpError(f.error.code, f.error.message, f.error.details);

export function errorResponse(c: Context, err: HttpError): Response {
  const body: ErrorBody = { error: { ...err.details, code: err.code, message: err.message } };
  return c.json(body, err.status, err.headers);
}

export function onError(err: Error, c: Context): Response {
  if (err instanceof HttpError) return errorResponse(c, err);
  // Anything else is our bug: log it with its class and codeSpace, never leak internals to the client.
  console.error(JSON.stringify({ at: "http", codeSpace: c.get("codeSpace"), error: err.name, message: err.message }));
  return errorResponse(c, new HttpError("internal_error", "internal error; it has been logged"));
}

export const notFound = (c: Context): Response =>
  errorResponse(c, new HttpError("not_found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`));
