import type { ChatChunk } from "./chat.ts";

/** A part of a UI message, in the AI SDK's shape (`text`, `reasoning`, `tool-{name}`, `data-{name}`, `step-start`). */
export type ChatPart = { type: string; [key: string]: unknown };

/**
 * Folds one UI message stream chunk into a message's parts, as the AI SDK's `readUIMessageStream` does, for
 * the parts the assistant sends. The server stores what it folded (so a stopped turn keeps what it had said),
 * and the editor folds the same chunks to render them live: both see one message.
 */
export function applyChunk(parts: ChatPart[], chunk: ChatChunk): ChatPart[] {
  const c = chunk as Record<string, unknown> & { type: string };
  const textLike = (kind: "text" | "reasoning") =>
    parts.find((p) => p.type === kind && p.id === c.id && p.state === "streaming");
  // The newest call with this id: some local model servers number calls per response (call_0 in every step).
  const toolPart = () => {
    for (let i = parts.length - 1; i >= 0; i--) {
      const p = parts[i] as ChatPart;
      if (p.type === "step-start") return undefined;
      if (p.type.startsWith("tool-") && p.toolCallId === c.toolCallId) return p;
    }
    return undefined;
  };
  switch (c.type) {
    case "start-step":
      parts.push({ type: "step-start" });
      break;
    case "text-start":
    case "reasoning-start":
      parts.push({ type: c.type.slice(0, -6), id: c.id, text: "", state: "streaming" });
      break;
    case "text-delta":
    case "reasoning-delta": {
      const p = textLike(c.type === "text-delta" ? "text" : "reasoning");
      if (p) p.text = `${p.text}${c.delta}`;
      break;
    }
    case "text-end":
    case "reasoning-end": {
      const p = textLike(c.type === "text-end" ? "text" : "reasoning");
      if (p) p.state = "done";
      break;
    }
    case "tool-input-start":
      parts.push({ type: `tool-${c.toolName}`, toolCallId: c.toolCallId, state: "input-streaming", input: undefined });
      break;
    case "tool-input-available":
    case "tool-input-error": {
      const p = toolPart() ?? { type: `tool-${c.toolName}`, toolCallId: c.toolCallId };
      if (!parts.includes(p)) parts.push(p);
      p.input = c.input;
      p.state = c.type === "tool-input-error" ? "output-error" : "input-available";
      if (c.errorText !== undefined) p.errorText = c.errorText;
      break;
    }
    case "tool-output-available": {
      const p = toolPart();
      if (p) Object.assign(p, { state: "output-available", output: c.output });
      break;
    }
    case "tool-output-error": {
      const p = toolPart();
      if (p) Object.assign(p, { state: "output-error", errorText: c.errorText });
      break;
    }
    default:
      if (c.type.startsWith("data-")) parts.push({ type: c.type, id: c.id, data: c.data });
  }
  return parts;
}

/** Closes what a stopped turn left open: text still streaming is done, a tool call without output failed. */
export function settleParts(parts: ChatPart[]): ChatPart[] {
  for (const p of parts) {
    if (p.state === "streaming") p.state = "done";
    if (p.type.startsWith("tool-") && (p.state === "input-streaming" || p.state === "input-available")) {
      p.state = "output-error";
      p.errorText = "the turn was stopped before this call finished";
      if (p.input === undefined) p.input = {};
    }
  }
  return parts;
}
