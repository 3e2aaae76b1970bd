/**
 * Reading the YAML config: parse with the `yaml` Document API (the Document is kept for
 * write-back), validate with the zod schemas, and turn the first problem into a `ConfigError`
 * naming file, line and field. Unknown keys become warnings.
 *
 * @module
 */
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type YAMLMap,
} from "yaml";
import { ConfigError } from "./errors.ts";
import {
  aliasSchema,
  configSchema,
  downstreamSchema,
  formatPath,
  pipelineStepSchema,
  regexProblem,
  ruleSchema,
  zodErrorMessage,
} from "./schemas.ts";
import { toAliasFields, toDownstream, toRule, toSettings } from "./records.ts";
import { DEFAULT_SETTINGS } from "./defaults.ts";
import type { Alias, Downstream, Rule, Settings } from "./types.ts";

/** An alias read from the config; `groupOrder` is absent when the file leaves it out. */
export type AliasFields = Omit<Alias, "groupOrder"> & { groupOrder?: number };

/** A validated config file. Lists are `undefined` when the file leaves them out or empty. */
export interface LoadedConfig {
  readonly doc: Document;
  readonly settings: Settings;
  readonly downstreams: readonly Downstream[] | undefined;
  readonly rules: readonly Rule[] | undefined;
  readonly aliases: readonly AliasFields[] | undefined;
  readonly warnings: readonly string[];
  /** A `ConfigError` pointing at the node at `path` (or its nearest existing ancestor). */
  errorAt(path: readonly PropertyKey[], message: string): ConfigError;
}

type Path = readonly PropertyKey[];

/**
 * Parses and validates config text; `file` is how messages name the file.
 * Throws `ConfigError` on a syntax error or an invalid value.
 */
export function parseConfigText(text: string, file: string): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const lineOfOffset = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    throw new ConfigError(file, "", error.message.split("\n")[0], {
      line: error.linePos?.[0].line,
    });
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new ConfigError(file, "", "the file must be a mapping of keys", {
      line: lineOfOffset(doc.contents.range?.[0]),
    });
  }
  const errorAt = (path: Path, message: string): ConfigError =>
    new ConfigError(file, formatPath(path), message, {
      line: lineOfOffset(locate(doc, path)?.range?.[0]),
    });

  const raw: unknown = doc.toJS() ?? {};
  const result = configSchema.safeParse(raw, { error: zodErrorMessage });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw errorAt(issue.path, issue.message);
  }
  const data = result.data;

  checkUniqueIds(data.downstreams, "downstreams", errorAt);
  checkUniqueIds(data.rules, "rules", errorAt);
  checkUniqueIds(data.aliases, "aliases", errorAt);
  data.aliases?.forEach((alias, index) => {
    const problem = regexProblem(alias.input_model_id, alias.is_regex ?? false);
    if (problem !== undefined) {
      throw errorAt(["aliases", index, "input_model_id"], problem);
    }
  });

  const warnings: string[] = [];
  const warn = (node: Node | null, path: Path) => {
    const line = lineOfOffset(node?.range?.[0]);
    const where = line === undefined ? file : `${file}:${line}`;
    warnings.push(`${where}: ${formatPath(path)}: unknown key, ignored`);
  };
  if (isMap(doc.contents)) {
    findUnknownKeys(doc.contents, [], warn);
  }
  for (const warning of doc.warnings) {
    const line = warning.linePos?.[0].line;
    warnings.push(
      `${line === undefined ? file : `${file}:${line}`}: ${
        warning.message.split("\n")[0]
      }`,
    );
  }

  const nonEmpty = <T>(list: T[] | null | undefined): T[] | undefined =>
    list === null || list === undefined || list.length === 0 ? undefined : list;
  return {
    doc,
    settings: toSettings(data, DEFAULT_SETTINGS),
    downstreams: nonEmpty(data.downstreams)?.map(toDownstream),
    rules: nonEmpty(data.rules)?.map(toRule),
    aliases: nonEmpty(data.aliases)?.map(toAliasFields),
    warnings,
    errorAt,
  };
}

function checkUniqueIds(
  list: readonly { id: string }[] | null | undefined,
  key: string,
  errorAt: (path: Path, message: string) => ConfigError,
): void {
  const seen = new Set<string>();
  list?.forEach((item, index) => {
    if (seen.has(item.id)) {
      throw errorAt([key, index, "id"], `duplicate id "${item.id}"`);
    }
    seen.add(item.id);
  });
}

/** The node at `path`, or the nearest ancestor that exists. */
function locate(doc: Document, path: Path): Node | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = isNode(node) ? node : undefined;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => keyOf(item.key) === String(part));
      if (pair === undefined) return found;
      node = pair.value;
      if (!isNode(node)) return isNode(pair.key) ? pair.key : found;
    } else if (isSeq(node) && typeof part === "number") {
      node = node.items[part];
      if (!isNode(node)) return found;
    } else {
      return found;
    }
    found = node;
  }
  return found;
}

function isNode(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value);
}

/** The string form of a map key node. */
export function keyOf(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

const TOP_KEYS = new Set(Object.keys(configSchema.shape));
const LIST_KEYS = {
  downstreams: new Set(Object.keys(downstreamSchema.shape)),
  rules: new Set(Object.keys(ruleSchema.shape)),
  aliases: new Set(Object.keys(aliasSchema.shape)),
} as const;
const STEP_KEYS = new Set(Object.keys(pipelineStepSchema.shape));

function findUnknownKeys(
  root: YAMLMap,
  path: Path,
  warn: (node: Node | null, path: Path) => void,
): void {
  for (const pair of root.items) {
    if (!isPair(pair)) continue;
    const key = keyOf(pair.key);
    const keyNode = isNode(pair.key) ? pair.key : null;
    if (!TOP_KEYS.has(key)) {
      warn(keyNode, [...path, key]);
      continue;
    }
    if (
      (key === "downstreams" || key === "rules" || key === "aliases") &&
      isSeq(pair.value)
    ) {
      pair.value.items.forEach((item, index) => {
        if (!isMap(item)) return;
        checkMapKeys(item, [key, index], LIST_KEYS[key], warn);
        if (key !== "rules") return;
        const steps = item.get("pipeline_config", true);
        if (!isSeq(steps)) return;
        steps.items.forEach((step, stepIndex) => {
          if (isMap(step)) {
            checkMapKeys(
              step,
              [key, index, "pipeline_config", stepIndex],
              STEP_KEYS,
              warn,
            );
          }
        });
      });
    }
  }
}

function checkMapKeys(
  map: YAMLMap,
  path: Path,
  allowed: ReadonlySet<string>,
  warn: (node: Node | null, path: Path) => void,
): void {
  for (const pair of map.items) {
    const key = keyOf(pair.key);
    if (!allowed.has(key)) {
      warn(isNode(pair.key) ? pair.key : null, [...path, key]);
    }
  }
}
