import { DEFAULT_CHAT_TURNS_PER_MINUTE, type Result, type ServerMessage } from "@live/shared";
import type { Principal } from "../auth/can.ts";
import type { CodeSpaceService } from "../codespace/service.ts";
import { type AiVars, resolveAi } from "./config.ts";
import { localCodeSpace } from "./local.ts";
import { createModel } from "./model.ts";
import { ChatService } from "./service.ts";
import { SqliteChatStore } from "./sqlite-store.ts";
import { chatTools } from "./tools.ts";

/** What the assistant needs from its Durable Object besides storage and the codeSpace. */
export interface ChatHost {
  /** Sends a frame to every JSON channel client of the room (rule AI8). */
  broadcast(message: ServerMessage): void;
  /** Moves the Assistant's cursor (null: gone), rule AI6. */
  presence(at: number | null): void;
  /** Who asked for the running turn. */
  asker(): Principal;
  /** The object's write check (A6): null when `by` may write now. */
  refuse(by: Principal): Result<never> | null;
}

/**
 * Builds the assistant inside the codeSpace's Durable Object: SQLite storage, the configured provider, the
 * MCP tools run in-process with the asker's rights, the room's JSON channel for broadcasts. Loaded on first use,
 * so a codeSpace whose chat is never opened never evaluates the AI SDK.
 */
export function buildChat(
  state: DurableObjectState,
  env: Env,
  codeSpace: string,
  service: CodeSpaceService,
  host: ChatHost,
): ChatService {
  const vars = env as unknown as AiVars & { AI_TURNS_PER_MINUTE?: string };
  return new ChatService({
    codeSpace,
    store: new SqliteChatStore(state.storage.sql),
    code: service,
    ai: resolveAi(vars),
    model: (config) => createModel(config),
    tools: (onWrite) =>
      chatTools({
        env,
        codeSpace,
        principal: host.asker(),
        ip: "assistant",
        local: localCodeSpace(service, onWrite, host.refuse),
      }),
    broadcast: (m) => host.broadcast(m),
    presence: (at) => host.presence(at),
    keepAlive: (work) => state.waitUntil(work),
    turnsPerMinute: Number(vars.AI_TURNS_PER_MINUTE) || DEFAULT_CHAT_TURNS_PER_MINUTE,
  });
}
