import { AcceptInviteSchema, InviteSchema, MAX_JSON_BODY_BYTES, type Result } from "@live/shared";
import type { Context, Hono } from "hono";
import { type AccessPolicy, can, describeAccess } from "../auth/can.ts";
import {
  consumeInvite,
  createInvite,
  indexCodeSpace,
  indexMember,
  listCodeSpaces,
  listInvites,
  revokeInvite,
} from "../auth/store.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/body.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { HttpError, unwrap } from "../http/errors.ts";
import { limitWrite } from "../http/limits.ts";
import { route } from "../http/route.ts";

const noStore = { "Cache-Control": "no-store" };

/** A7: only the owner (or the owner's key) manages invites and members; the object's policy decides. */
async function mayManage(c: Context<AppEnv>): Promise<void> {
  const cs = c.var.codeSpace;
  const decision = can(c.var.principal, cs, await codeSpaceStub(c.env, cs).access(), "manage");
  if (!decision.ok) throw new HttpError(decision.code, decision.message);
}

/** A7-A10, A14, A15: claim, access, invites and members of a codeSpace; the signed-in user's codeSpaces. */
export function accessRoutes(app: Hono<AppEnv>): void {
  route(app, "/live/:codeSpace/api/claim", {
    POST: async (c) => {
      const cs = c.var.codeSpace;
      await limitWrite(c.env, c.var.principal, c.req.raw);
      const policy = unwrap((await codeSpaceStub(c.env, cs).claim(cs, c.var.principal)) as Result<AccessPolicy>);
      const owner = policy.owner as { id: string; handle: string };
      await indexCodeSpace(c.env.DB, cs, owner.id);
      return c.json({ codeSpace: cs, owner }, 200, noStore);
    },
  });

  route(app, "/live/:codeSpace/api/access", {
    GET: async (c) => {
      const policy = await codeSpaceStub(c.env, c.var.codeSpace).access();
      return c.json(describeAccess(c.var.principal, c.var.codeSpace, policy), 200, noStore);
    },
  });

  route(app, "/live/:codeSpace/api/invites", {
    POST: async (c) => {
      const cs = c.var.codeSpace;
      const { role } = await readJson(c.req.raw, InviteSchema, MAX_JSON_BODY_BYTES);
      const p = c.var.principal;
      await mayManage(c);
      await limitWrite(c.env, p, c.req.raw);
      const token = await createInvite(c.env.DB, cs, role, (p as { user: { id: string } }).user.id);
      // The token is in the fragment: browsers never send it, so it reaches no server log (A14).
      const url = `${new URL(c.req.url).origin}/live/${cs}#invite=${token}`;
      return c.json({ url, role }, 201, noStore);
    },
    // A23: the owner sees the invites not used yet, and revokes one (a link sent to the wrong person).
    GET: async (c) => {
      await mayManage(c);
      return c.json({ invites: await listInvites(c.env.DB, c.var.codeSpace) }, 200, noStore);
    },
  });

  route(app, "/live/:codeSpace/api/invites/accept", {
    POST: async (c) => {
      const cs = c.var.codeSpace;
      const p = c.var.principal;
      const { token } = await readJson(c.req.raw, AcceptInviteSchema, MAX_JSON_BODY_BYTES);
      if (p.kind !== "user") throw new HttpError("auth_required", "sign in to accept an invite");
      const role = await consumeInvite(c.env.DB, token, cs, p.user.id);
      if (!role)
        throw new HttpError("not_found", "this invite is unknown, used or expired; ask the owner for a new one");
      const policy = unwrap((await codeSpaceStub(c.env, cs).grantEditor(cs, p.user)) as Result<AccessPolicy>);
      await indexMember(c.env.DB, cs, p.user.id, role);
      return c.json(describeAccess(p, cs, policy), 200, noStore);
    },
  });

  // After /accept: a route answers every method it does not name with 405, and Hono tries routes in order.
  route(app, "/live/:codeSpace/api/invites/:id", {
    DELETE: async (c) => {
      await mayManage(c);
      if (!(await revokeInvite(c.env.DB, c.var.codeSpace, c.req.param("id") as string))) {
        throw new HttpError("not_found", "this codeSpace has no such unused invite");
      }
      return c.body(null, 204);
    },
  });

  route(app, "/live/:codeSpace/api/members/:userId", {
    DELETE: async (c) => {
      const cs = c.var.codeSpace;
      const userId = c.req.param("userId") as string;
      unwrap((await codeSpaceStub(c.env, cs).removeMember(cs, c.var.principal, userId)) as Result<AccessPolicy>);
      await indexMember(c.env.DB, cs, userId, null);
      return c.body(null, 204);
    },
  });

  route(app, "/api/codespaces", {
    GET: async (c) => {
      const p = c.var.principal;
      if (p.kind !== "user") throw new HttpError("auth_required", "sign in to list your codeSpaces");
      return c.json({ codeSpaces: await listCodeSpaces(c.env.DB, p.user.id) }, 200, noStore);
    },
  });
}
