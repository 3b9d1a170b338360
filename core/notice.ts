/** What the process wants said, to whom: rendered and written to the outbox by an activity. */
export type NoticeKind =
  | 'task'
  | 'late_task'
  | 'reminder'
  | 'overdue_reminder'
  | 'escalation'
  | 'handover'
  | 'decision_request'
  | 'late_decision'
  | 'decision_reminder'
  | 'outcome'
  | 'link_renewed'
  | 'signin'
  | 'meeting_notice'
  | 'meeting_update'
  | 'meeting_cancelled'
  | 'meeting_host_reminder'
  | 'meeting_minutes'
  /** The coordinator asks a measure task's owner to report (open) or to complement the follow-up (done). */
  | 'follow_up_reminder'
  | 'follow_up_complement'
  /** To a form's seat: a decision reopened its submitted form as a new version. */
  | 'form_reopened'
  /** The head of an organisation is asked to sign a form; a refusal goes back to its filler or, for a signature step, the coordinator. */
  | 'signature_request'
  | 'signature_refused'
  | 'signature_step_refused'
  /** To the coordinator: a workflow needs action. */
  | 'problem';

/** One message the process wants sent: to seats, resolved to their holders when it is written. */
export interface Notice {
  key: string;
  kind: NoticeKind;
  seatIds: string[];
  /** Workflow time of the notice. */
  at: string;
  target: { kind: 'task' | 'decision' | 'person' | 'meeting' | 'workflow' | 'form'; id: string; workflowId?: string };
  /** Where the mail's button leads when the notice asks for no action; the start page otherwise. */
  path?: string;
  title: string;
  dueAt?: string;
  cycleId?: string;
  detail?: Record<string, unknown>;
}

/**
 * Notices a request writes outside the workflows (the coordinator's asks for a follow-up report):
 * the outbox sweep hands them over like `requestedNoticeKinds` in workflows/mail.ts.
 */
export const askedNoticeKinds: readonly NoticeKind[] = [
  'follow_up_reminder',
  'follow_up_complement',
  'form_reopened',
  'signature_request',
  'signature_refused',
  'signature_step_refused',
];
