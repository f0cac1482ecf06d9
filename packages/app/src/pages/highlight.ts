import { escapeHtml } from "./html.ts";

/**
 * A small TSX highlighter for the code the editor page shows before Monaco has rendered (rule U10). It marks
 * what Monaco's TypeScript tokenizer colours (comments, strings, numbers, keywords, capitalised identifiers as
 * types) with the class names `packages/editor/src/editor/editor.css` gives Monaco's theme colours, so the
 * switch to Monaco changes no colour that matters. One pass, no backtracking: linear in the code's length.
 */
const KEYWORDS = new Set(
  (
    "abstract any as asserts async await bigint boolean break case catch class const constructor continue " +
    "debugger declare default delete do else enum export extends false finally for from function get global " +
    "if implements import in infer instanceof interface is keyof let module namespace never new null number " +
    "object of out override package private protected public readonly require return satisfies set static " +
    "string super switch symbol this throw true try type typeof undefined unique unknown var void while with yield"
  ).split(" "),
);

// Order matters: comments before the `/` delimiter, template strings before other strings.
const TOKEN =
  /(\/\/[^\n]*)|(\/\*[\s\S]*?(?:\*\/|$))|(`(?:[^`\\]|\\[\s\S])*`?)|("(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)|(\b(?:0[xX][\da-fA-F_]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?n?)\b)|([A-Za-z_$][\w$]*)/g;

const span = (cls: string, text: string) => `<span class="${cls}">${escapeHtml(text)}</span>`;

/** The code as HTML: escaped text with `<span class="tk-…">` around the tokens Monaco colours. */
export function highlightTsx(code: string): string {
  let out = "";
  let last = 0;
  for (const m of code.matchAll(TOKEN)) {
    const at = m.index ?? 0;
    if (at > last) out += escapeHtml(code.slice(last, at));
    const [text, line, block, template, string, number, word] = m;
    if (line || block) out += span("tk-comment", text);
    else if (template || string) out += span("tk-string", text);
    else if (number) out += span("tk-number", text);
    else if (word && KEYWORDS.has(word)) out += span("tk-keyword", text);
    else if (word && /^[A-Z]/.test(word)) out += span("tk-type", text);
    else out += escapeHtml(text);
    last = at + text.length;
  }
  return out + escapeHtml(code.slice(last));
}
