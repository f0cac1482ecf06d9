import { describe, expect, it } from "vitest";
import { constantTimeEqual, fromBase64Url, toBase64Url } from "./encoding.ts";
import { dummyPasswordHash, hashPassword, PBKDF2_ITERATIONS, parsePasswordHash, verifyPassword } from "./password.ts";

describe("password hashes (A3)", () => {
  it("A3: pbkdf2-sha256$100000$salt$hash, salted, verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^pbkdf2-sha256\$100000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a)?.iterations).toBe(PBKDF2_ITERATIONS);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
  });

  it("A3: an old, cheaper hash still verifies (the format carries its cost); malformed ones never do", async () => {
    const cheap = await hashPassword("pw-0123456789", 1000);
    expect(await verifyPassword("pw-0123456789", cheap)).toBe(true);
    for (const bad of [
      "",
      "x",
      "pbkdf2-sha256$100000$$",
      "bcrypt$10$a$b",
      `${cheap}$extra`,
      "pbkdf2-sha256$999999999$a$b",
    ]) {
      expect(await verifyPassword("pw-0123456789", bad)).toBe(false);
    }
  });

  it("A4: the dummy hash (unknown handles) matches nothing", async () => {
    expect(await verifyPassword("", await dummyPasswordHash())).toBe(false);
  });

  it("A16: constant-time comparison and base64url round trip", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
    const bytes = Uint8Array.from([0, 1, 250, 255, 62, 63]);
    expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
    expect(fromBase64Url("not base64!")).toBeNull();
  });
});
