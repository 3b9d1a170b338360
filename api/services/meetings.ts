import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import type { ApplicationFailure } from '@temporalio/common';
import * as schema from '../../db/schema';
import { agendaFacts, loadSeries, type SeriesView } from '../../db/queries/meetings';
import { agendaAsOf } from '../../core/meetings';
import { stockholmInstant } from '../../core/time';
import type { Actor } from '../../core/actor';
import * as updates from '../../workflows/meetings';
import { MeetingFailure } from '../../workflows/meetings';
import { t, type Locale, type MessageKey } from '../../i18n';
import { UserError } from '../plugins/errors';
import { requireCoordinator } from '../actor';
import { failureDetails, talkToWorkflow } from '../temporal-errors';
import type { Meeting, Series } from '../meeting-schemas';
import type { Ctx } from './context';

/**
 * Meetings and what people do to them. The JSON routes, the meeting pages' forms and the
 * personal meeting links all call these; a refusal of the series workflow becomes a UserError here.
 */

/** What the meeting service needs of the request's context; the links build it without the settings. */
export type MeetingCtx = Pick<Ctx, 'db' | 'temporal' | 'locale'>;

/** Where the meeting is: what the host types, for the JSON API, the page and the personal link alike. */
export const LOCATION_MAX = 300;
export const meetingLocation = z.string().trim().min(1).max(LOCATION_MAX);

/** The room as typed, or the reason it will not do, naming the field in the reader's language. */
export function checkLocation(locale: Locale, value: string | undefined): { ok: true; location: string } | { ok: false; message: string } {
  const parsed = meetingLocation.safeParse(value ?? '');
  if (parsed.success) return { ok: true, location: parsed.data };
  const field = t(locale, 'meetings.field.location');
  const tooLong = parsed.error.issues.some((i) => i.code === 'too_big');
  return {
    ok: false,
    message: tooLong
      ? t(locale, 'meetings.locationTooLong', { field, max: LOCATION_MAX })
      : t(locale, 'meetings.locationRequired', { field }),
  };
}

/** The series as the API shows it: names for slugs, the rotation order with who has hosted, agendas as the records stand. */
async function present({ db }: MeetingCtx, view: SeriesView): Promise<Series> {
  const org = (s: string | null) => (s ? { slug: s, name: view.names[s] ?? s } : null);
  const { rotation } = view.series;
  const today = new Date().toISOString().slice(0, 10);
  const members = new Set(rotation.members.filter((m) => (!m.from || m.from <= today) && (!m.to || today <= m.to)).map((m) => m.org));
  const upcoming = view.meetings.find((m) => m.status === 'planned' && m.startsAt.getTime() > Date.now());
  const facts = await agendaFacts(
    db,
    view.meetings.flatMap((m) => m.agenda.flatMap((a) => (a.key ? [a.key] : []))),
  );
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
    meetings: view.meetings.map((m): Meeting => ({
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
    })),
  };
}

export async function meetingSeries(ctx: MeetingCtx, bodySlug: string): Promise<Series> {
  const view = await loadSeries(ctx.db, bodySlug);
  if (!view) throw new UserError(404, 'meetings.noSeries', { body: bodySlug });
  return present(ctx, view);
}

export async function meetingOf(ctx: MeetingCtx, bodySlug: string, meetingId: string): Promise<{ series: Series; meeting: Meeting }> {
  const series = await meetingSeries(ctx, bodySlug);
  const meeting = series.meetings.find((x) => x.id === meetingId);
  if (!meeting) throw new UserError(404, 'meetings.notFound', { id: meetingId });
  return { series, meeting };
}

/** A meeting known only by its id, as a personal link names it. */
export async function meetingById(ctx: MeetingCtx, meetingId: string) {
  const [row] = await ctx.db
    .select({ body: schema.bodies.slug })
    .from(schema.meetings)
    .innerJoin(schema.bodies, eq(schema.bodies.id, schema.meetings.bodyId))
    .where(eq(schema.meetings.id, meetingId));
  if (!row) throw new UserError(404, 'meetings.notFound', { id: meetingId });
  return meetingOf(ctx, row.body, meetingId);
}

/**
 * Of the given seats, those that host the meeting: seats in its body of the organisation whose
 * turn it is. The series' own check (its hosting mandates) still decides.
 */
export async function hostSeats({ db }: MeetingCtx, s: Series, m: Meeting, seatIds: string[]): Promise<string[]> {
  if (!m.host || !seatIds.length) return [];
  const rows = await db
    .select({ id: schema.seats.id })
    .from(schema.seats)
    .innerJoin(schema.bodies, eq(schema.bodies.id, schema.seats.bodyId))
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.seats.organisationId))
    .where(and(inArray(schema.seats.id, seatIds), eq(schema.bodies.slug, s.body.slug), eq(schema.organisations.slug, m.host.slug)));
  return rows.map((r) => r.id);
}

function refusals({ locale }: MeetingCtx, s: Series): Record<string, (f: ApplicationFailure) => UserError> {
  const name = (org: unknown) => s.rotation.order.find((o) => o.slug === org)?.name ?? String(org ?? '');
  const status = (f: ApplicationFailure) => t(locale, `meetings.status.${String(failureDetails(f).status)}` as MessageKey);
  return {
    [MeetingFailure.notFound]: () => new UserError(404, 'meetings.notFound', { id: '' }),
    [MeetingFailure.notPlanned]: (f) => new UserError(409, 'meetings.refused.notPlanned', { status: status(f) }),
    [MeetingFailure.started]: () => new UserError(409, 'meetings.refused.started'),
    [MeetingFailure.notRotating]: () => new UserError(409, 'meetings.refused.notRotating'),
    [MeetingFailure.unfair]: (f) =>
      new UserError(409, `meetings.refused.${String(failureDetails(f).problem)}` as MessageKey, {
        organisation: name(failureDetails(f).organisation),
      }),
    [MeetingFailure.notMember]: (f) =>
      new UserError(400, 'meetings.refused.notMember', { organisation: name(failureDetails(f).organisation) }),
    [MeetingFailure.notYourBody]: () => new UserError(403, 'meetings.refused.notYourBody'),
    [MeetingFailure.reasonRequired]: () => new UserError(400, 'cycle.reasonRequired'),
    [MeetingFailure.inPast]: () => new UserError(400, 'meetings.refused.inPast'),
    [MeetingFailure.endBeforeStart]: () => new UserError(400, 'meetings.refused.endBeforeStart'),
    [MeetingFailure.sameMeeting]: () => new UserError(400, 'meetings.refused.sameMeeting'),
    [MeetingFailure.hostOrCoordinator]: () => new UserError(403, 'meetings.refused.hostOrCoordinator'),
  };
}

type SeriesHandle = ReturnType<Ctx['temporal']['workflow']['getHandle']>;

/** Runs an update on the body's series and answers with the meeting as recorded after it. */
async function act(
  ctx: MeetingCtx,
  bodySlug: string,
  meetingId: string,
  call: (handle: SeriesHandle) => Promise<unknown>,
): Promise<Meeting> {
  const s = await meetingSeries(ctx, bodySlug);
  await talkToWorkflow(
    () => call(ctx.temporal.workflow.getHandle(s.id)),
    new UserError(404, 'meetings.noSeries', { body: bodySlug }),
    refusals(ctx, s),
  );
  return (await meetingOf(ctx, bodySlug, meetingId)).meeting;
}

/** Two coming meetings of the same round trade hosts (coordinator). */
export function swapHosts(ctx: MeetingCtx, actor: Actor, bodySlug: string, input: { a: string; b: string; reason: string }) {
  requireCoordinator(actor);
  return act(ctx, bodySlug, input.a, (h) =>
    h.executeUpdate(updates.swapMeetingHosts, { args: [{ a: input.a, b: input.b, reason: input.reason, actor }] }),
  );
}

/** A party does not host this meeting and keeps its turn (coordinator). */
export function skipHost(
  ctx: MeetingCtx,
  actor: Actor,
  bodySlug: string,
  meetingId: string,
  input: { organisation: string; reason: string },
) {
  requireCoordinator(actor);
  const args = { meetingId, organisation: input.organisation, reason: input.reason, actor };
  return act(ctx, bodySlug, meetingId, (h) => h.executeUpdate(updates.skipMeetingHost, { args: [args] }));
}

/** Moves a coming meeting (coordinator); without an end it keeps its length. */
export async function moveMeeting(
  ctx: MeetingCtx,
  actor: Actor,
  bodySlug: string,
  meetingId: string,
  input: { startsAt: string; endsAt?: string; reason: string },
) {
  requireCoordinator(actor);
  const { meeting: m } = await meetingOf(ctx, bodySlug, meetingId);
  const startsAt = new Date(input.startsAt);
  const endsAt = input.endsAt ? new Date(input.endsAt) : new Date(startsAt.getTime() + (m.endsAt.getTime() - m.startsAt.getTime()));
  const args = { meetingId, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), reason: input.reason, actor };
  return act(ctx, bodySlug, meetingId, (h) => h.executeUpdate(updates.moveMeeting, { args: [args] }));
}

/** A time a form gives as Stockholm wall-clock time (`2027-03-30T09:00`), as an instant. */
export function fromStockholmWallClock(local: string): string {
  const [date, time] = local.split('T') as [string, string];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  return stockholmInstant({ year: y, month: mo, day: d }, h, mi).toISOString();
}

/** Cancels a coming meeting (coordinator); invitees get a cancellation. */
export function cancelMeeting(ctx: MeetingCtx, actor: Actor, bodySlug: string, meetingId: string, input: { reason: string }) {
  requireCoordinator(actor);
  return act(ctx, bodySlug, meetingId, (h) =>
    h.executeUpdate(updates.cancelMeeting, { args: [{ meetingId, reason: input.reason, actor }] }),
  );
}

/** Where the meeting is: the host or the coordinator enters the booked room. */
export function setLocation(ctx: MeetingCtx, actor: Actor, bodySlug: string, meetingId: string, input: { location: string }) {
  return act(ctx, bodySlug, meetingId, (h) =>
    h.executeUpdate(updates.setMeetingLocation, { args: [{ meetingId, location: input.location, actor }] }),
  );
}

/**
 * The room as a form typed it: saved, or the reason it will not do, in the reader's language, for
 * the form to show beside the field with the status to answer.
 */
export async function enterRoom(ctx: MeetingCtx, actor: Actor, bodySlug: string, meetingId: string, typed: string | undefined) {
  const checked = checkLocation(ctx.locale, typed);
  if (!checked.ok) return { status: 400, error: checked.message };
  try {
    await setLocation(ctx, actor, bodySlug, meetingId, { location: checked.location });
  } catch (err) {
    if (err instanceof UserError && err.statusCode < 500) return { status: err.statusCode, error: t(ctx.locale, err.key, err.params) };
    throw err;
  }
  return { status: 200 };
}

/** A member of the body, or the coordinator, proposes an item for a coming meeting's agenda. */
export function proposeItem(ctx: MeetingCtx, actor: Actor, bodySlug: string, meetingId: string, input: { title: string }) {
  return act(ctx, bodySlug, meetingId, (h) =>
    h.executeUpdate(updates.proposeAgendaItem, { args: [{ meetingId, title: input.title, actor }] }),
  );
}
