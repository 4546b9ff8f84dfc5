/** Knowledge-base operations of a project store. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DocStore {}
