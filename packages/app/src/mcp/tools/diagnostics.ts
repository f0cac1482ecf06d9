// Diagnostics (rules M17, M20): compile without saving, and the errors an agent should fix.
import { MAX_CODE_BYTES, utf8Length } from "@live/shared";
import { z } from "zod";
import { transpilerFor } from "../../codespace/transpiler-binding.ts";
import { codeSpaceOf, Diagnostics, defineTool, describeErrors, diagnostics, done, refuse } from "../tool.ts";

export const validateCode = defineTool({
  name: "validate_code",
  description: "Transpile code without saving; returns diagnostics.",
  input: { code: z.string() },
  output: { ok: z.boolean(), errors: Diagnostics },
  annotations: { readOnlyHint: true },
  async run({ code }, _cs, { env }) {
    const bytes = utf8Length(code);
    if (bytes > MAX_CODE_BYTES) return refuse(`code is ${bytes} bytes; the limit is ${MAX_CODE_BYTES}`);
    const outcome = await transpilerFor(env)(code);
    const errors = outcome.ok ? [] : outcome.diagnostics;
    return done({ ok: outcome.ok, errors: diagnostics(errors) }, describeErrors(errors));
  },
});

export const getErrors = defineTool({
  name: "get_errors",
  description: "Transpile errors, and runtime errors the preview last reported.",
  input: {},
  output: {
    version: z.number(),
    errors: Diagnostics,
    runtimeErrors: z.array(z.string()),
    runtimeVersion: z.number().optional(),
  },
  annotations: { readOnlyHint: true },
  async run(_, cs, ctx) {
    const { version, errors, runtime } = await codeSpaceOf(ctx, cs).diagnostics(cs);
    const value = {
      version,
      errors: diagnostics(errors),
      runtimeErrors: (runtime?.errors ?? []).map((e) => (e.stack ? `${e.message}\n${e.stack}` : e.message)),
      runtimeVersion: runtime?.version,
    };
    let run = "No runtime errors reported yet (a browser must show the preview).";
    if (runtime) {
      const stale =
        runtime.version === version ? "" : ` (reported for version ${runtime.version}, current is ${version})`;
      run = runtime.errors.length
        ? `Runtime errors${stale}:\n${runtime.errors.map((e) => `  ${e.message}`).join("\n")}`
        : `No runtime errors${stale}.`;
    }
    return done(value, `Version ${version}. ${describeErrors(errors)}\n${run}`);
  },
});
