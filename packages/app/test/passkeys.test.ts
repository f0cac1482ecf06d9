import { env } from "cloudflare:workers";
import type { AuthenticatorTransport } from "@simplewebauthn/server";
import { describe, expect, it } from "vitest";
import { storePasskey } from "../src/auth/passkeys.ts";
import { createSession, createUser } from "../src/auth/store.ts";
import { SESSION_COOKIE } from "../src/auth/tokens.ts";
import { ANON, browser, createKey, fresh, handle, send, signup } from "./accounts.ts";

/** Stores a passkey as a registration would (its key bytes are never read here). */
async function addPasskey(userId: string, transports: AuthenticatorTransport[] = ["internal"]): Promise<string> {
  const id = fresh("pk");
  await storePasskey(env.DB, userId, { id, publicKey: new Uint8Array([1, 2, 3]), counter: 0, transports });
  return id;
}

const list = async (who: Record<string, string>) =>
  ((await (await send("/api/auth/passkeys", "GET", who)).json()) as { passkeys: Record<string, unknown>[] }).passkeys;

describe("passkeys (SPEC.md A21)", () => {
  it("A21: registration options for a new handle or the signed-in user; a taken handle is 409", async () => {
    const name = handle();
    const res = await send("/api/auth/passkey/register/options", "POST", ANON, { handle: name });
    expect(res.status).toBe(200);
    const { flow, options } = (await res.json()) as { flow: string; options: Record<string, unknown> };
    expect(flow).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(options).toMatchObject({ rp: { id: "live.test", name: "live" }, user: { name }, attestation: "none" });
    expect(String(options.challenge).length).toBeGreaterThan(20);
    const ada = await signup();
    expect((await send("/api/auth/passkey/register/options", "POST", ANON, { handle: ada.handle })).status).toBe(409);
    const mine = await send("/api/auth/passkey/register/options", "POST", ada.who, {});
    expect(((await mine.json()) as { options: { user: { name: string } } }).options.user.name).toBe(ada.handle);
    expect((await send("/api/auth/passkey/register/options", "POST", ANON, {})).status).toBe(401);
  });

  it("A21: a forged or replayed answer is 401 invalid_credentials and creates nothing", async () => {
    const name = handle();
    const { flow } = (await (
      await send("/api/auth/passkey/register/options", "POST", ANON, { handle: name })
    ).json()) as {
      flow: string;
    };
    const forged = {
      id: "x",
      rawId: "x",
      type: "public-key",
      response: { clientDataJSON: "e30", attestationObject: "oA" },
    };
    const bad = await send("/api/auth/passkey/register/verify", "POST", ANON, { flow, response: forged });
    expect(bad.status).toBe(401);
    // The flow was used up by the attempt.
    expect((await send("/api/auth/passkey/register/verify", "POST", ANON, { flow, response: forged })).status).toBe(
      401,
    );
    expect((await send("/api/auth/signup", "POST", ANON, { handle: name, password: "0123456789" })).status).toBe(201);
    const login = (await (await send("/api/auth/passkey/login/options", "POST", ANON, {})).json()) as {
      flow: string;
      options: { rpId: string; allowCredentials?: unknown[] };
    };
    expect(login.options.rpId).toBe("live.test");
    expect(login.options.allowCredentials ?? []).toEqual([]);
    const assertion = {
      id: "nope",
      rawId: "nope",
      type: "public-key",
      response: { clientDataJSON: "e30", authenticatorData: "AA", signature: "AA" },
    };
    const refused = await send("/api/auth/passkey/login/verify", "POST", ANON, {
      flow: login.flow,
      response: assertion,
    });
    expect(refused.status).toBe(401);
  });

  it("A22: the signed-in user lists and removes their passkeys; keys and others may not", async () => {
    const ada = await signup();
    const older = await addPasskey(ada.id, ["usb"]);
    const newer = await addPasskey(ada.id, ["internal", "hybrid"]);
    const mine = await list(ada.who);
    expect(mine.map((p) => p.id).sort()).toEqual([older, newer].sort());
    expect(mine.find((p) => p.id === newer)).toMatchObject({ transports: ["internal", "hybrid"], lastUsedAt: null });
    expect(Object.keys(mine[0] ?? {}).sort()).toEqual(["createdAt", "id", "lastUsedAt", "transports"]);
    expect((await send("/api/auth/passkeys", "GET", ANON)).status).toBe(401);
    const key = await createKey(ada);
    expect((await send("/api/auth/passkeys", "GET", { Authorization: `Bearer ${key.key}` })).status).toBe(403);
    const bob = await signup();
    expect((await send(`/api/auth/passkeys/${older}`, "DELETE", bob.who)).status).toBe(404);
    expect((await send(`/api/auth/passkeys/${older}`, "DELETE", ada.who)).status).toBe(204);
    expect((await send(`/api/auth/passkeys/${older}`, "DELETE", ada.who)).status).toBe(404);
    // Ada also has a password: her last passkey may go.
    expect((await send(`/api/auth/passkeys/${newer}`, "DELETE", ada.who)).status).toBe(204);
    expect(await list(ada.who)).toEqual([]);
  });

  it("A22: the last passkey of an account without a password stays: 409, and it still signs in", async () => {
    const user = await createUser(env.DB, handle(), null);
    if (!user) throw new Error("no user");
    const who = browser(`${SESSION_COOKIE}=${await createSession(env.DB, user.id)}`);
    const [a, b] = [await addPasskey(user.id), await addPasskey(user.id)];
    expect((await send(`/api/auth/passkeys/${a}`, "DELETE", who)).status).toBe(204);
    const last = await send(`/api/auth/passkeys/${b}`, "DELETE", who);
    expect(last.status).toBe(409);
    expect(((await last.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "conflict",
      message: expect.stringContaining("only way to sign in"),
    });
    expect((await list(who)).map((p) => p.id)).toEqual([b]);
  });
});
