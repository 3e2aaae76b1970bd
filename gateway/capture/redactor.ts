/**
 * Redaction of captured messages before anything is stored: headers that carry credentials
 * (`Authorization`, `x-api-key`, cookies, anything named like a key, token, secret or password)
 * lose their values, and every configured secret — downstream keys, proxy keys, the admin
 * password, the metrics token — is replaced wherever its text appears in a header, a URL or a body, also in the
 * forms it takes inside a JSON string or a URL.
 *
 * @module
 */
import type { RoutingSnapshot } from "../../store/types.ts";

/** What a secret, or a credential header's value, is replaced with. */
export const REDACTED = "[redacted]";

/** Header names whose values are credentials whatever they hold. */
const SECRET_HEADER_REGEXP =
  /authorization|cookie|api[-_]?key|token|secret|password|session/i;

const ENCODER = new TextEncoder();

/** Characters of one message's headers kept; past it, the rest is cut. */
export const MAX_HEADER_CHARS = 16 * 1024;

/** The name of the field that says the headers were cut. */
export const HEADERS_CUT_FIELD = "x-tresor-capture-cut";

/**
 * Every configured secret of `snapshot`: downstream keys, proxy keys (plain or named), the admin
 * password, the metrics token.
 */
export function secretsOf(snapshot: RoutingSnapshot): string[] {
  const settings = snapshot.settings;
  return [
    ...snapshot.downstreams.map((d) => d.apiKey),
    ...settings.proxyApiKeys.map((k) => typeof k === "string" ? k : k.key),
    settings.adminPassword,
    settings.metricsToken ?? "",
  ].filter((secret) => secret !== "");
}

/** The texts a secret may take in a message: as is, inside a JSON string, URL-encoded. */
function formsOf(secret: string): string[] {
  return [
    secret,
    JSON.stringify(secret).slice(1, -1),
    encodeURIComponent(secret),
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Replaces secrets in text and header lists (see the module doc). */
export class Redactor {
  readonly #pattern: RegExp | undefined;
  /** The longest form of a secret in UTF-8 bytes: how far past a cut a secret may reach. */
  readonly margin: number;

  constructor(secrets: Iterable<string>) {
    const forms = [...new Set([...secrets].flatMap(formsOf))]
      .filter((form) => form !== "")
      // Longest first, so a secret that contains another is replaced whole.
      .sort((a, b) => b.length - a.length);
    this.#pattern = forms.length === 0
      ? undefined
      : new RegExp(forms.map(escapeRegExp).join("|"), "g");
    this.margin = forms.reduce(
      (max, form) => Math.max(max, ENCODER.encode(form).length),
      0,
    );
  }

  /** `text` with every secret replaced. */
  text(text: string): string {
    return this.#pattern === undefined
      ? text
      : text.replace(this.#pattern, REDACTED);
  }

  /**
   * Header fields as an object of lower-case names (repeats joined with `, `): credential
   * headers redacted, secrets replaced, cut at {@link MAX_HEADER_CHARS} characters.
   */
  headers(
    fields: Iterable<readonly [string, string]>,
  ): Record<string, string> {
    // A Map, then own properties: a client may send a field named `__proto__`.
    const out = new Map<string, string>();
    let left = MAX_HEADER_CHARS;
    for (const [rawName, rawValue] of fields) {
      const name = rawName.toLowerCase();
      const value = SECRET_HEADER_REGEXP.test(name)
        ? REDACTED
        : this.text(rawValue);
      const cost = name.length + value.length;
      if (cost > left) {
        out.set(
          HEADERS_CUT_FIELD,
          `headers past ${MAX_HEADER_CHARS} characters`,
        );
        break;
      }
      left -= cost;
      const before = out.get(name);
      out.set(name, before === undefined ? value : `${before}, ${value}`);
    }
    return Object.fromEntries(out);
  }
}
