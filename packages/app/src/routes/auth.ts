import { LoginSchema, MAX_JSON_BODY_BYTES, SignupSchema } from "@live/shared";
import type { Context, Hono } from "hono";
import { dummyPasswordHash, hashPassword, verifyPassword } from "../auth/password.ts";
import { createSession, createUser, deleteSession, userByHandle } from "../auth/store.ts";
import { clearSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from "../auth/tokens.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/body.ts";
import { HttpError } from "../http/errors.ts";
import { limitAuth } from "../http/limits.ts";
import { route } from "../http/route.ts";

const isHttps = (c: Context<AppEnv>) => new URL(c.req.url).protocol === "https:";

async function signedIn(c: Context<AppEnv>, user: { id: string; handle: string }, status: 200 | 201) {
  const token = await createSession(c.env.DB, user.id);
  return c.json({ user }, status, { "Set-Cookie": sessionCookie(token, isHttps(c)), "Cache-Control": "no-store" });
}

/** A1-A4: password sign-up, login, logout and `GET /api/me`. */
export function authRoutes(app: Hono<AppEnv>): void {
  route(app, "/api/auth/signup", {
    POST: async (c) => {
      const { handle, password } = await readJson(c.req.raw, SignupSchema, MAX_JSON_BODY_BYTES);
      await limitAuth(c.env, c.req.raw, handle);
      const user = await createUser(c.env.DB, handle, await hashPassword(password));
      if (!user) throw new HttpError("conflict", `the handle ${handle} is taken`);
      return signedIn(c, user, 201);
    },
  });

  route(app, "/api/auth/login", {
    POST: async (c) => {
      const { handle, password } = await readJson(c.req.raw, LoginSchema, MAX_JSON_BODY_BYTES);
      await limitAuth(c.env, c.req.raw, handle);
      const found = await userByHandle(c.env.DB, handle);
      // A4: an unknown handle costs one PBKDF2 like a wrong password, and gets the same answer.
      const valid = await verifyPassword(password, found?.passwordHash ?? (await dummyPasswordHash()));
      if (!found || !valid) throw new HttpError("invalid_credentials", "wrong handle or password");
      return signedIn(c, { id: found.id, handle: found.handle }, 200);
    },
  });

  route(app, "/api/auth/logout", {
    POST: async (c) => {
      const token = readCookie(c.req.header("cookie"), SESSION_COOKIE);
      // Only a same-origin request ends the session (A18); a cross-site one was served as anonymous.
      if (token && c.var.principal.kind === "user" && c.var.principal.via === "session") {
        await deleteSession(c.env.DB, token);
      }
      return c.body(null, 204, { "Set-Cookie": clearSessionCookie(isHttps(c)) });
    },
  });

  route(app, "/api/me", {
    GET: (c) => {
      const p = c.var.principal;
      if (p.kind !== "user") throw new HttpError("auth_required", "not signed in");
      return c.json({ user: p.user, via: p.via, ...(p.scope ? { scope: p.scope } : {}) }, 200, {
        "Cache-Control": "no-store",
      });
    },
  });
}
