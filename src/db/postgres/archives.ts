import { ApiError } from '../../core/errors.js';

/**
 * Export and import of whole projects (the catalog's `archives()`), not yet written for PostgreSQL:
 * each answers a clear 400 instead of doing half of it. Typed structurally, so that it fits the
 * archive port without depending on its record types.
 */
export function unsupportedArchives(where: string): {
  exportProject(id: string): AsyncGenerator<never>;
  importProject(archive: unknown, options: unknown): Promise<never>;
} {
  const refusal = (what: string) =>
    new ApiError('validation_error', `${what} is not available yet on a server whose projects live in ${where}`);
  return {
    // biome-ignore lint/correctness/useYield: refuses before producing anything
    async *exportProject(): AsyncGenerator<never> {
      throw refusal('Export');
    },
    async importProject(): Promise<never> {
      throw refusal('Import');
    },
  };
}
