/** API objects carry the id of their project, as codepakt 0.2's did (its clients read `project_id`). */
export function inProject<T extends object>(project_id: string, value: T): T & { project_id: string } {
  return { ...value, project_id };
}

export function allInProject<T extends object>(
  project_id: string,
  values: readonly T[],
): (T & { project_id: string })[] {
  return values.map((v) => inProject(project_id, v));
}
