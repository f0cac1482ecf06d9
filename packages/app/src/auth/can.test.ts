import { describe, expect, it } from "vitest";
import { type AccessPolicy, ANONYMOUS, can, describeAccess, OPEN, type Principal, roleOf } from "./can.ts";

const ada = { id: "u-ada", handle: "ada" };
const bob = { id: "u-bob", handle: "bob" };
const eve = { id: "u-eve", handle: "eve" };
const owned: AccessPolicy = { mode: "owned", owner: ada, editors: [bob] };
const session = (user: typeof ada): Principal => ({ kind: "user", user, via: "session" });
const key = (user: typeof ada, scope: string | null = null): Principal => ({ kind: "user", user, via: "key", scope });

describe("can() (A5-A9)", () => {
  it("A5: an open codeSpace is writable by anyone; reads are always open", () => {
    for (const p of [ANONYMOUS, session(eve), key(eve, "elsewhere")]) {
      expect(can(p, "cs", OPEN, "write").ok).toBe(true);
      expect(can(p, "cs", owned, "read").ok).toBe(true);
      expect(roleOf(p, "cs", OPEN)).toBe("anyone");
    }
  });

  it("A6: on an owned codeSpace the owner and editors write; anonymous is auth_required, others forbidden", () => {
    expect(can(session(ada), "cs", owned, "write").ok).toBe(true);
    expect(can(key(bob), "cs", owned, "write").ok).toBe(true);
    expect(can(key(bob, "cs"), "cs", owned, "write").ok).toBe(true);
    expect(can(ANONYMOUS, "cs", owned, "write")).toMatchObject({ ok: false, code: "auth_required" });
    expect(can(session(eve), "cs", owned, "write")).toMatchObject({ ok: false, code: "forbidden" });
    // A key limited to another codeSpace has no rights here, even the owner's.
    const limited = can(key(ada, "other"), "cs", owned, "write");
    expect(limited).toMatchObject({ ok: false, code: "forbidden" });
    expect(limited.ok || limited.message).toContain("limited to codeSpace other");
  });

  it("A7: only the owner manages; editors and others do not", () => {
    expect(can(session(ada), "cs", owned, "manage").ok).toBe(true);
    expect(can(session(bob), "cs", owned, "manage")).toMatchObject({ code: "forbidden" });
    expect(can(ANONYMOUS, "cs", owned, "manage")).toMatchObject({ code: "auth_required" });
  });

  it("A8: claiming needs a user; owned by another is conflict; owned by you is fine again", () => {
    expect(can(ANONYMOUS, "cs", OPEN, "claim")).toMatchObject({ code: "auth_required" });
    expect(can(session(eve), "cs", OPEN, "claim").ok).toBe(true);
    expect(can(session(ada), "cs", owned, "claim").ok).toBe(true);
    expect(can(session(bob), "cs", owned, "claim")).toMatchObject({ code: "conflict" });
    expect(can(key(eve, "other"), "cs", OPEN, "claim")).toMatchObject({ code: "forbidden" });
  });

  it("A10: access lists the owner first, then editors, and the asker's standing", () => {
    expect(describeAccess(session(bob), "cs", owned)).toEqual({
      mode: "owned",
      owner: ada,
      members: [
        { ...ada, role: "owner" },
        { ...bob, role: "editor" },
      ],
      you: "editor",
    });
    expect(describeAccess(ANONYMOUS, "cs", owned).you).toBe("viewer");
    expect(describeAccess(session(ada), "cs", OPEN)).toEqual({ mode: "open", members: [], you: "anyone" });
  });
});
