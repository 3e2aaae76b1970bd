/**
 * Summarises a V8 `.cpuprofile` (from `deno run --cpu-prof`): the functions with the most self
 * time, and the most inclusive time, as a markdown table. Usage:
 * `deno run -P=bench bench/profile_summary.ts FILE.cpuprofile [TOP]`.
 *
 * @module
 */

interface ProfileNode {
  id: number;
  callFrame: {
    functionName: string;
    url: string;
    lineNumber: number;
  };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and total sample counts per function (`name url:line`), largest first. */
export function summariseProfile(
  profile: Profile,
): { name: string; self: number; total: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const label = (n: ProfileNode) => {
    const url = n.callFrame.url.replace(/^.*\/(work\/main|deno)\//, "");
    return `${n.callFrame.functionName || "(anonymous)"} ${url}:${
      n.callFrame.lineNumber + 1
    }`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (!node) continue;
    self.set(label(node), (self.get(label(node)) ?? 0) + 1);
    const seen = new Set<string>();
    for (
      let cur: number | undefined = id;
      cur !== undefined;
      cur = parent.get(cur)
    ) {
      const l = label(byId.get(cur)!);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + 1);
    }
  }
  return [...total.keys()].map((name) => ({
    name,
    self: self.get(name) ?? 0,
    total: total.get(name) ?? 0,
  }));
}

if (import.meta.main) {
  const [file, topRaw] = Deno.args;
  const top = Number(topRaw ?? 30);
  const profile: Profile = JSON.parse(await Deno.readTextFile(file));
  const rows = summariseProfile(profile);
  const samples = profile.samples.length;
  const pct = (n: number) => `${(100 * n / samples).toFixed(1)}%`;
  const lines = [
    `${samples} samples`,
    "",
    "| self | total | function |",
    "|---:|---:|---|",
  ];
  for (const r of [...rows].sort((a, b) => b.self - a.self).slice(0, top)) {
    lines.push(`| ${pct(r.self)} | ${pct(r.total)} | ${r.name} |`);
  }
  lines.push("", "| total | self | function |", "|---:|---:|---|");
  for (const r of [...rows].sort((a, b) => b.total - a.total).slice(0, top)) {
    lines.push(`| ${pct(r.total)} | ${pct(r.self)} | ${r.name} |`);
  }
  // deno-lint-ignore no-console -- the summary is this script's output
  console.log(lines.join("\n"));
}
