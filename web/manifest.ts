/**
 * The build manifest `static/build/manifest.json`: which hashed bundle is current and which
 * inputs produced it. `web/build.ts` writes it; the server reads it to link the bundle.
 *
 * @module
 */

/** Name of the manifest file inside the build folder. */
export const MANIFEST_FILE = "manifest.json";

/** What the build recorded. */
export interface BuildManifest {
  /** SHA-256 over the bundle's inputs; equal means the bundle is up to date. */
  readonly inputs: string;
  /** File name of the client bundle inside the build folder (`client-<hash>.js`). */
  readonly client: string;
}

const CLIENT_FILE_REGEXP = /^client-[0-9a-f]{8,64}\.js$/;

/** Validates a parsed manifest; throws `SyntaxError` naming the bad field. */
export function parseManifest(value: unknown): BuildManifest {
  if (typeof value !== "object" || value === null) {
    throw new SyntaxError("Cannot read build manifest: not an object");
  }
  const inputs = "inputs" in value ? value.inputs : undefined;
  const client = "client" in value ? value.client : undefined;
  if (typeof inputs !== "string") {
    throw new SyntaxError("Cannot read build manifest: inputs: not a string");
  }
  if (typeof client !== "string" || !CLIENT_FILE_REGEXP.test(client)) {
    throw new SyntaxError(
      "Cannot read build manifest: client: not a hashed bundle name",
    );
  }
  return { inputs, client };
}

/** Reads the manifest from `buildDir`, or `null` when there is none yet. */
export async function loadManifest(
  buildDir: URL,
): Promise<BuildManifest | null> {
  let text: string;
  try {
    text = await Deno.readTextFile(new URL(MANIFEST_FILE, buildDir));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
  return parseManifest(JSON.parse(text));
}
