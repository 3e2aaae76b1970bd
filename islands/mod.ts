/**
 * The island registry: every component the browser hydrates, by the name the server writes in
 * `data-island`. Islands import only `preact` (and the inspector its diff libraries,
 * `jsondiffpatch` and `diff`), their own helpers and types; they talk to the
 * admin API over `fetch` and never import the store (only its admin JSON types, `import type`).
 * Public surface for `web/` and `routes/`: this module (the registry and the islands' props
 * types), and `usage_format.ts` (how usage numbers read, shared with the Usage page).
 *
 * @module
 */
import { AliasBoard } from "./AliasBoard.tsx";
import { ConfigBanner } from "./ConfigBanner.tsx";
import { DownstreamManager } from "./DownstreamManager.tsx";
import { LogViewer } from "./LogViewer.tsx";
import { RuleManager } from "./RuleManager.tsx";
import { SettingsForm } from "./SettingsForm.tsx";
import { ThemeToggle } from "./ThemeToggle.tsx";

export type { AliasBoardProps, AliasDownstream } from "./AliasBoard.tsx";
export type { DownstreamManagerProps } from "./DownstreamManager.tsx";
export type { LogViewerProps } from "./LogViewer.tsx";
export type { RuleManagerProps } from "./RuleManager.tsx";
export type { SettingsFormProps } from "./SettingsForm.tsx";

/** Islands by name; the name is the marker's `data-island` value. */
export const ISLANDS = {
  AliasBoard,
  ConfigBanner,
  DownstreamManager,
  LogViewer,
  RuleManager,
  SettingsForm,
  ThemeToggle,
} as const;

/** The name of a registered island. */
export type IslandName = keyof typeof ISLANDS;
