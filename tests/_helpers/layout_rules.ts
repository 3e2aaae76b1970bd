/**
 * Rules the architecture test (`tests/unit/architecture_test.ts`) enforces on the shape of the
 * request path and on `ARCHITECTURE.md`, as pure functions over sources (root-relative path →
 * text), so the test can also prove them on made-up sources:
 * - {@link stageLayoutViolations}: each file in `gateway/stages/` exports exactly one function,
 *   named after the file (`read_body.ts` → `readBody`);
 * - {@link stageDocViolations}: `ARCHITECTURE.md` names every stage file, and no other;
 * - {@link parseArrowTable}: the import arrows `ARCHITECTURE.md` documents, to compare with the
 *   table the test enforces;
 * - {@link oversizedFiles}: no source file over {@link MAX_FILE_LINES} lines (STYLE.md: small
 *   modules), golden fixtures and generated files aside.
 */

/** Where the stages live. */
export const STAGES_FOLDER = "gateway/stages/";

const EXPORT_REGEXP =
  /(?:^|\n)\s*export\s+(?:(default)\b|(?:async\s+)?(function)\s*\*?\s*(\w+)|(const|let|var|class|interface|type|enum|abstract\s+class)\s+(\w+)|(\{|\*))/g;

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(
    /(^|[^:"'`])\/\/.*$/gm,
    "$1",
  );
}

/** `read_body.ts` → `readBody`. */
export function stageName(file: string): string {
  const base = file.slice(file.lastIndexOf("/") + 1).replace(/\.ts$/, "");
  return base.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The exports of `source`: `function name`, `const name`, …, or `{…}`/`*`/`default`. */
function exportsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of stripComments(source).matchAll(EXPORT_REGEXP)) {
    if (m[1]) out.push("default");
    else if (m[2]) out.push(`function ${m[3]}`);
    else if (m[4]) out.push(`${m[4].replace(/\s+/, " ")} ${m[5]}`);
    else out.push(m[6] === "{" ? "export list" : "export *");
  }
  return out;
}

/** Stage files whose exports are not exactly the one function named after the file. */
export function stageLayoutViolations(
  sources: ReadonlyMap<string, string>,
): string[] {
  const violations: string[] = [];
  for (const [file, source] of sources) {
    if (!file.startsWith(STAGES_FOLDER) || !file.endsWith(".ts")) continue;
    if (file.slice(STAGES_FOLDER.length).includes("/")) {
      violations.push(`${file}: stages are files directly in ${STAGES_FOLDER}`);
      continue;
    }
    const exported = exportsOf(source);
    const want = `function ${stageName(file)}`;
    if (exported.length !== 1 || exported[0] !== want) {
      violations.push(
        `${file} exports ${
          exported.join(", ") || "nothing"
        }; a stage file exports only ${want}`,
      );
    }
  }
  return violations;
}

const STAGE_MENTION_REGEXP = /gateway\/stages\/(\w+\.ts)/g;

/** Stage files `markdown` does not name, and stage files it names that do not exist. */
export function stageDocViolations(
  sources: ReadonlyMap<string, string>,
  markdown: string,
): string[] {
  const files = [...sources.keys()].filter((f) =>
    f.startsWith(STAGES_FOLDER) && !f.slice(STAGES_FOLDER.length).includes("/")
  );
  const named = new Set(
    [...markdown.matchAll(STAGE_MENTION_REGEXP)].map((m) =>
      `${STAGES_FOLDER}${m[1]}`
    ),
  );
  return [
    ...files.filter((f) => !named.has(f)).map((f) =>
      `ARCHITECTURE.md does not name ${f}`
    ),
    ...[...named].filter((f) => !sources.has(f)).map((f) =>
      `ARCHITECTURE.md names ${f}, which does not exist`
    ),
  ];
}

/** The import arrows of a documented table: folder → folders it may import, and type-only ones. */
export interface ArrowTable {
  readonly allowed: Record<string, string[]>;
  readonly typeOnly: Record<string, string[]>;
}

const ROW_REGEXP = /^\|\s*`([\w.]+)\/?`\s*\|([^|]*)\|([^|]*)\|/gm;
const FOLDER_REGEXP = /`([\w.]+?)\/?`/g;

/**
 * Reads the arrow table of `markdown`: rows `| \`folder/\` | \`a/\`, \`b/\` | \`a/\` |` (folder,
 * what it may import, which of those only as types), between the markers
 * `<!-- arrows -->` and `<!-- /arrows -->`.
 */
export function parseArrowTable(markdown: string): ArrowTable {
  const start = markdown.indexOf("<!-- arrows -->");
  const end = markdown.indexOf("<!-- /arrows -->");
  if (start === -1 || end < start) {
    throw new SyntaxError("ARCHITECTURE.md has no <!-- arrows --> table");
  }
  const allowed: Record<string, string[]> = {};
  const typeOnly: Record<string, string[]> = {};
  for (const m of markdown.slice(start, end).matchAll(ROW_REGEXP)) {
    allowed[m[1]] = [...m[2].matchAll(FOLDER_REGEXP)].map((f) => f[1]);
    const types = [...m[3].matchAll(FOLDER_REGEXP)].map((f) => f[1]);
    if (types.length > 0) typeOnly[m[1]] = types;
  }
  return { allowed, typeOnly };
}

/** The most lines a source file may have. */
export const MAX_FILE_LINES = 400;

/** Where files are data for tests, not code to read: exempt from the size limit. */
const SIZE_EXEMPT_FOLDERS = ["tests/golden/fixtures/"];

/** A generated file says so near its top; it is exempt from the size limit. */
const GENERATED_REGEXP = /@generated\b/;

/** Lines of `text` as `wc -l` counts them (a last line without a newline counts too). */
export function lineCount(text: string): number {
  if (text === "") return 0;
  const newlines = text.split("\n").length - 1;
  return text.endsWith("\n") ? newlines : newlines + 1;
}

/** `.ts`/`.tsx` files of `sources` over `limit` lines, as `file: N lines (over M)`. */
export function oversizedFiles(
  sources: ReadonlyMap<string, string>,
  limit: number = MAX_FILE_LINES,
): string[] {
  const violations: string[] = [];
  for (const [file, source] of sources) {
    if (!/\.tsx?$/.test(file)) continue;
    if (SIZE_EXEMPT_FOLDERS.some((folder) => file.startsWith(folder))) continue;
    if (GENERATED_REGEXP.test(source.slice(0, 500))) continue;
    const lines = lineCount(source);
    if (lines > limit) {
      violations.push(`${file}: ${lines} lines (over ${limit})`);
    }
  }
  return violations;
}
