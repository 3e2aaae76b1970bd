/**
 * A corpus of hostile request paths for the static file handler: every known way to spell `..`,
 * `/` and `\` (raw, percent-encoded, doubly encoded, overlong UTF-8, fullwidth, mixed), NUL,
 * hidden files and absolute paths. Each entry is the part of the request target after
 * `/static/`, aimed at an absolute file on the machine; none may ever be served.
 */

/** One hostile path: a label for test names and the raw text after `/static/`. */
export interface HostilePath {
  readonly name: string;
  readonly path: string;
}

/** Ways to write a `..` segment. */
const DOT_DOTS: readonly [string, string][] = [
  ["raw", ".."],
  ["encoded", "%2e%2e"],
  ["encoded upper case", "%2E%2E"],
  ["half encoded", ".%2e"],
  ["other half encoded", "%2e."],
  ["doubly encoded", "%252e%252e"],
  ["doubly encoded, half", ".%252e"],
  ["triply encoded", "%25252e%25252e"],
  ["overlong 2-byte UTF-8", "%c0%ae%c0%ae"],
  ["overlong 3-byte UTF-8", "%e0%80%ae%e0%80%ae"],
  ["doubly encoded overlong", "%25c0%25ae%25c0%25ae"],
  ["fullwidth full stops", "%ef%bc%8e%ef%bc%8e"],
  ["IIS %u form", "%u002e%u002e"],
  ["three dots", "..."],
  ["dots and an encoded space", "..%20"],
  ["dots and encoded NUL", "..%00"],
];

/** Ways to write a path separator. */
const SEPARATORS: readonly [string, string][] = [
  ["slash", "/"],
  ["encoded slash", "%2f"],
  ["doubly encoded slash", "%252f"],
  ["backslash", "\\"],
  ["encoded backslash", "%5c"],
  ["doubly encoded backslash", "%255c"],
  ["overlong slash", "%c0%af"],
  ["overlong backslash", "%c1%9c"],
];

/** Enough `..` segments to reach `/` from any static folder on the machine. */
const DEPTH = 16;

/** Joins `absolute`'s segments with `sep`, so the separator form reaches the file name too. */
function spell(absolute: string, dotDot: string, sep: string): string {
  const target = absolute.replace(/^\/+/, "").split("/").join(sep);
  return `${Array(DEPTH).fill(dotDot).join(sep)}${sep}${target}`;
}

/**
 * The corpus aimed at `absolute` (a file path such as `/etc/passwd`): every `..` spelling with a
 * slash, every separator spelling with a raw and a doubly encoded `..`, and the one-off tricks.
 */
export function hostilePaths(absolute: string): HostilePath[] {
  const relative = absolute.replace(/^\/+/, "");
  const out: HostilePath[] = [];
  for (const [name, dotDot] of DOT_DOTS) {
    out.push({ name: `${name} dot-dot`, path: spell(absolute, dotDot, "/") });
  }
  for (const [name, sep] of SEPARATORS.slice(1)) {
    out.push({ name: `dot-dot, ${name}`, path: spell(absolute, "..", sep) });
    out.push({
      name: `doubly encoded dot-dot, ${name}`,
      path: spell(absolute, "%252e%252e", sep),
    });
  }
  const encodedSlashes = relative.replaceAll("/", "%2f");
  out.push(
    { name: "absolute path", path: `/${relative}` },
    { name: "absolute path, encoded slash", path: `%2f${encodedSlashes}` },
    {
      name: "absolute path, doubly encoded slash",
      path: `%252f${relative.replaceAll("/", "%252f")}`,
    },
    { name: "absolute path, backslash", path: `\\${relative}` },
    { name: "file URL", path: `file://${absolute}` },
    { name: "file URL, encoded", path: `file%3a%2f%2f${encodedSlashes}` },
    {
      name: "dot-dot inside a folder name",
      path: `build/${spell(absolute, "..", "/")}`,
    },
    {
      name: "dot-dot after a real file",
      path: `style.css/${spell(absolute, "..", "/")}`,
    },
    {
      name: "single dot segments, then dot-dot",
      path: `./././${spell(absolute, "..", "/")}`,
    },
    {
      name: "encoded single dots, then dot-dot",
      path: `%2e/%2e/${spell(absolute, "%2e%2e", "/")}`,
    },
    {
      name: "mixed encodings per segment",
      path: `..%2f%2e%2e%5c.%2e/%252e%252e%255c${
        spell(absolute, "%2e.", "%2f")
      }`,
    },
    {
      name: "empty segments",
      path: `//${spell(absolute, "..", "//")}`,
    },
    { name: "NUL before the target", path: `style.css%00/${relative}` },
    {
      name: "NUL suffix on a traversal",
      path: `${spell(absolute, "..", "/")}%00.css`,
    },
    {
      name: "dot-dot with a trailing dot",
      path: spell(absolute, "../.", "/"),
    },
    { name: "semicolon path parameter", path: `..;/${relative}` },
    { name: "tab in a segment", path: `..%09/${relative}` },
  );
  return out;
}

/** Paths inside the static folder that must still be refused: hidden and odd names. */
export const HIDDEN_PATHS: readonly HostilePath[] = [
  { name: "dotfile", path: ".env" },
  { name: "encoded dotfile", path: "%2eenv" },
  { name: "dotfile in a folder", path: "build/.manifest" },
  { name: "git folder", path: ".git/config" },
  { name: "single dot", path: "." },
  { name: "encoded single dot", path: "%2e" },
  { name: "trailing slash", path: "style.css/" },
  { name: "NUL in a name", path: "style.css%00" },
  { name: "raw NUL in a name", path: "style\0.css" },
  { name: "invalid percent-encoding", path: "%zz" },
  { name: "lone percent", path: "style%" },
  { name: "encoded percent (double encoding)", path: "style%252ecss" },
  { name: "backslash in a name", path: "build\\client.js" },
  { name: "Windows drive", path: "C:%5cwindows%5cwin.ini" },
  { name: "Windows alternate stream", path: "style.css::$DATA" },
  { name: "control character", path: "style.css%0a" },
];
