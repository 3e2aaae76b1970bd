import assert from "node:assert/strict";
import { refusedAddress, refusedName } from "../../../net/address_rules.ts";

const REFUSED: [string, RegExp][] = [
  ["169.254.169.254", /cloud metadata address/],
  ["169.254.170.2", /link-local/],
  ["169.254.0.1", /link-local/],
  ["100.100.100.200", /cloud metadata/],
  ["192.0.0.192", /cloud metadata/],
  ["fe80::1", /link-local/],
  ["fe80::1%eth0", /link-local/],
  ["FEBF:0:0:0:0:0:0:1", /link-local/],
  ["fd00:ec2::254", /cloud metadata/],
  ["fd00:ec2:0:0:0:0:0:254", /cloud metadata/],
  ["::ffff:169.254.169.254", /cloud metadata/],
  ["::ffff:a9fe:a9fe", /cloud metadata/],
  ["[fe80::abcd]", /link-local/],
];

const ALLOWED = [
  "127.0.0.1",
  "127.1.2.3",
  "::1",
  "10.0.0.5",
  "172.16.4.2",
  "192.168.1.20",
  "100.64.0.1",
  "fc00::1",
  "fd00:ec2::253",
  "fec0::1",
  "8.8.8.8",
  "2001:db8::1",
  "::ffff:192.168.1.1",
  "169.255.0.1",
];

Deno.test("refusedAddress() refuses link-local and cloud metadata addresses, however written", () => {
  for (const [address, why] of REFUSED) {
    assert.match(refusedAddress(address) ?? "(allowed)", why, address);
  }
});

Deno.test("refusedAddress() allows loopback, private LAN and public addresses", () => {
  for (const address of ALLOWED) {
    assert.equal(refusedAddress(address), undefined, address);
  }
});

Deno.test("refusedName() refuses metadata host names, trailing dot and case included", () => {
  for (
    const name of [
      "metadata.google.internal",
      "METADATA.GOOGLE.INTERNAL.",
      "metadata",
      "metadata.goog",
      "instance-data.ec2.internal",
    ]
  ) {
    assert.match(
      refusedName(name) ?? "(allowed)",
      /cloud metadata service/,
      name,
    );
  }
  for (const name of ["localhost", "api.openai.com", "gpu-box.local"]) {
    assert.equal(refusedName(name), undefined, name);
  }
});
