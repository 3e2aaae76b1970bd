/**
 * `fetch` trusting extra certificates (the CLI reaching an HTTPS daemon with a private
 * certificate, issue 16).
 *
 * @module
 */

/**
 * `fetch` that also trusts `caCerts` (PEM), over one HTTP client kept for the caller's life: the
 * CLI's process ends with it.
 */
export function createTrustingFetch(caCerts: readonly string[]): typeof fetch {
  const client = Deno.createHttpClient({ caCerts: [...caCerts] });
  return (input, init) => fetch(input, { ...init, client });
}
