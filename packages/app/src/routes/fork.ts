import {
  ForkSchema,
  isValidCodeSpace,
  MAX_JSON_BODY_BYTES,
  type Result,
  randomCodeSpaceName,
  type WriteResult,
} from "@live/shared";
import type { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/body.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { fromFailure, HttpError } from "../http/errors.ts";
import { route } from "../http/route.ts";

const RANDOM_NAME_ATTEMPTS = 5;

/** F1-F3: copy the current session into a new codeSpace; never overwrite one that was written. */
export function forkRoutes(app: Hono<AppEnv>): void {
  route(app, "/live/:codeSpace/api/fork", {
    POST: async (c) => {
      const { to } = await readJson(c.req.raw, ForkSchema, MAX_JSON_BODY_BYTES);
      if (to !== undefined && !isValidCodeSpace(to)) {
        throw new HttpError("invalid_codespace", "`to` must be 1-64 characters of A-Z a-z 0-9 _ -", { to });
      }
      const source = c.var.codeSpace;
      if (to === source) throw new HttpError("conflict", "a codeSpace cannot be forked onto itself");
      const { code, transpiled, html, css } = await codeSpaceStub(c.env, source).session(source);
      const names = to ? [to] : Array.from({ length: RANDOM_NAME_ATTEMPTS }, randomCodeSpaceName);
      for (const name of names) {
        const fields = { code, transpiled, html, css };
        // The RPC stub adds Disposable to each union member, which defeats narrowing on `ok`.
        const result = (await codeSpaceStub(c.env, name).importFork(name, fields)) as Result<WriteResult>;
        if (result.ok) return c.json({ codeSpace: name, from: source, version: result.value.version }, 201);
        if (to || result.error.code !== "conflict") throw fromFailure(result);
      }
      throw new HttpError("conflict", "could not find a free codeSpace name; try again");
    },
  });
}
