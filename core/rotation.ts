/**
 * Rotating hosts for a body's meetings. Pure and deterministic (it runs inside the series
 * workflow): no clock, no time zones, dates as Stockholm `YYYY-MM-DD` strings.
 *
 * Fairness is by rounds: in each round every party that is a member hosts once, in the rotation
 * order, before anyone hosts a second time. A round carries over from one year to the next. A
 * party that joins mid-round is owed a turn in that round; one that leaves is owed nothing. A
 * party skipped for a meeting keeps its turn and hosts the next meeting it can. A swap pins two
 * meetings' hosts to each other's; a swap that would let a party host twice in a round is refused.
 */

export interface Member {
  org: string;
  /** First day of membership, inclusive; none when it has always been a member. */
  from?: string;
  /** Last day of membership, inclusive; none while still a member. */
  to?: string;
}

export interface Rotation {
  /** Rotation order of every party that has ever been a member; joiners are appended. */
  order: string[];
  members: Member[];
  /** Who has hosted in the current round, in order. */
  done: string[];
  /** Rounds completed so far, counted from the first meeting of the series. */
  round: number;
}

export interface Slot {
  id: string;
  /** The meeting's Stockholm date. */
  date: string;
  /** A host fixed by a swap. */
  pinned?: string;
  /** Parties that do not host this meeting (each skip has a reason, kept by the caller). */
  skips: string[];
}

export interface Assignment {
  id: string;
  /** Null when every party owed a turn is skipped for this meeting: the convenor hosts. */
  host: string | null;
  /** The round the meeting belongs to, counted like `Rotation.round`. */
  round: number;
}

export type PlanProblem =
  | { kind: 'notMember'; slotId: string; org: string }
  | { kind: 'twiceInRound'; slotId: string; org: string }
  | { kind: 'acrossRounds'; slotId: string; org: string }
  | { kind: 'noHost'; slotId: string; org: string };

export type HostPlan = { ok: true; hosts: Assignment[] } | { ok: false; problem: PlanProblem };

export const newRotation = (members: Member[], order: string[] = members.map((m) => m.org)): Rotation => ({
  order: [...order],
  members: members.map((m) => ({ ...m })),
  done: [],
  round: 0,
});

export const isMember = (m: Member, date: string) => (!m.from || m.from <= date) && (!m.to || date <= m.to);

/** Members on a date, in rotation order. */
export function activeOn(rotation: Rotation, date: string): string[] {
  const active = new Set(rotation.members.filter((m) => isMember(m, date)).map((m) => m.org));
  return rotation.order.filter((org) => active.has(org));
}

/**
 * Takes in the body's current members: a new party goes last in the order (and is owed a turn in
 * the current round); a party's dates are updated; one no longer listed has left on `today`.
 */
export function syncMembers(rotation: Rotation, members: Member[], today: string): Rotation {
  const listed = new Map(members.map((m) => [m.org, m]));
  const order = [...rotation.order, ...members.map((m) => m.org).filter((org) => !rotation.order.includes(org))];
  const known = new Map(rotation.members.map((m) => [m.org, m]));
  const next: Member[] = order.map((org) => {
    const now = listed.get(org);
    if (now) return { ...now };
    const before = known.get(org)!;
    return before.to && before.to < today ? before : { ...before, to: before.to ?? dayBefore(today) };
  });
  return { ...rotation, order, members: next };
}

/** Owed a turn in the current round on a date; a new round starts when nobody is owed. */
function owedOn(rotation: Pick<Rotation, 'order' | 'members'>, done: Set<string>, date: string): { owed: string[]; newRound: boolean } {
  const active = activeOn(rotation as Rotation, date);
  const owed = active.filter((org) => !done.has(org));
  return owed.length ? { owed, newRound: false } : { owed: active, newRound: true };
}

/**
 * The host of each coming meeting, in date order: the first party in the rotation order still
 * owed a turn, passing over parties skipped for that meeting and parties pinned by a swap to a
 * later meeting of the same round. Refuses pins that would break the rounds.
 */
export function planHosts(rotation: Rotation, slots: Slot[]): HostPlan {
  const sorted = [...slots].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const done = new Set(rotation.done);
  let round = rotation.round;
  const hosts: Assignment[] = [];
  for (const [i, slot] of sorted.entries()) {
    const { owed, newRound } = owedOn(rotation, done, slot.date);
    if (newRound) {
      done.clear();
      round++;
    }
    let host: string | null;
    if (slot.pinned) {
      if (!activeOn(rotation, slot.date).includes(slot.pinned))
        return { ok: false, problem: { kind: 'notMember', slotId: slot.id, org: slot.pinned } };
      if (!owed.includes(slot.pinned)) return { ok: false, problem: { kind: 'twiceInRound', slotId: slot.id, org: slot.pinned } };
      host = slot.pinned;
    } else {
      const reserved = new Set(sorted.slice(i + 1, i + owed.length).flatMap((s) => (s.pinned ? [s.pinned] : [])));
      const free = owed.filter((org) => !slot.skips.includes(org));
      host = free.find((org) => !reserved.has(org)) ?? free[0] ?? null;
    }
    if (host) done.add(host);
    hosts.push({ id: slot.id, host, round });
  }
  const byId = new Map(hosts.map((h) => [h.id, h]));
  return { ok: true, hosts: slots.map((s) => byId.get(s.id)!) };
}

/**
 * Two meetings trade hosts. Both must be in the same round: across rounds one party would host
 * twice before another hosts once. Returns the slots with both hosts pinned.
 */
export function swapHosts(
  rotation: Rotation,
  slots: Slot[],
  a: string,
  b: string,
): { ok: true; slots: Slot[] } | { ok: false; problem: PlanProblem } {
  const plan = planHosts(rotation, slots);
  if (!plan.ok) return plan;
  const ha = plan.hosts.find((h) => h.id === a)!;
  const hb = plan.hosts.find((h) => h.id === b)!;
  if (!ha.host || !hb.host) return { ok: false, problem: { kind: 'noHost', slotId: ha.host ? b : a, org: '' } };
  if (ha.round !== hb.round) return { ok: false, problem: { kind: 'acrossRounds', slotId: b, org: ha.host } };
  const next = slots.map((s) => (s.id === a ? { ...s, pinned: hb.host! } : s.id === b ? { ...s, pinned: ha.host! } : s));
  const check = planHosts(rotation, next);
  return check.ok ? { ok: true, slots: next } : check;
}

/** A meeting was held with this host: its turn is taken in the current round. */
export function commitHost(rotation: Rotation, host: string | null, date: string): Rotation {
  if (!host) return rotation;
  const done = new Set(rotation.done);
  const { newRound } = owedOn(rotation, done, date);
  const next = newRound ? [] : [...rotation.done];
  return { ...rotation, done: next.includes(host) ? next : [...next, host], round: rotation.round + (newRound ? 1 : 0) };
}

/**
 * Whether a sequence of hosts is fair: split into rounds, every member hosts once per round
 * before anyone hosts twice. For checks and tests, independent of how hosts were picked.
 */
export function isFair(members: Member[], held: { host: string | null; date: string }[], start: string[] = []): boolean {
  const done = new Set(start);
  for (const { host, date } of held) {
    if (!host) continue;
    const active = members.filter((m) => isMember(m, date)).map((m) => m.org);
    if (!active.includes(host)) return false;
    if (active.every((org) => done.has(org))) done.clear();
    if (done.has(host)) return false;
    done.add(host);
  }
  return true;
}

function dayBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(y, m - 1, d - 1));
  return at.toISOString().slice(0, 10);
}
