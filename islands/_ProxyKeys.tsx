/**
 * The settings page's gateway keys: the configured keys as chips (masked; a named key by its
 * name), a remove button each, and a name and key to add one. Names are what logs, usage and
 * the Usage page show; the key never leaves the server again.
 *
 * @module
 */
import type { JSX } from "preact";
import type { ProxyApiKeyJson } from "../store/mod.ts";
import { TextField } from "./_Field.tsx";

/** Props of {@link ProxyKeys}. */
export interface ProxyKeysProps {
  readonly keys: readonly ProxyApiKeyJson[];
  onKeys(keys: readonly ProxyApiKeyJson[]): void;
  readonly newName: string;
  onNewName(name: string): void;
  readonly newKey: string;
  onNewKey(key: string): void;
  /** The API's message for `proxy_api_keys` (or one of its entries). */
  readonly error: string | undefined;
}

/** How a key is shown: a named key's name with its masked key, a plain key masked. */
export function keyLabel(entry: ProxyApiKeyJson): string {
  return typeof entry === "string" ? entry : `${entry.name} (${entry.key})`;
}

/** The keys after adding the typed one (named when a name is given); unchanged when empty. */
export function withNewKey(
  keys: readonly ProxyApiKeyJson[],
  name: string,
  key: string,
): readonly ProxyApiKeyJson[] {
  const k = key.trim();
  if (k === "") return keys;
  const n = name.trim();
  return [...keys, n === "" ? k : { name: n, key: k }];
}

/** The gateway keys panel. */
export function ProxyKeys(props: ProxyKeysProps): JSX.Element {
  const { keys } = props;
  return (
    <div class="card panel">
      <h2>Gateway keys</h2>
      <p class="hint">
        Apps must send one of these keys. With none, the gateway is open. Name a
        key to see its app in the logs and on the Usage page (a key without a
        name shows as its last four characters).
      </p>
      {keys.length > 0 && (
        <ul class="model-list" aria-label="Gateway keys">
          {keys.map((k, i) => (
            <li class="model-chip" key={`${keyLabel(k)}-${i}`}>
              {keyLabel(k)}
              <button
                type="button"
                aria-label={`Remove key ${i + 1} (${keyLabel(k)})`}
                onClick={() =>
                  props.onKeys(keys.filter((_, j) =>
                    j !== i
                  ))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="form-grid">
        <TextField
          id="set-new-key-name"
          label="Key name"
          hint="(optional, e.g. laptop-agent)"
          value={props.newName}
          attrs={{ autocomplete: "off", maxLength: 64 }}
          onValue={props.onNewName}
        />
        <TextField
          id="set-new-key"
          label="Add a key"
          value={props.newKey}
          attrs={{ autocomplete: "off" }}
          error={props.error}
          onValue={props.onNewKey}
        />
      </div>
    </div>
  );
}
