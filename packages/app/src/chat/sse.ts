import type { ChatChunk } from "@live/shared";

export type SseStream = ReadableStream<Uint8Array>;

/** The headers of the AI SDK's UI message stream protocol (rule AI3), which `useChat` and our panel read. */
export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-vercel-ai-ui-message-stream": "v1",
  "x-accel-buffering": "no",
} as const;

const encoder = new TextEncoder();
const frame = (chunk: ChatChunk): Uint8Array => encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`);
const DONE = encoder.encode("data: [DONE]\n\n");

/**
 * An SSE stream of `replay`, then (when `live` is given) of every chunk added to it until a null ends it.
 * Replay and subscription happen in one synchronous step, so no chunk is lost or sent twice in between.
 * Cancelling (the browser went away) only unsubscribes: the turn goes on (rule AI9).
 */
export function sseStream(replay: ChatChunk[], live: Set<(chunk: ChatChunk | null) => void> | null): SseStream {
  let listener: ((chunk: ChatChunk | null) => void) | null = null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of replay) controller.enqueue(frame(chunk));
      if (!live) {
        controller.enqueue(DONE);
        controller.close();
        return;
      }
      const own = (chunk: ChatChunk | null) => {
        try {
          if (chunk) return controller.enqueue(frame(chunk));
          controller.enqueue(DONE);
          controller.close();
        } catch {
          // The reader went away; the turn does not care.
        }
        live.delete(own);
      };
      listener = own;
      live.add(own);
    },
    cancel() {
      if (listener) live?.delete(listener);
    },
  });
}
