/** Globs as git and agents write them: `*` within a path segment, `**` across segments, `?`, `[...]`. */

/** The regular expression source of one glob (no anchors). */
export function globSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        out += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        const body = glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escapeRe(glob[i + 1] as string);
      i++;
    } else out += escapeRe(c);
  }
  return out;
}

function escapeRe(c: string): string {
  return /[.+^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

/**
 * A test for paths relative to the root: a glob matches as written, a plain path matches that file
 * or anything under that folder.
 */
export function globMatcher(patterns: string[]): (path: string) => boolean {
  const res = patterns.map((p) => {
    const clean = p.replace(/^\.\//, '').replace(/\/+$/, '');
    return /[*?[]/.test(clean) ? new RegExp(`^${globSource(clean)}$`) : new RegExp(`^${escapePath(clean)}(?:/.*)?$`);
  });
  return (path) => res.some((re) => re.test(path));
}

function escapePath(path: string): string {
  return path.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}
