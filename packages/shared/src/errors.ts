/** Every HTTP error body is `{ error: { code, message, ...details } }` (rule E1 in SPEC.md). */
export const ERROR_CODES = {
  bad_request: 400,
  invalid_codespace: 400,
  invalid_json: 400,
  validation_failed: 400,
  auth_required: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  transpile_failed: 422,
  rate_limited: 429,
  internal_error: 500,
  upstream_unavailable: 503,
  codespace_full: 503,
  ai_not_configured: 503,
  upgrade_required: 426,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; [detail: string]: unknown };
}

/** A failure that crosses the Durable Object RPC boundary as data (thrown errors lose their fields there). */
export interface Failure {
  ok: false;
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}
export type Result<T> = { ok: true; value: T } | Failure;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: Record<string, unknown>): Failure => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});
