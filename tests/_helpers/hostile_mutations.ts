/**
 * The ways tests/_helpers/hostile_requests.ts breaks a well-formed request: a path to any field,
 * a hostile value to put there, setting or deleting at a path, and bytes that break a body
 * outright. Each draws from the request's seeded {@link Rng}, so the same seed breaks the same way.
 *
 * @module
 */
import type { Rng } from "./rng.ts";

const ENCODER = new TextEncoder();

/**
 * Paths (keys and indexes) to the values inside `value` worth mutating: the request's own fields
 * at any depth, but not into the inside of a hostile value an earlier mutation put there.
 */
export function pathsOf(
  value: unknown,
  prefix: (string | number)[] = [],
): (string | number)[][] {
  const out = [prefix];
  if (prefix.length >= 8) return out;
  if (Array.isArray(value)) {
    if (value.length > 8) return out;
    value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length > 32) return out;
    for (const [k, v] of entries) out.push(...pathsOf(v, [...prefix, k]));
  }
  return out;
}

/** `leaf` nested `depth` deep, objects and arrays in turn. */
function deep(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** A value of some wrong, extreme or hostile kind. */
export function hostileValue(rng: Rng, hugeChars: number): unknown {
  const huge = () => "A".repeat(rng.chance(0.05) ? hugeChars * 16 : hugeChars);
  const kinds: (() => unknown)[] = [
    () => rng.int(1000) - 500,
    () => 1e308,
    () => -0.000001,
    () => "",
    () => "text",
    huge,
    () => "\ud800\udfff\ud800 \u202e\u0000 😀".repeat(rng.int(50) + 1),
    () => null,
    () => true,
    () => [],
    () => ({}),
    () => [null, 1, "x", {}, []],
    () => ({ type: "unknown_kind", text: 5 }),
    () => deep(rng.pick([50, 200, 5000]), "x"),
    () => Array.from({ length: rng.pick([1000, 20000]) }, (_, i) => i),
    () =>
      Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i])),
  ];
  return rng.pick(kinds)();
}

/** A copy of `root` with `value` at `path` (objects created on the way). */
export function setAt(
  root: unknown,
  path: (string | number)[],
  value: unknown,
): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = setAt(copy[head as number], rest, value);
    return copy;
  }
  const obj = (root ?? {}) as Record<string, unknown>;
  return { ...obj, [head]: setAt(obj[head as string], rest, value) };
}

/** A copy of `root` without what is at `path`. */
export function deleteAt(root: unknown, path: (string | number)[]): unknown {
  if (path.length === 0 || root === null || typeof root !== "object") {
    return root;
  }
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (Array.isArray(root)) return root.filter((_, i) => i !== head);
    const { [head as string]: _, ...others } = root as Record<string, unknown>;
    return others;
  }
  if (Array.isArray(root)) {
    return root.map((v, i) => i === head ? deleteAt(v, rest) : v);
  }
  const obj = root as Record<string, unknown>;
  return { ...obj, [head]: deleteAt(obj[head as string], rest) };
}

/** Bytes that break a body outright. */
export function brokenBody(
  rng: Rng,
  json: string,
  hugeChars: number,
): [Uint8Array<ArrayBuffer>, string] {
  const cases: (() => [Uint8Array<ArrayBuffer>, string])[] = [
    () => [
      ENCODER.encode(json.slice(0, rng.int(json.length))),
      "truncated JSON",
    ],
    () => [
      new Uint8Array(Array.from({ length: 200 }, () => rng.int(256))),
      "random bytes",
    ],
    () => [
      Uint8Array.from([
        ...ENCODER.encode(json.slice(0, 20)),
        0xff,
        0xfe,
        0xc3,
        0x28,
        ...ENCODER.encode(json.slice(20)),
      ]),
      "bad UTF-8 inside the JSON",
    ],
    () => [new Uint8Array(0), "empty body"],
    () => [
      ENCODER.encode(rng.pick(["[]", "42", '"model"', "null", "true"])),
      "JSON that is not an object",
    ],
    () => [ENCODER.encode("\ufeff" + json), "a byte-order mark"],
    () => [
      ENCODER.encode("[".repeat(100_000) + "]".repeat(100_000)),
      "arrays nested 100,000 deep",
    ],
    () => [
      ENCODER.encode(
        `{"model":"${"m".repeat(hugeChars)}","messages":[]}`,
      ),
      "a huge model name",
    ],
    () => [
      ENCODER.encode(json.replace("{", '{"model":1,"model":null,')),
      "duplicate keys",
    ],
  ];
  return rng.pick(cases)();
}
