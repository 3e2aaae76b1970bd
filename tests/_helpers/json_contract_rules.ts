/**
 * The admin API's JSON contract rule the architecture test (`tests/unit/architecture_test.ts`)
 * enforces, as a pure function over sources (root-relative path → text), so the test can also
 * prove it on made-up sources: each shape is declared once, in `store/admin_json.ts`, and the
 * islands and the CLI take it from `store/mod.ts`. A copy is caught by its name (`*Json`), by
 * where a `*Json` name comes from, and, renamed, by its fields.
 */
import { dirname, join, normalize } from "node:path";

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(
    /(^|[^:"'`])\/\/.*$/gm,
    "$1",
  );
}

/** `cli/run.ts` → `cli`; `main.ts` → `main.ts`. */
function folderOf(file: string): string {
  const i = file.indexOf("/");
  return i === -1 ? file : file.slice(0, i);
}

function resolveLocal(from: string, specifier: string): string {
  return normalize(join(dirname(from), specifier));
}

/** The one home of the admin JSON shapes. */
export const CONTRACT_FILE = "store/admin_json.ts";
const JSON_NAME_REGEXP = /\b[A-Z]\w*Json\b/g;
const JSON_DECLARATION_REGEXP =
  /\b(?:interface|type|class|enum)\s+([A-Z]\w*Json)\b/g;
const CONTRACT_FIELD_REGEXP = /^\s*readonly\s+([a-z0-9]+(?:_[a-z0-9]+)+)\??:/gm;
const TYPE_IMPORT_REGEXP =
  /\bimport\s+(type\s+)?\{([^}]*)\}\s*from\s*["']([^"']+)["']/g;
const IMPORT_EXPORT_LIST_REGEXP =
  /\b(?:import|export)\s+(?:type\s+)?\{[^}]*\}\s*from\s*["'][^"']+["']/g;
const NAMED_TYPE_REGEXP = /\b(?:interface|type)\s+(\w+)[^={;]*?(=|\{)/g;
const PROPERTY_REGEXP = /(?:^|[{;,(]|\s)(?:readonly\s+)?([a-z]\w*)\??\s*:/g;

/** The text of the declaration that starts at `start` (its braces or up to its `;`). */
function declarationBody(code: string, start: number): string {
  let depth = 0;
  for (let i = start; i < code.length; i++) {
    const c = code[i];
    if (c === "{" || c === "(" || c === "<" || c === "[") depth++;
    else if (c === "}" || c === ")" || c === ">" || c === "]") {
      depth--;
      if (depth === 0 && c === "}" && code[start] === "{") {
        return code.slice(start, i + 1);
      }
    } else if (c === ";" && depth === 0) return code.slice(start, i);
  }
  return code.slice(start);
}

/** Names a file imports (types included) from the store's public surface. */
function namesFromStore(file: string, code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(TYPE_IMPORT_REGEXP)) {
    if (resolveLocal(file, m[3]) !== "store/mod.ts") continue;
    for (const member of m[2].split(",")) {
      const name = member.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0];
      if (name !== "") names.add(name);
    }
  }
  return names;
}

/** Violations of the JSON contract rule in `files` (path → source). */
export function jsonContractViolations(
  files: ReadonlyMap<string, string>,
): string[] {
  const contract = files.get(CONTRACT_FILE) ?? "";
  const fields = new Set(
    [...contract.matchAll(CONTRACT_FIELD_REGEXP)].map((m) => m[1]),
  );
  const violations: string[] = [];
  for (const [file, source] of files) {
    const folder = folderOf(file);
    if (["store", "tests", "bench"].includes(folder)) continue;
    const code = stripComments(source);
    // `import { type RuleJson }` names a type without declaring it.
    const declarations = code.replace(IMPORT_EXPORT_LIST_REGEXP, "");
    for (const m of declarations.matchAll(JSON_DECLARATION_REGEXP)) {
      violations.push(`${file} declares ${m[1]}`);
    }
    if (folder !== "islands" && folder !== "cli") continue;
    const imported = namesFromStore(file, code);
    const used = new Set([...code.matchAll(JSON_NAME_REGEXP)].map((m) => m[0]));
    for (const name of used) {
      if (!imported.has(name)) {
        violations.push(`${file} uses ${name} not imported from store/mod.ts`);
      }
    }
    for (const m of declarations.matchAll(NAMED_TYPE_REGEXP)) {
      const body = declarationBody(declarations, m.index + m[0].length - 1);
      for (const p of body.matchAll(PROPERTY_REGEXP)) {
        if (fields.has(p[1])) {
          violations.push(
            `${file}: ${m[1]} declares the contract field ${p[1]}`,
          );
        }
      }
    }
  }
  return violations;
}
