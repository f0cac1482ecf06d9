/** Escaping for the few places where stored or user text goes into a page we serve. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON safe inside <script>: no `</script>`, no HTML comment openers, no line separators. */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

/** CSS safe inside <style>: it cannot close the element. */
export const styleText = (css: string): string => css.replace(/<\/(style)/gi, "<\\/$1");
