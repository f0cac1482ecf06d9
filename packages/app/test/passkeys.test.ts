import { describe, expect, it } from "vitest";
import { ANON, handle, send, signup } from "./accounts.ts";

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
});
