import { DurableObject } from "cloudflare:workers";
import type { Result, Session, SessionFields, Version, VersionPage, WriteResult } from "@live/shared";
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
