import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { MeetingBody, MeetingDetail, MeetingPolicy, MeetingRecord, MeetingTimes } from '../core/meetings';
import type { Notice } from '../core/notice';
import { commitHost, newRotation, planHosts, swapHosts, syncMembers, type PlanProblem, type Rotation, type Slot } from '../core/rotation';
import { activities, deliver, oneAtATime, refuse, system, type Actor } from './common';
import { childChanged } from './signals';
import { taskWorkflow } from './task';

/**
 * A body's meetings over years: dates from the definition's rule, a host per meeting by fair
 * rotation, a notice with an invite to every seat, a reminder to the host to book a room and send
 * the agenda, and after the meeting a minutes task for the host whose result goes to the members.
 * One workflow per body (`meetings/<body>`); it continues as new at each new year of meetings,
 * carrying the rotation, the coming meetings and their agendas.
 */
export interface MeetingSeriesInput {
  bodySlug: string;
  title: string;
  policy: MeetingPolicy;
  /** The first year whose meetings the series holds. */
  fromYear: number;
  /** The last year; none while the body keeps meeting. */
  untilYear?: number;
  cycleId?: string;
  carried?: CarriedSeries;
}

export interface MeetingState extends MeetingRecord {
  times: MeetingTimes;
  pinned?: string;
  /** A change invitees have not yet been told of. */
  unsent?: { kind: 'meeting_update' | 'meeting_cancelled'; reason: string };
  minutesStatus?: string;
  minutesSeatId?: string;
}

interface CarriedSeries {
  rotation: Rotation;
  inbox: CycleItem[];
  meetings: MeetingState[];
  plannedThrough: number;
  nextNumber: number;
  notices: number;
}

export interface SeriesState {
  seriesId: string;
  bodySlug: string;
  bodyName: string;
  title: string;
  hosting: MeetingPolicy['hosting'];
  rotation: Rotation;
  names: Record<string, string>;
  nextHost: string | null;
  plannedThrough: number;
  meetings: MeetingState[];
}

export interface SwapHostsInput {
  a: string;
  b: string;
  reason: string;
  actor: Actor;
}
export interface SkipHostInput {
  meetingId: string;
  organisation: string;
  reason: string;
  actor: Actor;
}
export interface MoveMeetingInput {
  meetingId: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  actor: Actor;
}
export interface CancelMeetingInput {
  meetingId: string;
  reason: string;
  actor: Actor;
}
export interface LocationInput {
  meetingId: string;
  location: string;
  actor: Actor;
}
export interface ProposeItemInput {
  meetingId: string;
  title: string;
  actor: Actor;
}
export interface CycleItem {
  key: string;
  kind: 'decision' | 'review';
  title: string;
  onOrAfter: string;
  /** A decision's deadline: only a meeting that starts before it takes the item; once it passes, none does. */
  before?: string;
}

export const swapMeetingHosts = defineUpdate<SeriesState, [SwapHostsInput]>('swapMeetingHosts');
export const skipMeetingHost = defineUpdate<SeriesState, [SkipHostInput]>('skipMeetingHost');
export const moveMeeting = defineUpdate<SeriesState, [MoveMeetingInput]>('moveMeeting');
export const cancelMeeting = defineUpdate<SeriesState, [CancelMeetingInput]>('cancelMeeting');
export const setMeetingLocation = defineUpdate<SeriesState, [LocationInput]>('setMeetingLocation');
export const proposeAgendaItem = defineUpdate<SeriesState, [ProposeItemInput]>('proposeAgendaItem');
/** From a cycle: a decision or a phase review on the body's first meeting on or after a time. */
export const addAgendaItem = defineSignal<[CycleItem]>('addAgendaItem');
export const seriesStatus = defineQuery<SeriesState>('seriesStatus');
/** The register changed the body's seats or parties (one joined or left): read the body again and replan the hosts. */
export const membersChanged = defineSignal('membersChanged');

export const MeetingFailure = {
  notFound: 'MeetingNotFound',
  notPlanned: 'MeetingNotPlanned',
  started: 'MeetingStarted',
  notRotating: 'MeetingNotRotating',
  unfair: 'MeetingRotationUnfair',
  notMember: 'MeetingNotMember',
  notYourBody: 'MeetingNotYourBody',
  reasonRequired: 'MeetingReasonRequired',
  inPast: 'MeetingInPast',
  endBeforeStart: 'MeetingEndBeforeStart',
  sameMeeting: 'MeetingSame',
  hostOrCoordinator: 'MeetingHostOrCoordinator',
} as const;

/** Plan the next year once the last planned meeting is this close. */
const HORIZON_MS = 120 * 86_400_000;

export async function meetingSeriesWorkflow(input: MeetingSeriesInput): Promise<SeriesState> {
  const { workflowId: seriesId } = workflowInfo();
  const { policy } = input;
  let body: MeetingBody = await activities.meetingBody({
    bodySlug: input.bodySlug,
    hostMandates: policy.hostMandates,
    at: new Date().toISOString(),
  });
  const carried = input.carried;
  const state: SeriesState = {
    seriesId,
    bodySlug: input.bodySlug,
    bodyName: body.bodyName,
    title: input.title,
    hosting: policy.hosting,
    rotation: carried?.rotation ?? newRotation(body.members),
    names: body.names,
    nextHost: null,
    plannedThrough: carried?.plannedThrough ?? input.fromYear - 1,
    meetings: carried?.meetings ?? [],
  };
  let nextNumber = carried?.nextNumber ?? 1;
  let notices = carried?.notices ?? 0;
  let revision = 0;
  const inTurn = oneAtATime();
  const outgoing: Notice[] = [];
  const waitingForMinutes = (m: MeetingState) =>
    Boolean(m.minutesWorkflowId) && !m.minutesPublishedAt && (m.minutesStatus === 'open' || m.minutesStatus === 'done');
  /** Minutes tasks whose end was reported, waiting for their text to go out. */
  const closedMinutes: string[] = state.meetings
    .filter((m) => waitingForMinutes(m) && m.minutesStatus === 'done')
    .map((m) => m.minutesWorkflowId!);

  const find = (id: string) => state.meetings.find((m) => m.id === id);
  const planned = () => state.meetings.filter((m) => m.status === 'planned');
  const upcoming = () => planned().filter((m) => Date.parse(m.startsAt) > Date.now());
  /** The host's seats: those that take turns, else any seat the organisation has in the body. */
  const seatsOf = (org: string | null) => {
    const all = org ? body.seats.filter((s) => s.org === org) : [];
    const hosting = all.filter((s) => policy.hostMandates.includes(s.mandate));
    return (hosting.length ? hosting : all).map((s) => s.id);
  };
  /** Who writes the minutes when nobody hosted: the convenor's seat, else the chair's. */
  const fallbackSeat = () => seatsOf(body.convenor)[0] ?? body.seats.find((s) => s.mandate === 'chair' || s.mandate === 'convenor')?.id;

  const slots = (ms: MeetingState[]): Slot[] =>
    ms.map((m) => ({ id: m.id, date: m.times.date, pinned: m.pinned, skips: m.skips.map((s) => s.org) }));

  /** Hosts of the coming meetings from the rotation; a changed host after the notice is news. */
  const replan = () => {
    const coming = upcoming();
    if (policy.hosting === 'convenor') {
      for (const m of coming) m.host = body.convenor;
    } else {
      let plan = planHosts(state.rotation, slots(coming));
      if (!plan.ok) {
        // Pins that no longer fit (a party left since the swap) give way to the rotation.
        for (const m of coming) m.pinned = undefined;
        plan = planHosts(state.rotation, slots(coming));
      }
      for (const h of plan.ok ? plan.hosts : []) {
        const m = find(h.id)!;
        if (m.host === h.host) continue;
        m.host = h.host;
        m.hostPinned = Boolean(m.pinned);
        if (m.noticeSentAt) changed(m, 'meeting_update', '');
        if (m.hostRemindedAt) m.hostRemindedAt = undefined;
      }
    }
    state.nextHost = coming[0]?.host ?? null;
  };

  /** Invitees are to hear of a change: the invite's SEQUENCE rises. */
  const changed = (m: MeetingState, kind: 'meeting_update' | 'meeting_cancelled', reason: string) => {
    if (!m.noticeSentAt) return;
    m.sequence++;
    m.unsent = { kind, reason: reason || m.unsent?.reason || '' };
  };

  const record = (event?: { action: string; actor: Actor; meetingId?: string; detail?: Record<string, unknown> }) =>
    inTurn(() =>
      activities.recordMeetings({
        seriesId,
        bodySlug: input.bodySlug,
        title: input.title,
        hosting: policy.hosting,
        cycleId: input.cycleId,
        rotation: state.rotation,
        nextHost: state.nextHost,
        meetings: state.meetings.map(({ times: _t, pinned: _p, unsent: _u, minutesStatus: _s, minutesSeatId: _m, ...row }) => row),
        event: event && {
          ...event,
          dedupeKey: `${seriesId}#${workflowInfo().runId}:${++revision}:${event.action}`,
          at: new Date().toISOString(),
        },
      }),
    );

  const notice = (kind: Notice['kind'], m: MeetingState, seatIds: string[], extra: Partial<MeetingDetail> = {}): Notice => {
    const detail: MeetingDetail = {
      meetingId: m.id,
      bodySlug: input.bodySlug,
      bodyName: state.bodyName,
      sequence: m.sequence,
      startsAt: m.startsAt,
      endsAt: m.endsAt,
      host: m.host ? (state.names[m.host] ?? m.host) : '',
      location: m.location,
      // With their keys, the mail names each item's cycle and leaves out decisions already taken.
      agenda: patched('meetings-notice-agenda-keys')
        ? m.agenda.map(({ title, kind, key }) => ({ title, kind, key }))
        : m.agenda.map(({ title, kind }) => ({ title, kind })),
      ...extra,
    };
    return {
      key: `${seriesId}:${m.number}:${kind}:${++notices}`,
      kind,
      seatIds,
      at: new Date().toISOString(),
      target: { kind: 'meeting', id: m.id, workflowId: seriesId },
      title: state.bodyName,
      detail: detail as unknown as Record<string, unknown>,
    };
  };
  const say = async (n: Notice) => {
    await inTurn(() => activities.notify(n));
    outgoing.push(n);
  };
  const allSeats = () => body.seats.map((s) => s.id);

  // ── What people do ──
  const mustBeComing = (id: string): MeetingState => {
    const m = find(id);
    if (!m) refuse(MeetingFailure.notFound, `No meeting ${id}`, { meetingId: id });
    if (m.status !== 'planned') refuse(MeetingFailure.notPlanned, `The meeting is ${m.status}`, { meetingId: id, status: m.status });
    if (Date.parse(m.startsAt) <= Date.now()) refuse(MeetingFailure.started, 'The meeting has begun', { meetingId: id });
    return m;
  };
  const needReason = (reason: string) => {
    if (!reason.trim()) refuse(MeetingFailure.reasonRequired, 'A reason is required');
  };
  const unfair = (p: PlanProblem): never =>
    refuse(p.kind === 'notMember' ? MeetingFailure.notMember : MeetingFailure.unfair, `Rotation: ${p.kind}`, {
      problem: p.kind,
      organisation: p.org,
      meetingId: p.slotId,
    });
  const coordinatorOnly = (actor: Actor) => {
    if (actor.kind !== 'coordinator') refuse(MeetingFailure.hostOrCoordinator, 'Only the coordinator may do this');
  };

  setHandler(seriesStatus, () => state);
  let membersStale = false;
  setHandler(membersChanged, () => {
    membersStale = true;
    revision++;
  });
  setHandler(childChanged, (c) => {
    const m = state.meetings.find((x) => x.minutesWorkflowId === c.workflowId);
    if (!m) return;
    m.minutesStatus = c.status;
    m.minutesDueAt = c.dueAt;
    if (c.seatId) m.minutesSeatId = c.seatId;
    if (c.status !== 'open' && !closedMinutes.includes(c.workflowId)) closedMinutes.push(c.workflowId);
    revision++;
  });
  /** Cycle items wait here until a meeting on or after their time is planned. */
  let inbox: CycleItem[] = carried?.inbox ?? [];
  const attachInbox = () => {
    inbox = inbox.filter((item) => {
      if (state.meetings.some((m) => m.agenda.some((a) => a.key === item.key))) return false;
      const before = item.before && patched('meetings-agenda-deadline') ? Date.parse(item.before) : Infinity;
      const m = upcoming().find((x) => Date.parse(x.startsAt) >= Date.parse(item.onOrAfter) && Date.parse(x.startsAt) < before);
      if (!m) return before > Date.now();
      m.agenda = [
        ...m.agenda,
        { id: uuid4(), title: item.title, source: 'cycle', kind: item.kind, key: item.key, at: new Date().toISOString() },
      ];
      return false;
    });
  };
  setHandler(addAgendaItem, (item) => {
    inbox = [...inbox, item];
    attachInbox();
    revision++;
  });

  setHandler(
    swapMeetingHosts,
    async ({ a, b, reason, actor }) => {
      const swapped = swapHosts(state.rotation, slots(upcoming()), a, b);
      if (!swapped.ok) return unfair(swapped.problem);
      for (const s of swapped.slots) find(s.id)!.pinned = s.pinned;
      replan();
      await record({ action: 'meeting.hostsSwapped', actor, meetingId: a, detail: { a, b, reason } });
      return state;
    },
    {
      validator: ({ a, b, reason, actor }) => {
        coordinatorOnly(actor);
        mustBeComing(a);
        mustBeComing(b);
        needReason(reason);
        if (a === b) refuse(MeetingFailure.sameMeeting, 'Two different meetings are needed');
        if (policy.hosting !== 'rotating') refuse(MeetingFailure.notRotating, 'Hosting does not rotate');
        const swapped = swapHosts(state.rotation, slots(upcoming()), a, b);
        if (!swapped.ok) unfair(swapped.problem);
      },
    },
  );
  setHandler(
    skipMeetingHost,
    async ({ meetingId, organisation, reason, actor }) => {
      const m = find(meetingId)!;
      m.skips = [...m.skips, { org: organisation, reason: reason.trim(), at: new Date().toISOString() }];
      if (m.pinned === organisation) m.pinned = undefined;
      replan();
      await record({ action: 'meeting.hostSkipped', actor, meetingId, detail: { organisation, reason } });
      return state;
    },
    {
      validator: ({ meetingId, organisation, reason, actor }) => {
        coordinatorOnly(actor);
        const m = mustBeComing(meetingId);
        needReason(reason);
        if (policy.hosting !== 'rotating') refuse(MeetingFailure.notRotating, 'Hosting does not rotate');
        if (!state.rotation.order.includes(organisation))
          refuse(MeetingFailure.notMember, `${organisation} does not take turns`, { organisation });
        if (m.skips.some((s) => s.org === organisation))
          refuse(MeetingFailure.unfair, 'Already skipped', { problem: 'alreadySkipped', organisation, meetingId });
      },
    },
  );
  setHandler(
    moveMeeting,
    async ({ meetingId, startsAt, endsAt, reason, actor }) => {
      const m = find(meetingId)!;
      const times = await inTurn(() => activities.meetingTimes({ policy, startsAt, endsAt }));
      Object.assign(m, {
        times,
        startsAt: times.startsAt,
        endsAt: times.endsAt,
        noticeAt: times.noticeAt,
        hostReminderAt: times.hostReminderAt,
      });
      changed(m, 'meeting_update', reason.trim());
      // A host reminder still ahead of the new date is sent again at its time.
      if (m.hostRemindedAt && Date.parse(times.hostReminderAt) > Date.now()) m.hostRemindedAt = undefined;
      replan();
      await record({ action: 'meeting.moved', actor, meetingId, detail: { startsAt, endsAt, reason } });
      return state;
    },
    {
      validator: ({ meetingId, startsAt, endsAt, reason, actor }) => {
        coordinatorOnly(actor);
        mustBeComing(meetingId);
        needReason(reason);
        if (Date.parse(startsAt) <= Date.now()) refuse(MeetingFailure.inPast, 'The new time has passed', { startsAt });
        if (Date.parse(endsAt) <= Date.parse(startsAt)) refuse(MeetingFailure.endBeforeStart, 'The meeting ends before it starts');
      },
    },
  );
  setHandler(
    cancelMeeting,
    async ({ meetingId, reason, actor }) => {
      const m = find(meetingId)!;
      m.status = 'cancelled';
      m.cancelReason = reason.trim();
      changed(m, 'meeting_cancelled', m.cancelReason);
      replan();
      await record({ action: 'meeting.cancelled', actor, meetingId, detail: { reason } });
      return state;
    },
    {
      validator: ({ meetingId, reason, actor }) => {
        coordinatorOnly(actor);
        mustBeComing(meetingId);
        needReason(reason);
      },
    },
  );
  setHandler(
    setMeetingLocation,
    async ({ meetingId, location, actor }) => {
      const m = find(meetingId)!;
      m.location = location.trim();
      changed(m, 'meeting_update', '');
      await record({ action: 'meeting.located', actor, meetingId, detail: { location: m.location } });
      return state;
    },
    {
      validator: ({ meetingId, actor }) => {
        const m = mustBeComing(meetingId);
        const hostSeat = actor.kind === 'seat' && seatsOf(m.host).includes(actor.seatId ?? '');
        if (actor.kind !== 'coordinator' && !hostSeat)
          refuse(MeetingFailure.hostOrCoordinator, 'Only the host or the coordinator may set the place');
      },
    },
  );
  setHandler(
    proposeAgendaItem,
    async ({ meetingId, title, actor }) => {
      const m = find(meetingId)!;
      m.agenda = [...m.agenda, { id: uuid4(), title: title.trim(), source: 'member', seatId: actor.seatId, at: new Date().toISOString() }];
      await record({ action: 'meeting.itemProposed', actor, meetingId, detail: { title: title.trim() } });
      return state;
    },
    {
      validator: ({ meetingId, title, actor }) => {
        mustBeComing(meetingId);
        if (!title.trim()) refuse(MeetingFailure.reasonRequired, 'A title is required');
        if (actor.kind === 'seat' && !body.seats.some((s) => s.id === actor.seatId))
          refuse(MeetingFailure.notYourBody, 'The seat is not in the body');
      },
    },
  );

  // ── The series' own time ──
  /** Plans the next year once the last planned meeting comes within the horizon. */
  const plan = async () => {
    let added = false;
    for (;;) {
      const last = state.meetings.at(-1);
      const within = !last || Date.parse(last.startsAt) < Date.now() + HORIZON_MS;
      if (!within || (input.untilYear !== undefined && state.plannedThrough >= input.untilYear)) break;
      const year = state.plannedThrough + 1;
      const times = await inTurn(() => activities.planMeetingYear({ policy, year }));
      for (const t of times.filter((x) => Date.parse(x.startsAt) > Date.now())) {
        const number = nextNumber++;
        state.meetings.push({
          id: uuid4(),
          key: `${seriesId}/${number}`,
          number,
          times: t,
          startsAt: t.startsAt,
          endsAt: t.endsAt,
          noticeAt: t.noticeAt,
          hostReminderAt: t.hostReminderAt,
          host: null,
          hostPinned: false,
          skips: [],
          location: policy.location,
          status: 'planned',
          sequence: 0,
          agenda: [],
        });
      }
      state.plannedThrough = year;
      added = true;
    }
    return added;
  };

  const refreshBody = async () => {
    body = await inTurn(() =>
      activities.meetingBody({ bodySlug: input.bodySlug, hostMandates: policy.hostMandates, at: new Date().toISOString() }),
    );
    state.names = body.names;
    state.rotation = syncMembers(state.rotation, body.members, body.today);
  };

  /** Everything due now: changes, notices, host reminders, meetings ending, minutes. */
  const act = async () => {
    const now = Date.now();
    const at = new Date(now).toISOString();
    let dirty = false;
    for (const m of state.meetings.filter((x) => x.unsent)) {
      const { kind, reason } = m.unsent!;
      m.unsent = undefined;
      await say(notice(kind, m, allSeats(), { reason: reason || undefined }));
      dirty = true;
    }
    for (const m of upcoming()) {
      if (!m.noticeSentAt && Date.parse(m.noticeAt) <= now) {
        m.noticeSentAt = at;
        await say(notice('meeting_notice', m, allSeats()));
        dirty = true;
      }
      if (!m.hostRemindedAt && Date.parse(m.hostReminderAt) <= now && m.host) {
        m.hostRemindedAt = at;
        await say(notice('meeting_host_reminder', m, seatsOf(m.host)));
        dirty = true;
      }
    }
    for (const m of planned().filter((x) => Date.parse(x.endsAt) <= now)) {
      m.status = 'held';
      state.rotation = commitHost(state.rotation, m.host, m.times.date);
      const seatId = seatsOf(m.host)[0] ?? fallbackSeat();
      if (seatId) {
        const workflowId = `task/${seriesId}/${m.number}/minutes`;
        await startChild(taskWorkflow, {
          workflowId,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          args: [
            {
              taskId: uuid4(),
              seatId,
              title: `${policy.minutes.title}: ${state.bodyName} ${m.times.date}`,
              instructions: m.agenda.map((a, i) => `${i + 1}. ${a.title}`).join('\n'),
              schedule: m.times.minutes,
              cycleId: input.cycleId,
            },
          ],
        });
        m.minutesWorkflowId = workflowId;
        m.minutesDueAt = m.times.minutes.dueAt;
        m.minutesStatus = 'open';
        m.minutesSeatId = seatId;
      }
      dirty = true;
    }
    while (closedMinutes.length) {
      const workflowId = closedMinutes.shift()!;
      const m = state.meetings.find((x) => x.minutesWorkflowId === workflowId)!;
      if (m.minutesStatus !== 'done' || m.minutesPublishedAt) continue;
      const done = await inTurn(() => activities.minutesOf({ workflowId }));
      m.minutes = done?.report ?? '';
      m.minutesPublishedAt = at;
      await say(notice('meeting_minutes', m, allSeats(), { minutes: m.minutes }));
      dirty = true;
    }
    return dirty;
  };

  const nextWake = (): number | undefined => {
    const now = Date.now();
    const times = planned().flatMap((m) => [
      ...(m.noticeSentAt ? [] : [Date.parse(m.noticeAt)]),
      ...(m.hostRemindedAt || !m.host ? [] : [Date.parse(m.hostReminderAt)]),
      Date.parse(m.endsAt),
    ]);
    const last = state.meetings.at(-1);
    if (last && (input.untilYear === undefined || state.plannedThrough < input.untilYear))
      times.push(Date.parse(last.startsAt) - HORIZON_MS);
    const ahead = times.filter((t) => t > now);
    return ahead.length ? Math.min(...ahead) : undefined;
  };

  /** This run's year: at the first meeting of a later year, the series continues as new. */
  const runYear = Number((upcoming()[0]?.times.date ?? `${input.fromYear}`).slice(0, 4));

  await plan();
  replan();
  await record(carried ? undefined : { action: 'meetings.started', actor: system });

  for (;;) {
    if (await plan()) replan();
    if (inbox.length) attachInbox();
    if (await act()) {
      replan();
      await record();
    }
    while (outgoing.length) await deliver(outgoing.shift()!);

    const next = upcoming()[0];
    const finished =
      !next &&
      input.untilYear !== undefined &&
      state.plannedThrough >= input.untilYear &&
      !state.meetings.some((m) => m.minutesStatus === 'open');
    if (finished) break;
    const newYear = next && Number(next.times.date.slice(0, 4)) > runYear && planned().every((m) => Date.parse(m.startsAt) > Date.now());
    if ((newYear || workflowInfo().continueAsNewSuggested) && outgoing.length === 0 && !state.meetings.some((m) => m.unsent)) {
      await condition(allHandlersFinished);
      // Meetings whose minutes are out (or closed unwritten), and cancelled ones, stay in the database only.
      const keep = state.meetings.filter((m) => m.status === 'planned' || (m.status === 'held' && waitingForMinutes(m)));
      await continueAsNew<typeof meetingSeriesWorkflow>({
        ...input,
        carried: { rotation: state.rotation, inbox, meetings: keep, plannedThrough: state.plannedThrough, nextNumber, notices },
      });
    }

    const wake = nextWake();
    const seen = revision;
    const woke = await (wake === undefined
      ? condition(() => revision !== seen).then(() => true)
      : condition(() => revision !== seen, wake - Date.now()));
    if (!woke) {
      await refreshBody();
      replan();
    } else {
      // Histories recorded before this signal existed never set the flag, so they replay as they ran.
      if (membersStale && patched('meetings-members-changed')) {
        membersStale = false;
        await refreshBody();
      }
      replan();
      await record();
    }
  }
  await condition(allHandlersFinished);
  return state;
}
