/**
 * Preloaded into every peer gateway the benchmark starts (`node --require`, see
 * LOOPBACK_ONLY_ENV in bench/peer.ts): any connection to a host that is not loopback fails at
 * once with ENOTFOUND, before a DNS query or a packet leaves. Peers try to reach the internet on
 * their own (claude-code-router fetches three price lists after its first request); a benchmark
 * reaches nothing but loopback. Each refusal is written to stderr as `loopback-only: refused HOST`.
 */
"use strict";
const dns = require("node:dns");
const net = require("node:net");

const LOOPBACK_NAMES = new Set(["localhost", "ip6-localhost"]);

/** Whether `host` (a name or an address, IPv6 maybe in brackets) is loopback. */
function isLoopback(host) {
  const name = String(host).toLowerCase().replace(/^\[|\]$/g, "");
  if (LOOPBACK_NAMES.has(name)) return true;
  if (net.isIPv4(name)) return name.startsWith("127.");
  if (net.isIPv6(name)) return name === "::1" || name.startsWith("::ffff:127.");
  return false;
}

function refusal(host) {
  process.stderr.write(`loopback-only: refused ${host}\n`);
  const err = new Error(`loopback-only: ${host} is not a loopback address`);
  err.code = "ENOTFOUND";
  return err;
}

// Names: every connection by name resolves through dns.lookup (net, tls, http, undici's fetch).
const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  const done = typeof options === "function" ? options : callback;
  if (!isLoopback(hostname)) {
    process.nextTick(done, refusal(hostname));
    return {};
  }
  return lookup.apply(this, arguments);
};
const lookupPromise = dns.promises.lookup;
dns.promises.lookup = function (hostname) {
  if (!isLoopback(hostname)) return Promise.reject(refusal(hostname));
  return lookupPromise.apply(this, arguments);
};

// Addresses: a literal IP skips the lookup, so the socket's connect checks it.
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect() passes its normalized [options, callback] pair as one argument.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = first !== null && typeof first === "object"
    ? first
    : { port: first, host: typeof args[1] === "string" ? args[1] : undefined };
  const host = options.path === undefined
    ? String(options.host ?? "localhost")
    : undefined;
  if (
    host !== undefined && net.isIP(host.replace(/^\[|\]$/g, "")) &&
    !isLoopback(host)
  ) {
    const err = refusal(host);
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return connect.apply(this, args);
};
