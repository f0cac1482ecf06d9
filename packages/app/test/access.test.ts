import { describe, expect, it } from "vitest";
import { tokenHash } from "../src/auth/tokens.ts";
import { ANON, bearer, call, EXPECTED, fresh, invite, ownedWorld, send, session, signup } from "./accounts.ts";

async function expectAnswer(res: Response, who: string, okStatus = 200) {
  const [status, code] = EXPECTED[who] as [number, string | null];
  expect({ who, status: res.status }).toEqual({ who, status: code ? status : okStatus });
  if (code) expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
}

describe("every REST write path of an owned codeSpace (SPEC.md A6)", async () => {
  const world = await ownedWorld("rest");
  const { cs } = world;

  for (const [who, headers] of Object.entries(world.who)) {
    it(`A6: PUT api/code as ${who}`, async () => {
      const before = await session(cs);
      const res = await send(`/live/${cs}/api/code`, "PUT", headers, { code: `// by ${who}` });
      await expectAnswer(res, who);
      const after = await session(cs);
      if (EXPECTED[who]?.[1]) expect(after.code).toBe(before.code);
      else expect(after.code).toBe(`// by ${who}`);
    });

    it(`A6: POST api/restore/1 as ${who}`, async () => {
      const before = await session(cs);
      const res = await send(`/live/${cs}/api/restore/1`, "POST", headers);
      await expectAnswer(res, who);
      const after = await session(cs);
      if (EXPECTED[who]?.[1]) expect(after.version).toBe(before.version);
      else expect(after.code).toBe("// v1");
    });

    it(`A6: POST api/fork into an owned codeSpace as ${who}`, async () => {
      // A target claimed but never written, so only the permission stands between the fork and it.
      const target = fresh("target");
      expect((await send(`/live/${target}/api/claim`, "POST", world.owner.who)).status).toBe(200);
      await invite(world.owner, target, world.editor);
      const res = await send(`/live/${fresh("src")}/api/fork`, "POST", headers, { to: target });
      await expectAnswer(res, who, 201);
      expect((await session(target)).version).toBe(EXPECTED[who]?.[1] ? 0 : 1);
    });

    it(`A7: invites and member removal as ${who}`, async () => {
      const res = await send(`/live/${cs}/api/invites`, "POST", headers, { role: "editor" });
      const [status, code] = EXPECTED[who] as [number, string | null];
      if (who === "owner" || who === "key") expect(res.status).toBe(201);
      else if (who === "editor") expect(res.status).toBe(403);
      else {
        expect(res.status).toBe(status);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
      }
      if (who !== "owner" && who !== "key") {
        const remove = await send(`/live/${cs}/api/members/${world.editor.id}`, "DELETE", headers);
        expect(remove.status).toBe(who === "editor" ? 403 : status);
      }
    });
  }

  it("A10: access shows the owner, the members and the asker's standing", async () => {
    const as = async (headers: Record<string, string>) =>
      (await (await send(`/live/${cs}/api/access`, "GET", headers)).json()) as { you: string; members: unknown[] };
    const info = await as(world.who.owner);
    expect(info).toMatchObject({
      mode: "owned",
      owner: { id: world.owner.id, handle: world.owner.handle },
      members: [
        { id: world.owner.id, role: "owner" },
        { id: world.editor.id, role: "editor" },
      ],
      you: "owner",
    });
    expect((await as(world.who.editor)).you).toBe("editor");
    expect((await as(world.who.viewer)).you).toBe("viewer");
    expect((await as(ANON)).you).toBe("viewer");
    expect((await as(world.who["key limited to another codeSpace"])).you).toBe("viewer");
    expect((await (await send(`/live/${fresh("open")}/api/access`, "GET", ANON)).json()) as object).toEqual({
      mode: "open",
      members: [],
      you: "anyone",
    });
  });

  it("A15: GET /api/codespaces lists owned and shared codeSpaces, newest edit first", async () => {
    const list = async (headers: Record<string, string>) =>
      (
        (await (await send("/api/codespaces", "GET", headers)).json()) as {
          codeSpaces: { codeSpace: string; role: string }[];
        }
      ).codeSpaces;
    expect((await list(world.who.owner)).find((c) => c.codeSpace === cs)).toMatchObject({ role: "owner" });
    const shared = await list(world.who.editor);
    expect(shared).toContainEqual(expect.objectContaining({ codeSpace: cs, role: "editor" }));
    const edited = shared.map((c) => (c as unknown as { editedAt: string }).editedAt);
    expect(edited).toEqual([...edited].sort().reverse());
    expect(await list(world.who.viewer)).toEqual([]);
    expect((await send("/api/codespaces", "GET", ANON)).status).toBe(401);
  });
});

describe("claims, forks and invites (SPEC.md A8, A14)", () => {
  it("A8: two concurrent claims: one 200, one 409, and the codeSpace has one owner", async () => {
    const cs = fresh("race");
    const [a, b] = await Promise.all([signup(), signup()]);
    const answers = await Promise.all([
      send(`/live/${cs}/api/claim`, "POST", a.who),
      send(`/live/${cs}/api/claim`, "POST", b.who),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = answers[0]?.status === 200 ? a : b;
    const access = (await (await send(`/live/${cs}/api/access`, "GET", ANON)).json()) as { owner: { id: string } };
    expect(access.owner.id).toBe(winner.id);
    // Claiming again as the owner is fine; anonymous is 401.
    expect((await send(`/live/${cs}/api/claim`, "POST", winner.who)).status).toBe(200);
    expect((await send(`/live/${cs}/api/claim`, "POST", ANON)).status).toBe(401);
  });

  it("A8: anyone may fork an owned codeSpace; a signed-in forker owns the fork, an anonymous fork is open", async () => {
    const world = await ownedWorld("forkable");
    const to = fresh("mine");
    const res = await send(`/live/${world.cs}/api/fork`, "POST", world.who.viewer, { to });
    expect(res.status).toBe(201);
    const access = (await (await send(`/live/${to}/api/access`, "GET", world.who.viewer)).json()) as { you: string };
    expect(access.you).toBe("owner");
    const anon = (await (await send(`/live/${world.cs}/api/fork`, "POST", ANON)).json()) as { codeSpace: string };
    expect(
      ((await (await send(`/live/${anon.codeSpace}/api/access`, "GET", ANON)).json()) as { mode: string }).mode,
    ).toBe("open");
  });

  it("A14: an invite works once, for its codeSpace, for a signed-in user", async () => {
    const world = await ownedWorld("invites");
    const res = await send(`/live/${world.cs}/api/invites`, "POST", world.who.owner, { role: "editor" });
    const { url } = (await res.json()) as { url: string };
    expect(url).toMatch(new RegExp(`/live/${world.cs}#invite=[A-Za-z0-9_-]{43}$`));
    const token = new URL(url).hash.replace("#invite=", "");
    expect((await send(`/live/${world.cs}/api/invites/accept`, "POST", ANON, { token })).status).toBe(401);
    expect((await send(`/live/${fresh("x")}/api/invites/accept`, "POST", world.who.viewer, { token })).status).toBe(
      404,
    );
    expect((await send(`/live/${world.cs}/api/invites/accept`, "POST", world.who.viewer, { token })).status).toBe(200);
    const someone = await signup();
    expect((await send(`/live/${world.cs}/api/invites/accept`, "POST", someone.who, { token })).status).toBe(404);
    expect((await send(`/live/${world.cs}/api/code`, "PUT", world.who.viewer, { code: "// invited" })).status).toBe(
      200,
    );
    // A7: the owner removes them again; the owner cannot be removed.
    expect((await send(`/live/${world.cs}/api/members/${world.viewer.id}`, "DELETE", world.who.owner)).status).toBe(
      204,
    );
    expect((await send(`/live/${world.cs}/api/code`, "PUT", world.who.viewer, { code: "// again" })).status).toBe(403);
    expect((await send(`/live/${world.cs}/api/members/${world.owner.id}`, "DELETE", world.who.owner)).status).toBe(409);
  });

  it("A23: the owner lists the unused invites and revokes one, which then cannot be accepted", async () => {
    const world = await ownedWorld("revoke");
    const make = async () => {
      const res = await send(`/live/${world.cs}/api/invites`, "POST", world.who.owner, { role: "editor" });
      return new URL(((await res.json()) as { url: string }).url).hash.replace("#invite=", "");
    };
    const [used, kept, revoked] = [await make(), await make(), await make()];
    const accept = (token: string, who: Record<string, string>) =>
      send(`/live/${world.cs}/api/invites/accept`, "POST", who, { token });
    expect((await accept(used, world.who.viewer)).status).toBe(200);
    const list = async () => {
      const res = await send(`/live/${world.cs}/api/invites`, "GET", world.who.owner);
      expect(res.status).toBe(200);
      return ((await res.json()) as { invites: { id: string; role: string; createdBy: { handle: string } }[] }).invites;
    };
    const pending = await list();
    // An invite is named by its token's hash: the list holds no token.
    expect(pending.map((i) => i.id).sort()).toEqual([await tokenHash(kept), await tokenHash(revoked)].sort());
    expect(pending[0]).toMatchObject({ role: "editor", createdBy: { handle: world.owner.handle } });
    for (const token of [used, kept, revoked]) expect(JSON.stringify(pending)).not.toContain(token);
    const target = await tokenHash(revoked);
    for (const who of ["editor", "viewer", "anonymous"] as const) {
      const headers = world.who[who] as Record<string, string>;
      const status = who === "anonymous" ? 401 : 403;
      expect((await send(`/live/${world.cs}/api/invites`, "GET", headers)).status).toBe(status);
      expect((await send(`/live/${world.cs}/api/invites/${target}`, "DELETE", headers)).status).toBe(status);
    }
    // Another codeSpace of the same owner has no such invite.
    const other = fresh("other");
    expect((await send(`/live/${other}/api/claim`, "POST", world.who.owner)).status).toBe(200);
    expect((await send(`/live/${other}/api/invites/${target}`, "DELETE", world.who.owner)).status).toBe(404);
    expect((await send(`/live/${world.cs}/api/invites/${target}`, "DELETE", world.who.owner)).status).toBe(204);
    expect((await send(`/live/${world.cs}/api/invites/${target}`, "DELETE", world.who.owner)).status).toBe(404);
    const someone = await signup();
    expect((await accept(revoked, someone.who)).status).toBe(404);
    expect((await list()).map((i) => i.id)).toEqual([await tokenHash(kept)]);
    expect((await accept(kept, someone.who)).status).toBe(200);
    expect(await list()).toEqual([]);
  });

  it("A5: an open codeSpace keeps today's behaviour: anyone writes, restores and forks into it", async () => {
    const cs = fresh("open");
    expect((await send(`/live/${cs}/api/code`, "PUT", ANON, { code: "// one" })).status).toBe(200);
    expect((await send(`/live/${cs}/api/restore/1`, "POST", ANON)).status).toBe(200);
    const world = await ownedWorld("open-keys");
    expect(
      (await send(`/live/${cs}/api/code`, "PUT", world.who["key limited to another codeSpace"], { code: "// k" }))
        .status,
    ).toBe(200);
    expect((await call(`/live/${cs}/session.json`)).status).toBe(200);
    expect((await send(`/live/${cs}/api/code`, "PUT", bearer(world.key.key), { code: "// two" })).status).toBe(200);
  });
});
