import { MAX_CHAT_BODY_BYTES, PostChatSchema, type Result } from "@live/shared";
import type { Hono } from "hono";
import { type AiVars, resolveAi } from "../chat/config.ts";
import { SSE_HEADERS } from "../chat/sse.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/body.ts";
import { codeSpaceStub } from "../http/codespace.ts";
import { HttpError, unwrap } from "../http/errors.ts";
import { clientIp } from "../http/limits.ts";
import { route } from "../http/route.ts";

/** Turn ids are UUIDs; anything else is refused before it reaches the Durable Object. */
const TURN_ID = /^[0-9a-f-]{36}$/;

const turnParam = (raw: string | undefined): string => {
  if (!raw || !TURN_ID.test(raw))
    throw new HttpError("bad_request", "turn must be a turn id from GET chat", { turn: raw });
  return raw;
};

/**
 * The assistant's endpoints (rules AI1-AI13 in SPEC.md). The Durable Object owns every turn and decides, with its
 * own policy, whether the caller may start, stop or undo one (AI13); these routes check input and pass the stream
 * through.
 */
export function chatRoutes(app: Hono<AppEnv>): void {
  route(app, "/live/:codeSpace/chat", {
    GET: async (c) => c.json(await codeSpaceStub(c.env, c.var.codeSpace).chatState(c.var.codeSpace)),
    POST: async (c) => {
      const cs = c.var.codeSpace;
      // AI1: with no provider, say what to set, before reading the body or waking the Durable Object.
      const ai = resolveAi(c.env as unknown as AiVars);
      if (!ai.ok) throw new HttpError("ai_not_configured", ai.reason);
      const body = await readJson(c.req.raw, PostChatSchema, MAX_CHAT_BODY_BYTES);
      const stub = codeSpaceStub(c.env, cs);
      const started = (await stub.chatStart(cs, body, clientIp(c.req.raw), c.var.principal)) as Result<{
        turn: { id: string };
        stream: ReadableStream<Uint8Array>;
      }>;
      if (!started.ok && started.error.code === "rate_limited") {
        const retry = String(started.error.details?.retryAfter ?? 60);
        throw new HttpError("rate_limited", started.error.message, started.error.details, { "Retry-After": retry });
      }
      const { turn, stream } = unwrap(started);
      return new Response(stream, { headers: { ...SSE_HEADERS, "x-chat-turn": turn.id } });
    },
  });

  route(app, "/live/:codeSpace/chat/stream", {
    GET: async (c) => {
      const cs = c.var.codeSpace;
      const turn = turnParam(c.req.query("turn"));
      const stream = await codeSpaceStub(c.env, cs).chatStream(cs, turn);
      if (!stream) throw new HttpError("not_found", `this codeSpace has no turn ${turn}`);
      return new Response(stream, { headers: { ...SSE_HEADERS, "x-chat-turn": turn } });
    },
  });

  route(app, "/live/:codeSpace/chat/stop", {
    POST: async (c) => {
      const cs = c.var.codeSpace;
      return c.json(unwrap(await codeSpaceStub(c.env, cs).chatStop(cs, c.var.principal)));
    },
  });

  route(app, "/live/:codeSpace/chat/turns/:turn/undo", {
    POST: async (c) => {
      const cs = c.var.codeSpace;
      const turn = turnParam(c.req.param("turn"));
      return c.json(unwrap(await codeSpaceStub(c.env, cs).chatUndo(cs, turn, c.var.principal)));
    },
  });
}
