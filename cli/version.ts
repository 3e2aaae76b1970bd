import denoJson from "../deno.json" with { type: "json" };

/** Tresor's release version, from deno.json. */
export const VERSION: string = denoJson.version;

/** Version and build facts shown by `tresor version`, `/api/version` and the about page. */
export interface VersionInfo {
  readonly version: string;
  readonly build: string;
  readonly deno: string;
}

/** Describes this build: the Deno runtime and target it runs on. */
export function versionInfo(): VersionInfo {
  return {
    version: VERSION,
    build: `${Deno.build.target}`,
    deno: Deno.version.deno,
  };
}
