import { describe, expect, it } from "vitest";
import { originAllowed } from "./origin.ts";

const url = "https://live.example.com/live/demo/mcp";

describe("Origin validation (M5)", () => {
  it("M5: no Origin (not a browser), the same origin and loopback origins are allowed", () => {
    expect(originAllowed(null, url)).toBe(true);
    expect(originAllowed("https://live.example.com", url)).toBe(true);
    for (const o of ["http://localhost:3000", "http://127.0.0.1:5173", "https://app.localhost", "http://[::1]:8080"]) {
      expect(originAllowed(o, url)).toBe(true);
    }
  });

  it("M5: other origins, opaque and malformed ones are refused unless configured", () => {
    for (const o of [
      "https://evil.example",
      "http://live.example.com",
      "null",
      "not a url",
      "http://127.0.0.1.evil.io",
    ]) {
      expect(originAllowed(o, url)).toBe(false);
    }
    expect(originAllowed("https://app.example.org", url, "https://other.dev, https://App.example.org/")).toBe(true);
    expect(originAllowed("https://evil.example", url, "https://other.dev")).toBe(false);
    expect(originAllowed("https://anything.example", url, "*")).toBe(true);
  });
});
