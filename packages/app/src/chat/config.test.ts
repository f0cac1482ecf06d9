import { describe, expect, it } from "vitest";
import { redact, resolveAi, view } from "./config.ts";

describe("assistant configuration (AI1, AI2)", () => {
  it("AI1: nothing set is disabled, with what to set", () => {
    const r = resolveAi({});
    expect(r.ok).toBe(false);
    expect(view(r)).toMatchObject({ enabled: false, provider: null, model: null });
    expect(view(r).reason).toMatch(/AI_API_KEY.*AI_BASE_URL/s);
  });

  it("AI1: the provider is inferred from the key that is set, or a base URL alone", () => {
    expect(resolveAi({ ANTHROPIC_API_KEY: "a-key" })).toMatchObject({
      ok: true,
      config: { provider: "anthropic", apiKey: "a-key", baseURL: "https://api.anthropic.com/v1" },
    });
    expect(resolveAi({ OPENAI_API_KEY: "o-key" })).toMatchObject({ ok: true, config: { provider: "openai" } });
    expect(resolveAi({ AI_BASE_URL: "http://127.0.0.1:8080/v1/", AI_MODEL: "qwen" })).toEqual({
      ok: true,
      config: { provider: "openai-compatible", model: "qwen", baseURL: "http://127.0.0.1:8080/v1", apiKey: undefined },
    });
  });

  it("AI1: a named provider wins; missing pieces are named", () => {
    expect(resolveAi({ AI_PROVIDER: "anthropic", AI_API_KEY: "k", OPENAI_API_KEY: "o" })).toMatchObject({
      ok: true,
      config: { provider: "anthropic", apiKey: "k" },
    });
    expect(resolveAi({ AI_PROVIDER: "gemini" })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("one of"),
    });
    expect(resolveAi({ AI_PROVIDER: "openai-compatible" })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("needs AI_BASE_URL"),
    });
    expect(resolveAi({ AI_PROVIDER: "openai" })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("needs AI_API_KEY"),
    });
  });

  it("AI2: the view never holds the key or the URL; redact removes the key from text", () => {
    const r = resolveAi({ AI_API_KEY: "sk-very-secret", AI_BASE_URL: "http://10.0.0.1/v1", AI_MODEL: "m" });
    expect(JSON.stringify(view(r))).not.toMatch(/sk-very-secret|10\.0\.0\.1/);
    if (!r.ok) throw new Error("expected a configuration");
    expect(redact("401 for key sk-very-secret", r.config)).toBe("401 for key [redacted]");
  });
});
