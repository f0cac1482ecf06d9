// Small helpers the editor's panels and dialogs share.

/** An element with its properties and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...kids: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
}

/**
 * `fetch`, sent again (up to 3 times) when it is answered 503 with `Retry-After: 0`: "try again now", which the
 * app itself never says but `wrangler dev`'s proxy does when it lost its connection to the runtime before the
 * Worker saw the request.
 */
export async function request(path: string, init?: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(path, init);
    if (res.status !== 503 || res.headers.get("Retry-After") !== "0" || attempt === 3) return res;
  }
}

/** The JSON body of `res`, or `{}` when it has none or is not JSON (an error page of something in between). */
export async function jsonOf<T>(res: Response): Promise<T & { error?: { message?: string } }> {
  return (await res.json().catch(() => ({}))) as T & { error?: { message?: string } };
}

/** A JSON call to this origin; a failure throws the server's message (`{error: {message}}`). */
export async function api<T>(path: string, method = "GET", body?: unknown): Promise<T> {
  const res = await request(path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = res.status === 204 ? ({} as T & { error?: { message?: string } }) : await jsonOf<T>(res);
  if (!res.ok) throw new Error(data.error?.message ?? `HTTP ${res.status}`);
  return data;
}
