// Accounts over real HTTP, as a browser on the app's origin uses them.
import { expect } from "vitest";
import { uniqueName } from "./http.ts";

/** Signs up a new user; returns their session cookie and handle. */
export async function signup(base: string): Promise<{ cookie: string; handle: string }> {
  const handle = uniqueName("u").toLowerCase().slice(0, 32);
  const res = await fetch(`${base}/api/auth/signup`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: base },
    body: JSON.stringify({ handle, password: "a long password" }),
  });
  expect(res.status).toBe(201);
  return { cookie: (res.headers.get("set-cookie") ?? "").split(";")[0] as string, handle };
}

/** A same-origin request with a user's session cookie. */
export const asUser = (base: string, cookie: string, method: string, path: string, body?: unknown) =>
  fetch(`${base}${path}`, {
    method,
    headers: { Cookie: cookie, Origin: base, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
