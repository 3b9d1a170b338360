import { listSeries } from '../../db/queries/meetings';
import { targetHistory } from '../../db/queries/dashboard';
import { agendaSubjects } from '../../db/queries/outputs';
import { bodyCalendar } from '../../activities/meeting-mail';
import type { User } from '../plugins/session';
import type { Meeting, Series } from '../meeting-schemas';
import { hostSeats, meetingOf, meetingSeries, type MeetingCtx } from './meetings';
import type { Ctx } from './context';

/** What the meeting pages and the series' calendar file show, read for the signed-in person. */

/** The seats of the body the signed-in person holds. */
const seatsInBody = (user: User | null, bodySlug: string) => (user?.seats ?? []).filter((s) => s.slug.startsWith(`${bodySlug}/`));

/**
 * Minutes are the body's own work: other seat holders see the series, hosts and agendas, and
 * when the minutes were published, not what was minuted.
 */
function forReader(user: User | null, s: Series): Series {
  if (user?.role === 'coordinator' || seatsInBody(user, s.body.slug).length) return s;
  return { ...s, meetings: s.meetings.map((m) => ({ ...m, minutes: null })) };
}

/** A body's meeting series as the signed-in person may read it. */
export async function readSeries(ctx: MeetingCtx, user: User | null, bodySlug: string): Promise<Series> {
  return forReader(user, await meetingSeries(ctx, bodySlug));
}

/** One meeting as the signed-in person may read it. */
export async function readMeeting(ctx: MeetingCtx, user: User | null, bodySlug: string, meetingId: string) {
  const { series, meeting } = await meetingOf(ctx, bodySlug, meetingId);
  return forReader(user, { ...series, meetings: [meeting] }).meetings[0]!;
}

/** The body's meetings as an iCalendar file, with the same UIDs as the invites. */
export async function seriesCalendar(ctx: Ctx, bodySlug: string): Promise<{ slug: string; ics: string }> {
  const s = await meetingSeries(ctx, bodySlug);
  return { slug: s.body.slug, ics: bodyCalendar(s, ctx.locale, `${ctx.config.publicUrl}/meetings/${s.body.slug}`) };
}

/** The series page: the series, and the other bodies' series to go to. */
export async function seriesPage(ctx: MeetingCtx, user: User | null, bodySlug: string) {
  const series = await readSeries(ctx, user, bodySlug);
  const others = (await listSeries(ctx.db)).filter((x) => x.bodySlug !== series.body.slug);
  return { series, others };
}

/** The seat the signed-in person acts in to enter the room: the host's, else the coordinator (`{}`); none for others. */
async function roomActor(ctx: MeetingCtx, user: User | null, s: Series, m: Meeting): Promise<{ seat?: string } | undefined> {
  const seats = seatsInBody(user, s.body.slug);
  const [host] = await hostSeats(
    ctx,
    s,
    m,
    seats.map((x) => x.seatId),
  );
  if (host) return { seat: seats.find((x) => x.seatId === host)!.slug };
  return user?.role === 'coordinator' ? {} : undefined;
}

/**
 * A meeting's page: the meeting, who may enter the room, the seats in its body the person may
 * propose agenda items as, what its decisions decide on, and its history.
 */
export async function meetingPage(ctx: MeetingCtx, user: User | null, bodySlug: string, meetingId: string) {
  const found = await meetingOf(ctx, bodySlug, meetingId);
  const series = forReader(user, found.series);
  const meeting = series.meetings.find((m) => m.id === meetingId)!;
  const open = meeting.status === 'planned' && meeting.startsAt.getTime() > Date.now();
  const [roomAs, subjects, history] = await Promise.all([
    open ? roomActor(ctx, user, series, meeting) : undefined,
    agendaSubjects(
      ctx.db,
      meeting.agenda.flatMap((a) => (a.kind === 'decision' && a.key ? [a.key] : [])),
    ),
    targetHistory(ctx.db, 'meeting', meeting.id),
  ]);
  return { series, meeting, open, roomAs, seats: seatsInBody(user, series.body.slug), subjects, history };
}

export type MeetingPage = Awaited<ReturnType<typeof meetingPage>>;
