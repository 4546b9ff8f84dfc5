/** Field limits shared by every schema (issue: every string and array is bounded). */
export const LIMITS = {
  agent: 100,
  title: 200,
  description: 20_000,
  short: 100,
  tag: 50,
  list: 100,
  item: 2_000,
  note: 10_000,
  reason: 2_000,
  verify: 2_000,
} as const;
