/**
 * The static file handler against the real daemon, over raw TCP so no client normalises the
 * path: no spelling of a path in the hostile corpus fetches `/etc/passwd`, the config file
 * (with its keys) or the SQLite database, while the real assets still load.
 */
import assert from "node:assert/strict";
import { startInProcessDaemon } from "../_helpers/daemon.ts";
import { HIDDEN_PATHS, hostilePaths } from "../_helpers/hostile_paths.ts";
import { rawRequest } from "../_helpers/raw_http.ts";

const PLANTED_KEY = "sk-static-traversal-planted-0123456789";

/** Whether `path` holds bytes a request line may not (controls, space): the parser refuses those. */
function isInvalidOnTheWire(path: string): boolean {
  return [...path].some((c) => c.charCodeAt(0) <= 0x20 || c === "\x7f");
}

Deno.test("[e2e] no hostile /static/ path serves /etc/passwd, the config or the database", async () => {
  const daemon = await startInProcessDaemon(
    [
      "listen: 127.0.0.1:0",
      "downstreams:",
      "  - id: keyed",
      "    api_formats: [openai]",
      "    base_url: http://127.0.0.1:9/v1",
      `    api_key: ${PLANTED_KEY}`,
      "    output_model_ids: [m]",
      "",
    ].join("\n"),
  );
  try {
    const targets: [string, RegExp][] = [
      ["/etc/passwd", /root:.*:0:0:/],
      [daemon.configPath, new RegExp(PLANTED_KEY)],
      [`${daemon.dir}/tresor.db`, /SQLite format 3/],
    ];
    // Each marker is really in its file, so a leak could not go unnoticed.
    for (const [path, marker] of targets) {
      const bytes = await Deno.readFile(path);
      let text = "";
      for (const byte of bytes.subarray(0, 1 << 20)) {
        text += String.fromCharCode(byte);
      }
      assert.match(text, marker, path);
    }

    let sent = 0;
    for (const [target, marker] of targets) {
      for (const { name, path } of [...hostilePaths(target), ...HIDDEN_PATHS]) {
        const res = await rawRequest(daemon.port, {
          target: `/static/${path}`,
          headers: [["Host", `127.0.0.1:${daemon.port}`]],
        });
        sent++;
        const want = isInvalidOnTheWire(path) ? 400 : 404;
        assert.equal(res.status, want, `${name}: ${path}`);
        assert.doesNotMatch(res.body, marker, `${name}: ${path}`);
      }
    }
    assert.ok(sent >= 150);

    // Controls: the real assets load, over raw TCP and through fetch.
    const css = await rawRequest(daemon.port, {
      target: "/static/style.css",
      headers: [["Host", `127.0.0.1:${daemon.port}`]],
    });
    assert.equal(css.status, 200);
    assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
    assert.equal(
      css.body,
      await Deno.readTextFile(
        new URL("../../static/style.css", import.meta.url),
      ),
    );
    const icon = await fetch(`${daemon.url}/static/favicon.svg`);
    assert.equal(icon.status, 200);
    assert.match(await icon.text(), /<svg/);
  } finally {
    daemon.stop();
    await daemon.exitCode;
    await Deno.remove(daemon.dir, { recursive: true });
  }
});
