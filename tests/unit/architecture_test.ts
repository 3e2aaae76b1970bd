/**
 * Enforces STYLE.md §2: the import direction between folders, public surfaces, the one home of
 * each npm dependency, where `Deno.*` may appear, and no import cycles; the admin API's JSON
 * contract: its types are declared once, in `store/admin_json.ts`; and, from
 * `tests/_helpers/import_rules.ts`, that converters import no other converter and that no
 * import is routed through a re-export.
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  pluginFolderViolations,
  reexportViolations,
} from "../_helpers/import_rules.ts";

const ROOT = normalize(
  join(dirname(fileURLToPath(import.meta.url)), "..", ".."),
);
const SKIP_DIRS = new Set(["node_modules", ".git", "static", "bench/results"]);

/** Our folders and the folders each may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  "main.ts": ["cli"],
  // deno.json is read for the version number.
  cli: ["gateway", "routes", "store", "deno.json"],
  routes: ["store", "gateway", "plugins", "web", "islands"],
  gateway: ["store", "plugins"],
  web: ["islands"],
  plugins: [],
  store: [],
  islands: [],
};

/** Folders whose imports of these other folders must be `import type`. */
const TYPE_ONLY: Record<string, readonly string[]> = { gateway: ["store"] };

/** Each npm dependency's home folders (tests and bench may use anything). */
const NPM_HOMES: Record<string, readonly string[]> = {
  commander: ["cli"],
  yaml: ["store"],
  "preact-render-to-string": ["web"],
  preact: ["web", "routes", "islands"],
  "preact/hooks": ["web", "routes", "islands"],
  openai: [],
  "@anthropic-ai/sdk": [],
  "playwright-core": [],
};

/** Where `Deno.*` may be used. */
const DENO_HOMES = new Set([
  "main.ts",
  "cli",
  "store",
  "web",
  "tests",
  "bench",
]);

const IMPORT_REGEXP =
  /(?:^|[\n;])\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"']+)["']/g;
const DYNAMIC_IMPORT_REGEXP = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

interface ImportEdge {
  from: string;
  specifier: string;
  typeOnly: boolean;
}

async function listSources(dir = ROOT): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    const rel = relative(ROOT, path);
    if (entry.isDirectory) {
      if (!SKIP_DIRS.has(rel) && !entry.name.startsWith(".")) {
        out.push(...await listSources(path));
      }
    } else if (/\.tsx?$/.test(entry.name)) {
      out.push(rel);
    }
  }
  return out.sort();
}

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(
    /(^|[^:"'`])\/\/.*$/gm,
    "$1",
  );
}

function importsOf(file: string, source: string): ImportEdge[] {
  const code = stripComments(source);
  const edges: ImportEdge[] = [];
  for (const m of code.matchAll(IMPORT_REGEXP)) {
    edges.push({ from: file, specifier: m[3], typeOnly: m[2] !== undefined });
  }
  for (const m of code.matchAll(DYNAMIC_IMPORT_REGEXP)) {
    edges.push({ from: file, specifier: m[1], typeOnly: false });
  }
  return edges;
}

/** `cli/run.ts` → `cli`; `main.ts` → `main.ts`. */
function folderOf(file: string): string {
  const i = file.indexOf("/");
  return i === -1 ? file : file.slice(0, i);
}

function resolveLocal(from: string, specifier: string): string {
  return normalize(join(dirname(from), specifier));
}

const files = await listSources();
const sources = new Map<string, string>();
for (const file of files) {
  sources.set(file, await Deno.readTextFile(join(ROOT, file)));
}
const edges = files.flatMap((file) => importsOf(file, sources.get(file)!));

Deno.test("architecture: the scan sees the project's sources", () => {
  assert.ok(files.includes("main.ts"));
  assert.ok(files.some((f) => f.startsWith("gateway/")));
  assert.ok(
    edges.some((e) => e.from === "main.ts" && e.specifier === "./cli/mod.ts"),
  );
});

Deno.test("architecture: folders import only the folders STYLE.md allows", () => {
  const violations: string[] = [];
  for (const edge of edges) {
    if (!edge.specifier.startsWith(".")) continue;
    const fromFolder = folderOf(edge.from);
    if (fromFolder === "tests" || fromFolder === "bench") continue;
    const target = resolveLocal(edge.from, edge.specifier);
    const toFolder = folderOf(target);
    if (toFolder === fromFolder) continue;
    if (fromFolder === "islands" && edge.typeOnly) continue;
    const allowed = ALLOWED[fromFolder];
    if (!allowed?.includes(toFolder)) {
      violations.push(`${edge.from} imports ${target}`);
    } else if (TYPE_ONLY[fromFolder]?.includes(toFolder) && !edge.typeOnly) {
      violations.push(`${edge.from} imports ${target} without "import type"`);
    }
  }
  assert.deepStrictEqual(violations, []);
});

Deno.test("architecture: nothing imports tests/", () => {
  const violations = edges
    .filter((e) => folderOf(e.from) !== "tests" && e.specifier.startsWith("."))
    .filter((e) => folderOf(resolveLocal(e.from, e.specifier)) === "tests")
    .map((e) => `${e.from} imports ${e.specifier}`);
  assert.deepStrictEqual(violations, []);
});

Deno.test("architecture: across folders, only a folder's public surface is imported", () => {
  const violations: string[] = [];
  for (const edge of edges) {
    if (!edge.specifier.startsWith(".")) continue;
    const fromFolder = folderOf(edge.from);
    if (fromFolder === "tests" || fromFolder === "bench") continue;
    const target = resolveLocal(edge.from, edge.specifier);
    const toFolder = folderOf(target);
    if (toFolder === fromFolder || fromFolder === "islands") continue;
    if (target === "deno.json") continue;
    const base = target.slice(target.lastIndexOf("/") + 1);
    const modPath = join(dirname(target), "mod.ts");
    const modDoc = sources.get(modPath) ?? "";
    const named = modDoc.includes(relative(dirname(modPath), target)) ||
      modDoc.includes(target);
    if (base.startsWith("_") || !(base === "mod.ts" || named)) {
      violations.push(`${edge.from} imports ${target}`);
    }
  }
  assert.deepStrictEqual(violations, []);
});

Deno.test("architecture: each npm dependency is imported only from its home", () => {
  const violations: string[] = [];
  for (const edge of edges) {
    const homes = NPM_HOMES[edge.specifier];
    const folder = folderOf(edge.from);
    if (!homes || folder === "tests" || folder === "bench") continue;
    if (!homes.includes(folder)) {
      violations.push(`${edge.from} imports ${edge.specifier}`);
    }
  }
  assert.deepStrictEqual(violations, []);
});

Deno.test("architecture: no inline npm:, jsr: or URL imports", () => {
  const violations = edges
    .filter((e) => /^(npm:|jsr:|https?:)/.test(e.specifier))
    .map((e) => `${e.from} imports ${e.specifier}`);
  assert.deepStrictEqual(violations, []);
});

Deno.test("architecture: Deno.* is used only in cli/, store/, web/ and tests/", () => {
  const violations = files
    .filter((f) => !DENO_HOMES.has(folderOf(f)))
    .filter((f) =>
      /\bDeno\.(?!test\b)[A-Za-z]/.test(stripComments(sources.get(f)!))
    )
    .filter((f) => !(folderOf(f) === "islands"));
  assert.deepStrictEqual(violations, []);
});

Deno.test("architecture: islands do not use Deno.* (they run in the browser)", () => {
  const violations = files
    .filter((f) => folderOf(f) === "islands")
    .filter((f) => /\bDeno\./.test(stripComments(sources.get(f)!)));
  assert.deepStrictEqual(violations, []);
});

Deno.test("architecture: no import cycles, type-only imports included", () => {
  const graph = new Map<string, string[]>();
  for (const edge of edges) {
    if (!edge.specifier.startsWith(".")) continue;
    const target = resolveLocal(edge.from, edge.specifier);
    if (!sources.has(target)) continue;
    graph.set(edge.from, [...(graph.get(edge.from) ?? []), target]);
  }
  const state = new Map<string, "visiting" | "done">();
  const cycles: string[] = [];
  const visit = (node: string, path: string[]) => {
    if (state.get(node) === "done") return;
    if (state.get(node) === "visiting") {
      cycles.push([...path.slice(path.indexOf(node)), node].join(" -> "));
      return;
    }
    state.set(node, "visiting");
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    state.set(node, "done");
  };
  for (const file of files) visit(file, []);
  assert.deepStrictEqual(cycles, []);
});

// The admin API's JSON contract (issue 14): each shape is declared once, in
// store/admin_json.ts, and the islands and the CLI take it from store/mod.ts. A copy is caught
// by its name (`*Json`), by where a `*Json` name comes from, and, renamed, by its fields.

const CONTRACT_FILE = "store/admin_json.ts";
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
function jsonContractViolations(files: ReadonlyMap<string, string>): string[] {
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

Deno.test("architecture: admin JSON types are declared once, in store/, and imported from store/mod.ts", () => {
  assert.ok(sources.has(CONTRACT_FILE));
  assert.equal(sources.has("islands/types.ts"), false);
  assert.deepStrictEqual(jsonContractViolations(sources), []);
});

Deno.test("architecture: the JSON contract check catches a copy, an import from elsewhere and a renamed copy", () => {
  const files = new Map([
    [CONTRACT_FILE, sources.get(CONTRACT_FILE) ?? ""],
    [
      "islands/Copy.tsx",
      "export type DownstreamJson = { readonly id: string };",
    ],
    [
      "cli/elsewhere.ts",
      'import type { RuleJson } from "../islands/mod.ts";\nlet r: RuleJson[] = [];',
    ],
    [
      "islands/Renamed.tsx",
      "interface Provider {\n  readonly id: string;\n  base_url?: string;\n}",
    ],
    [
      "routes/page.tsx",
      "interface PageJson { title: string }",
    ],
    [
      "routes/fine.ts",
      'import { type ErrorJson, ValidationError } from "../store/mod.ts";',
    ],
    [
      "islands/Fine.tsx",
      'import type { AliasJson } from "../store/mod.ts";\n' +
      'type Draft = Pick<AliasJson, "input_model_id"> & { readonly editing: string };\n' +
      "interface Props { readonly aliases: readonly AliasJson[]; onPick(id: string): void }",
    ],
  ]);
  assert.deepStrictEqual(jsonContractViolations(files), [
    "islands/Copy.tsx declares DownstreamJson",
    "islands/Copy.tsx uses DownstreamJson not imported from store/mod.ts",
    "cli/elsewhere.ts uses RuleJson not imported from store/mod.ts",
    "islands/Renamed.tsx: Provider declares the contract field base_url",
    "routes/page.tsx declares PageJson",
  ]);
});

Deno.test("architecture: a converter folder imports no other converter, only plugins' shared folders and contract files", () => {
  assert.deepStrictEqual(pluginFolderViolations(sources), []);
});

Deno.test("architecture: an import names the module defining its symbols (a folder's mod.ts only from outside)", () => {
  assert.deepStrictEqual(reexportViolations(sources), []);
});

Deno.test("architecture: the plugin import rules catch what they forbid", () => {
  const made = new Map([
    ["plugins/types.ts", "export type ApiFormat = string;"],
    ["plugins/registry.ts", "export const PLUGINS = {};"],
    [
      "plugins/a2b/mod.ts",
      'import { x } from "../b2a/to_b.ts";\nexport const a2b = x;',
    ],
    [
      "plugins/a2b/to_a.ts",
      'import type { ApiFormat } from "../types.ts";\nexport const y: ApiFormat = "";',
    ],
    [
      "plugins/b2a/to_b.ts",
      'import { PLUGINS } from "../registry.ts";\nexport const x = PLUGINS;',
    ],
    [
      "plugins/protocol/a/types.ts",
      'import { y } from "../../a2b/to_a.ts";\nexport type A = typeof y;',
    ],
    [
      "plugins/protocol/a/mod.ts",
      'export type * from "./types.ts";\nexport { y } from "../../a2b/to_a.ts";',
    ],
    [
      "plugins/protocol/a/reader.ts",
      'import type * as a from "./mod.ts";\nexport type R = a.A;',
    ],
    [
      "plugins/b2a/mod.ts",
      'import type * as a from "../protocol/a/mod.ts";\nexport type B = a.A;',
    ],
  ]);
  assert.deepStrictEqual(pluginFolderViolations(made), [
    "plugins/a2b/mod.ts imports plugins/b2a/to_b.ts",
    "plugins/b2a/to_b.ts imports plugins/registry.ts",
    "plugins/protocol/a/types.ts imports plugins/a2b/to_a.ts",
    "plugins/protocol/a/mod.ts imports plugins/a2b/to_a.ts",
  ]);
  assert.deepStrictEqual(reexportViolations(made), [
    "plugins/protocol/a/reader.ts imports through the re-exports of plugins/protocol/a/mod.ts",
  ]);
});
