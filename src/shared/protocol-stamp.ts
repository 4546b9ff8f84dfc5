/**
 * The first line of a generated protocol file names the cpk version that wrote it, in the same form
 * codepakt 0.1/0.2 used, so files they generated are recognised as stale too. The CLI writes and
 * checks it; the server reports it in `board status` (codepakt 0.2's `coordination`).
 */
export function stampLine(version: string): string {
  return `<!-- cpk_version: ${version} -->`;
}

export function parseStamp(text: string): string | undefined {
  return /^<!--\s*cpk_version:\s*([0-9][0-9A-Za-z.+-]*)\s*-->/.exec(text)?.[1];
}

/** Numeric comparison of dotted versions (`0.10.0` > `0.9.1`); a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = a.split('-', 2);
  const [coreB = '', preB] = b.split('-', 2);
  const pa = coreA.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = coreB.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}
