/**
 * Admin API JSON shapes the islands read and write (CONTRACT.md "Admin API": field names are
 * the YAML names). Declared as type aliases so they are assignable to `JsonObject` props.
 *
 * @module
 */
import type { Json, JsonObject } from "../web/json.ts";

/** A wire format. */
export type Format = "openai" | "anthropic" | "responses";

/** Every format, in display order. */
export const FORMATS: readonly Format[] = ["openai", "anthropic", "responses"];

/** `GET /api/downstreams` item; `api_key` is `***` when set, empty when not. */
export type DownstreamJson = {
  readonly id: string;
  readonly name: string;
  readonly api_formats: readonly Format[];
  readonly base_url: string;
  readonly api_key: string;
  readonly output_model_ids: readonly string[];
  readonly max_output_tokens?: number;
  readonly default_max_tokens?: number;
  readonly reasoning_effort_models?: readonly string[];
  readonly hosted_tools?: "drop" | "refuse";
  readonly strip_billing_header?: boolean;
  readonly anthropic_beta?: readonly string[];
};

/** `GET /api/aliases` item. */
export type AliasJson = {
  readonly id: string;
  readonly input_model_id: string;
  readonly downstream_id: string;
  readonly output_model_id: string;
  readonly is_active: boolean;
  readonly is_regex: boolean;
  readonly group_order: number;
};

/** One step of a rule's pipeline. */
export type PipelineStepJson = {
  readonly plugin_id: string;
  readonly is_enabled: boolean;
  readonly config: JsonObject;
};

/** `GET /api/rules` item. */
export type RuleJson = {
  readonly id: string;
  readonly name: string;
  readonly pattern_path: string;
  readonly pattern_model: string;
  readonly match_format: readonly Format[];
  readonly match_downstream_format: readonly Format[];
  readonly match_downstreams: readonly string[];
  readonly is_enabled: boolean;
  readonly pipeline_config: readonly PipelineStepJson[];
};

/** `GET /api/plugins` item. */
export type PluginJson = {
  readonly id: string;
  readonly description: string;
  readonly converts: { readonly from: Format; readonly to: Format } | null;
  /** JSON Schema of the step config (zod's `toJSONSchema`, input side). */
  readonly config_schema: Json;
};

/** `GET /api/logs` item (one gateway request). */
export type LogEntryJson = {
  readonly id: string;
  readonly time: string;
  readonly level: "info" | "warn" | "error";
  readonly method: string;
  readonly path: string;
  readonly format_in: Format | null;
  readonly format_out: Format | null;
  readonly model_requested: string | null;
  readonly model_forwarded: string | null;
  readonly alias: string | null;
  readonly downstream: string | null;
  readonly rules: readonly string[];
  readonly plugins: readonly string[];
  readonly status: number;
  readonly streamed: boolean;
  readonly ttfb_ms: number | null;
  readonly total_ms: number | null;
  readonly input_tokens?: number;
  readonly output_tokens?: number;
  readonly error?: string;
};

/** `GET /api/config`: runtime settings (the password is write-only, so only whether one is set). */
export type SettingsJson = {
  readonly proxy_mode: string;
  readonly proxy_api_keys: readonly string[];
  readonly default_tab: string;
  readonly log_level: "debug" | "info" | "warn" | "error";
  readonly admin_password_set: boolean;
  readonly allowed_hosts: readonly string[];
  readonly cors_allowed_origins: readonly string[];
};
