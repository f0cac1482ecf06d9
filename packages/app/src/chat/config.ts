import { AI_PROVIDERS, type AiProvider, type ChatConfigView } from "@live/shared";

/** The Worker variables and secrets the assistant reads (rule AI1). Keys are secrets: `.dev.vars` or `wrangler secret`. */
export interface AiVars {
  AI_PROVIDER?: string;
  AI_API_KEY?: string;
  ANTHROPIC_API_KEY?: string;
  OPENAI_API_KEY?: string;
  AI_BASE_URL?: string;
  AI_MODEL?: string;
}

/** A provider configuration the loop can use. `apiKey` stays on the server: see `view`. */
export interface AiConfig {
  provider: AiProvider;
  model: string;
  baseURL: string;
  apiKey: string | undefined;
}

export type ResolvedAi = { ok: true; config: AiConfig } | { ok: false; reason: string };

const DEFAULTS: Record<AiProvider, { baseURL: string; model: string | null }> = {
  anthropic: { baseURL: "https://api.anthropic.com/v1", model: "claude-sonnet-4-5" },
  openai: { baseURL: "https://api.openai.com/v1", model: "gpt-4.1-mini" },
  // A local server (llama.cpp, Ollama, vLLM) or any other: its URL and model must be named.
  "openai-compatible": { baseURL: "", model: null },
};

export const HOW_TO_CONFIGURE =
  "Set AI_API_KEY (or ANTHROPIC_API_KEY / OPENAI_API_KEY) for a hosted provider, or AI_BASE_URL and AI_MODEL " +
  "for a local OpenAI-compatible server (llama.cpp, Ollama); AI_PROVIDER picks anthropic, openai or " +
  "openai-compatible. Put them in .dev.vars or the environment of `npm start`, or in Worker secrets.";

const clean = (v: string | undefined): string | undefined => (v?.trim() ? v.trim() : undefined);

/**
 * Rule AI1: the provider is AI_PROVIDER, or inferred from which key is set (ANTHROPIC_API_KEY: anthropic,
 * OPENAI_API_KEY: openai, only AI_BASE_URL: openai-compatible). Nothing set: disabled, with what to set.
 */
export function resolveAi(vars: AiVars): ResolvedAi {
  const named = clean(vars.AI_PROVIDER);
  const baseURL = clean(vars.AI_BASE_URL);
  const anthropicKey = clean(vars.ANTHROPIC_API_KEY);
  const openaiKey = clean(vars.OPENAI_API_KEY);
  const genericKey = clean(vars.AI_API_KEY);
  if (named && !(AI_PROVIDERS as readonly string[]).includes(named)) {
    return { ok: false, reason: `AI_PROVIDER must be one of ${AI_PROVIDERS.join(", ")}. ${HOW_TO_CONFIGURE}` };
  }
  const provider: AiProvider | undefined =
    (named as AiProvider | undefined) ??
    (anthropicKey
      ? "anthropic"
      : openaiKey
        ? "openai"
        : baseURL
          ? "openai-compatible"
          : genericKey
            ? "openai"
            : undefined);
  if (!provider) return { ok: false, reason: `The assistant is not configured. ${HOW_TO_CONFIGURE}` };
  const apiKey =
    genericKey ?? (provider === "anthropic" ? anthropicKey : provider === "openai" ? openaiKey : undefined);
  const url = baseURL ?? DEFAULTS[provider].baseURL;
  const model = clean(vars.AI_MODEL) ?? DEFAULTS[provider].model;
  if (!url) return { ok: false, reason: `AI_PROVIDER=${provider} needs AI_BASE_URL. ${HOW_TO_CONFIGURE}` };
  if (!model) return { ok: false, reason: `AI_PROVIDER=${provider} needs AI_MODEL. ${HOW_TO_CONFIGURE}` };
  // A hosted provider needs a key; a server the operator named (AI_BASE_URL) may not.
  if (!apiKey && !baseURL) {
    return { ok: false, reason: `AI_PROVIDER=${provider} needs AI_API_KEY. ${HOW_TO_CONFIGURE}` };
  }
  return { ok: true, config: { provider, model, baseURL: url.replace(/\/+$/, ""), apiKey } };
}

/** What a browser may know (rule AI2): enabled, provider, model. Never the key or the URL. */
export function view(resolved: ResolvedAi): ChatConfigView {
  if (!resolved.ok) return { enabled: false, provider: null, model: null, reason: resolved.reason };
  return { enabled: true, provider: resolved.config.provider, model: resolved.config.model };
}

/** Removes the key from any text before it is logged or shown (provider errors may echo request details). */
export function redact(text: string, config: AiConfig | undefined): string {
  const key = config?.apiKey;
  return key && key.length >= 4 ? text.split(key).join("[redacted]") : text;
}
