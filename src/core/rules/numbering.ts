/** `T-001` ↔ 1. Numbers pad to three digits and grow past them (T-1000). */
export function formatTaskNumber(n: number): string {
  return `T-${String(n).padStart(3, '0')}`;
}

export function parseTaskNumber(ref: string): number | null {
  const m = /^T-(\d{1,9})$/i.exec(ref.trim());
  return m ? Number(m[1]) : null;
}

export function formatDocNumber(n: number): string {
  return `D-${String(n).padStart(3, '0')}`;
}

export function parseDocNumber(ref: string): number | null {
  const m = /^D-(\d{1,9})$/i.exec(ref.trim());
  return m ? Number(m[1]) : null;
}
