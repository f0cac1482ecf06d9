// Small helpers shared by the integration tests that talk HTTP to the dev server.

/** A codeSpace name no other test (or earlier run on the same state) uses. */
export const uniqueName = (tag: string): string =>
  `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** `PUT /live/{cs}/api/code` with `{code}`. */
export const putCode = (base: string, codeSpace: string, code: string): Promise<Response> =>
  fetch(`${base}/live/${codeSpace}/api/code`, {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ code }),
  });
