import { applyChunk, type ChatChunk, type ChatPart, settleParts } from "@live/shared";
import {
  convertToModelMessages,
  type LanguageModel,
  stepCountIs,
  streamText,
  type ToolSet,
  type UIMessage,
  type UIMessageChunk,
} from "ai";

/** Rule AI4: the bounds of one turn. */
export const TURN_LIMITS = { maxSteps: 12, maxOutputTokens: 4096, timeoutMs: 180_000, historyMessages: 40 };
export type TurnLimits = typeof TURN_LIMITS;

export interface TurnInput {
  /** A provider model, or a mock: the loop does not know which (tests give it a fake server's URL). */
  model: LanguageModel;
  system: string;
  /** The conversation so far, the new user message last; only the newest `historyMessages` are sent. */
  messages: UIMessage[];
  tools: ToolSet;
  signal: AbortSignal;
  /** The id of the assistant message this turn writes. */
  messageId: string;
  onChunk: (chunk: UIMessageChunk) => void;
  /** Turns a provider or tool error into text that is safe to show (and log): no key, no internals. */
  describeError: (error: unknown) => string;
  limits?: Partial<TurnLimits>;
}

export interface TurnUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

export interface TurnOutcome {
  /** The assistant message as the UI stream built it: what was said and done, even when cut short. */
  message: UIMessage;
  aborted: boolean;
  finishReason: string;
  usage: TurnUsage | null;
  error?: string;
}

/**
 * One assistant turn: the model may call tools up to `maxSteps` times; every UI stream chunk (text deltas,
 * tool inputs and outputs) goes to `onChunk` as it happens. It never emits `finish`: the caller adds the
 * turn's diff first, then finishes the message.
 */
export async function runTurn(input: TurnInput): Promise<TurnOutcome> {
  const limits = { ...TURN_LIMITS, ...input.limits };
  const messages = await convertToModelMessages(input.messages.slice(-limits.historyMessages), {
    tools: input.tools,
    ignoreIncompleteToolCalls: true,
  });
  let usage: TurnUsage | null = null;
  let finishReason = "unknown";
  let error: string | undefined;
  const result = streamText({
    model: input.model,
    system: input.system,
    messages,
    tools: input.tools,
    stopWhen: stepCountIs(limits.maxSteps),
    maxOutputTokens: limits.maxOutputTokens,
    abortSignal: input.signal,
    // The SDK's default logs the whole error (request included); ours logs nothing it was not told is safe.
    onError: ({ error: e }) => {
      error = input.describeError(e);
    },
    onFinish: ({ totalUsage, finishReason: reason }) => {
      usage = pickUsage(totalUsage);
      finishReason = reason;
    },
    onAbort: () => {
      finishReason = "aborted";
    },
  });
  // The message is folded from the chunks as they pass (the SDK's own onFinish has nothing after an abort).
  const parts: ChatPart[] = [];
  const stream = result.toUIMessageStream({
    sendFinish: false,
    generateMessageId: () => input.messageId,
    onError: (e) => {
      error = input.describeError(e);
      return error;
    },
  });
  try {
    for await (const raw of stream) {
      // A stop cuts the provider's response short, which the SDK reports as a failed response: it is an abort.
      const chunk = raw.type === "error" && input.signal.aborted ? ({ type: "abort" } as const) : raw;
      applyChunk(parts, chunk as ChatChunk);
      input.onChunk(chunk);
    }
  } catch (e) {
    if (!input.signal.aborted) {
      error = input.describeError(e);
      input.onChunk({ type: "error", errorText: error });
    }
  }
  const message = { id: input.messageId, role: "assistant", parts: settleParts(parts) } as UIMessage;
  const aborted = input.signal.aborted;
  if (aborted) error = undefined;
  return { message, aborted, finishReason: aborted ? "stop" : error ? "error" : finishReason, usage, error };
}

function pickUsage(u: { inputTokens?: number; outputTokens?: number; totalTokens?: number }): TurnUsage {
  return { inputTokens: u.inputTokens, outputTokens: u.outputTokens, totalTokens: u.totalTokens };
}
