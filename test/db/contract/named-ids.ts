/** Ids chosen at random (tasks' UUIDs, the project's) replaced by what they name. */
export function named(value: unknown, projectId: string): unknown {
  const ids = new Map<string, string>([[projectId, '<project>']]);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.id === 'string' && typeof o.task_number === 'string') ids.set(o.id, `<${o.task_number}>`);
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
    }
    return typeof v === 'string' ? (ids.get(v) ?? v) : v;
  };
  walk(value);
  return walk(value);
}
