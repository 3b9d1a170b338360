import { addDays, durationDays, stockholmInstant } from './time';
import { DUE, type Assignees, type CycleDefinition, type Escalation, type MeetingsStep, type Step, SUPPORTED_KINDS } from './definition';
import { durations, firstMeetingFrom, meetingDates, type MeetingPolicy } from './meetings';
import type {
  DirectorySeat,
  DirectoryMeasure,
  Directory,
  Assignment,
  PlannedStep,
  YearPlan,
  LateStart,
  PassedStep,
  PlanIssue,
} from './plan-types';
import { after, endOfDay, localDay, resolveDue, scheduleFor, type ResolvedEscalation, type Schedule } from './schedule';

/**
 * The year plan: a definition resolved against the directory (seats, measures) and a year into
 * every step's recipients and instants. Pure; the start-cycle preview shows it and the cycle
 * workflow receives it, so no workflow ever does calendar arithmetic.
 */

export const cycleIdFor = (definitionKey: string, year: number) => `cycle/${definitionKey}/${year}`;

/** Whether deadlines have passed, so that a start must say how it deals with them. */
export const deadlinesPassed = (passed: PassedStep[]) => passed.some((p) => p.dueAt);

export function resolvePlan(
  def: CycleDefinition,
  year: number,
  directory: Directory,
  /** When the cycle starts (the preview's "now"): the earliest start of its first steps. */
  startAt?: Date,
  late?: LateStart,
): { plan: YearPlan; passed: PassedStep[]; issues: [] } | { plan?: undefined; issues: PlanIssue[] } {
  const issues: PlanIssue[] = [];
  const passed: PassedStep[] = [];
  const startPhase = late?.mode === 'fromPhase' ? def.phases.findIndex((p) => p.key === late.phase) : -1;
  if (late?.mode === 'fromPhase' && startPhase < 0)
    issues.push({ path: 'start.phase', key: 'late.unknownPhase', args: { phase: late.phase } });
  if (late && !startAt) throw new Error('a late start needs the instant it starts at');
  /** The one new date of a re-dated year: the end of the Stockholm day `days` from the start. */
  const newDate = late?.mode === 'redate' ? endOfDay(addDays(localDay(startAt!), late.days)) : undefined;
  const seatBySlug = new Map(directory.seats.map((s) => [s.slug, s]));

  const seatsFor = (a: Assignees, path: string): DirectorySeat[] => {
    switch (a.kind) {
      case 'seats':
        return a.seats.flatMap((slug, i) => {
          const seat = seatBySlug.get(slug);
          if (!seat) issues.push({ path: `${path}.seats.${i}`, key: 'def.unknownSeat', args: { seat: slug } });
          return seat ? [seat] : [];
        });
      case 'role': {
        const slug = def.roles[a.role]!;
        const seat = seatBySlug.get(slug);
        if (!seat) issues.push({ path: `roles.${a.role}`, key: 'def.unknownSeat', args: { seat: slug } });
        return seat ? [seat] : [];
      }
      case 'body':
        return bodySeats(a.body, a.mandates, path);
      case 'measureOwners':
        issues.push({ path, key: 'def.unsupportedKind', args: { kind: 'measureOwners' } });
        return [];
    }
  };

  const bodySeats = (body: string, mandates: string[] | undefined, path: string) => {
    const all = directory.seats.filter((s) => s.bodySlug === body);
    if (all.length === 0) {
      issues.push({ path: `${path}.body`, key: 'def.unknownBody', args: { body } });
      return [];
    }
    const chosen = mandates ? all.filter((s) => mandates.includes(s.mandate)) : all;
    if (chosen.length === 0) issues.push({ path, key: 'def.emptyBody', args: { body } });
    return chosen;
  };

  const assignmentsFor = (a: Assignees, path: string): Assignment[] => {
    if (a.kind !== 'measureOwners') return seatsFor(a, path).map((s) => ({ seatId: s.id, seatSlug: s.slug }));
    const actionPlan = a.actionPlan ?? selectingPlan(a.of!);
    if (!actionPlan) return [];
    if (!directory.actionPlans.includes(actionPlan)) {
      issues.push({ path: `${path}.actionPlan`, key: 'def.unknownActionPlan', args: { plan: actionPlan } });
      return [];
    }
    if (!directory.seats.some((s) => s.bodySlug === a.via)) {
      issues.push({ path: `${path}.via`, key: 'def.unknownBody', args: { body: a.via } });
      return [];
    }
    const { assignments, missing } = measureAssignments(
      directory,
      directory.measures.filter((x) => x.actionPlanSlug === actionPlan),
      a.via,
    );
    for (const m of missing)
      issues.push({ path, key: 'def.noOwnerSeat', args: { organisation: m.organisation, measure: m.measure, body: a.via } });
    // Which measures a decision selects is known only once it is decided: every owner is checked now.
    return a.of === undefined ? assignments : [];
  };

  const allSteps = def.phases.flatMap((p) => p.steps);
  /** The action plan a selecting decision's candidates come from: its `over` step's `proposes`. */
  const selectingPlan = (decisionKey: string) => {
    const decision = allSteps.find((s) => s.key === decisionKey);
    const over = decision?.kind === 'decision' ? allSteps.find((s) => s.key === decision.over) : undefined;
    return over?.kind === 'tasks' || over?.kind === 'report' ? over.proposes?.actionPlan : undefined;
  };
  const measuresOfPlan = (actionPlan: string, path: string) => {
    if (!directory.actionPlans.includes(actionPlan)) {
      issues.push({ path, key: 'def.unknownActionPlan', args: { plan: actionPlan } });
      return [];
    }
    return directory.measures.filter((m) => m.actionPlanSlug === actionPlan).map((m) => m.id);
  };

  const escalationFor = (esc: Escalation, path: string): ResolvedEscalation[] =>
    esc.map((e, i) => ({ afterDays: durationDays(e.after), seatIds: seatsFor(e.to, `${path}.${i}.to`).map((s) => s.id) }));

  /** A meetings step: its policy resolved against the directory, and this year's dates. */
  const plannedMeetings = (step: MeetingsStep, phaseKey: string, path: string): PlannedStep => {
    bodySeats(step.body, step.hostMandates, path);
    const d = durations(step);
    const policy: MeetingPolicy = {
      rule: step.schedule,
      hosting: step.hosting,
      hostMandates: step.hostMandates,
      location: step.location,
      noticeDays: d.noticeDays,
      hostReminderDays: d.hostReminderDays,
      minutes: {
        title: step.minutes.title,
        dueDays: d.minutesDueDays,
        reminders: step.minutes.reminders ?? def.defaults.reminders ?? { before: [], onTheDay: false },
        escalation: escalationFor(step.minutes.escalation ?? def.defaults.escalation ?? [], `${path}.minutes.escalation`),
      },
    };
    const dates = meetingDates(step.schedule, year).map((m) => ({ startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString() }));
    return {
      key: step.key,
      phaseKey,
      kind: 'meetings',
      title: step.title,
      instructions: step.instructions ?? '',
      concurrent: Boolean(step.concurrent),
      due: '',
      reminders: policy.minutes.reminders,
      escalation: [],
      assignments: [],
      meetings: { bodySlug: step.body, title: step.title, policy, dates },
    };
  };

  /** The body's first meeting on or after the due date's day. */
  const meetingOnOrAfter = (body: string, due: string, path: string) => {
    const step = meetingSteps.get(body);
    const g = DUE.exec(due)?.groups;
    if (!step || !g?.month) {
      issues.push({ path, key: 'def.noMeetings', args: { body } });
      return undefined;
    }
    const y = year + Number(g.shift ?? 0);
    const from = stockholmInstant({ year: y, month: Number(g.month), day: Number(g.day) }, 0, 0);
    const found = firstMeetingFrom(step.schedule, from, [y, y + 1]);
    if (!found) issues.push({ path, key: 'def.noMeetings', args: { body } });
    return found && { startsAt: found.startsAt.toISOString(), endsAt: found.endsAt.toISOString() };
  };

  const notePassed = (step: { key: string; title: string }, phaseKey: string, schedule: Schedule, at: Date) => {
    const before = (x: string) => Date.parse(x) <= at.getTime();
    const entry: PassedStep = {
      stepKey: step.key,
      phaseKey,
      title: step.title,
      ...(before(schedule.dueAt) ? { dueAt: schedule.dueAt } : {}),
      remindAt: schedule.remindAt.filter(before),
      escalations: schedule.escalations.map((e) => e.at).filter(before),
    };
    if (entry.dueAt || entry.remindAt.length || entry.escalations.length) passed.push(entry);
  };

  // Steps that start when earlier ones end: preview them as if those ran to their due dates.
  let previousGroupEnd: Date | undefined;
  let groupEnd: Date | undefined = startAt;
  const meetingSteps = new Map(def.phases.flatMap((p) => p.steps.flatMap((s) => (s.kind === 'meetings' ? [[s.body, s] as const] : []))));
  const phases = def.phases.map((phase, pi) => ({
    key: phase.key,
    title: phase.title,
    ...(phase.reviewAt ? { reviewAt: phase.reviewAt } : {}),
    steps: phase.steps.flatMap((s: Step, si): PlannedStep[] => {
      const path = `phases.${pi}.steps.${si}`;
      if (!SUPPORTED_KINDS.includes(s.kind)) {
        issues.push({ path: `${path}.kind`, key: 'def.unsupportedKind', args: { kind: s.kind } });
        return [];
      }
      if (s.kind === 'meetings') return [plannedMeetings(s, phase.key, path)];
      const step = s as Exclude<Step, { kind: 'meetings' }>;
      if (!step.concurrent) {
        previousGroupEnd = groupEnd;
        groupEnd = undefined;
      }
      const reminders = step.reminders ?? def.defaults.reminders ?? { before: [], onTheDay: false };
      const escalation = escalationFor(step.escalation ?? def.defaults.escalation ?? [], `${path}.escalation`);
      const skipped = pi < startPhase && late?.mode === 'fromPhase' ? { reason: late.reason } : undefined;
      let meeting =
        step.kind === 'decision' && step.atMeeting ? meetingOnOrAfter(step.atMeeting, step.due, `${path}.atMeeting`) : undefined;
      const originalDue = meeting ? new Date(meeting.endsAt) : resolveDue(step.due, year);
      let fixedDue = originalDue;
      if (originalDue && startAt) notePassed(step, phase.key, scheduleFor(originalDue, reminders, escalation), startAt);
      if (late?.mode === 'fromPhase' && !skipped && originalDue && originalDue <= startAt!) {
        issues.push({ path: 'start.phase', key: 'late.stepPassed', args: { step: step.title, phase: phase.title } });
      }
      if (fixedDue && newDate) {
        // Re-dated: never before the new date, never before the steps it waits for. Its
        // meeting has passed too, so the decision is taken by link.
        const floor = previousGroupEnd && previousGroupEnd > newDate ? previousGroupEnd : newDate;
        if (fixedDue < floor) {
          fixedDue = floor;
          meeting = undefined;
        }
      }
      const afterStart = /^start\+(.+)$/.exec(step.due)?.[1];
      const earliestStart = previousGroupEnd;
      const relativeDue = !fixedDue && earliestStart ? resolveDue(step.due, year, earliestStart) : undefined;
      // A skipped step is over when the cycle starts: what follows waits for it no longer.
      const stepDue = skipped ? startAt : (fixedDue ?? relativeDue);
      if (stepDue && (!groupEnd || stepDue > groupEnd)) groupEnd = stepDue;
      const ahead = (schedule: Schedule) => (startAt && !skipped ? after(schedule, startAt) : schedule);

      const planned: PlannedStep = {
        ...(skipped ? { skipped } : {}),
        ...(fixedDue && originalDue && fixedDue.getTime() !== originalDue.getTime() ? { redatedFrom: originalDue.toISOString() } : {}),
        key: step.key,
        phaseKey: phase.key,
        kind: step.kind,
        title: step.title,
        instructions: step.instructions ?? '',
        concurrent: Boolean(step.concurrent),
        due: step.due,
        schedule: fixedDue ? ahead(scheduleFor(fixedDue, reminders, escalation)) : undefined,
        afterStartDays: afterStart ? durationDays(afterStart) : undefined,
        earliest: relativeDue ? ahead(scheduleFor(relativeDue, reminders, escalation)) : undefined,
        reminders,
        escalation,
        assignments: [],
      };
      if (step.kind === 'decision') {
        const voters = bodySeats(step.body, step.voters, path);
        if (step.rule.kind === 'quorum' && voters.length > 0 && step.rule.quorum > voters.length) {
          issues.push({
            path: `${path}.rule.quorum`,
            key: 'def.quorumTooLarge',
            args: { quorum: step.rule.quorum, voters: voters.length },
          });
        }
        const loop = (t: { goTo: string; window: string }) => ({ goTo: t.goTo, windowDays: durationDays(t.window) });
        planned.decision = {
          bodySlug: step.body,
          voterSeatIds: voters.map((v) => v.id),
          question: step.question,
          rule: step.rule,
          tie: step.tie,
          showTally: step.showTally,
          onChanges: step.onChanges ? loop(step.onChanges) : undefined,
          onReject: step.onReject === 'end' ? 'end' : loop(step.onReject),
          ...(meeting ? { atMeeting: { bodySlug: step.atMeeting!, startsAt: meeting.startsAt } } : {}),
        };
        if (step.over) planned.decision.over = step.over;
      } else {
        planned.assignments = assignmentsFor(step.assignees, `${path}.assignees`);
        if (step.kind === 'form' && step.fill === 'organisation') planned.assignments = byOrganisation(directory, planned.assignments);
        if (step.kind === 'handoff') planned.recipient = step.recipient;
        const a = step.assignees;
        if (a.kind === 'measureOwners' && a.of !== undefined) {
          const decision = allSteps.find((x) => x.key === a.of)!;
          planned.measuresOf = { stepKey: a.of, title: decision.title, actionPlan: selectingPlan(a.of) ?? '', via: a.via };
        }
        if (step.kind === 'form') {
          // The bodies a form names must exist when the year is planned, not when a signer is sought.
          if (step.signedBy) bodySeats(step.signedBy.body, step.signedBy.mandates, `${path}.signedBy`);
          const receiver = step.receiver;
          if (receiver && !directory.seats.some((x) => x.bodySlug === receiver))
            issues.push({ path: `${path}.receiver`, key: 'def.unknownBody', args: { body: receiver } });
        }
        if ((step.kind === 'tasks' || step.kind === 'report') && step.proposes) {
          planned.proposes = {
            actionPlan: step.proposes.actionPlan,
            measureIds: measuresOfPlan(step.proposes.actionPlan, `${path}.proposes.actionPlan`),
          };
        }
      }
      if (step.shows) planned.shows = step.shows;
      return [planned];
    }),
  }));

  if (issues.length) return { issues };
  return {
    plan: {
      cycleId: cycleIdFor(def.key, year),
      definitionKey: def.key,
      definitionName: def.name,
      year,
      ...(late ? { lateStart: { ...late, at: startAt!.toISOString() } } : {}),
      phases,
    },
    passed,
    issues: [],
  };
}

/**
 * One shared task per organisation: its first assigned seat leads (and submits), the organisation's
 * other assigned seats are co-owners. Organisations in the order their first seat was assigned.
 */
export function byOrganisation(directory: Directory, assignments: Assignment[]): Assignment[] {
  const organisationOf = new Map(directory.seats.map((s) => [s.id, s.organisationSlug]));
  const shared = new Map<string, Assignment>();
  for (const a of assignments) {
    const organisation = organisationOf.get(a.seatId)!;
    const lead = shared.get(organisation);
    if (lead) lead.coSeatIds = [...(lead.coSeatIds ?? []), a.seatId];
    else shared.set(organisation, { ...a });
  }
  return [...shared.values()];
}

/**
 * One task per measure, to its owners' seats in `via`: a measure with one owner goes to that
 * owner's seat; a joint measure is ONE shared task, to the lead owner's seat (the owners' first),
 * with the other owners' seats beside it. Owners without a seat in `via` are `missing`.
 */
export function measureAssignments(
  directory: Directory,
  measures: DirectoryMeasure[],
  via: string,
): { assignments: Assignment[]; missing: { organisation: string; measure: string }[] } {
  const assignments: Assignment[] = [];
  const missing: { organisation: string; measure: string }[] = [];
  for (const m of measures) {
    const seats = m.owners.flatMap((owner) => {
      const candidates = directory.seats.filter((s) => s.bodySlug === via && s.organisationSlug === owner);
      const seat = candidates.find((s) => s.mandate === 'member') ?? candidates[0];
      if (!seat) missing.push({ organisation: owner, measure: m.code });
      return seat ? [seat] : [];
    });
    const [lead, ...others] = seats;
    if (!lead) continue;
    assignments.push({
      seatId: lead.id,
      seatSlug: lead.slug,
      measure: { id: m.id, code: m.code, title: m.title },
      ...(others.length ? { coSeatIds: others.map((s) => s.id) } : {}),
    });
  }
  return { assignments, missing };
}
