import { describe, expect, it } from "vitest";
import { parseBlocks, parseInline } from "./markdown.ts";

describe("the assistant's Markdown (AI14)", () => {
  it("parses fences, headings, lists and paragraphs; an unclosed fence is code so far", () => {
    const blocks = parseBlocks("# Title\nSome *text*.\n\n- one\n- `two`\n\n```tsx\nconst a = <b/>;\n```\n```js\nlet x");
    expect(blocks.map((b) => b.kind)).toEqual(["heading", "paragraph", "list", "code", "code"]);
    expect(blocks[3]).toEqual({ kind: "code", lang: "tsx", text: "const a = <b/>;" });
    expect(blocks[4]).toEqual({ kind: "code", lang: "js", text: "let x" });
  });

  it("keeps HTML as text and allows only http(s) links", () => {
    expect(parseInline("<img src=x onerror=alert(1)>")).toEqual([
      { kind: "text", text: "<img src=x onerror=alert(1)>" },
    ]);
    expect(parseInline("[a](javascript:alert(1)) [b](https://x.dev)")).toEqual([
      { kind: "text", text: "[a](javascript:alert(1)) " },
      { kind: "link", text: "b", href: "https://x.dev" },
    ]);
    expect(parseInline("**bold** and `code`")).toEqual([
      { kind: "strong", text: "bold" },
      { kind: "text", text: " and " },
      { kind: "code", text: "code" },
    ]);
  });
});
