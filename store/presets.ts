/**
 * Provider presets: the settings a new downstream starts from (`GET /api/presets`, the
 * downstream form's picker, `tresor downstream add --preset`). Data only; nothing routes by them.
 *
 * Base URLs follow the gateway's URL convention (CONTRACT.md "Gateway"): an `openai` base
 * includes its version prefix, an `anthropic` one does not (`/v1/messages` is appended, or
 * `/messages` when the base already ends in `/v1`), so a preset lists a format only when that one
 * base URL serves it. Providers that serve Anthropic Messages under another path (DeepSeek and
 * Moonshot at `/anthropic`) get a second preset. `responses` is listed only where the provider
 * keeps Responses API state itself (`previous_response_id`): OpenAI and xAI. Elsewhere Tresor
 * translates the Responses API and keeps the state (README "The Responses API").
 *
 * Checked against each provider's documentation (the `docs_url`); model lists are a start, which
 * **Fetch models** replaces with the provider's own.
 *
 * @module
 */
import type { PresetJson } from "./admin_json.ts";

/** A local server needs no key; any value is accepted when it is set to require one. */
const LOCAL_KEY_HINT = "not needed (a local server)";

/** Every preset, cloud providers first, then local servers. */
export const PRESETS: readonly PresetJson[] = [
  {
    id: "openai",
    name: "OpenAI",
    base_url: "https://api.openai.com/v1",
    api_formats: ["openai", "responses"],
    key_hint: "sk-…",
    docs_url: "https://platform.openai.com/docs/api-reference",
    models: ["gpt-5", "gpt-5-mini", "gpt-4.1", "gpt-4o", "gpt-4o-mini"],
  },
  {
    id: "anthropic",
    name: "Anthropic",
    base_url: "https://api.anthropic.com",
    api_formats: ["anthropic"],
    key_hint: "sk-ant-…",
    docs_url: "https://docs.anthropic.com/en/api/messages",
    models: ["claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5"],
  },
  {
    id: "openrouter",
    name: "OpenRouter",
    base_url: "https://openrouter.ai/api/v1",
    api_formats: ["openai"],
    key_hint: "sk-or-v1-…",
    docs_url: "https://openrouter.ai/docs/quickstart",
    models: [
      "anthropic/claude-sonnet-4.5",
      "openai/gpt-5",
      "google/gemini-2.5-pro",
      "deepseek/deepseek-chat",
    ],
  },
  {
    id: "deepseek",
    name: "DeepSeek",
    base_url: "https://api.deepseek.com",
    api_formats: ["openai"],
    key_hint: "sk-…",
    docs_url: "https://api-docs.deepseek.com/",
    models: ["deepseek-chat", "deepseek-reasoner"],
  },
  {
    id: "deepseek-anthropic",
    name: "DeepSeek (Anthropic API)",
    base_url: "https://api.deepseek.com/anthropic",
    api_formats: ["anthropic"],
    key_hint: "sk-…",
    docs_url: "https://api-docs.deepseek.com/guides/anthropic_api",
    models: ["deepseek-chat", "deepseek-reasoner"],
    note:
      "DeepSeek's Anthropic-compatible endpoint, for Claude Code without translation",
  },
  {
    id: "groq",
    name: "Groq",
    base_url: "https://api.groq.com/openai/v1",
    api_formats: ["openai"],
    key_hint: "gsk_…",
    docs_url: "https://console.groq.com/docs/openai",
    models: [
      "openai/gpt-oss-120b",
      "llama-3.3-70b-versatile",
      "qwen/qwen3-32b",
    ],
  },
  {
    id: "mistral",
    name: "Mistral",
    base_url: "https://api.mistral.ai/v1",
    api_formats: ["openai"],
    key_hint: "32 characters",
    docs_url: "https://docs.mistral.ai/api/",
    models: [
      "mistral-large-latest",
      "mistral-medium-latest",
      "codestral-latest",
    ],
  },
  {
    id: "together",
    name: "Together AI",
    base_url: "https://api.together.xyz/v1",
    api_formats: ["openai"],
    key_hint: "tgp_v1_…",
    docs_url: "https://docs.together.ai/docs/openai-api-compatibility",
    models: [
      "meta-llama/Llama-3.3-70B-Instruct-Turbo",
      "deepseek-ai/DeepSeek-V3",
      "Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8",
    ],
  },
  {
    id: "fireworks",
    name: "Fireworks AI",
    base_url: "https://api.fireworks.ai/inference/v1",
    api_formats: ["openai"],
    key_hint: "fw_…",
    docs_url: "https://docs.fireworks.ai/tools-sdks/openai-compatibility",
    models: [
      "accounts/fireworks/models/deepseek-v3",
      "accounts/fireworks/models/llama-v3p3-70b-instruct",
      "accounts/fireworks/models/qwen3-coder-480b-a35b-instruct",
    ],
  },
  {
    id: "xai",
    name: "xAI",
    base_url: "https://api.x.ai/v1",
    api_formats: ["openai", "responses"],
    key_hint: "xai-…",
    docs_url: "https://docs.x.ai/docs/api-reference",
    models: ["grok-4", "grok-3", "grok-3-mini"],
  },
  {
    id: "gemini",
    name: "Google Gemini",
    base_url: "https://generativelanguage.googleapis.com/v1beta/openai",
    api_formats: ["openai"],
    key_hint: "AIza…",
    docs_url: "https://ai.google.dev/gemini-api/docs/openai",
    models: ["gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite"],
    note: "Gemini's OpenAI-compatible endpoint",
  },
  {
    id: "moonshot",
    name: "Moonshot (Kimi)",
    base_url: "https://api.moonshot.ai/v1",
    api_formats: ["openai"],
    key_hint: "sk-…",
    docs_url: "https://platform.moonshot.ai/docs/api/chat",
    models: ["kimi-k2-0905-preview", "kimi-k2-turbo-preview", "kimi-latest"],
  },
  {
    id: "moonshot-anthropic",
    name: "Moonshot (Anthropic API)",
    base_url: "https://api.moonshot.ai/anthropic",
    api_formats: ["anthropic"],
    key_hint: "sk-…",
    docs_url: "https://platform.moonshot.ai/docs/guide/agent-support",
    models: ["kimi-k2-0905-preview", "kimi-k2-turbo-preview"],
    note:
      "Moonshot's Anthropic-compatible endpoint, for Claude Code without translation",
  },
  {
    id: "ollama",
    name: "Ollama",
    base_url: "http://localhost:11434/v1",
    api_formats: ["openai", "anthropic"],
    key_hint: LOCAL_KEY_HINT,
    docs_url: "https://docs.ollama.com/api/openai-compatibility",
    models: [],
    note:
      "Anthropic Messages needs Ollama 0.14 or later; Fetch models lists the pulled models",
  },
  {
    id: "lmstudio",
    name: "LM Studio",
    base_url: "http://localhost:1234/v1",
    api_formats: ["openai", "anthropic"],
    key_hint: LOCAL_KEY_HINT,
    docs_url: "https://lmstudio.ai/docs/developer/openai-compat",
    models: [],
    note:
      "Anthropic Messages needs LM Studio 0.4.1 or later; Fetch models lists the loaded models",
  },
  {
    id: "vllm",
    name: "vLLM",
    base_url: "http://localhost:8000/v1",
    api_formats: ["openai", "anthropic"],
    key_hint: "the server's --api-key, if it sets one",
    docs_url:
      "https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html",
    models: [],
    note:
      "Anthropic Messages needs vLLM 0.11.1 or later; Fetch models lists the served model",
  },
  {
    id: "llamacpp",
    name: "llama.cpp server",
    base_url: "http://localhost:8080/v1",
    api_formats: ["openai", "anthropic"],
    key_hint: "the server's --api-key, if it sets one",
    docs_url:
      "https://github.com/ggml-org/llama.cpp/blob/master/tools/server/README.md",
    models: [],
    note:
      "Anthropic Messages needs a llama-server build from January 2026 or later; tool use needs --jinja",
  },
];

/** The preset whose id or name is `name` (either case), or `undefined`. */
export function findPreset(name: string): PresetJson | undefined {
  const wanted = name.trim().toLowerCase();
  return PRESETS.find((p) =>
    p.id === wanted || p.name.toLowerCase() === wanted
  );
}
