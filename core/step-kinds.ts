/** Step kinds run as one task per assigned seat. Kept free of zod so workflow code may import it. */
export const TASK_KINDS = ['tasks', 'report', 'handoff', 'form', 'signature'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const isTaskKind = (kind: string): kind is TaskKind => (TASK_KINDS as readonly string[]).includes(kind);
