/**
 * Which addresses a downstream test may connect to (the SSRF guard of issue 16's Test): never a
 * link-local address nor a cloud metadata endpoint, by name or by address, whatever a name
 * resolves to; loopback and private LAN addresses stay allowed, since local model servers
 * (Ollama, LM Studio, vLLM, llama.cpp) are what Tresor is for.
 *
 * @module
 */

/** Host names of cloud metadata services, refused before any lookup. */
const METADATA_NAMES = new Set([
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "metadata.azure.internal",
  "instance-data",
  "instance-data.ec2.internal",
]);

/** IPv4 metadata addresses outside 169.254.0.0/16 (Alibaba Cloud, older Oracle Cloud). */
const METADATA_V4 = new Set(["100.100.100.200", "192.0.0.192"]);
/** AWS's IPv6 instance metadata endpoint. */
const METADATA_V6 = "fd00:ec2:0:0:0:0:0:254";

/** Why `hostname` (lower case, no brackets) is refused by name, or `undefined`. */
export function refusedName(hostname: string): string | undefined {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return METADATA_NAMES.has(name)
    ? `"${name}" is a cloud metadata service`
    : undefined;
}

/** Why `address` (an IP literal) is refused, or `undefined` when it may be connected to. */
export function refusedAddress(address: string): string | undefined {
  const v4 = parseV4(address) ?? mappedV4(address);
  if (v4 !== undefined) {
    const dotted = v4.join(".");
    if (v4[0] === 169 && v4[1] === 254) {
      return dotted === "169.254.169.254"
        ? `${dotted} is the cloud metadata address`
        : `${dotted} is a link-local address`;
    }
    if (METADATA_V4.has(dotted)) return `${dotted} is a cloud metadata address`;
    return undefined;
  }
  const v6 = expandV6(address);
  if (v6 === undefined) return undefined;
  if (v6.join(":") === METADATA_V6) {
    return `${address} is the cloud metadata address`;
  }
  // fe80::/10: the top ten bits are 1111 1110 10.
  const first = parseInt(v6[0], 16);
  if ((first & 0xffc0) === 0xfe80) return `${address} is a link-local address`;
  return undefined;
}

/** The four octets of a dotted IPv4 literal, or `undefined`. */
function parseV4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const octets = parts.map((p) => /^\d{1,3}$/.test(p) ? Number(p) : NaN);
  return octets.every((o) => o >= 0 && o <= 255) ? octets : undefined;
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:169.254.169.254`). */
function mappedV4(text: string): number[] | undefined {
  const groups = expandV6(text);
  if (groups === undefined) return undefined;
  const prefix = groups.slice(0, 6).join(":");
  if (prefix !== "0:0:0:0:0:ffff") return undefined;
  const high = parseInt(groups[6], 16);
  const low = parseInt(groups[7], 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff];
}

/** The eight groups of an IPv6 literal in lower-case hex without leading zeros, or `undefined`. */
function expandV6(text: string): string[] | undefined {
  let address = text.toLowerCase().replace(/^\[|\]$/g, "").split("%")[0];
  if (!address.includes(":")) return undefined;
  // A dotted tail (::ffff:1.2.3.4) becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    const v4 = parseV4(dotted[1]);
    if (v4 === undefined) return undefined;
    address = address.slice(0, -dotted[1].length) +
      `${((v4[0] << 8) | v4[1]).toString(16)}:${
        ((v4[2] << 8) | v4[3]).toString(16)
      }`;
  }
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] === "" ? [] : halves[0].split(":");
  const tail = halves.length === 1 || halves[1] === ""
    ? []
    : halves[1].split(":");
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [
    ...head,
    ...Array(halves.length === 1 ? 0 : missing).fill("0"),
    ...tail,
  ];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16).toString(16));
}
