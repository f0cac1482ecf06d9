import { describe, expect, it } from "vitest";
import { ANON, BASE, bearer, call, createKey, handle, send, signup } from "./accounts.ts";

async function errorCode(res: Response): Promise<string> {
  return ((await res.json()) as { error: { code: string } }).error.code;
}

describe("accounts (SPEC.md A1-A4, A11, A12, A18)", () => {
  it("A1: sign-up makes a user and a session cookie; a taken handle is 409; bad input is 400", async () => {
    const name = handle();
    const res = await send("/api/auth/signup", "POST", ANON, { handle: name, password: "0123456789" });
    expect(res.status).toBe(201);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^live_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax/);
    expect(cookie).not.toContain("Secure");
    expect(await res.json()).toMatchObject({ user: { handle: name } });
    const again = await send("/api/auth/signup", "POST", ANON, { handle: name, password: "0123456789" });
    expect(again.status).toBe(409);
    for (const body of [
      { handle: "ab", password: "0123456789" },
      { handle: "UPPER", password: "0123456789" },
      { handle: handle(), password: "short" },
    ]) {
      expect((await send("/api/auth/signup", "POST", ANON, body)).status).toBe(400);
    }
  });

  it("A2: /api/me answers the session's user; logout deletes the session server-side", async () => {
    const ada = await signup();
    const me = await send("/api/me", "GET", ada.who);
    expect(await me.json()).toMatchObject({ user: { id: ada.id, handle: ada.handle }, via: "session" });
    expect(await errorCode(await send("/api/me", "GET", ANON))).toBe("auth_required");
    const out = await send("/api/auth/logout", "POST", ada.who);
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    // The old cookie is worthless now, even if a client kept it.
    expect((await send("/api/me", "GET", ada.who)).status).toBe(401);
  });

  it("A4: login gives one answer for an unknown handle and a wrong password", async () => {
    const ada = await signup(undefined, "the right password");
    const ok = await send("/api/auth/login", "POST", ANON, { handle: ada.handle, password: "the right password" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).toContain("live_session=");
    const wrong = await send("/api/auth/login", "POST", ANON, { handle: ada.handle, password: "the wrong password" });
    const unknown = await send("/api/auth/login", "POST", ANON, { handle: handle(), password: "the right password" });
    const a = (await wrong.json()) as object;
    const b = (await unknown.json()) as object;
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(a).toEqual(b);
    expect(a).toEqual({ error: { code: "invalid_credentials", message: "wrong handle or password" } });
  });

  it("A11: a key is shown once, listed by name and prefix, revocable; only sessions manage keys", async () => {
    const ada = await signup();
    const made = await createKey(ada, "only-here");
    expect(made.key).toMatch(/^live_[A-Za-z0-9_-]{43}$/);
    expect(made.key.startsWith(made.prefix)).toBe(true);
    const list = (await (await send("/api/keys", "GET", ada.who)).json()) as { keys: Record<string, unknown>[] };
    expect(list.keys).toEqual([
      {
        id: made.id,
        name: "test",
        prefix: made.prefix,
        codeSpace: "only-here",
        createdAt: expect.any(String),
        lastUsedAt: null,
      },
    ]);
    expect(JSON.stringify(list)).not.toContain(made.key);
    // Used once: lastUsedAt is set; the key speaks for its user.
    expect(await (await send("/api/me", "GET", bearer(made.key))).json()).toMatchObject({
      user: { id: ada.id },
      via: "key",
      scope: "only-here",
    });
    const used = (await (await send("/api/keys", "GET", ada.who)).json()) as { keys: { lastUsedAt: string }[] };
    expect(used.keys[0]?.lastUsedAt).toEqual(expect.any(String));
    // A key cannot mint keys (a limited key would otherwise lift its own limit).
    expect((await send("/api/keys", "POST", bearer(made.key), { name: "x" })).status).toBe(403);
    expect((await send("/api/keys", "POST", ANON, { name: "x" })).status).toBe(401);
    expect((await send(`/api/keys/${made.id}`, "DELETE", ada.who)).status).toBe(204);
    expect((await send(`/api/keys/${made.id}`, "DELETE", ada.who)).status).toBe(404);
    // A12: refused at once, everywhere, and never a valid key answered 401.
    const gone = await send("/api/me", "GET", bearer(made.key));
    expect(gone.status).toBe(401);
    expect(await errorCode(gone)).toBe("invalid_credentials");
    expect((await (await send("/api/keys", "GET", ada.who)).json()) as object).toEqual({ keys: [] });
  });

  it("A18: the cookie counts only for same-origin writes (CSRF); keys need no Origin", async () => {
    const ada = await signup();
    const cs = `csrf-${ada.handle}`;
    expect(
      (await send(`/live/${cs}/api/claim`, "POST", { Cookie: ada.cookie, Origin: "https://evil.example" })).status,
    ).toBe(401);
    expect((await send(`/live/${cs}/api/claim`, "POST", { Cookie: ada.cookie })).status).toBe(401);
    expect((await send(`/live/${cs}/api/claim`, "POST", { Cookie: ada.cookie, Origin: BASE })).status).toBe(200);
    const key = await createKey(ada);
    expect((await send(`/live/${cs}/api/code`, "PUT", bearer(key.key), { code: "// by key" })).status).toBe(200);
  });

  it("A17: no response or stored row carries a secret in the clear", async () => {
    const ada = await signup();
    const key = await createKey(ada);
    const me = await (await send("/api/me", "GET", bearer(key.key))).text();
    expect(me).not.toContain(key.key);
    const res = await call("/.well-known/oauth-protected-resource");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
  });
});
