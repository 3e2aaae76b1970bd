/**
 * Small typed readers for parsed JSON, used by the converters' wire parsers. Each reader takes
 * the value and its path (`messages[3].tool_calls[0].function.arguments`) and throws a
 * {@link PluginError} naming that path when the value has the wrong type. Public to `plugins/`.
 *
 * @module
 */
import { PluginError } from "../errors.ts";

/** A parsed JSON object. */
export type JsonRecord = Record<string, unknown>;

/** Throws a 400 {@link PluginError} naming `path`. */
export function fail(path: string, message: string): never {
  throw new PluginError(`Invalid request: ${path}: ${message}`, {
    param: path,
  });
}

/** Whether `value` is a plain JSON object. */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value as an object. */
export function readRecord(value: unknown, path: string): JsonRecord {
  if (!isRecord(value)) fail(path, "expected an object");
  return value;
}

/** The value as an array. */
export function readArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, "expected an array");
  return value;
}

/**
 * The value as an array, each element read by `read` with its path (`tools[2]`); elements
 * `read` returns `undefined` for are left out.
 */
export function readArrayOf<T>(
  value: unknown,
  path: string,
  read: (element: unknown, path: string) => T | undefined,
): T[] {
  const out: T[] = [];
  readArray(value, path).forEach((element, i) => {
    const item = read(element, `${path}[${i}]`);
    if (item !== undefined) out.push(item);
  });
  return out;
}

/** The value as a string. */
export function readString(value: unknown, path: string): string {
  if (typeof value !== "string") fail(path, "expected a string");
  return value;
}

/** The value as a finite number. */
export function readNumber(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    fail(path, "expected a number");
  }
  return value;
}

/** The value as a boolean. */
export function readBoolean(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") fail(path, "expected a boolean");
  return value;
}

/** `obj[key]` as a string, or undefined when absent or null. */
export function optString(
  obj: JsonRecord,
  key: string,
  path: string,
): string | undefined {
  const v = obj[key];
  return v === undefined || v === null
    ? undefined
    : readString(v, `${path}${key}`);
}

/** `obj[key]` as a number, or undefined when absent or null. */
export function optNumber(
  obj: JsonRecord,
  key: string,
  path: string,
): number | undefined {
  const v = obj[key];
  return v === undefined || v === null
    ? undefined
    : readNumber(v, `${path}${key}`);
}

/** `obj[key]` as a boolean, or undefined when absent or null. */
export function optBoolean(
  obj: JsonRecord,
  key: string,
  path: string,
): boolean | undefined {
  const v = obj[key];
  return v === undefined || v === null
    ? undefined
    : readBoolean(v, `${path}${key}`);
}

/** `obj[key]` as an object, or undefined when absent or null. */
export function optRecord(
  obj: JsonRecord,
  key: string,
  path: string,
): JsonRecord | undefined {
  const v = obj[key];
  return v === undefined || v === null
    ? undefined
    : readRecord(v, `${path}${key}`);
}

/** Whether `value` is one of `allowed`, as a type guard. */
export function isOneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
): value is T {
  return typeof value === "string" &&
    (allowed as readonly string[]).includes(value);
}

/** The value as one of `allowed`. */
export function readEnum<T extends string>(
  value: unknown,
  allowed: readonly T[],
  path: string,
): T {
  if (!isOneOf(value, allowed)) {
    fail(path, `expected one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
  }
  return value;
}
