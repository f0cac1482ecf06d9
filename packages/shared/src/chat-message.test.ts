import { describe, expect, it } from "vitest";
import type { ChatChunk } from "./chat.ts";
import { applyChunk, type ChatPart } from "./chat-message.ts";

const step = (toolName: string, input: unknown, output: string): Record<string, unknown>[] => [
  { type: "start-step" },
  { type: "tool-input-start", toolCallId: "call_0", toolName },
  { type: "tool-input-available", toolCallId: "call_0", toolName, input },
  { type: "tool-output-available", toolCallId: "call_0", output },
  { type: "finish-step" },
];

describe("applyChunk", () => {
  it("keeps each step's tool call apart when a model server reuses the id in every step", () => {
    let parts: ChatPart[] = [];
    for (const c of [...step("read_code", {}, "the code"), ...step("edit_code", { edits: [] }, "changed")]) {
      parts = applyChunk(parts, c as unknown as ChatChunk);
    }
    const calls = parts.filter((p) => p.type.startsWith("tool-"));
    expect(calls).toEqual([
      { type: "tool-read_code", toolCallId: "call_0", state: "output-available", input: {}, output: "the code" },
      {
        type: "tool-edit_code",
        toolCallId: "call_0",
        state: "output-available",
        input: { edits: [] },
        output: "changed",
      },
    ]);
  });
});
