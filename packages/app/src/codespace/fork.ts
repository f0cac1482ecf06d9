import { fail, isValidCodeSpace, ok, type Result, randomCodeSpaceName, type WriteResult } from "@live/shared";
import type { Principal } from "../auth/can.ts";
import { indexCodeSpace } from "../auth/store.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { markForked } from "../publish/meta-store.ts";

const RANDOM_NAME_ATTEMPTS = 5;

export interface Forked {
  codeSpace: string;
  from: string;
  version: number;
}

/**
 * F1-F3: copies the current session of `source` into a new codeSpace; never overwrites one that was written. A8:
 * anyone may fork (reads are open); writing into an owned `to` needs its rights, and a signed-in forker owns the fork.
 */
export async function forkCodeSpace(
  env: Env,
  source: string,
  to: string | undefined,
  by: Principal,
): Promise<Result<Forked>> {
  if (to !== undefined && !isValidCodeSpace(to)) {
    return fail("invalid_codespace", "`to` must be 1-64 characters of A-Z a-z 0-9 _ -", { to });
  }
  if (to === source) return fail("conflict", "a codeSpace cannot be forked onto itself");
  const { code, transpiled, html, css } = await codeSpaceStub(env, source).session(source);
  const names = to ? [to] : Array.from({ length: RANDOM_NAME_ATTEMPTS }, randomCodeSpaceName);
  for (const name of names) {
    // The RPC stub adds Disposable to each union member, which defeats narrowing on `ok`.
    const result = (await codeSpaceStub(env, name).importFork(name, { code, transpiled, html, css }, by)) as Result<
      WriteResult & { owner: { id: string } | null }
    >;
    if (result.ok) {
      if (result.value.owner) await indexCodeSpace(env.DB, name, result.value.owner.id, source);
      await markForked(env.DB, name, source); // P10
      return ok({ codeSpace: name, from: source, version: result.value.version });
    }
    if (to || result.error.code !== "conflict") return result;
  }
  return fail("conflict", "could not find a free codeSpace name; try again");
}
