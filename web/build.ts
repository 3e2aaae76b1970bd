/**
 * `deno task build`: bundles `web/client.ts` (and the islands it imports) for the browser into
 * `static/build/client-<hash>.js` and records it in `static/build/manifest.json`. Skips the
 * bundler when the manifest's input hash still matches, so `deno task start` stays fast.
 *
 * @module
 */
import { type BuildManifest, loadManifest, MANIFEST_FILE } from "./manifest.ts";

/** Options for {@link buildClient}. */
export interface BuildOptions {
  /** The repository root (a `file:` URL ending in `/`). */
  readonly root?: URL;
  /** Rebuild even when the inputs are unchanged. */
  readonly force?: boolean;
}

/** What {@link buildClient} did. */
export interface BuildResult {
  readonly manifest: BuildManifest;
  /** `false` when the existing bundle was up to date. */
  readonly built: boolean;
}

const ROOT = new URL("../", import.meta.url);

/** Folders whose files feed the bundle (islands import only preact, islands/ and types). */
const INPUT_DIRS = ["islands/", "web/"] as const;
/** Single files that change the bundle: dependency versions. */
const INPUT_FILES = ["deno.json", "deno.lock"] as const;

async function listFiles(dir: URL): Promise<URL[]> {
  const out: URL[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return out;
    throw err;
  }
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const entry of entries) {
    if (entry.isDirectory) {
      out.push(...await listFiles(new URL(`${entry.name}/`, dir)));
    } else if (entry.isFile) out.push(new URL(entry.name, dir));
  }
  return out;
}

function toHex(buffer: ArrayBuffer): string {
  return Array.from(
    new Uint8Array(buffer),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
}

/** SHA-256 over the names and contents of every bundle input under `root`. */
export async function hashInputs(root: URL): Promise<string> {
  const files: URL[] = [];
  for (const dir of INPUT_DIRS) {
    files.push(...await listFiles(new URL(dir, root)));
  }
  for (const file of INPUT_FILES) files.push(new URL(file, root));
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(file);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) continue;
      throw err;
    }
    parts.push(encoder.encode(`${file.href.slice(root.href.length)}\0`), bytes);
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.length;
  }
  return toHex(await crypto.subtle.digest("SHA-256", all));
}

async function exists(url: URL): Promise<boolean> {
  try {
    await Deno.stat(url);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

/** Builds the client bundle unless the manifest says it is up to date. */
export async function buildClient(
  options: BuildOptions = {},
): Promise<BuildResult> {
  const root = options.root ?? ROOT;
  const buildDir = new URL("static/build/", root);
  await Deno.mkdir(buildDir, { recursive: true });
  const inputs = await hashInputs(root);
  const current = await loadManifest(buildDir).catch((err) => {
    // A damaged manifest is rebuilt rather than trusted.
    if (err instanceof SyntaxError) return null;
    throw err;
  });
  if (
    !options.force && current?.inputs === inputs &&
    await exists(new URL(current.client, buildDir))
  ) {
    return { manifest: current, built: false };
  }

  const temp = new URL(`client.${crypto.randomUUID()}.tmp.js`, buildDir);
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "browser",
      "--minify",
      "--config",
      new URL("deno.json", root).pathname,
      "--output",
      temp.pathname,
      new URL("web/client.ts", root).pathname,
    ],
    cwd: root.pathname,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    await Deno.remove(temp).catch(() => undefined);
    throw new Error(
      `Cannot bundle web/client.ts: deno bundle exited with ${code}\n${
        new TextDecoder().decode(stderr)
      }`,
    );
  }
  const bytes = await Deno.readFile(temp);
  const hash = toHex(await crypto.subtle.digest("SHA-256", bytes)).slice(0, 16);
  const client = `client-${hash}.js`;
  await Deno.rename(temp, new URL(client, buildDir));

  const manifest: BuildManifest = { inputs, client };
  const manifestTemp = new URL(`${MANIFEST_FILE}.tmp`, buildDir);
  await Deno.writeTextFile(
    manifestTemp,
    JSON.stringify(manifest, null, 2) + "\n",
  );
  await Deno.rename(manifestTemp, new URL(MANIFEST_FILE, buildDir));

  // Old bundles are dead once the manifest points elsewhere.
  for await (const entry of Deno.readDir(buildDir)) {
    if (
      entry.isFile && entry.name.startsWith("client-") && entry.name !== client
    ) {
      await Deno.remove(new URL(entry.name, buildDir));
    }
  }
  return { manifest, built: true };
}

if (import.meta.main) {
  const force = Deno.args.includes("--force");
  const { manifest, built } = await buildClient({ force });
  // deno-lint-ignore no-console -- build tool output
  console.log(
    built
      ? `Built static/build/${manifest.client}`
      : `static/build/${manifest.client} is up to date`,
  );
}
