/**
 * playwright-core probes `/proc/sys/fs/binfmt_misc/WSLInterop` with `fs.existsSync` when it
 * loads. Deno allows `/proc/sys` only under `--allow-all`, which the `test` permission set does
 * not grant, so the probe throws `NotCapable` instead of answering. For an existence probe,
 * "not allowed to look" means "not there": this module, imported before playwright-core, makes
 * `existsSync` say so.
 */
import fs from "node:fs";

const existsSync = fs.existsSync;
fs.existsSync = (path: fs.PathLike): boolean => {
  try {
    return existsSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotCapable) return false;
    throw err;
  }
};
