import { z } from 'zod';

/** Meetings as the API and the pages show them; what people do to them is in `services/meetings.ts`. */
const organisation = z.object({ slug: z.string(), name: z.string() });
const agendaItem = z.object({
  id: z.string(),
  title: z.string(),
  source: z.enum(['member', 'cycle']),
  kind: z.enum(['decision', 'review']).optional(),
  /** Items from the cycle: the decision's workflow id, or the phase. */
  key: z.string().optional(),
  seatId: z.string().optional(),
  at: z.string(),
  cycle: z.string().optional().describe("The cycle's name and year, for items a cycle put on the agenda"),
  decided: z
    .object({ outcome: z.string().nullable(), at: z.date() })
    .optional()
    .describe('A decision taken (outcome) or cancelled (null) since it was put on the agenda'),
});
export const meetingShape = z.object({
  id: z.uuid(),
  number: z.number().nullable(),
  startsAt: z.date(),
  endsAt: z.date(),
  status: z.enum(['planned', 'held', 'cancelled']),
  host: organisation.nullable(),
  hostPinned: z.boolean(),
  skips: z.array(z.object({ org: z.string(), reason: z.string(), at: z.string() })),
  location: z.string(),
  sequence: z.number(),
  agenda: z.array(agendaItem).describe('Decisions taken before the meeting starts are left out'),
  noticeAt: z.date().nullable(),
  noticeSentAt: z.date().nullable(),
  hostReminderAt: z.date().nullable(),
  hostRemindedAt: z.date().nullable(),
  minutesWorkflowId: z.string().nullable(),
  minutesDueAt: z.date().nullable(),
  minutes: z.string().nullable(),
  minutesPublishedAt: z.date().nullable(),
  cancelReason: z.string().nullable(),
});
export const seriesShape = z.object({
  id: z.string(),
  body: z.object({ slug: z.string(), name: z.string() }),
  title: z.string(),
  hosting: z.string(),
  rotation: z.object({
    order: z.array(organisation.extend({ member: z.boolean(), hostedThisRound: z.boolean() })),
    round: z.number(),
  }),
  nextHost: organisation.nullable(),
  meetings: z.array(meetingShape),
});

export type Meeting = z.infer<typeof meetingShape>;
export type Series = z.infer<typeof seriesShape>;
