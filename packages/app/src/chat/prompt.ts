import type { Diagnostic, RuntimeErrorReport } from "@live/shared";

/** More code than this is not pasted into the prompt: the model reads it with read_code or find_lines. */
const MAX_PROMPT_CODE_CHARS = 48_000;

export interface PromptInput {
  codeSpace: string;
  code: string;
  version: number;
  errors: Diagnostic[];
  runtime: RuntimeErrorReport | null;
}

/** Rule AI4: the system prompt carries the current code (numbered, as edit_code counts lines) and its errors. */
export function systemPrompt(p: PromptInput): string {
  const numbered =
    p.code.length > MAX_PROMPT_CODE_CHARS
      ? `(${p.code.length} characters: too long to show here; read it with read_code or find_lines)`
      : p.code
          .split("\n")
          .map((line, i) => `${String(i + 1).padStart(4)}| ${line}`)
          .join("\n");
  const transpile = p.errors.length
    ? p.errors.map((e) => `  ${e.line}:${e.column} ${e.text}`).join("\n")
    : "  none: it compiles";
  const runtime = p.runtime?.errors.length
    ? p.runtime.errors.map((e) => `  ${e.message}`).join("\n")
    : "  none reported";
  return `You are the assistant of codeSpace "${p.codeSpace}", a live React component (TSX, one file, a default
export) that everyone in this room sees and edits together in real time. Answer questions about it and change it
when asked. Change code only with the tools (edit_code for line ranges, search_and_replace for text,
update_code only to rewrite everything); your edits appear at once in every editor and merge with what people
type, so re-read (read_code) before editing if time has passed. After editing, check get_errors. Keep answers
short; use Markdown, and fenced code blocks for code.

Current code (version ${p.version}; the "  N| " prefixes are line numbers, not part of the code):
${numbered}

Transpile errors:
${transpile}
Runtime errors the preview reported:
${runtime}`;
}
