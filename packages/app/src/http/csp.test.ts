import { describe, expect, it } from "vitest";
import { pageCsp } from "./csp.ts";

describe("page CSP (A20)", () => {
  it("A20: names the issue's directives, the nonce, this origin's sockets and the import CDN's origin", () => {
    const csp = pageCsp("https://live.example", { nonce: "abc", importCdn: "https://cdn.example/{pkg}?x={external}" });
    for (const d of [
      "default-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'self'",
      "frame-src 'self'",
    ]) {
      expect(csp).toContain(d);
    }
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'nonce-abc'");
    expect(csp).toContain("connect-src 'self' wss://live.example https://cdn.example");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(pageCsp("http://127.0.0.1:1")).toContain("connect-src 'self' ws://127.0.0.1:1;");
  });
});
