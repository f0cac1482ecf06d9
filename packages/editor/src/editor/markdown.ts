// A small Markdown renderer for the assistant's answers. Model text is never HTML: it is tokenized here and
// built with createElement/textContent, so nothing it says can inject markup or script (rule AI14).

export type Inline =
  | { kind: "text"; text: string }
  | { kind: "code"; text: string }
  | { kind: "strong"; text: string }
  | { kind: "em"; text: string }
  | { kind: "link"; text: string; href: string };

export type Block =
  | { kind: "code"; lang: string; text: string }
  | { kind: "heading"; level: number; inline: Inline[] }
  | { kind: "list"; ordered: boolean; items: Inline[][] }
  | { kind: "paragraph"; inline: Inline[] };

/** Splits Markdown into blocks; an unclosed fence (an answer still streaming) is a code block so far. */
export function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n/g, "\n").split("\n");
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ kind: "paragraph", inline: parseInline(para.join("\n")) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fence = /^\s*```\s*([\w+-]*)/.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```\s*$/.test(lines[i] as string)) body.push(lines[i++] as string);
      blocks.push({ kind: "code", lang: fence[1] ?? "", text: body.join("\n") });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: "heading", level: (heading[1] as string).length, inline: parseInline(heading[2] as string) });
      continue;
    }
    const item = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush();
      const ordered = /\d/.test(item[1] as string);
      const last = blocks[blocks.length - 1];
      const inline = parseInline(item[2] as string);
      if (last?.kind === "list" && last.ordered === ordered) last.items.push(inline);
      else blocks.push({ kind: "list", ordered, items: [inline] });
      continue;
    }
    if (line.trim() === "") flush();
    else para.push(line);
  }
  flush();
  return blocks;
}

/** Inline code, **strong**, *em* / _em_, and [links](http...) whose target is http(s) only. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|_([^_\s][^_]*)_|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > at) out.push({ kind: "text", text: text.slice(at, m.index) });
    if (m[1] !== undefined) out.push({ kind: "code", text: m[1] });
    else if (m[2] !== undefined) out.push({ kind: "strong", text: m[2] });
    else if (m[3] !== undefined || m[4] !== undefined) out.push({ kind: "em", text: (m[3] ?? m[4]) as string });
    else out.push({ kind: "link", text: m[5] as string, href: m[6] as string });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ kind: "text", text: text.slice(at) });
  return out;
}

const make = (tag: string, text?: string, cls?: string): HTMLElement => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};

function inlineNodes(parts: Inline[]): Node[] {
  return parts.map((p) => {
    if (p.kind === "text") return document.createTextNode(p.text);
    if (p.kind === "code") return make("code", p.text);
    if (p.kind === "strong") return make("strong", p.text);
    if (p.kind === "em") return make("em", p.text);
    const a = make("a", p.text) as HTMLAnchorElement;
    a.href = p.href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  });
}

/** The DOM of a Markdown text, built from text nodes only. */
export function renderMarkdown(source: string): HTMLElement {
  const root = make("div", undefined, "md");
  for (const b of parseBlocks(source)) {
    if (b.kind === "code") {
      const pre = make("pre", undefined, "md-code");
      const code = make("code", b.text);
      if (b.lang) code.dataset.lang = b.lang;
      pre.append(code);
      root.append(pre);
    } else if (b.kind === "heading") {
      const h = make(`h${Math.min(6, b.level + 2)}`);
      h.append(...inlineNodes(b.inline));
      root.append(h);
    } else if (b.kind === "list") {
      const list = make(b.ordered ? "ol" : "ul");
      for (const item of b.items) {
        const li = make("li");
        li.append(...inlineNodes(item));
        list.append(li);
      }
      root.append(list);
    } else {
      const p = make("p");
      p.append(...inlineNodes(b.inline));
      root.append(p);
    }
  }
  return root;
}
