import { z } from 'zod';
import { DURATION, isValidDate } from './time';
import { formFields } from './form-fields';

/**
 * A cycle definition: data, validated here, versioned in the database. One interpreter workflow
 * runs any definition; a new cycle needs a new definition, never new workflow code.
 */

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SEAT_SLUG = /^[a-z0-9-]+\/[a-z0-9-]+$/;
const slug = z.string().regex(SLUG);
const seatSlug = z.string().regex(SEAT_SLUG);
const duration = z.string().regex(DURATION);

/** `Y-03-31`, `Y+1-02-22`, `Y-03-31T12:00` (Stockholm time) or `start+21d`. */
export const DUE =
  /^(?:Y(?<shift>[+-]\d)?-(?<month>\d{2})-(?<day>\d{2})(?:T(?<hour>\d{2}):(?<minute>\d{2}))?|start\+(?<after>\d{1,3}[dw]))$/;
const due = z.string().superRefine((value, ctx) => {
  const m = DUE.exec(value);
  if (!m) return void ctx.addIssue({ code: 'custom', params: { i18n: 'def.due' }, input: value });
  const g = m.groups!;
  if (g.month && !isValidDate(2028, Number(g.month), Number(g.day))) {
    ctx.addIssue({ code: 'custom', params: { i18n: 'def.dueDate', args: { value } }, input: value });
  }
  if (g.hour && (Number(g.hour) > 23 || Number(g.minute) > 59)) {
    ctx.addIssue({ code: 'custom', params: { i18n: 'def.dueTime', args: { value } }, input: value });
  }
});

const mandate = z.enum(['member', 'chair', 'convenor', 'coordinator', 'deputy']);

/** Who acts: named seats, a body's seats, a role of the definition, or each measure's owners. */
export const assignees = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('seats'), seats: z.array(seatSlug).min(1) }),
  z.strictObject({ kind: z.literal('body'), body: slug, mandates: z.array(mandate).min(1).optional() }),
  z.strictObject({ kind: z.literal('role'), role: slug }),
  /**
   * The owners of measures, at their seats in `via`: every measure of `actionPlan`, or (`of`) the
   * measures an earlier selecting decision chose, known only when the step starts. Exactly one of
   * the two.
   */
  z.strictObject({ kind: z.literal('measureOwners'), actionPlan: slug.optional(), of: slug.optional(), via: slug }),
]);
export type Assignees = z.infer<typeof assignees>;

export const reminderPolicy = z.strictObject({
  /** Reminders this long before the due date, at 08:00 Stockholm time. */
  before: z.array(duration).max(10).default([]),
  /** A reminder at 08:00 on the due date. */
  onTheDay: z.boolean().default(false),
  /** After the due date, repeat this often while the work is open. */
  thenEvery: duration.optional(),
});
export type ReminderPolicy = z.infer<typeof reminderPolicy>;

/** Escalate this long after the due date (at 08:00), to whom. Later levels go higher up. */
export const escalation = z.array(z.strictObject({ after: duration, to: assignees })).max(5);
export type Escalation = z.infer<typeof escalation>;

const outcome = z.enum(['approved', 'rejected', 'changes_requested']);
export type Outcome = z.infer<typeof outcome>;

export const decisionRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('majority') }),
  z.strictObject({ kind: z.literal('quorum'), quorum: z.int().min(1).max(100) }),
]);

const stepBase = {
  key: slug,
  title: z.string().trim().min(1).max(200),
  instructions: z.string().max(5000).optional(),
  due,
  reminders: reminderPolicy.optional(),
  escalation: escalation.optional(),
  /** Starts together with the step before it, instead of after it. */
  concurrent: z.boolean().optional(),
  /** Earlier steps whose latest outputs this step's work shows, as they stood when it started. */
  shows: z.array(slug).min(1).max(10).optional(),
};
/** Completing the step's task includes choosing candidate measures of this action plan. */
const proposes = z.strictObject({ actionPlan: slug });

export const tasksStep = z.strictObject({ ...stepBase, kind: z.literal('tasks'), assignees, proposes: proposes.optional() });
export const reportStep = z.strictObject({ ...stepBase, kind: z.literal('report'), assignees, proposes: proposes.optional() });
export const handoffStep = z.strictObject({
  ...stepBase,
  kind: z.literal('handoff'),
  assignees,
  /** The outside process that receives the artefact, e.g. Länsstyrelsen's annual report. */
  recipient: z.string().trim().min(1).max(300),
  /** The role whose seat receives the handed-off report by mail, with a receipt link to confirm it. */
  recipientRole: slug.optional(),
});
export const decisionStep = z.strictObject({
  ...stepBase,
  kind: z.literal('decision'),
  body: slug,
  voters: z.array(mandate).min(1).optional(),
  question: z.string().trim().min(1).max(2000),
  rule: decisionRule,
  /** What an undecided result means: a tie, or too few votes at the deadline. */
  tie: outcome.default('changes_requested'),
  /** Whether the current tally shows on the voting page before the decision closes. */
  showTally: z.boolean().default(true),
  onChanges: z.strictObject({ goTo: slug, window: duration.default('14d') }).optional(),
  onReject: z.union([z.literal('end'), z.strictObject({ goTo: slug, window: duration.default('14d') })]).default('end'),
  /** Decided at the body's first meeting on or after the due date: the meeting's end is the deadline. */
  atMeeting: slug.optional(),
  /** Decides over the measures the latest output of this earlier `proposes` step put forward. */
  over: slug.optional(),
});
/**
 * A form each assigned seat fills in over several visits (drafts kept), that the head of the
 * filler's organisation may have to sign, and that is then submitted to a receiving body. The
 * submission completes the seat's task; reopening it is the receiving body's decision.
 */
export const formStep = z.strictObject({
  ...stepBase,
  kind: z.literal('form'),
  assignees,
  fields: formFields,
  /** The seat in this body that belongs to the filler's organisation signs before submission. */
  signedBy: z.strictObject({ body: slug, mandates: z.array(mandate).min(1).optional() }).optional(),
  /** The body the form is submitted to; it sees every submission and decides a reopening. */
  receiver: slug.optional(),
  /** Start from the same seat's latest submission of this step in an earlier year. */
  prefill: z.literal('previous').optional(),
  /**
   * Who fills in one form: each assigned seat its own (`seat`, as when absent), or the assigned
   * seats of one organisation together (`organisation`): one task, its first seat the lead who
   * submits, the others co-owners who edit the same form.
   */
  fill: z.enum(['seat', 'organisation']).optional(),
});
/**
 * One named seat approves a content: each assigned seat signs it or refuses with a reason. It is
 * not a vote: every seat signs for its own organisation, and the page shows who has signed.
 */
export const signatureStep = z.strictObject({
  ...stepBase,
  kind: z.literal('signature'),
  assignees,
  /** What is signed, word for word; its SHA-256 is recorded with each signature. */
  text: z.string().trim().min(1).max(20000),
});

const clock = z.string().refine((v) => /^(?:[01]\d|2[0-3]):[0-5]\d$/.test(v), { params: { i18n: 'def.clock' } });

/** When a body meets: the nth (or last, -1) weekday of each listed month, Stockholm time. */
export const meetingRule = z.strictObject({
  months: z.array(z.int().min(1).max(12)).min(1).max(12),
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: z.int().min(1).max(7),
  nth: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]),
  start: clock,
  minutes: z.int().min(15).max(600).default(120),
});
export type MeetingRule = z.infer<typeof meetingRule>;

/**
 * A body's meetings: dates from the rule, a host by rotation among the member organisations (or
 * the convenor), a notice with a calendar invite, a reminder to the host to book a room and send
 * the agenda, and minutes from the host after the meeting. The series outlives the cycle's year.
 */
export const meetingsStep = z.strictObject({
  key: slug,
  title: z.string().trim().min(1).max(200),
  instructions: z.string().max(5000).optional(),
  kind: z.literal('meetings'),
  concurrent: z.boolean().optional(),
  body: slug,
  schedule: meetingRule,
  hosting: z.enum(['rotating', 'convenor']).default('rotating'),
  /** Seats whose organisations take turns hosting. */
  hostMandates: z.array(mandate).min(1).default(['member']),
  location: z.string().trim().max(300).default(''),
  noticeBefore: duration.default('28d'),
  hostReminderBefore: duration.default('14d'),
  minutes: z
    .strictObject({
      /** The minutes task's title, before the body and date. */
      title: z.string().trim().min(1).max(200).default('Minnesanteckningar'),
      /** Minutes are due this long after the meeting. */
      due: duration.default('7d'),
      reminders: reminderPolicy.optional(),
      escalation: escalation.optional(),
    })
    .default({ title: 'Minnesanteckningar', due: '7d' }),
});
export type MeetingsStep = z.infer<typeof meetingsStep>;

export const step = z.discriminatedUnion('kind', [tasksStep, reportStep, handoffStep, decisionStep, formStep, signatureStep, meetingsStep]);
export type Step = z.infer<typeof step>;
export type StepKind = Step['kind'];
export const SUPPORTED_KINDS: StepKind[] = ['tasks', 'report', 'handoff', 'decision', 'form', 'signature', 'meetings'];
/** Steps whose tasks' completions are recorded as outputs later steps can show. */
export const PRODUCING_KINDS: StepKind[] = ['tasks', 'report', 'handoff', 'form'];
/** What a later step can show: those outputs, and a decision's result (its question, outcome, date and what it selected). */
export const SHOWABLE_KINDS: StepKind[] = [...PRODUCING_KINDS, 'decision'];

export const phase = z.strictObject({
  key: slug,
  title: z.string().trim().min(1).max(200),
  /** The phase is reviewed at this body's next meeting once the phase starts. */
  reviewAt: slug.optional(),
  steps: z.array(step).min(1),
});

export const cycleDefinition = z
  .strictObject({
    key: slug,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5000).optional(),
    /** Named seats steps refer to, e.g. coordinator → samordningskoordinering/samordningskoordinator. */
    roles: z.record(slug, seatSlug).default({}),
    defaults: z.strictObject({ reminders: reminderPolicy.optional(), escalation: escalation.optional() }).default({}),
    phases: z.array(phase).min(1),
  })
  .superRefine((def, ctx) => {
    const seen = new Map<string, number>();
    /** Earlier steps by key, for what a step shows, decides over or is about. */
    const earlier = new Map<string, Step>();
    const phaseKeys = new Set<string>();
    const roleRefs: { role: string; path: (string | number)[] }[] = [];
    const collectRoles = (a: Assignees, path: (string | number)[]) => {
      if (a.kind === 'role') roleRefs.push({ role: a.role, path: [...path, 'role'] });
      if (a.kind === 'measureOwners') {
        if ((a.actionPlan === undefined) === (a.of === undefined))
          ctx.addIssue({ code: 'custom', path, params: { i18n: 'def.measureOwnersSource' } });
        if (a.of !== undefined) checkOf(a.of, [...path, 'of']);
      }
    };
    /** What a step shows and decides over must come before it, and must be the kind that fits. */
    const checkInputs = (s: Step, path: (string | number)[]) => {
      if (s.kind === 'meetings') return;
      s.shows?.forEach((key, i) => {
        const shown = earlier.get(key);
        if (!shown) ctx.addIssue({ code: 'custom', path: [...path, 'shows', i], params: { i18n: 'def.showsUnknown', args: { key } } });
        else if (!SHOWABLE_KINDS.includes(shown.kind))
          ctx.addIssue({ code: 'custom', path: [...path, 'shows', i], params: { i18n: 'def.showsNothing', args: { key } } });
      });
      if (s.kind !== 'decision' || s.over === undefined) return;
      const over = earlier.get(s.over);
      if (!over) ctx.addIssue({ code: 'custom', path: [...path, 'over'], params: { i18n: 'def.overUnknown', args: { key: s.over } } });
      else if ((over.kind !== 'tasks' && over.kind !== 'report') || !over.proposes)
        ctx.addIssue({ code: 'custom', path: [...path, 'over'], params: { i18n: 'def.overNoProposal', args: { key: s.over } } });
    };
    /** `measureOwners.of` names an earlier decision that selects. */
    const checkOf = (key: string, path: (string | number)[]) => {
      const decision = earlier.get(key);
      if (!decision) ctx.addIssue({ code: 'custom', path, params: { i18n: 'def.ofUnknown', args: { key } } });
      else if (decision.kind !== 'decision' || !decision.over)
        ctx.addIssue({ code: 'custom', path, params: { i18n: 'def.ofNotSelecting', args: { key } } });
    };
    let index = 0;
    const meetingBodies = new Set(def.phases.flatMap((p) => p.steps.flatMap((s) => (s.kind === 'meetings' ? [s.body] : []))));
    def.phases.forEach((p, pi) => {
      if (p.reviewAt && !meetingBodies.has(p.reviewAt)) {
        ctx.addIssue({ code: 'custom', path: ['phases', pi, 'reviewAt'], params: { i18n: 'def.noMeetings', args: { body: p.reviewAt } } });
      }
      if (phaseKeys.has(p.key))
        ctx.addIssue({ code: 'custom', path: ['phases', pi, 'key'], params: { i18n: 'def.duplicatePhase', args: { key: p.key } } });
      phaseKeys.add(p.key);
      p.steps.forEach((s, si) => {
        const path = ['phases', pi, 'steps', si];
        if (seen.has(s.key))
          ctx.addIssue({ code: 'custom', path: [...path, 'key'], params: { i18n: 'def.duplicateStep', args: { key: s.key } } });
        if (si === 0 && 'concurrent' in s && s.concurrent) {
          ctx.addIssue({ code: 'custom', path: [...path, 'concurrent'], params: { i18n: 'def.concurrentFirst' } });
        }
        if ('assignees' in s && s.assignees) collectRoles(s.assignees as Assignees, [...path, 'assignees']);
        if (s.kind === 'handoff' && s.recipientRole) roleRefs.push({ role: s.recipientRole, path: [...path, 'recipientRole'] });
        // One seat, or seats already shared per measure: no organisation's seats to bring together.
        if (s.kind === 'form' && s.fill === 'organisation' && (s.assignees.kind === 'role' || s.assignees.kind === 'measureOwners'))
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'fill'],
            params: { i18n: 'def.fillOrganisation', args: { kind: s.assignees.kind } },
          });
        checkInputs(s, path);
        const esc = ('escalation' in s ? s.escalation : undefined) as Escalation | undefined;
        esc?.forEach((e, ei) => collectRoles(e.to, [...path, 'escalation', ei, 'to']));
        if (s.kind === 'meetings')
          s.minutes.escalation?.forEach((e, ei) => collectRoles(e.to, [...path, 'minutes', 'escalation', ei, 'to']));
        if (s.kind === 'decision' && s.atMeeting && !meetingBodies.has(s.atMeeting)) {
          ctx.addIssue({ code: 'custom', path: [...path, 'atMeeting'], params: { i18n: 'def.noMeetings', args: { body: s.atMeeting } } });
        }
        if (s.kind === 'decision') {
          for (const [field, target] of [
            ['onChanges', s.onChanges],
            ['onReject', s.onReject],
          ] as const) {
            if (!target || target === 'end') continue;
            const at = seen.get(target.goTo);
            if (at === undefined) {
              ctx.addIssue({
                code: 'custom',
                path: [...path, field, 'goTo'],
                params: { i18n: 'def.goToUnknown', args: { key: target.goTo } },
              });
            }
          }
        }
        seen.set(s.key, index++);
        earlier.set(s.key, s);
      });
    });
    def.defaults.escalation?.forEach((e, ei) => collectRoles(e.to, ['defaults', 'escalation', ei, 'to']));
    for (const ref of roleRefs) {
      if (!(ref.role in def.roles))
        ctx.addIssue({ code: 'custom', path: ref.path, params: { i18n: 'def.unknownRole', args: { role: ref.role } } });
    }
  });

export type CycleDefinition = z.infer<typeof cycleDefinition>;
export type CycleDefinitionInput = z.input<typeof cycleDefinition>;
