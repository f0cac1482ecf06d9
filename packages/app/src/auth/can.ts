// The one permission question (rules A5-A9), asked by REST, both sockets, MCP and the render reports, in the
// Worker and again in the codeSpace's Durable Object. Pure data in, a decision out: tested in Node.
import type { AccessInfo, Member, PublicUser } from "@live/shared";

/** Who is asking, resolved once per request from the session cookie, a Bearer key, or nothing. */
export type Principal =
  | { kind: "anonymous" }
  | {
      kind: "user";
      user: PublicUser;
      via: "session" | "key";
      /** The key's id, for a principal from an API key: its writes are limited per key (A19). */
      keyId?: string;
      /** Set for a key limited to one codeSpace: elsewhere it has no more rights than anyone. */
      scope?: string | null;
    };

export const ANONYMOUS: Principal = { kind: "anonymous" };

/** A codeSpace's access policy, held by its Durable Object. Open (the default) is writable by anyone. */
export interface AccessPolicy {
  mode: "open" | "owned";
  owner?: PublicUser;
  /** Editors (the owner is not repeated here). */
  editors: PublicUser[];
}

export const OPEN: AccessPolicy = { mode: "open", editors: [] };

/** read: everyone. write: code, versions, renders. manage: invites and members. claim: take an open codeSpace. */
export type Action = "read" | "write" | "manage" | "claim";

export type Decision = { ok: true } | { ok: false; code: "auth_required" | "forbidden" | "conflict"; message: string };

const ALLOW: Decision = { ok: true };

/** The user a principal acts as on `codeSpace`, or null (anonymous, or a key limited to another codeSpace). */
function actingUser(p: Principal, codeSpace: string): PublicUser | null {
  if (p.kind !== "user") return null;
  if (p.scope && p.scope !== codeSpace) return null;
  return p.user;
}

export function roleOf(p: Principal, codeSpace: string, policy: AccessPolicy): AccessInfo["you"] {
  if (policy.mode === "open") return "anyone";
  const user = actingUser(p, codeSpace);
  if (user && policy.owner?.id === user.id) return "owner";
  if (user && policy.editors.some((e) => e.id === user.id)) return "editor";
  return "viewer";
}

/** No identity at all is 401 (sign in or send a key); an identity without the right is 403 (A6). */
function deny(p: Principal, codeSpace: string, what: string): Decision {
  if (p.kind === "anonymous") {
    return {
      ok: false,
      code: "auth_required",
      message: `${what}: sign in, or send an API key as Authorization: Bearer`,
    };
  }
  if (p.scope && p.scope !== codeSpace) {
    return { ok: false, code: "forbidden", message: `${what}: this API key is limited to codeSpace ${p.scope}` };
  }
  return { ok: false, code: "forbidden", message: `${what}: you are not the owner or an editor of ${codeSpace}` };
}

export function can(p: Principal, codeSpace: string, policy: AccessPolicy, action: Action): Decision {
  if (action === "read") return ALLOW;
  const role = roleOf(p, codeSpace, policy);
  switch (action) {
    case "write":
      if (role === "anyone" || role === "owner" || role === "editor") return ALLOW;
      return deny(
        p,
        codeSpace,
        `${codeSpace} is owned by ${policy.owner?.handle ?? "someone"}; writing needs its owner or an editor`,
      );
    case "manage":
      if (role === "owner") return ALLOW;
      return deny(p, codeSpace, `only the owner of ${codeSpace} manages its members`);
    case "claim": {
      const user = actingUser(p, codeSpace);
      if (!user) return deny(p, codeSpace, "claiming a codeSpace needs an account");
      if (policy.mode === "open" || policy.owner?.id === user.id) return ALLOW;
      return { ok: false, code: "conflict", message: `${codeSpace} is already owned by ${policy.owner?.handle}` };
    }
  }
}

/** The policy as `GET api/access` shows it to `p`. */
export function describeAccess(p: Principal, codeSpace: string, policy: AccessPolicy): AccessInfo {
  const members: Member[] = [];
  if (policy.owner) members.push({ ...policy.owner, role: "owner" });
  for (const e of policy.editors) members.push({ ...e, role: "editor" });
  const info: AccessInfo = { mode: policy.mode, members, you: roleOf(p, codeSpace, policy) };
  if (policy.owner) info.owner = policy.owner;
  return info;
}
