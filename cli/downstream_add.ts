/**
 * `tresor downstream add`: the `POST /api/downstreams` body from the command's options, started
 * from a provider preset (`--preset`) when one is named. Options given win over the preset's.
 *
 * @module
 */
import { findPreset, PRESETS } from "../store/mod.ts";
import { CliError } from "./errors.ts";

/** What `downstream add` was given. */
export interface AddOptions {
  /** The positional id. */
  readonly id?: string;
  readonly preset?: string;
  /** `--id`, the same as the positional one. */
  readonly idOption?: string;
  readonly baseUrl?: string;
  readonly name?: string;
  readonly format?: readonly string[];
  /** `--key` or `--api-key`. */
  readonly key?: string;
  readonly model?: readonly string[];
  readonly maxOutputTokens?: number;
  readonly defaultMaxTokens?: number;
}

/** The create body; throws `CliError` for a missing id or base URL, or an unknown preset. */
export function toAddBody(options: AddOptions): Record<string, unknown> {
  if (
    options.id !== undefined && options.idOption !== undefined &&
    options.id !== options.idOption
  ) {
    throw new CliError(
      `two ids given: "${options.id}" and --id "${options.idOption}"; give one`,
    );
  }
  const preset = options.preset === undefined
    ? undefined
    : findPreset(options.preset);
  if (options.preset !== undefined && preset === undefined) {
    throw new CliError(
      `unknown preset "${options.preset}": one of ${
        PRESETS.map((p) => p.id).join(", ")
      }`,
    );
  }
  const id = options.id ?? options.idOption ?? preset?.id;
  if (id === undefined) {
    throw new CliError("missing the downstream id: give ID, --id or --preset");
  }
  const baseUrl = options.baseUrl ?? preset?.base_url;
  if (baseUrl === undefined) {
    throw new CliError("missing --base-url (or start from --preset NAME)");
  }
  const name = options.name ?? preset?.name;
  const formats = options.format ?? preset?.api_formats;
  const models = options.model ?? preset?.models;
  return {
    id,
    base_url: baseUrl,
    ...(name === undefined ? {} : { name }),
    ...(formats === undefined ? {} : { api_formats: formats }),
    ...(options.key === undefined ? {} : { api_key: options.key }),
    ...(models === undefined ? {} : { output_model_ids: models }),
    ...(options.maxOutputTokens === undefined
      ? {}
      : { max_output_tokens: options.maxOutputTokens }),
    ...(options.defaultMaxTokens === undefined
      ? {}
      : { default_max_tokens: options.defaultMaxTokens }),
  };
}
