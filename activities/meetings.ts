import { and, asc, eq, getTableColumns, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import * as t from '../db/schema';
import { stockholmDate } from '../core/time';
import type { Member, Rotation } from '../core/rotation';
import type { MeetingBody, MeetingRecord } from '../core/meetings';
import { appendAudit, type AuditEvent } from './audit';

export type { MeetingBody, MeetingRecord };

export async function meetingBody(db: Db, args: { bodySlug: string; hostMandates: string[]; at: string }): Promise<MeetingBody> {
  const [body] = await db.select().from(t.bodies).where(eq(t.bodies.slug, args.bodySlug));
  if (!body) throw new Error(`unknown body ${args.bodySlug}`);
  const rows = await db
    .select({ seat: t.seats, org: t.organisations })
    .from(t.seats)
    .innerJoin(t.organisations, eq(t.organisations.id, t.seats.organisationId))
    // A retired seat is no longer invited and no longer hosts.
    .where(and(eq(t.seats.bodyId, body.id), isNull(t.seats.retiredOn)))
    .orderBy(asc(t.seats.slug));
  const convenor = body.convenorOrganisationId
    ? ((await db.select({ slug: t.organisations.slug }).from(t.organisations).where(eq(t.organisations.id, body.convenorOrganisationId)))[0]
        ?.slug ?? null)
    : null;
  const names: Record<string, string> = {};
  for (const r of rows) names[r.org.slug] = r.org.shortName;
  const hosting = rows.filter((r) => args.hostMandates.includes(r.seat.mandate));
  const seen = new Set<string>();
  const members: Member[] = hosting
    .map((r) => r.org)
    .filter((o) => !seen.has(o.slug) && seen.add(o.slug))
    .sort((a, b) => a.shortName.localeCompare(b.shortName, 'sv'))
    .map((o) => ({ org: o.slug, ...(o.joinedOn ? { from: o.joinedOn } : {}), ...(o.leftOn ? { to: o.leftOn } : {}) }));
  return {
    bodyName: body.name,
    today: stockholmDate(new Date(args.at)),
    convenor,
    seats: rows.map((r) => ({ id: r.seat.id, org: r.org.slug, mandate: r.seat.mandate })),
    members,
    names,
  };
}

export interface RecordMeetingsInput {
  seriesId: string;
  bodySlug: string;
  title: string;
  hosting: string;
  cycleId?: string;
  rotation: Rotation;
  nextHost: string | null;
  meetings: MeetingRecord[];
  event?: AuditEvent & { meetingId?: string };
}

const date = (iso: string | undefined) => (iso ? new Date(iso) : null);

/** On a conflict every column but the id takes the value of the row that was to be inserted. */
const fromExcluded = Object.fromEntries(
  Object.entries(getTableColumns(t.meetings))
    .filter(([name]) => name !== 'id' && name !== 'key')
    .map(([name, column]) => [name, sql.raw(`excluded."${column.name}"`)]),
);

/** The series and its meetings as rows; upserts keyed on the series id and meeting key. */
export async function recordMeetings(db: Db, r: RecordMeetingsInput): Promise<void> {
  await db.transaction(async (tx) => {
    const [body] = await tx.select({ id: t.bodies.id }).from(t.bodies).where(eq(t.bodies.slug, r.bodySlug));
    if (!body) throw new Error(`unknown body ${r.bodySlug}`);
    const orgSlugs = [...new Set([...r.meetings.map((m) => m.host), r.nextHost].filter((x): x is string => Boolean(x)))];
    const orgs = orgSlugs.length
      ? await tx
          .select({ id: t.organisations.id, slug: t.organisations.slug })
          .from(t.organisations)
          .where(inArray(t.organisations.slug, orgSlugs))
      : [];
    const orgId = (slug: string | null) => (slug ? (orgs.find((o) => o.slug === slug)?.id ?? null) : null);
    const { order, done, round, members } = r.rotation;
    const series = {
      bodyId: body.id,
      title: r.title,
      hosting: r.hosting,
      rotation: { order, done, round, members },
      nextHostOrganisationId: orgId(r.nextHost),
      updatedAt: new Date(),
    };
    await tx
      .insert(t.meetingSeries)
      .values({ id: r.seriesId, ...series })
      .onConflictDoUpdate({ target: t.meetingSeries.id, set: series });
    const rows = r.meetings.map((m) => ({
      id: m.id,
      key: m.key,
      bodyId: body.id,
      cycleId: r.cycleId ?? null,
      seriesId: r.seriesId,
      number: m.number,
      startsAt: new Date(m.startsAt),
      endsAt: new Date(m.endsAt),
      hostOrganisationId: orgId(m.host),
      hostPinned: m.hostPinned,
      skips: m.skips,
      location: m.location,
      status: m.status,
      sequence: m.sequence,
      agenda: m.agenda,
      noticeAt: new Date(m.noticeAt),
      noticeSentAt: date(m.noticeSentAt),
      hostReminderAt: new Date(m.hostReminderAt),
      hostRemindedAt: date(m.hostRemindedAt),
      minutesWorkflowId: m.minutesWorkflowId ?? null,
      minutesDueAt: date(m.minutesDueAt),
      minutes: m.minutes ?? null,
      minutesPublishedAt: date(m.minutesPublishedAt),
      cancelReason: m.cancelReason ?? null,
      updatedAt: new Date(),
    }));
    // One statement for the whole series: a series writes its rows on every change it makes.
    if (rows.length) await tx.insert(t.meetings).values(rows).onConflictDoUpdate({ target: t.meetings.key, set: fromExcluded });
    if (r.event) {
      const { meetingId, ...event } = r.event;
      await appendAudit(
        tx as unknown as Db,
        event,
        meetingId ? { kind: 'meeting', id: meetingId } : { kind: 'meeting_series', id: r.seriesId },
      );
    }
  });
}

/** The report of a finished minutes task, as its projection holds it. */
export async function minutesOf(db: Db, workflowId: string): Promise<{ status: string; report: string | null } | undefined> {
  const [row] = await db
    .select({ status: t.tasks.status, report: t.tasks.report })
    .from(t.tasks)
    .where(and(eq(t.tasks.workflowId, workflowId)));
  return row;
}
