/** Size and count limits shared by the Worker, the Durable Object and clients. */
export const MAX_CODE_BYTES = 1024 * 1024;
/** A JSON body carrying 1 MiB of code may be larger once escaped; anything beyond this is refused unread. */
export const MAX_JSON_BODY_BYTES = 4 * MAX_CODE_BYTES;
export const MAX_RENDER_BYTES = 2 * MAX_CODE_BYTES;
/** A preview's runtime error report (rule M20): how many errors, and how long each message and stack. */
export const MAX_RUNTIME_ERRORS = 20;
export const MAX_RUNTIME_ERROR_MESSAGE = 2000;
export const MAX_RUNTIME_ERROR_STACK = 8000;
export const DEFAULT_VERSION_PAGE = 50;
export const MAX_VERSION_PAGE = 1000;

export const utf8Length = (text: string): number => new TextEncoder().encode(text).byteLength;
