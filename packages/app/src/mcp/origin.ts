/**
 * Rule M5: which browser origins may call the MCP endpoint. Clients that are not browsers send no Origin
 * and are allowed; a browser page is allowed from this server's own origin, from localhost (any port), or from
 * an origin listed in configuration (`MCP_ALLOWED_ORIGINS`, comma-separated; `*` allows any).
 */
export function originAllowed(origin: string | null, requestUrl: string, configured = ""): boolean {
  if (origin === null) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // "null" (a sandboxed or file: page) and anything malformed
  }
  if (parsed.origin === new URL(requestUrl).origin) return true;
  if ((parsed.protocol === "http:" || parsed.protocol === "https:") && isLoopback(parsed.hostname)) return true;
  const allowed = configured
    .split(",")
    .map((o) => o.trim().replace(/\/+$/, "").toLowerCase())
    .filter(Boolean);
  return allowed.includes("*") || allowed.includes(parsed.origin.toLowerCase());
}

const isLoopback = (host: string): boolean =>
  host === "localhost" || host.endsWith(".localhost") || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
