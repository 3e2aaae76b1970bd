/**
 * The official SDK clients pointed at a running gateway, without retries so a test sees each
 * failure exactly once.
 */
import Anthropic from "@anthropic-ai/sdk";
import OpenAI from "openai";

/** The OpenAI SDK against the gateway at `gatewayUrl` (the SDK's base URL ends in `/v1`). */
export function openAiClient(gatewayUrl: string, apiKey: string): OpenAI {
  return new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey, maxRetries: 0 });
}

/** The Anthropic SDK against the gateway at `gatewayUrl` (the SDK adds `/v1` itself). */
export function anthropicClient(gatewayUrl: string, apiKey: string): Anthropic {
  return new Anthropic({ baseURL: gatewayUrl, apiKey, maxRetries: 0 });
}
