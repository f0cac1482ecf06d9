import { describe, expect, it } from "vitest";
import { toBase64Url } from "./encoding.ts";
import { signTicket, verifyTicket } from "./ticket.ts";
import { bearerToken, newApiKey, readCookie, sessionCookie, tokenHash } from "./tokens.ts";

describe("tokens (A2, A11, A13, A17)", () => {
  it("A11: API keys are live_ + 43 base64url characters; only their SHA-256 is stored", async () => {
    const key = newApiKey();
    expect(key).toMatch(/^live_[A-Za-z0-9_-]{43}$/);
    expect(await tokenHash(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(await tokenHash(key)).not.toContain(key.slice(5, 15));
  });

  it("A11: Bearer parsing takes one well-formed token and nothing else", () => {
    expect(bearerToken("Bearer live_abcdefghijklmnop")).toBe("live_abcdefghijklmnop");
    expect(bearerToken("bearer   live_abcdefghijklmnop ")).toBe("live_abcdefghijklmnop");
    expect(bearerToken("Basic dXNlcjpwYXNz")).toBeNull();
    expect(bearerToken("Bearer short")).toBeNull();
    expect(bearerToken("Bearer a b c d e f g h i j k l")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });

  it("A2: the session cookie is HttpOnly, SameSite=Lax, Secure only on https; cookies parse", () => {
    const c = sessionCookie("tok", true);
    expect(c).toContain("live_session=tok");
    expect(c).toContain("HttpOnly");
    expect(c).toContain("SameSite=Lax");
    expect(c).toContain("Secure");
    expect(sessionCookie("tok", false)).not.toContain("Secure");
    expect(readCookie("a=1; live_session=xyz; b=2", "live_session")).toBe("xyz");
    expect(readCookie("live_sessionx=1", "live_session")).toBeNull();
  });

  it("A13: a render ticket verifies only for its codeSpace, unexpired, with its secret, untampered", async () => {
    const now = Date.now();
    const t = await signTicket("s3cret", { codeSpace: "cs", userId: "u1", expiresAt: now + 1000 });
    expect(await verifyTicket("s3cret", t, "cs", now)).toEqual({
      codeSpace: "cs",
      userId: "u1",
      expiresAt: now + 1000,
    });
    expect(await verifyTicket("s3cret", t, "other", now)).toBeNull();
    expect(await verifyTicket("s3cret", t, "cs", now + 1000)).toBeNull();
    expect(await verifyTicket("another", t, "cs", now)).toBeNull();
    const [p, m] = t.split(".");
    const forged = `${toBase64Url(new TextEncoder().encode(JSON.stringify(["cs", "u2", now + 1000])))}.${m}`;
    expect(await verifyTicket("s3cret", forged, "cs", now)).toBeNull();
    expect(await verifyTicket("s3cret", `${p}.`, "cs", now)).toBeNull();
    expect(await verifyTicket("s3cret", "garbage", "cs", now)).toBeNull();
  });
});
