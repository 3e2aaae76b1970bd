/**
 * Command-line flags of the benchmark scripts (`run.ts`, `streams.ts`): `--name value` pairs
 * and bare switches, read the same way by both.
 *
 * @module
 */

/** Flags read from one argument list. */
export interface Flags {
  /** The value after `flag`, if the flag is there. */
  value(flag: string): string | undefined;
  /** Whether the bare switch `flag` is there. */
  has(flag: string): boolean;
  /** The number after `flag` (else `fallback`); a RangeError when it is not above `min`. */
  number(flag: string, fallback: number, min?: number): number;
  /** Comma-separated whole numbers above 0 after `flag` (else `fallback`); a RangeError if not. */
  integers(flag: string, fallback: readonly number[]): number[];
  /** Space-separated words after `flag` (`--tresor-flags "…"`). */
  words(flag: string): string[];
}

/** Reads `args` (e.g. `Deno.args`). */
export function readFlags(args: readonly string[]): Flags {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i === -1 ? undefined : args[i + 1];
  };
  return {
    value,
    has: (flag) => args.includes(flag),
    number(flag, fallback, min = 0) {
      const raw = value(flag);
      const n = raw === undefined ? fallback : Number(raw);
      if (!(n > min)) {
        throw new RangeError(`${flag} needs a number above ${min}`);
      }
      return n;
    },
    integers(flag, fallback) {
      const raw = value(flag);
      if (raw === undefined) return [...fallback];
      const list = raw.split(",").map(Number);
      if (!list.every((n) => Number.isInteger(n) && n > 0)) {
        throw new RangeError(`${flag} needs whole numbers above 0, as 1,100`);
      }
      return list;
    },
    words: (flag) => (value(flag) ?? "").split(" ").filter(Boolean),
  };
}
