/** Hono typing for the main Worker: the bindings and the per-request variables the middleware sets. */
export interface AppEnv {
  Bindings: Env;
  Variables: { codeSpace: string };
}
