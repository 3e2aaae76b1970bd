/**
 * The settings page: proxy mode, proxy API keys, admin password change, browser access
 * (`allowed_hosts`, `cors_allowed_origins`), default tab and log level, saved through
 * `PUT /api/config`.
 *
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { LogLevel, ProxyApiKeyJson, SettingsJson } from "../store/mod.ts";
import { api, ApiError, errorMessage } from "./api.ts";
import {
  errorIdOf,
  FieldError,
  invalidAttrs,
  SelectField,
  TextField,
} from "./_Field.tsx";
import { fieldMessage, type FormProblem } from "./_resource.ts";
import { Notice, type NoticeMessage } from "./_Notice.tsx";
import { PageHead } from "./_PageHead.tsx";
import { ProxyKeys, withNewKey } from "./_ProxyKeys.tsx";
import { UsageSettings } from "./_UsageSettings.tsx";

/** Props of {@link SettingsForm}. */
export type SettingsFormProps = {
  readonly settings: SettingsJson;
  /** Tabs a user may choose as the default, `[id, label]`. */
  readonly tabs: readonly (readonly [string, string])[];
};

const LEVELS = [
  "debug",
  "info",
  "warn",
  "error",
] as const satisfies readonly LogLevel[];

/** One entry per line, blank lines dropped. */
function toLines(text: string): string[] {
  return text.split("\n").map((line) => line.trim()).filter((line) =>
    line !== ""
  );
}

/** Props of {@link ListField}. */
interface ListFieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly placeholder: string;
  readonly value: string;
  readonly error: string | undefined;
  onValue(value: string): void;
}

/** A labelled textarea holding a list, one entry per line. */
function ListField(props: ListFieldProps): JSX.Element {
  const hintId = `${props.id}-hint`;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        rows={3}
        value={props.value}
        placeholder={props.placeholder}
        spellcheck={false}
        {...invalidAttrs(props.id, props.error, hintId)}
        onInput={(e) => props.onValue(e.currentTarget.value)}
      />
      <span class="hint" id={hintId}>{props.hint}</span>
      <FieldError id={errorIdOf(props.id)} text={props.error} />
    </div>
  );
}

function modeOf(proxyMode: string): "auto" | "env" | "none" | "url" {
  return proxyMode === "auto" || proxyMode === "env" || proxyMode === "none"
    ? proxyMode
    : "url";
}

/** The settings form. */
export function SettingsForm(props: SettingsFormProps): JSX.Element {
  const [saved, setSaved] = useState<SettingsJson>(props.settings);
  const [mode, setMode] = useState(modeOf(props.settings.proxy_mode));
  const [proxyUrl, setProxyUrl] = useState(
    modeOf(props.settings.proxy_mode) === "url"
      ? props.settings.proxy_mode
      : "",
  );
  const [keys, setKeys] = useState<readonly ProxyApiKeyJson[]>(
    props.settings.proxy_api_keys,
  );
  const [newKeyName, setNewKeyName] = useState("");
  const [newKey, setNewKey] = useState("");
  const [retention, setRetention] = useState(
    String(props.settings.usage_retention_days),
  );
  const [metricsToken, setMetricsToken] = useState("");
  const [clearMetricsToken, setClearMetricsToken] = useState(false);
  const [password, setPassword] = useState("");
  const [password2, setPassword2] = useState("");
  const [defaultTab, setDefaultTab] = useState(props.settings.default_tab);
  const [logLevel, setLogLevel] = useState(props.settings.log_level);
  const [hosts, setHosts] = useState(props.settings.allowed_hosts.join("\n"));
  const [origins, setOrigins] = useState(
    props.settings.cors_allowed_origins.join("\n"),
  );
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [message, setMessage] = useState<NoticeMessage>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: Event) => {
    e.preventDefault();
    setProblem(null);
    setMessage(null);
    if (password !== password2) {
      setProblem({
        text: "The two passwords differ",
        field: "admin_password",
      });
      return;
    }
    const body: Record<string, unknown> = {
      proxy_mode: mode === "url" ? proxyUrl.trim() : mode,
      // Masked entries stand for the stored keys they mask; the store keeps those.
      proxy_api_keys: withNewKey(keys, newKeyName, newKey),
      usage_retention_days: Number(retention),
      default_tab: defaultTab,
      log_level: logLevel,
      allowed_hosts: toLines(hosts),
      cors_allowed_origins: toLines(origins),
    };
    if (password !== "") body.admin_password = password;
    if (clearMetricsToken) body.metrics_token = "";
    else if (metricsToken !== "") body.metrics_token = metricsToken;
    setBusy(true);
    try {
      const next = await api<SettingsJson>("PUT", "/api/config", body);
      setSaved(next);
      setKeys(next.proxy_api_keys);
      setNewKeyName("");
      setNewKey("");
      setRetention(String(next.usage_retention_days));
      setMetricsToken("");
      setClearMetricsToken(false);
      setPassword("");
      setPassword2("");
      setHosts(next.allowed_hosts.join("\n"));
      setOrigins(next.cors_allowed_origins.join("\n"));
      setMessage({ kind: "ok", text: "Settings saved" });
    } catch (err) {
      if (err instanceof ApiError && err.field !== undefined) {
        setProblem({ text: err.message, field: err.field });
      }
      setMessage({ kind: "error", text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const error = (name: string) => fieldMessage(problem, name);

  return (
    <form onSubmit={save} aria-label="Settings">
      <PageHead title="Settings" lead="Saved to the config file at once." />
      <Notice message={message} />
      <div class="card panel">
        <h2>Outbound proxy</h2>
        <div class="form-grid">
          <div class="field">
            <label for="set-proxy-mode">Proxy mode</label>
            <select
              id="set-proxy-mode"
              value={mode}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setMode(
                  v === "auto" || v === "env" || v === "none" ? v : "url",
                );
              }}
            >
              <option value="auto">Auto (HTTPS_PROXY etc.)</option>
              <option value="env">From the environment</option>
              <option value="none">No proxy</option>
              <option value="url">This proxy URL</option>
            </select>
          </div>
          {mode === "url" && (
            <TextField
              id="set-proxy-url"
              label="Proxy URL"
              value={proxyUrl}
              attrs={{ type: "url", placeholder: "http://proxy.local:3128" }}
              error={error("proxy_mode")}
              onValue={setProxyUrl}
            />
          )}
        </div>
      </div>
      <ProxyKeys
        keys={keys}
        onKeys={setKeys}
        newName={newKeyName}
        onNewName={setNewKeyName}
        newKey={newKey}
        onNewKey={setNewKey}
        error={error("proxy_api_keys")}
      />
      <div class="card panel">
        <h2>Admin password</h2>
        <p class="hint">
          {saved.admin_password_set
            ? "A password is set. Leave blank to keep it."
            : "No password: only this computer can open these pages."}
        </p>
        <div class="form-grid">
          <TextField
            id="set-password"
            label="New password"
            value={password}
            attrs={{ type: "password", autocomplete: "new-password" }}
            onValue={setPassword}
          />
          <TextField
            id="set-password2"
            label="Repeat new password"
            value={password2}
            attrs={{ type: "password", autocomplete: "new-password" }}
            error={error("admin_password")}
            onValue={setPassword2}
          />
        </div>
      </div>
      <div class="card panel">
        <h2>Browser access</h2>
        <p class="hint">
          Web pages may not use Tresor unless listed here. Apps, SDKs and the
          CLI are not affected.
        </p>
        <div class="form-grid">
          <ListField
            id="set-allowed-hosts"
            label="Extra host names"
            hint="Names besides localhost and 127.0.0.1 that reach this server while it listens on loopback, one per line (name or name:port)."
            placeholder="tresor.lan"
            value={hosts}
            error={error("allowed_hosts")}
            onValue={setHosts}
          />
          <ListField
            id="set-cors-origins"
            label="Browser origins allowed to call the gateway"
            hint="Web apps at these origins may call /v1/… from the browser (CORS), one per line."
            placeholder="http://localhost:5173"
            value={origins}
            error={error("cors_allowed_origins")}
            onValue={setOrigins}
          />
        </div>
      </div>
      <div class="card panel">
        <h2>Interface and diagnostics</h2>
        <div class="form-grid">
          <SelectField
            id="set-default-tab"
            label="Default tab"
            value={defaultTab}
            options={props.tabs.map(([value, label]) => ({ value, label }))}
            error={error("default_tab")}
            onValue={setDefaultTab}
          />
          <SelectField
            id="set-log-level"
            label="Log level"
            value={logLevel}
            options={LEVELS.map((l) => ({ value: l, label: l }))}
            error={error("log_level")}
            onValue={(level) => setLogLevel(level)}
          />
        </div>
      </div>
      <UsageSettings
        retention={retention}
        onRetention={setRetention}
        metricsTokenSet={saved.metrics_token_set}
        metricsToken={metricsToken}
        onMetricsToken={setMetricsToken}
        clearMetricsToken={clearMetricsToken}
        onClearMetricsToken={setClearMetricsToken}
        error={error}
      />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy}>
          Save settings
        </button>
      </div>
    </form>
  );
}
