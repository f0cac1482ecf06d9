import type { Principal } from "./auth/can.ts";

/** Hono typing for the main Worker: the bindings and the per-request variables the middleware sets. */
export interface AppEnv {
  Bindings: Env;
  Variables: { codeSpace: string; principal: Principal };
}
