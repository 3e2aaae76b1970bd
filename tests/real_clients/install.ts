/**
 * Installs the pinned real clients (`clients/package.json` + `package-lock.json`: Claude Code,
 * Codex CLI, OpenCode) with `npm ci` into `clients/node_modules`, once per lock file: a marker
 * holding the lock's SHA-256 makes later runs a no-op. The lock names the native linux-x64
 * packages the npm wrappers would pick (the wrappers' optional dependencies for other platforms
 * are not all on every registry mirror, which makes `npm ci` of a wrapper fail); no install
 * script runs and nothing else is downloaded. Run by `deno task test:clients` and `deno task test`
 * before the suite (`deno run -P=test tests/real_clients/install.ts`).
 */
import { fileURLToPath } from "node:url";

/** Where the pinned clients are installed. */
export const CLIENTS_DIR = fileURLToPath(
  new URL("./clients/", import.meta.url),
);

const MARKER = `${CLIENTS_DIR}node_modules/.tresor-lock-sha256`;

/** A client the suite runs. */
export type ClientName = "claude" | "codex" | "opencode";

async function lockDigest(): Promise<string> {
  const lock = await Deno.readFile(`${CLIENTS_DIR}package-lock.json`);
  const digest = await crypto.subtle.digest("SHA-256", lock);
  return Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}

async function readMarker(): Promise<string | undefined> {
  try {
    return (await Deno.readTextFile(MARKER)).trim();
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}

/** Whether the clients of the current lock file are installed. */
export async function clientsInstalled(): Promise<boolean> {
  return await readMarker() === await lockDigest();
}

/** Each client's native executable inside its linux-x64 package. */
const BINARIES: Record<ClientName, string> = {
  claude: "@anthropic-ai/claude-code-linux-x64/claude",
  codex: "@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex",
  opencode: "opencode-linux-x64/bin/opencode",
};

/** The path of a client's executable (the native binary its npm package ships). */
export function clientBinary(name: ClientName): string {
  return `${CLIENTS_DIR}node_modules/${BINARIES[name]}`;
}

/** Installs the clients unless the current lock file's are there; returns whether it ran npm. */
export async function ensureClients(): Promise<boolean> {
  if (await clientsInstalled()) return false;
  const digest = await lockDigest();
  const npm = new Deno.Command("npm", {
    args: [
      "ci",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
    ],
    cwd: CLIENTS_DIR,
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  });
  const { code } = await npm.output();
  if (code !== 0) {
    throw new Error(`npm ci failed in ${CLIENTS_DIR} (exit ${code})`);
  }
  for (const name of ["claude", "codex", "opencode"] as const) {
    await Deno.stat(clientBinary(name));
  }
  await Deno.writeTextFile(MARKER, `${digest}\n`);
  return true;
}

if (import.meta.main) {
  const ran = await ensureClients();
  // deno-lint-ignore no-console -- a command-line entry point reports what it did
  console.log(
    ran ? "real clients installed" : "real clients already installed",
  );
}
