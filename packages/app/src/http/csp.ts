/**
 * The Content-Security-Policy of the app's own pages: editor, landing, settings (rule A20). The preview is not one
 * of them: it keeps its CSP sandbox (an opaque origin, U2). What each source is for:
 * - script-src 'self' plus a per-response nonce for a page's one inline script; 'wasm-unsafe-eval' for the
 *   editor's esbuild-wasm (no 'unsafe-eval': nothing here evaluates strings);
 * - style-src 'unsafe-inline': Monaco and Emotion set styles at run time;
 * - worker-src 'self' blob:: Monaco's and the transpiler's workers;
 * - connect-src: this origin's HTTP and WebSockets, and the configured import CDN (the editor fetches types there);
 * - frame-src 'self': the preview iframe; frame-ancestors 'self': no one else frames the editor (clickjacking).
 */
export function pageCsp(origin: string, opts: { nonce?: string; importCdn?: string } = {}): string {
  const ws = origin.replace(/^http/, "ws");
  const connect = ["'self'", ws];
  const cdn = cdnOrigin(opts.importCdn);
  if (cdn) connect.push(cdn);
  const script = ["'self'", "'wasm-unsafe-eval'"];
  if (opts.nonce) script.push(`'nonce-${opts.nonce}'`);
  return [
    "default-src 'self'",
    `script-src ${script.join(" ")}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect.join(" ")}`,
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join("; ");
}

/** A fresh nonce per response: a page's inline script runs, injected ones do not. */
export const newNonce = (): string => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));

function cdnOrigin(pattern: string | undefined): string | null {
  if (!pattern) return null;
  try {
    return new URL(pattern.replace(/\{[a-zA-Z]+\}/g, "x")).origin;
  } catch {
    return null;
  }
}

/** The headers every app page sends with its CSP. */
export const pageHeaders = (csp: string): Record<string, string> => ({
  "Content-Security-Policy": csp,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "Cache-Control": "no-store",
});
