import { HANDLE_PATTERN, MAX_JSON_BODY_BYTES, type PublicUser } from "@live/shared";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import type { Context, Hono } from "hono";
import { z } from "zod";
import {
  listPasskeys,
  loginOptions,
  registrationOptions,
  removePasskey,
  storePasskey,
  verifyLogin,
  verifyRegistration,
} from "../auth/passkeys.ts";
import { createSession, createUser, userByHandle } from "../auth/store.ts";
import { newId, sessionCookie } from "../auth/tokens.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/body.ts";
import { HttpError } from "../http/errors.ts";
import { limitAuth } from "../http/limits.ts";
import { sessionOwner } from "../http/principal.ts";
import { route } from "../http/route.ts";

const RegisterOptionsSchema = z.object({ handle: z.string().regex(HANDLE_PATTERN).optional() }).strict();
// The browser library's JSON, checked by the verifier itself; here only its outer shape and size.
const VerifySchema = z
  .object({ flow: z.string().min(8).max(64), response: z.record(z.string(), z.unknown()) })
  .strict();

const PASSKEYS = "passkeys";

const relying = (c: Context<AppEnv>) => {
  const url = new URL(c.req.url);
  return { origin: url.origin, rpID: url.hostname };
};

async function signedIn(c: Context<AppEnv>, user: PublicUser, status: 200 | 201) {
  const token = await createSession(c.env.DB, user.id);
  const secure = new URL(c.req.url).protocol === "https:";
  return c.json({ user }, status, { "Set-Cookie": sessionCookie(token, secure), "Cache-Control": "no-store" });
}

/**
 * A21: passkeys. Register for the signed-in user, or create the account with a handle; log in with a discoverable
 * credential. A failed ceremony is 401 `invalid_credentials` and leaves nothing behind.
 */
export function passkeyRoutes(app: Hono<AppEnv>): void {
  route(app, "/api/auth/passkey/register/options", {
    POST: async (c) => {
      const { handle } = await readJson(c.req.raw, RegisterOptionsSchema, MAX_JSON_BODY_BYTES);
      const p = c.var.principal;
      let user: PublicUser;
      if (p.kind === "user" && p.via === "session") user = p.user;
      else if (p.kind === "user")
        throw new HttpError("forbidden", "passkeys are added from a signed-in session, not with a key");
      else if (!handle)
        throw new HttpError("auth_required", "sign in to add a passkey, or give a handle for a new account");
      else {
        await limitAuth(c.env, c.req.raw, handle);
        if (await userByHandle(c.env.DB, handle)) throw new HttpError("conflict", `the handle ${handle} is taken`);
        user = { id: newId(), handle };
      }
      const isNew = p.kind !== "user";
      return c.json(await registrationOptions(c.env.DB, relying(c), user, isNew), 200, { "Cache-Control": "no-store" });
    },
  });

  route(app, "/api/auth/passkey/register/verify", {
    POST: async (c) => {
      const { flow, response } = await readJson(c.req.raw, VerifySchema, MAX_JSON_BODY_BYTES);
      const done = await verifyRegistration(
        c.env.DB,
        relying(c),
        flow,
        response as unknown as RegistrationResponseJSON,
      );
      if (!done) throw new HttpError("invalid_credentials", "the passkey could not be registered; try again");
      let user: PublicUser;
      if (done.newHandle) {
        const made = await createUser(c.env.DB, done.newHandle, null, done.userId);
        if (!made) throw new HttpError("conflict", `the handle ${done.newHandle} is taken`);
        user = made;
      } else {
        const p = c.var.principal;
        if (p.kind !== "user" || p.user.id !== done.userId)
          throw new HttpError("auth_required", "sign in again to add a passkey");
        user = p.user;
      }
      await storePasskey(c.env.DB, user.id, done.credential);
      return done.newHandle ? signedIn(c, user, 201) : c.json({ user }, 201);
    },
  });

  // A22: the signed-in user lists their passkeys and removes one, never the last way to sign in.
  route(app, "/api/auth/passkeys", {
    GET: async (c) =>
      c.json({ passkeys: await listPasskeys(c.env.DB, sessionOwner(c, PASSKEYS).id) }, 200, {
        "Cache-Control": "no-store",
      }),
  });
  route(app, "/api/auth/passkeys/:id", {
    DELETE: async (c) => {
      const user = sessionOwner(c, PASSKEYS);
      const outcome = await removePasskey(c.env.DB, user.id, c.req.param("id") as string);
      if (outcome === "not_found") throw new HttpError("not_found", "you have no such passkey");
      if (outcome === "last") {
        throw new HttpError(
          "conflict",
          `this passkey is the only way to sign in as ${user.handle}: add another passkey first, then remove this one`,
        );
      }
      return c.body(null, 204);
    },
  });

  route(app, "/api/auth/passkey/login/options", {
    POST: async (c) => {
      await limitAuth(c.env, c.req.raw, "passkey");
      return c.json(await loginOptions(c.env.DB, relying(c)), 200, { "Cache-Control": "no-store" });
    },
  });

  route(app, "/api/auth/passkey/login/verify", {
    POST: async (c) => {
      const { flow, response } = await readJson(c.req.raw, VerifySchema, MAX_JSON_BODY_BYTES);
      const user = await verifyLogin(c.env.DB, relying(c), flow, response as unknown as AuthenticationResponseJSON);
      if (!user) throw new HttpError("invalid_credentials", "this passkey was not accepted");
      return signedIn(c, user, 200);
    },
  });
}
