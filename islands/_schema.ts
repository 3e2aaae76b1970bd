/**
 * The subset of JSON Schema (as zod's `toJSONSchema` writes it) that the pipeline editor turns
 * into a form: objects of strings, numbers, booleans, enums, string records and string lists,
 * each possibly nullable. Also the client-side validation that shows errors next to fields.
 *
 * @module
 */
import type { Json, JsonObject } from "../web/json.ts";

/** One form field's kind, derived from its schema. */
export type FieldKind =
  | { readonly kind: "string"; readonly pattern?: string }
  | { readonly kind: "enum"; readonly options: readonly string[] }
  | {
    readonly kind: "number";
    readonly integer: boolean;
    readonly minimum?: number;
    readonly maximum?: number;
  }
  | { readonly kind: "boolean" }
  | {
    readonly kind: "record";
    readonly keyPattern?: string;
    readonly valuePattern?: string;
  }
  | { readonly kind: "list" }
  | { readonly kind: "json" };

/** A top-level config field. */
export interface Field {
  readonly name: string;
  readonly label: string;
  readonly description?: string;
  readonly required: boolean;
  readonly default?: Json;
  readonly type: FieldKind;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(obj: JsonObject, key: string): string | undefined {
  const v = obj[key];
  return typeof v === "string" ? v : undefined;
}

function num(obj: JsonObject, key: string): number | undefined {
  const v = obj[key];
  return typeof v === "number" ? v : undefined;
}

/** Unwraps `anyOf: [X, {type: "null"}]` (zod's `.nullable()`/`.optional()` shapes) to X. */
function unwrapNullable(schema: JsonObject): JsonObject {
  const anyOf = schema.anyOf;
  if (!Array.isArray(anyOf)) return schema;
  const nonNull = anyOf.filter((s): s is JsonObject =>
    isObject(s) && s.type !== "null"
  );
  if (nonNull.length === 1) {
    const rest: Record<string, Json | undefined> = { ...schema };
    delete rest.anyOf;
    return { ...rest, ...nonNull[0] };
  }
  return schema;
}

/** The kind of form control a property schema needs. */
export function toFieldKind(raw: JsonObject): FieldKind {
  const schema = unwrapNullable(raw);
  const type = schema.type;
  const enumValues = schema.enum;
  if (
    Array.isArray(enumValues) &&
    enumValues.every((v): v is string => typeof v === "string")
  ) return { kind: "enum", options: enumValues };
  if (type === "string") {
    const pattern = str(schema, "pattern");
    return pattern === undefined
      ? { kind: "string" }
      : { kind: "string", pattern };
  }
  if (type === "number" || type === "integer") {
    const minimum = num(schema, "minimum") ?? num(schema, "exclusiveMinimum");
    const maximum = num(schema, "maximum") ?? num(schema, "exclusiveMaximum");
    return {
      kind: "number",
      integer: type === "integer",
      ...(minimum === undefined ? {} : { minimum }),
      ...(maximum === undefined ? {} : { maximum }),
    };
  }
  if (type === "boolean") return { kind: "boolean" };
  if (type === "object" && !isObject(schema.properties)) {
    const names = schema.propertyNames;
    const values = schema.additionalProperties;
    const valueSchema = isObject(values) ? unwrapNullable(values) : undefined;
    if (valueSchema === undefined || valueSchema.type === "string") {
      const keyPattern = isObject(names) ? str(names, "pattern") : undefined;
      const valuePattern = valueSchema
        ? str(valueSchema, "pattern")
        : undefined;
      return {
        kind: "record",
        ...(keyPattern === undefined ? {} : { keyPattern }),
        ...(valuePattern === undefined ? {} : { valuePattern }),
      };
    }
  }
  if (type === "array") {
    const items = schema.items;
    if (isObject(items) && unwrapNullable(items).type === "string") {
      return { kind: "list" };
    }
  }
  return { kind: "json" };
}

/** "max_tokens" → "Max tokens". */
function toLabel(name: string): string {
  const spaced = name.replace(/[_-]+/g, " ").trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** The fields of an object schema, in declaration order. */
export function toFields(schema: Json): Field[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = Array.isArray(schema.required)
    ? schema.required.filter((r): r is string => typeof r === "string")
    : [];
  return Object.entries(schema.properties).flatMap(([name, prop]) => {
    if (!isObject(prop)) return [];
    const description = str(prop, "description");
    const title = str(prop, "title");
    return [{
      name,
      label: title ?? toLabel(name),
      ...(description === undefined ? {} : { description }),
      required: required.includes(name),
      ...(prop.default === undefined ? {} : { default: prop.default }),
      type: toFieldKind(prop),
    }];
  });
}

/** A config with every field's default filled in (for a newly added step). */
export function defaultConfig(schema: Json): JsonObject {
  const out: Record<string, Json> = {};
  for (const field of toFields(schema)) {
    if (field.default !== undefined) out[field.name] = field.default;
  }
  return out;
}

function matches(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined) return true;
  try {
    return new RegExp(pattern, "u").test(value);
  } catch (err) {
    // A pattern the browser cannot compile is left to the server to check.
    if (err instanceof SyntaxError) return true;
    throw err;
  }
}

/** Client-side checks; returns error messages by field name (empty when valid). */
export function validateConfig(
  fields: readonly Field[],
  config: JsonObject,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = config[field.name];
    if (value === undefined || value === null || value === "") {
      if (field.required && field.default === undefined) {
        errors[field.name] = "Required";
      }
      continue;
    }
    const t = field.type;
    switch (t.kind) {
      case "string":
        if (typeof value !== "string") errors[field.name] = "Must be text";
        else if (!matches(t.pattern, value)) {
          errors[field.name] = `Must match ${t.pattern}`;
        }
        break;
      case "enum":
        if (typeof value !== "string" || !t.options.includes(value)) {
          errors[field.name] = `Must be one of ${t.options.join(", ")}`;
        }
        break;
      case "number":
        if (typeof value !== "number" || Number.isNaN(value)) {
          errors[field.name] = "Must be a number";
        } else if (t.integer && !Number.isInteger(value)) {
          errors[field.name] = "Must be a whole number";
        } else if (t.minimum !== undefined && value < t.minimum) {
          errors[field.name] = `Must be at least ${t.minimum}`;
        } else if (t.maximum !== undefined && value > t.maximum) {
          errors[field.name] = `Must be at most ${t.maximum}`;
        }
        break;
      case "boolean":
        if (typeof value !== "boolean") {
          errors[field.name] = "Must be on or off";
        }
        break;
      case "record":
        if (!isObject(value)) {
          errors[field.name] = "Must be a list of names and values";
          break;
        }
        for (const [key, item] of Object.entries(value)) {
          if (key === "" || !matches(t.keyPattern, key)) {
            errors[field.name] = `Invalid name "${key}"`;
            break;
          }
          if (typeof item === "string" && !matches(t.valuePattern, item)) {
            errors[field.name] = `Invalid value for "${key}"`;
            break;
          }
        }
        break;
      case "list":
        if (!Array.isArray(value)) errors[field.name] = "Must be a list";
        break;
      case "json":
        break;
      default: {
        const never: never = t;
        throw new TypeError(`Unknown field kind ${JSON.stringify(never)}`);
      }
    }
  }
  return errors;
}
