import { DurableObject } from "cloudflare:workers";
import type {
  Diagnostic,
  Result,
  RuntimeError,
  RuntimeErrorReport,
  Session,
  SessionFields,
  Version,
  VersionPage,
  WriteResult,
} from "@live/shared";
import { applyCodeEdit, type CodeEdit, type EditReport } from "../codespace/edits/apply.ts";
import { CodeSpaceService } from "../codespace/service.ts";
import { transpilerFor } from "../codespace/transpiler-binding.ts";
import { SqliteStore } from "../storage/sqlite.ts";

/**
 * One Durable Object per codeSpace, its single writer. A thin shell: it builds the SQLite store and the
 * runtime-free CodeSpaceService at start-up and hands every call to it.
 */
export class Code extends DurableObject<Env> {
  private service!: CodeSpaceService;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Start-up is synchronous SQL plus object construction: if it throws, the next request retries it.
    ctx.blockConcurrencyWhile(async () => {
      const store = new SqliteStore(ctx.storage);
      store.migrate();
      this.service = new CodeSpaceService(store, transpilerFor(env));
    });
  }

  session(codeSpace: string): Promise<Session> {
    return this.service.session(codeSpace);
  }

  writeCode(codeSpace: string, code: string): Promise<Result<WriteResult>> {
    return this.service.writeCode(codeSpace, code);
  }

  writeRendered(codeSpace: string, render: { html?: string; css?: string }): Promise<Result<WriteResult>> {
    return this.service.writeRendered(codeSpace, render);
  }

  /** A read-modify-write (MCP edit_code, search_and_replace), atomic inside the write queue (rule M13). */
  editCode(codeSpace: string, edit: CodeEdit): Promise<Result<WriteResult & { extra?: EditReport }>> {
    return this.service.writeCodeWith(codeSpace, (code) => applyCodeEdit(code, edit));
  }

  /** What a preview reports (PUT api/session): html/css (S6) and its runtime errors (M20). */
  async reportRender(
    codeSpace: string,
    report: { html?: string; css?: string; runtimeErrors?: RuntimeError[] },
  ): Promise<Result<WriteResult>> {
    const { runtimeErrors, ...render } = report;
    const result = await this.service.writeRendered(codeSpace, render);
    if (result.ok && runtimeErrors) this.service.reportRuntimeErrors(runtimeErrors);
    return result;
  }

  /** Transpile diagnostics of the current code and the last runtime error report (MCP get_errors). */
  async diagnostics(
    codeSpace: string,
  ): Promise<{ version: number; errors: Diagnostic[]; runtime: RuntimeErrorReport | null }> {
    const { version, errors } = await this.service.session(codeSpace);
    return { version, errors, runtime: this.service.runtimeErrors() };
  }

  versions(codeSpace: string, limit: number, before?: number): VersionPage {
    return this.service.versions(codeSpace, limit, before);
  }

  version(codeSpace: string, number: number): Result<Version> {
    return this.service.version(codeSpace, number);
  }

  restore(codeSpace: string, number: number): Promise<Result<WriteResult>> {
    return this.service.restore(codeSpace, number);
  }

  importFork(codeSpace: string, from: SessionFields): Promise<Result<WriteResult>> {
    return this.service.importFork(codeSpace, from);
  }
}
