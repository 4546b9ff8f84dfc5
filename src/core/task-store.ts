/** Task operations of a project store (filled in by the task coordination capability). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TaskStore {}
