/**
 * Enforces STYLE.md §2 as ARCHITECTURE.md documents it: the import direction between folders
 * (the table in ARCHITECTURE.md is the one enforced), public surfaces, the one home of each npm
 * dependency, where `Deno.*` may appear (sockets and HTTP clients only in `net/`), and no import
 * cycles; the admin API's JSON
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
import {
  CONTRACT_FILE,
  jsonContractViolations,
} from "../_helpers/json_contract_rules.ts";
import { parseArrowTable } from "../_helpers/layout_rules.ts";

const ROOT = normalize(
  join(dirname(fileURLToPath(import.meta.url)), "..", ".."),
);
const SKIP_DIRS = new Set(["node_modules", ".git", "static", "bench/results"]);

/** Our folders and the folders each may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  "main.ts": ["cli"],
  // deno.json is read for the version number.
  cli: ["gateway", "routes", "store", "net", "deno.json"],
  net: ["gateway"],
  routes: ["store", "gateway", "plugins", "web", "islands"],
  gateway: ["store", "plugins"],
  web: ["islands"],
  plugins: [],
  store: [],
  islands: [],
};

/** Folders whose imports of these other folders must be `import type`. */
const TYPE_ONLY: Record<string, readonly string[]> = {
  gateway: ["store"],
  net: ["gateway"],
};

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
  "csv-stringify/sync": ["store"],
  "csv-parse/sync": [],
  "parse-prometheus-text-format": [],
  // The inspector's diffs, bundled for the browser.
  jsondiffpatch: ["islands"],
  diff: ["islands"],
  "d3-scale": ["routes"],
  "d3-shape": ["routes"],
  "d3-time": ["routes"],
};

/** Where `Deno.*` may be used. */
const DENO_HOMES = new Set([
  "main.ts",
  "cli",
  "net",
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

Deno.test("architecture: Deno.* is used only in cli/, net/, store/, web/ and tests/", () => {
  const violations = files
    .filter((f) => !DENO_HOMES.has(folderOf(f)))
    .filter((f) =>
      /\bDeno\.(?!test\b)[A-Za-z]/.test(stripComments(sources.get(f)!))
    )
    .filter((f) => !(folderOf(f) === "islands"));
  assert.deepStrictEqual(violations, []);
});

Deno.test("architecture: sockets and HTTP clients (Deno.connect*, Deno.createHttpClient) only in net/", () => {
  const violations = files
    .filter((f) => !["net", "tests", "bench"].includes(folderOf(f)))
    .filter((f) =>
      /\bDeno\.(connect\w*|createHttpClient|listen\w*)\b/.test(
        stripComments(sources.get(f)!),
      )
    );
  assert.deepStrictEqual(violations, []);
});

Deno.test("architecture: ARCHITECTURE.md's arrow table is the table enforced here", () => {
  const documented = parseArrowTable(
    Deno.readTextFileSync(join(ROOT, "ARCHITECTURE.md")),
  );
  const sorted = (table: Record<string, readonly string[]>) =>
    Object.fromEntries(
      Object.entries(table).map((
        [folder, list],
      ) => [folder, list.filter((f) => f !== "deno.json").toSorted()]),
    );
  assert.deepStrictEqual(sorted(documented.allowed), sorted(ALLOWED));
  assert.deepStrictEqual(sorted(documented.typeOnly), sorted(TYPE_ONLY));
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
