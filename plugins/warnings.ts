/**
 * What a conversion drops or adjusts because the target cannot honour it, as data rather than
 * log calls: conversion functions report into a {@link WarningSink}; the converter skeleton
 * (`define_converter.ts`) collects a request's reports in a {@link Warnings} and logs each at its
 * level when the step returns, so the lines read as before and the list stays for whoever shows
 * it later (the inspector).
 *
 * @module
 */

/** How much a warning matters: `debug` for an ignorable field, `info` for an adjustment. */
export type WarningLevel = "debug" | "info" | "warn";

/** One thing a conversion dropped or adjusted. */
export interface ConversionWarning {
  readonly level: WarningLevel;
  /** A constant sentence; the data goes in `fields`. */
  readonly message: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** Where a conversion reports what it dropped or adjusted (a `PluginLog` is one too). */
export interface WarningSink {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** A request's warnings, in the order they were reported. */
export class Warnings implements WarningSink {
  readonly #all: ConversionWarning[] = [];
  #logged = 0;

  /** Every warning reported so far. */
  get all(): readonly ConversionWarning[] {
    return this.#all;
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.#add({ level: "debug", message, fields });
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.#add({ level: "info", message, fields });
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.#add({ level: "warn", message, fields });
  }

  #add(warning: ConversionWarning): void {
    this.#all.push(warning);
  }

  /** Whether warnings arrived since the last {@link logTo}. */
  get pending(): boolean {
    return this.#logged < this.#all.length;
  }

  /** Logs the warnings that arrived since the last call, each at its level. */
  logTo(log: WarningSink): void {
    for (; this.#logged < this.#all.length; this.#logged++) {
      const { level, message, fields } = this.#all[this.#logged];
      log[level](message, fields);
    }
  }
}

/**
 * The warnings a plugin's per-request state holds (a converter's, see `define_converter.ts`);
 * none for a plugin that keeps no {@link Warnings}. For whoever shows them (the inspector).
 */
export function warningsOf(state: unknown): readonly ConversionWarning[] {
  return typeof state === "object" && state !== null && "warnings" in state &&
      state.warnings instanceof Warnings
    ? state.warnings.all
    : [];
}
