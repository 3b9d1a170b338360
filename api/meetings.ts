import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import type { Client } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/client';
import * as schema from '../db/schema';
import { agendaFacts, loadSeries, type SeriesView } from '../db/queries/meetings';
import { agendaAsOf } from '../core/meetings';
import {
  cancelMeeting,
  MeetingFailure,
  moveMeeting,
  proposeAgendaItem,
  setMeetingLocation,
  skipMeetingHost,
  swapMeetingHosts,
} from '../workflows/meetings';
import type { Actor } from '../core/actor';
import { UserError } from './plugins/errors';
import { failureDetails, talkToWorkflow } from './temporal-errors';
import { t, type Locale, type MessageKey } from '../i18n';

/**
 * Meetings as the API and the pages see them, and what people do to them: the JSON routes, the
 * meeting pages' forms and the personal meeting links all go through here.
 */

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
  decided: z.object({ outcome: z.string().nullable(), at: z.date() }).optional().describe('A decision taken (outcome) or cancelled (null) since it was put on the agenda'),
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

/** Where the meeting is: what the host types, for the JSON API, the page and the personal link alike. */
export const LOCATION_MAX = 300;
export const meetingLocation = z.string().trim().min(1).max(LOCATION_MAX);

/** The series as the API shows it: names for slugs, the rotation order with who has hosted, agendas as the records stand. */
async function present(db: Db, view: SeriesView): Promise<Series> {
  const org = (s: string | null) => (s ? { slug: s, name: view.names[s] ?? s } : null);
  const { rotation } = view.series;
  const today = new Date().toISOString().slice(0, 10);
  const members = new Set(rotation.members.filter((m) => (!m.from || m.from <= today) && (!m.to || today <= m.to)).map((m) => m.org));
  const upcoming = view.meetings.find((m) => m.status === 'planned' && m.startsAt.getTime() > Date.now());
  const facts = await agendaFacts(db, view.meetings.flatMap((m) => m.agenda.flatMap((a) => (a.key ? [a.key] : []))));
  return {
    id: view.series.id,
    body: { slug: view.body.slug, name: view.body.name },
    title: view.series.title,
    hosting: view.series.hosting,
    rotation: {
      order: rotation.order.map((s) => ({ ...org(s)!, member: members.has(s), hostedThisRound: rotation.done.includes(s) })),
      round: rotation.round + 1,
    },
    nextHost: org(upcoming?.host ?? null),
    meetings: view.meetings.map(
      (m): Meeting => ({
        id: m.id,
        number: m.number,
        startsAt: m.startsAt,
        endsAt: m.endsAt,
        status: m.status,
        host: org(m.host),
        hostPinned: m.hostPinned,
        skips: m.skips,
        location: m.location,
        sequence: m.sequence,
        agenda: agendaAsOf(m.agenda, m.startsAt, facts),
        noticeAt: m.noticeAt,
        noticeSentAt: m.noticeSentAt,
        hostReminderAt: m.hostReminderAt,
        hostRemindedAt: m.hostRemindedAt,
        minutesWorkflowId: m.minutesWorkflowId,
        minutesDueAt: m.minutesDueAt,
        minutes: m.minutes,
        minutesPublishedAt: m.minutesPublishedAt,
        cancelReason: m.cancelReason,
      }),
    ),
  };
}

export function meetingService(db: Db, temporal: Client) {
  async function load(bodySlug: string): Promise<Series> {
    const view = await loadSeries(db, bodySlug);
    if (!view) throw new UserError(404, 'meetings.noSeries', { body: bodySlug });
    return present(db, view);
  }
  async function loadMeeting(bodySlug: string, meetingId: string) {
    const s = await load(bodySlug);
    const m = s.meetings.find((x) => x.id === meetingId);
    if (!m) throw new UserError(404, 'meetings.notFound', { id: meetingId });
    return { series: s, meeting: m };
  }
  /** A meeting known only by its id, as a personal link names it. */
  async function meetingById(meetingId: string) {
    const [row] = await db
      .select({ body: schema.bodies.slug })
      .from(schema.meetings)
      .innerJoin(schema.bodies, eq(schema.bodies.id, schema.meetings.bodyId))
      .where(eq(schema.meetings.id, meetingId));
    if (!row) throw new UserError(404, 'meetings.notFound', { id: meetingId });
    return loadMeeting(row.body, meetingId);
  }
  /**
   * Of the given seats, those that host the meeting: seats in its body of the organisation whose
   * turn it is. The series' own check (its hosting mandates) still decides.
   */
  async function hostSeats(s: Series, m: Meeting, seatIds: string[]): Promise<string[]> {
    if (!m.host || !seatIds.length) return [];
    const rows = await db
      .select({ id: schema.seats.id })
      .from(schema.seats)
      .innerJoin(schema.bodies, eq(schema.bodies.id, schema.seats.bodyId))
      .innerJoin(schema.organisations, eq(schema.organisations.id, schema.seats.organisationId))
      .where(and(inArray(schema.seats.id, seatIds), eq(schema.bodies.slug, s.body.slug), eq(schema.organisations.slug, m.host.slug)));
    return rows.map((r) => r.id);
  }

  const name = (s: Series, org: unknown) => s.rotation.order.find((o) => o.slug === org)?.name ?? String(org ?? '');
  const refusals = (locale: Locale, s: Series): Record<string, (f: ApplicationFailure) => UserError> => ({
    [MeetingFailure.notFound]: () => new UserError(404, 'meetings.notFound', { id: '' }),
    [MeetingFailure.notPlanned]: (f) => new UserError(409, 'meetings.refused.notPlanned', { status: t(locale, `meetings.status.${String(failureDetails(f).status)}` as MessageKey) }),
    [MeetingFailure.started]: () => new UserError(409, 'meetings.refused.started'),
    [MeetingFailure.notRotating]: () => new UserError(409, 'meetings.refused.notRotating'),
    [MeetingFailure.unfair]: (f) => new UserError(409, `meetings.refused.${String(failureDetails(f).problem)}` as MessageKey, { organisation: name(s, failureDetails(f).organisation) }),
    [MeetingFailure.notMember]: (f) => new UserError(400, 'meetings.refused.notMember', { organisation: name(s, failureDetails(f).organisation) }),
    [MeetingFailure.notYourBody]: () => new UserError(403, 'meetings.refused.notYourBody'),
    [MeetingFailure.reasonRequired]: () => new UserError(400, 'cycle.reasonRequired'),
    [MeetingFailure.inPast]: () => new UserError(400, 'meetings.refused.inPast'),
    [MeetingFailure.endBeforeStart]: () => new UserError(400, 'meetings.refused.endBeforeStart'),
    [MeetingFailure.sameMeeting]: () => new UserError(400, 'meetings.refused.sameMeeting'),
    [MeetingFailure.hostOrCoordinator]: () => new UserError(403, 'meetings.refused.hostOrCoordinator'),
  });

  /** Runs an update on the body's series and answers with the meeting as recorded after it. */
  async function act<A>(locale: Locale, bodySlug: string, meetingId: string, call: (handle: ReturnType<typeof temporal.workflow.getHandle>) => Promise<A>) {
    const s = await load(bodySlug);
    await talkToWorkflow(() => call(temporal.workflow.getHandle(s.id)), new UserError(404, 'meetings.noSeries', { body: bodySlug }), refusals(locale, s));
    return (await loadMeeting(bodySlug, meetingId)).meeting;
  }

  return {
    load,
    loadMeeting,
    meetingById,
    hostSeats,
    swap: (locale: Locale, body: string, input: { a: string; b: string; reason: string }, actor: Actor) =>
      act(locale, body, input.a, (h) => h.executeUpdate(swapMeetingHosts, { args: [{ ...input, actor }] })),
    skip: (locale: Locale, body: string, meetingId: string, input: { organisation: string; reason: string }, actor: Actor) =>
      act(locale, body, meetingId, (h) => h.executeUpdate(skipMeetingHost, { args: [{ meetingId, ...input, actor }] })),
    move: async (locale: Locale, body: string, meetingId: string, input: { startsAt: string; endsAt?: string; reason: string }, actor: Actor) => {
      const { meeting: m } = await loadMeeting(body, meetingId);
      const startsAt = new Date(input.startsAt);
      const endsAt = input.endsAt ? new Date(input.endsAt) : new Date(startsAt.getTime() + (m.endsAt.getTime() - m.startsAt.getTime()));
      return act(locale, body, meetingId, (h) =>
        h.executeUpdate(moveMeeting, { args: [{ meetingId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), reason: input.reason, actor }] }),
      );
    },
    cancel: (locale: Locale, body: string, meetingId: string, input: { reason: string }, actor: Actor) =>
      act(locale, body, meetingId, (h) => h.executeUpdate(cancelMeeting, { args: [{ meetingId, ...input, actor }] })),
    location: (locale: Locale, body: string, meetingId: string, input: { location: string }, actor: Actor) =>
      act(locale, body, meetingId, (h) => h.executeUpdate(setMeetingLocation, { args: [{ meetingId, ...input, actor }] })),
    propose: (locale: Locale, body: string, meetingId: string, input: { title: string }, actor: Actor) =>
      act(locale, body, meetingId, (h) => h.executeUpdate(proposeAgendaItem, { args: [{ meetingId, ...input, actor }] })),
  };
}

export type MeetingService = ReturnType<typeof meetingService>;

/** The room as typed, or the reason it will not do, naming the field in the reader's language. */
export function checkLocation(locale: Locale, value: string | undefined): { ok: true; location: string } | { ok: false; message: string } {
  const parsed = meetingLocation.safeParse(value ?? '');
  if (parsed.success) return { ok: true, location: parsed.data };
  const field = t(locale, 'meetings.field.location');
  const tooLong = parsed.error.issues.some((i) => i.code === 'too_big');
  return { ok: false, message: tooLong ? t(locale, 'meetings.locationTooLong', { field, max: LOCATION_MAX }) : t(locale, 'meetings.locationRequired', { field }) };
}
