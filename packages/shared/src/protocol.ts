import { z } from "zod";
import { ChatServerMessageSchemas } from "./chat.ts";
import { MAX_CODE_BYTES, utf8Length } from "./limits.ts";
import { DiagnosticSchema } from "./session.ts";

/**
 * Every WebSocket message of the JSON channel (`/live/{cs}/websocket`) and every close code, in one place
 * (rules C1-C12 in SPEC.md). The Yjs channel (`/live/{cs}/yjs`) speaks the stock y-websocket protocol.
 */
export const PROTOCOL_VERSION = 1;

/** Close codes: the standard ones we use, and ours in the 4000-4999 range. */
export const CLOSE = {
  normal: 1000,
  going_away: 1001,
  unsupported_data: 1003,
  policy_violation: 1008,
  message_too_big: 1009,
  internal_error: 1011,
  try_again_later: 1013,
  document_too_large: 4413,
} as const;

/** Max frame size on either channel; a bigger frame closes the socket with 1009. */
export const MAX_FRAME_BYTES = 1024 * 1024;

export const ClientMessageSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("session-update"),
      code: z.string().refine((s) => utf8Length(s) <= MAX_CODE_BYTES, `code is over ${MAX_CODE_BYTES} bytes`),
    })
    .strict(),
  z.object({ type: z.literal("ping") }).strict(),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

const SessionUpdateSchema = z.object({
  type: z.literal("session-update"),
  codeSpace: z.string(),
  hash: z.string(),
  version: z.number().int(),
  code: z.string(),
  transpiled: z.string(),
  html: z.string(),
  css: z.string(),
  errors: z.array(DiagnosticSchema),
});

export const ServerMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("handshake"),
    protocol: z.literal(PROTOCOL_VERSION),
    codeSpace: z.string(),
    hash: z.string(),
    version: z.number().int(),
  }),
  SessionUpdateSchema,
  z.object({ type: z.literal("pong") }),
  z.object({ type: z.literal("ack"), hash: z.string(), version: z.number().int(), changed: z.boolean() }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
  ...ChatServerMessageSchemas,
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
export type SessionUpdateMessage = z.infer<typeof SessionUpdateSchema>;

export const WS_ERROR_CODES = [
  "invalid_json",
  "invalid_message",
  "unknown_type",
  "binary_not_supported",
  "payload_too_large",
  "rate_limited",
  "write_failed",
  "forbidden",
] as const;

/** Parses one text frame of the JSON channel into a message, or the error to send back. */
export function parseClientMessage(
  text: string,
): { ok: true; message: ClientMessage } | { ok: false; code: (typeof WS_ERROR_CODES)[number]; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: "invalid_json", message: "a frame must be one JSON object" };
  }
  const type = (raw as { type?: unknown } | null)?.type;
  if (type !== "session-update" && type !== "ping") {
    return {
      ok: false,
      code: "unknown_type",
      message: `unknown message type ${JSON.stringify(type)}; use session-update or ping`,
    };
  }
  const parsed = ClientMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const tooBig = issue?.message.includes("bytes");
    return {
      ok: false,
      code: tooBig ? "payload_too_large" : "invalid_message",
      message: `${issue?.path.join(".") || "message"}: ${issue?.message}`,
    };
  }
  return { ok: true, message: parsed.data };
}

/**
 * The relay tier (rule C13): between a codeSpace's writer object and its relay objects, never reachable by a
 * client (the Worker routes no path to it). A relay is a JSON client of the writer: it receives every frame the
 * writer's JSON sockets receive, plus the access policy; it reports how many viewers it holds.
 */
const PublicUserSchema = z.object({ id: z.string(), handle: z.string() });
export const RelayPolicySchema = z.object({
  type: z.literal("relay-policy"),
  policy: z.object({
    mode: z.enum(["open", "owned"]),
    owner: PublicUserSchema.optional(),
    editors: z.array(PublicUserSchema),
  }),
});
export type RelayPolicyMessage = z.infer<typeof RelayPolicySchema>;
export const RelayCountSchema = z.object({ type: z.literal("relay-count"), viewers: z.number().int().min(0) }).strict();
export type RelayCountMessage = z.infer<typeof RelayCountSchema>;
