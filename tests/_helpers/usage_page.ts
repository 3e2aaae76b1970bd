/**
 * The Usage page's browser test, its data and readers: the rows it seeds (with hostile names),
 * the cards', legend's and table's text, and screenshots in both themes that first check the
 * page does not scroll sideways.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import type { LogEntryJson } from "../../store/mod.ts";
import { startOfLocalDay } from "../../routes/_usage_query.ts";
import { usageEntry } from "./usage_rows.ts";

/** A day in milliseconds. */
export const DAY = 86_400_000;
/** A model name that would run script if written as HTML. */
export const XSS_MODEL = '<img src=x onerror="window.__xss=1">';
/** A key name that would run script if written as HTML. */
export const XSS_KEY = "<script>window.__xss=2</script>";

/** The seeded rows, relative to `now`: four today, one 3 days back, one 20, one 40. */
export function seededRows(now: number): LogEntryJson[] {
  const midday = startOfLocalDay(now) +
    Math.floor((now - startOfLocalDay(now)) / 2);
  const at = (ms: number) => new Date(ms).toISOString();
  return [
    usageEntry({
      time: at(midday),
      downstream: "anthropic",
      model_forwarded: "claude-sonnet-4",
      alias: "sonnet",
      key_name: "laptop",
      input_tokens: 1000,
      output_tokens: 500,
      cache_read_tokens: 2000,
      cost_usd: 0.0105,
      ttfb_ms: 300,
      total_ms: 2000,
    }),
    usageEntry({
      time: at(midday + 1),
      downstream: "openai",
      model_forwarded: "gpt-4o",
      key_name: "ci-bot",
      input_tokens: 400,
      output_tokens: 100,
      cost_usd: 0.002,
      ttfb_ms: 100,
      total_ms: 800,
    }),
    usageEntry({
      time: at(midday + 2),
      downstream: "openai",
      model_forwarded: XSS_MODEL,
      key_name: XSS_KEY,
      input_tokens: 10,
      output_tokens: 10,
      ttfb_ms: 50,
      total_ms: 90,
    }),
    usageEntry({
      time: at(midday + 3),
      downstream: "openai",
      model_forwarded: "gpt-4o",
      key_name: "ci-bot",
      status: 502,
      error_kind: "upstream_unreachable",
      ttfb_ms: null,
      total_ms: 40,
    }),
    usageEntry({
      time: at(now - 3 * DAY),
      downstream: "anthropic",
      model_forwarded: "claude-sonnet-4",
      alias: "sonnet",
      key_name: "laptop",
      input_tokens: 2000,
      output_tokens: 1000,
      cost_usd: 0.021,
      ttfb_ms: 500,
      total_ms: 4000,
    }),
    usageEntry({
      time: at(now - 20 * DAY),
      downstream: "openai",
      model_forwarded: "gpt-4o",
      key_name: "ci-bot",
      input_tokens: 100,
      output_tokens: 50,
      cost_usd: 0.001,
    }),
    usageEntry({
      time: at(now - 40 * DAY),
      downstream: "openai",
      model_forwarded: "gpt-4o-mini",
      key_name: "ci-bot",
      input_tokens: 7,
      output_tokens: 3,
      cost_usd: 0.0000042,
    }),
  ];
}

/** The text of each element `selector` matches. */
export async function texts(page: Page, selector: string): Promise<string[]> {
  return await page.locator(selector).allTextContents();
}

/** The card's figures by name. */
export async function card(
  page: Page,
  id: string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of ["requests", "tokens", "cost", "errors"]) {
    out[name] = await page.locator(`[data-card="${id}"] [data-total="${name}"]`)
      .textContent() ?? "";
  }
  return out;
}

/** The table's rows: key → the named column's text. */
export async function column(
  page: Page,
  col: string,
): Promise<[string, string][]> {
  const rows = page.locator(".usage-table tbody tr");
  const out: [string, string][] = [];
  for (let i = 0; i < await rows.count(); i++) {
    const row = rows.nth(i);
    out.push([
      await row.locator("th").textContent() ?? "",
      await row.locator(`[data-col="${col}"]`).textContent() ?? "",
    ]);
  }
  return out;
}

async function noPageScroll(page: Page): Promise<void> {
  const [scroll, width] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    innerWidth,
  ]);
  assert.ok(scroll <= width, `page scrolls sideways: ${scroll} > ${width}`);
}

/** Screenshots `{name}-light` and `{name}-dark`, each from the top, after checking no sideways scroll. */
export async function shootThemes(
  page: Page,
  screenshot: (name: string) => Promise<void>,
  name: string,
): Promise<void> {
  for (const theme of ["light", "dark"] as const) {
    await page.evaluate((th) => {
      document.documentElement.dataset.theme = th;
      scrollTo(0, 0);
    }, theme);
    await noPageScroll(page);
    await screenshot(`${name}-${theme}`);
  }
}
