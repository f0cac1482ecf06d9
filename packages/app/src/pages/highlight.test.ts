import { describe, expect, it } from "vitest";
import { highlightTsx } from "./highlight.ts";

const plain = (html: string) =>
  html.replace(/<[^>]+>/g, "").replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

describe("U10: the first-paint highlighter", () => {
  it("keeps the text exactly and marks what Monaco colours", () => {
    const code = `import { useState } from "react";\n// note <b>\nconst n = 0x1f; /* a\nb */ const s = \`t \${n}\`;\nexport default () => <App x='1' />;\n`;
    const html = highlightTsx(code);
    expect(plain(html)).toBe(code);
    expect(html).toContain('<span class="tk-keyword">import</span>');
    expect(html).toContain('<span class="tk-string">&#34;react&#34;</span>');
    expect(html).toContain('<span class="tk-comment">// note &#60;b&#62;</span>');
    expect(html).toContain('<span class="tk-number">0x1f</span>');
    expect(html).toContain('<span class="tk-type">App</span>');
    expect(html).toContain('<span class="tk-comment">/* a\nb */</span>');
  });

  it("never lets the code close its element, and is linear on unterminated input", () => {
    expect(highlightTsx("</pre><script>x</script>")).not.toMatch(/<\/?(pre|script)/);
    const long = `"${"a".repeat(200_000)}\n/*${"b".repeat(200_000)}`;
    expect(plain(highlightTsx(long))).toBe(long);
  });
});
