import { isValidCodeSpace } from "@live/shared";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { HttpError } from "./errors.ts";

/**
 * Validates the `{codeSpace}` segment of every `/live/...` path before any route runs (rule S1): the raw
 * segment is percent-decoded once and must be 1-64 of A-Z a-z 0-9 _ -, so dots, slashes and encoded
 * traversal are refused with 400 whatever follows them.
 */
export const codeSpaceParam: MiddlewareHandler<AppEnv> = async (c, next) => {
  const raw = new URL(c.req.url).pathname.split("/")[2] ?? "";
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    name = raw;
  }
  if (!isValidCodeSpace(name)) {
    throw new HttpError("invalid_codespace", "a codeSpace name is 1-64 characters of A-Z a-z 0-9 _ -", {
      codeSpace: name.slice(0, 80),
    });
  }
  c.set("codeSpace", name);
  await next();
};

/** The Durable Object that is the single writer of a codeSpace. */
export const codeSpaceStub = (env: Env, name: string) => env.CODE.get(env.CODE.idFromName(name));

/** Relay `shard` of a codeSpace's relay tier (rule C13). */
export const relayStub = (env: Env, name: string, shard: number) =>
  env.RELAY.get(env.RELAY.idFromName(`${name}#relay-${shard}`));
