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

/** The product's icon (the logo's gradient square), inline: no request, no 404 for /favicon.ico. */
export const FAVICON = `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent(
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#a78bfa"/><stop offset="1" stop-color="#22d3ee"/></linearGradient></defs><rect width="32" height="32" rx="8" fill="url(#g)"/></svg>`,
)}">`;

/**
 * The theme a person picked, applied before the first paint (the editor bundle arrives later), so the page and
 * the code it shows at once are not painted in the other theme first. Inline and tiny; it runs by the CSP nonce.
 */
export const THEME_SCRIPT_TEXT =
  'try{var t=localStorage.getItem("live:theme")||(matchMedia("(prefers-color-scheme: light)").matches?"light":"dark");document.documentElement.dataset.theme=t}catch(e){}';
export const themeScript = (nonce: string): string => `<script nonce="${nonce}">${THEME_SCRIPT_TEXT}</script>`;
