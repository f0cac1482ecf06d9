import { z } from "zod";
import { utf8Length } from "./limits.ts";

/** Limits of the assistant (rules AI10-AI12 in SPEC.md). */
export const MAX_CHAT_TEXT_BYTES = 16 * 1024;
export const MAX_CHAT_BODY_BYTES = 64 * 1024;
export const MAX_CHAT_MESSAGES = 200;
export const DEFAULT_CHAT_TURNS_PER_MINUTE = 10;
export const MAX_AUTHOR_LENGTH = 64;

export const AI_PROVIDERS = ["anthropic", "openai", "openai-compatible"] as const;
export type AiProvider = (typeof AI_PROVIDERS)[number];

/** The body of `POST /live/{cs}/chat`: one user message in the AI SDK's UI message shape. */
export const PostChatSchema = z
  .object({
    message: z.object({
      id: z.string().min(1).max(128),
      role: z.literal("user"),
      parts: z
        .array(z.object({ type: z.literal("text"), text: z.string().min(1) }))
        .min(1)
        .max(20)
        .refine((parts) => utf8Length(parts.map((p) => p.text).join("")) <= MAX_CHAT_TEXT_BYTES, {
          message: `the message text is over ${MAX_CHAT_TEXT_BYTES} bytes`,
          params: { tooLarge: true },
        }),
    }),
    /** Who asks, as the editor shows it (until accounts give every request a principal). */
    author: z.string().max(MAX_AUTHOR_LENGTH).optional(),
  })
  .strict();
export type PostChat = z.infer<typeof PostChatSchema>;

/** What `GET /live/{cs}/chat` says about the provider: never the key, never the base URL. */
export interface ChatConfigView {
  enabled: boolean;
  provider: AiProvider | null;
  model: string | null;
  /** Why it is disabled and what to set. */
  reason?: string;
}

export type TurnStatus = "running" | "done" | "stopped" | "error";

export interface ChatUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

export interface ChatTurn {
  id: string;
  status: TurnStatus;
  author: string;
  model: string;
  versionBefore: number;
  versionAfter: number | null;
  usage: ChatUsage | null;
  startedAt: string;
  finishedAt: string | null;
  error?: string;
}

/** The metadata every stored message carries besides the AI SDK's id, role and parts. */
export interface ChatMessageMetadata {
  author: string;
  turn: string;
  createdAt: string;
  model?: string;
  status?: TurnStatus;
}

/** A UI message as the AI SDK defines it; parts stay loosely typed here so the browser needs no SDK. */
export interface ChatMessage {
  id: string;
  role: "user" | "assistant";
  parts: Array<{ type: string; [key: string]: unknown }>;
  metadata: ChatMessageMetadata;
}

/** A chunk of the AI SDK UI message stream (`x-vercel-ai-ui-message-stream: v1`). */
export type ChatChunk = { type: string; [key: string]: unknown };

/** The data part a turn ends with: its unified diff and the versions around it. */
export interface TurnDiff {
  turn: string;
  diff: string;
  changed: boolean;
  versionBefore: number;
  versionAfter: number | null;
}

export interface ChatState {
  config: ChatConfigView;
  messages: ChatMessage[];
  activeTurn?: ChatTurn;
  turns: ChatTurn[];
}

/** Chat frames on the JSON channel (rule AI8): the same chunks as the HTTP stream, and turn and message events. */
export const ChatServerMessageSchemas = [
  z.object({ type: z.literal("chat-message"), message: z.record(z.string(), z.unknown()) }),
  z.object({
    type: z.literal("chat-chunk"),
    turn: z.string(),
    seq: z.number().int(),
    chunk: z.record(z.string(), z.unknown()),
  }),
  z.object({ type: z.literal("chat-turn"), turn: z.record(z.string(), z.unknown()) }),
] as const;
