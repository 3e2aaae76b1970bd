/**
 * HTTPS (issue 16) with a certificate made in the test (openssl): the daemon serves the gateway
 * and the admin API over TLS on its one port and says `https://` on its start line; a missing,
 * unreadable or wrong certificate or key stops start-up with one clear line and exit 1; the CLI
 * reaches an HTTPS daemon by its config (trusting the configured certificate) or by `--url` with
 * `--ca`.
 */
import assert from "node:assert/strict";
import { runDaemon } from "../../cli/run.ts";
import { main } from "../../cli/mod.ts";
import { startInProcessDaemon } from "../_helpers/daemon.ts";
import { startMockUpstream } from "../_helpers/mock_upstream.ts";
import { makeCertificate } from "../_helpers/tls_cert.ts";
import { ROOT } from "../_helpers/spawn_daemon.ts";
import { openAiClient } from "../_helpers/sdk_clients.ts";

const PASSWORD = "tls-pw";

function configYaml(upstream: string, tls: string): string {
  return `listen: 127.0.0.1:0
admin_password: ${PASSWORD}
proxy_mode: none
log_level: error
${tls}
downstreams:
  - id: mock
    api_formats: [openai]
    base_url: ${upstream}/v1
    output_model_ids: [mock-model]
rules: []
aliases: []
`;
}

const TLS = "tls: {cert_file: cert.pem, key_file: key.pem}";

/** Runs the CLI as a process (as a user would), with no TRESOR_* from the test's environment. */
async function cliProcess(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-P", "--no-prompt", "main.ts", ...args],
    cwd: ROOT,
    clearEnv: true,
    env: {
      NO_COLOR: "1",
      HOME: Deno.env.get("HOME") ?? "/tmp",
      PATH: Deno.env.get("PATH") ?? "",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr).split("\n").filter((l) =>
      l !== "" && !l.includes("Permissions in the config file")
    ),
  };
}

Deno.test("[e2e] tls: HTTPS on the one port, the CLI trusting the configured certificate", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-tls-" });
  const mock = startMockUpstream();
  const cert = await makeCertificate(dir);
  const daemon = await startInProcessDaemon(configYaml(mock.url, TLS), { dir });
  const client = Deno.createHttpClient({ caCerts: [cert.cert] });
  try {
    await t.step("the start line says https", () => {
      assert.match(daemon.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    });

    await t.step("the gateway and the admin API answer over TLS", async () => {
      const health = await fetch(`${daemon.url}/api/health`, { client });
      assert.equal(health.status, 200);
      await health.body?.cancel();
      const sdk = openAiClient(daemon.url, "k");
      const reply = await sdk.chat.completions.create({
        model: "mock-model",
        messages: [{ role: "user", content: "hi" }],
      }, { fetchOptions: { client } });
      assert.equal(reply.choices[0].message.content, "Hello");
      // Plain HTTP on the same port is not served.
      await assert.rejects(
        fetch(daemon.url.replace("https:", "http:") + "/api/health"),
      );
      // Without the certificate trusted, the handshake fails.
      await assert.rejects(fetch(`${daemon.url}/api/health`));
    });

    await t.step("the session cookie set over HTTPS is Secure", async () => {
      const login = await fetch(`${daemon.url}/api/auth/login`, {
        client,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ password: PASSWORD }),
      });
      assert.equal(login.status, 200);
      await login.body?.cancel();
      assert.match(
        login.headers.get("set-cookie") ?? "",
        /^tresor_session=[^;]+; HttpOnly; SameSite=Strict; .*; Secure$/,
      );
    });

    await t.step("the CLI finds the HTTPS daemon by its config", async () => {
      // The config names the port the daemon got (a daemon's config usually names a fixed one).
      const file = `${dir}/tresor.yaml`;
      await Deno.writeTextFile(
        file,
        (await Deno.readTextFile(file)).replace(
          "listen: 127.0.0.1:0",
          `listen: 127.0.0.1:${daemon.port}`,
        ),
      );
      assert.deepStrictEqual(await daemon.nextReload(), {
        kind: "applied",
        warnings: [],
        restartNeeded: ["listen"],
      });
      const result = await cliProcess([
        "--config",
        `${dir}/tresor.yaml`,
        "downstream",
        "list",
      ]);
      assert.deepStrictEqual(result.stderr, []);
      assert.equal(result.code, 0);
      assert.match(result.stdout, /^ID\s+NAME/);
      assert.match(result.stdout, /\nmock\s+mock\s+openai/);
    });

    await t.step(
      "--url needs --ca (or TRESOR_CA) for a private certificate",
      async () => {
        const io = {
          out: () => {},
          err: (line: string) => errors.push(line),
          env: () => undefined,
          cwd: dir,
          home: undefined,
        };
        const errors: string[] = [];
        const code = await main(
          ["--url", daemon.url, "--password", PASSWORD, "downstream", "list"],
          io,
        );
        assert.equal(code, 1);
        assert.deepStrictEqual(errors, [
          `tresor: cannot reach the daemon at ${daemon.url}: is it running? (tresor run)`,
        ]);
        const trusted = await cliProcess([
          "--url",
          daemon.url,
          "--password",
          PASSWORD,
          "--ca",
          cert.certFile,
          "--json",
          "downstream",
          "list",
        ]);
        assert.equal(trusted.code, 0, trusted.stderr.join("\n"));
        assert.equal(JSON.parse(trusted.stdout)[0].id, "mock");
      },
    );
  } finally {
    client.close();
    daemon.stop();
    assert.equal(await daemon.exitCode, 0);
    await mock.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("[e2e] tls: a missing or wrong certificate or key stops start-up with one clear line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "tresor-tls-bad-" });
  try {
    const cert = await makeCertificate(dir);
    await Deno.writeTextFile(`${dir}/garbage.pem`, "not a certificate\n");
    const other = await makeCertificate(
      await Deno.makeTempDir({ dir, prefix: "other-" }),
    );
    const cases: [string, string][] = [
      [
        "tls: {cert_file: cert.pem, key_file: missing-key.pem}",
        `tresor: cannot read tls.key_file "${dir}/missing-key.pem": No such file or directory`,
      ],
      [
        "tls: {cert_file: garbage.pem, key_file: key.pem}",
        `tresor: cannot serve HTTPS with tls.cert_file "${dir}/garbage.pem" and tls.key_file "${dir}/key.pem": No certificates found in certificate data`,
      ],
      [
        `tls: {cert_file: cert.pem, key_file: ${other.keyFile}}`,
        `tresor: cannot serve HTTPS with tls.cert_file "${cert.certFile}" and tls.key_file "${other.keyFile}": keys may not be consistent`,
      ],
      [
        "tls: {cert_file: cert.pem}",
        `tresor: ${dir}/tresor.yaml:5: tls.key_file: required`,
      ],
    ];
    for (const [tls, line] of cases) {
      await Deno.writeTextFile(
        `${dir}/tresor.yaml`,
        configYaml("http://127.0.0.1:9", tls),
      );
      const printed: string[] = [];
      const errors: string[] = [];
      const code = await runDaemon({
        configPath: `${dir}/tresor.yaml`,
        stopSignal: new Promise(() => {}),
        print: (l) => printed.push(l),
        printError: (l) => errors.push(l),
        logSink: () => {},
      });
      assert.equal(code, 1, tls);
      assert.deepStrictEqual(printed, [], tls);
      assert.equal(errors.length, 1, errors.join("\n"));
      assert.ok(
        errors[0].startsWith(line),
        `${errors[0]}\n  !starts with\n${line}`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
