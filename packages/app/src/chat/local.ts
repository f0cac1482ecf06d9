import { fail, ok, type Result } from "@live/shared";
import type { Principal } from "../auth/can.ts";
import { applyCodeEdit, type CodeEdit } from "../codespace/edits/apply.ts";
import type { CodeSpaceService } from "../codespace/service.ts";
import type { CodeSpaceApi } from "../mcp/tool.ts";

/**
 * The codeSpace as the assistant's tools see it, in-process (rule AI5). Writes are live: each one goes into the
 * Y.Text as a minimal diff (every editor sees it at once) without a version; the turn makes one version at its
 * end (AI6). `onWrite` tells the turn that it wrote. Every write is decided first by `refuse` with the asker's
 * rights as they are now (A6), so a member removed mid-turn stops writing at once.
 */
export function localCodeSpace(
  service: CodeSpaceService,
  onWrite: (at: number) => void,
  refuse: (by: Principal) => Result<never> | null,
): CodeSpaceApi {
  /** Runs a write and reports where it changed the text: the end of the first changed stretch. */
  const write = async <T>(cs: string, by: Principal, run: () => Promise<T>): Promise<T | Result<never>> => {
    const refused = refuse(by);
    if (refused) return refused;
    const before = service.doc(cs).code;
    const result = await run();
    const after = service.doc(cs).code;
    onWrite(changedAt(before, after));
    return result;
  };
  const api = {
    session: (cs: string) => service.session(cs),
    writeCode: (cs: string, code: string, by: Principal) =>
      write(cs, by, () => service.writeCodeWith(cs, () => ok(code), "live")),
    editCode: (cs: string, edit: CodeEdit, by: Principal) =>
      write(cs, by, () => service.writeCodeWith(cs, (code) => applyCodeEdit(code, edit), "live")),
    diagnostics: async (cs: string) => {
      const { version, errors } = await service.session(cs);
      return { version, errors, runtime: service.runtimeErrors() };
    },
    versions: async (cs: string, limit: number, before?: number) => service.versions(cs, limit, before),
    version: async (cs: string, number: number) => service.version(cs, number),
    restore: (cs: string, number: number, by: Principal) =>
      write(cs, by, () =>
        service.writeCodeWith(
          cs,
          () => {
            const v = service.version(cs, number);
            return v.ok ? ok(v.value.code) : fail("not_found", v.error.message);
          },
          "live",
        ),
      ),
  };
  // The RPC stub's types wrap every result; these are the plain values the stub would deliver.
  return api as unknown as CodeSpaceApi;
}

/** The offset in `after` just past the text that replaced the first difference from `before`. */
export function changedAt(before: string, after: string): number {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) {
    end++;
  }
  return after.length - end;
}
