import { type AccessPolicy, ANONYMOUS, can, type Principal } from "../auth/can.ts";
import { serverSecret } from "../auth/store.ts";
import { signTicket, TICKET_TTL_MS, verifyTicket } from "../auth/ticket.ts";

/** The configured secret (`wrangler secret put RENDER_TICKET_SECRET`), or one generated once and kept in D1. */
const secret = (env: Env) =>
  serverSecret(env.DB, "render-ticket", (env as { RENDER_TICKET_SECRET?: string }).RENDER_TICKET_SECRET);

/** A13: the ticket an editor page gives its preview, or "" when the page's viewer may not write the codeSpace. */
export async function issueRenderTicket(
  env: Env,
  codeSpace: string,
  p: Principal,
  policy: AccessPolicy,
): Promise<string> {
  if (!can(p, codeSpace, policy, "write").ok) return "";
  const userId = p.kind === "user" ? p.user.id : null;
  return signTicket(await secret(env), { codeSpace, userId, expiresAt: Date.now() + TICKET_TTL_MS });
}

/** Who a render report speaks for: the user of a valid ticket, otherwise anonymous (the object decides). */
export async function ticketPrincipal(env: Env, codeSpace: string, ticket: string | undefined): Promise<Principal> {
  if (!ticket) return ANONYMOUS;
  const t = await verifyTicket(await secret(env), ticket, codeSpace);
  // The object decides by the user's id; the handle is not needed for that.
  return t?.userId ? { kind: "user", user: { id: t.userId, handle: "" }, via: "session" } : ANONYMOUS;
}
