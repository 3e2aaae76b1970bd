/**
 * Import rules the architecture test (`tests/unit/architecture_test.ts`) enforces on top of the
 * folder table, as pure functions over a map of sources (root-relative path → text), so the
 * test can also prove them on made-up sources:
 * - {@link pluginFolderViolations}: a converter folder under `plugins/` imports no other
 *   converter folder, only the shared folders and the contract files at the root;
 * - {@link reexportViolations}: an import names the module that defines its symbols, except a
 *   folder's `mod.ts` imported from outside the folder (its public surface).
 */
import { dirname, join, normalize } from "node:path";

/** Folders under `plugins/` every converter may share, each with what it may import of them. */
export const PLUGIN_SHARED_FOLDERS: Readonly<
  Record<string, readonly string[]>
> = {
  protocol: ["protocol"],
  convert_shared: ["protocol", "convert_shared"],
  responses_shared: ["protocol", "convert_shared", "responses_shared"],
};

/** Files at the root of `plugins/` any plugin folder may import: contracts, errors, SSE codec. */
export const PLUGIN_CONTRACT_FILES: readonly string[] = [
  "types.ts",
  "define.ts",
  "define_converter.ts",
  "errors.ts",
  "sse.ts",
  "warnings.ts",
];

/** One `import … from` or `export … from` of a source file. */
export interface ImportStatement {
  readonly file: string;
  /** The imported file, root-relative. */
  readonly target: string;
  /** The names taken, or `*` for a namespace import or `export *`. */
  readonly names: readonly string[] | "*";
  readonly reexport: boolean;
}

const STATEMENT_REGEXP =
  /(?:^|[\n;])\s*(import|export)\s+(?:type\s+)?([\w*{}\s,$]+?)\s+from\s+["'](\.[^"']+)["']/g;
const EXPORT_LIST_REGEXP =
  /(?:^|[\n;])\s*export\s+(?:type\s+)?\{([^}]*)\}\s*;/g;

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(
    /(^|[^:"'`])\/\/.*$/gm,
    "$1",
  );
}

/** The names of an import or export clause (`{ a, type b, c as d }` → a, b, c; `* as x` → *). */
function clauseNames(clause: string, exported: boolean): string[] | "*" {
  if (clause.includes("*")) return "*";
  return clause.replace(/[{}]/g, "").split(",").map((n) =>
    n.trim().replace(/^type\s+/, "")
  ).filter((n) => n !== "").map((n) => {
    const [name, alias] = n.split(/\s+as\s+/);
    return exported ? alias ?? name : name;
  });
}

/** Every relative import and re-export of `file`. */
export function importStatements(
  file: string,
  source: string,
): ImportStatement[] {
  const out: ImportStatement[] = [];
  for (const m of stripComments(source).matchAll(STATEMENT_REGEXP)) {
    out.push({
      file,
      target: normalize(join(dirname(file), m[3])),
      names: clauseNames(m[2], false),
      reexport: m[1] === "export",
    });
  }
  return out;
}

/** What a file exports that it did not define: the names, and whether it re-exports all. */
function reexportsOf(
  file: string,
  source: string,
): { names: Set<string>; all: boolean } {
  const statements = importStatements(file, source);
  const imported = new Set(
    statements.filter((s) => !s.reexport && s.names !== "*").flatMap((
      s,
    ) => [...s.names]),
  );
  const names = new Set<string>();
  let all = false;
  for (const s of statements.filter((s) => s.reexport)) {
    if (s.names === "*") all = true;
    else s.names.forEach((n) => names.add(n));
  }
  for (const m of stripComments(source).matchAll(EXPORT_LIST_REGEXP)) {
    const list = clauseNames(m[1], true);
    if (list !== "*") {
      list.filter((n) => imported.has(n)).forEach((n) => names.add(n));
    }
  }
  return { names, all };
}

/** Imports that reach a symbol through a re-export instead of the module defining it. */
export function reexportViolations(
  sources: ReadonlyMap<string, string>,
): string[] {
  const violations: string[] = [];
  const reexports = new Map<string, { names: Set<string>; all: boolean }>();
  for (const [file, source] of sources) {
    for (const s of importStatements(file, source)) {
      const target = sources.get(s.target);
      if (target === undefined) continue;
      // A folder's mod.ts is its public surface for everyone outside the folder.
      const folder = dirname(s.target);
      const outside = !(`${dirname(file)}/`.startsWith(`${folder}/`));
      if (s.target.endsWith("/mod.ts") && outside) continue;
      if (!reexports.has(s.target)) {
        reexports.set(s.target, reexportsOf(s.target, target));
      }
      const re = reexports.get(s.target)!;
      const routed = s.names === "*"
        ? re.all || re.names.size > 0
        : s.names.filter((n) => re.names.has(n)).length > 0 || re.all;
      if (routed) {
        violations.push(
          `${file} imports through the re-exports of ${s.target}`,
        );
      }
    }
  }
  return violations;
}

/** `plugins/<folder>/…` → folder; a root file → undefined. */
function pluginFolder(path: string): string | undefined {
  const parts = path.split("/");
  return parts[0] === "plugins" && parts.length > 2 ? parts[1] : undefined;
}

/** Imports between `plugins/` folders that the converter layering forbids (see the module doc). */
export function pluginFolderViolations(
  sources: ReadonlyMap<string, string>,
): string[] {
  const violations: string[] = [];
  for (const [file, source] of sources) {
    const from = pluginFolder(file);
    if (from === undefined) continue;
    const allowed = PLUGIN_SHARED_FOLDERS[from] ??
      Object.keys(PLUGIN_SHARED_FOLDERS);
    for (const s of importStatements(file, source)) {
      if (!s.target.startsWith("plugins/")) continue;
      const to = pluginFolder(s.target);
      const ok = to === undefined
        ? PLUGIN_CONTRACT_FILES.includes(s.target.slice("plugins/".length))
        : to === from || allowed.includes(to);
      if (!ok) violations.push(`${file} imports ${s.target}`);
    }
  }
  return violations;
}
