// Helpers for the workerd tests of accounts and access: sign-ups, keys and an owned codeSpace with every kind of
// principal the SPEC's A section names (anonymous, viewer, editor, owner, key, revoked key, key limited elsewhere).
import { exports } from "cloudflare:workers";

export const BASE = "http://live.test";
export const call = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${BASE}${path}`, init));

let seq = 0;
export const fresh = (tag: string) => `${tag}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
export const handle = () => fresh("u").toLowerCase().slice(0, 32);

export type Who = Record<string, string>;
export const ANON: Who = {};

/** Headers of a same-origin browser request with the session cookie. */
export const browser = (cookie: string): Who => ({ Cookie: cookie, Origin: BASE });
export const bearer = (key: string): Who => ({ Authorization: `Bearer ${key}` });

export function send(path: string, method: string, who: Who, body?: unknown): Promise<Response> {
  return call(path, {
    method,
    headers: { ...who, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export interface Account {
  id: string;
  handle: string;
  cookie: string;
  who: Who;
}

export async function signup(name = handle(), password = "a long password"): Promise<Account> {
  const res = await send("/api/auth/signup", "POST", { Origin: BASE }, { handle: name, password });
  if (res.status !== 201) throw new Error(`signup ${res.status}: ${await res.text()}`);
  const { user } = (await res.json()) as { user: { id: string; handle: string } };
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] as string;
  return { ...user, cookie, who: browser(cookie) };
}

export async function createKey(
  owner: Account,
  codeSpace?: string,
): Promise<{ id: string; key: string; prefix: string }> {
  const res = await send("/api/keys", "POST", owner.who, { name: "test", ...(codeSpace ? { codeSpace } : {}) });
  if (res.status !== 201) throw new Error(`key ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string; key: string; prefix: string };
}

export async function invite(owner: Account, cs: string, to: Account): Promise<void> {
  const res = await send(`/live/${cs}/api/invites`, "POST", owner.who, { role: "editor" });
  if (res.status !== 201) throw new Error(`invite ${res.status}: ${await res.text()}`);
  const { url } = (await res.json()) as { url: string };
  const token = new URL(url).hash.replace("#invite=", "");
  const accepted = await send(`/live/${cs}/api/invites/accept`, "POST", to.who, { token });
  if (accepted.status !== 200) throw new Error(`accept ${accepted.status}: ${await accepted.text()}`);
}

/** An owned codeSpace (written once, so it has version 1) and a principal of every kind. */
export async function ownedWorld(tag: string) {
  const cs = fresh(tag);
  const [owner, editor, viewer] = await Promise.all([signup(), signup(), signup()]);
  await send(`/live/${cs}/api/code`, "PUT", ANON, { code: "// v1" });
  const claim = await send(`/live/${cs}/api/claim`, "POST", owner.who);
  if (claim.status !== 200) throw new Error(`claim ${claim.status}: ${await claim.text()}`);
  await invite(owner, cs, editor);
  const key = await createKey(owner);
  const revoked = await createKey(owner);
  await send(`/api/keys/${revoked.id}`, "DELETE", owner.who);
  const elsewhere = await createKey(owner, fresh("other"));
  const who = {
    anonymous: ANON,
    viewer: viewer.who,
    editor: editor.who,
    owner: owner.who,
    key: bearer(key.key),
    "revoked key": bearer(revoked.key),
    "key limited to another codeSpace": bearer(elsewhere.key),
  } as const;
  return { cs, owner, editor, viewer, key, who };
}

/** What each principal gets from a write to an owned codeSpace (SPEC.md A6, A12). */
export const EXPECTED: Record<string, [number, string | null]> = {
  anonymous: [401, "auth_required"],
  viewer: [403, "forbidden"],
  editor: [200, null],
  owner: [200, null],
  key: [200, null],
  "revoked key": [401, "invalid_credentials"],
  "key limited to another codeSpace": [403, "forbidden"],
};

export async function session(cs: string): Promise<{ version: number; code: string; html: string }> {
  return (await (await call(`/live/${cs}/session.json`)).json()) as { version: number; code: string; html: string };
}
