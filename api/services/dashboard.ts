import { LRUCache } from 'lru-cache';
import { cycleIdFor } from '../../core/plan';
import { stockholmDate } from '../../core/time';
import type { Db } from '../../db/client';
import { cycleOverview, listCycleRows, myWork, partyYear } from '../../db/queries/dashboard';
import { listBodiesWithSeats, listOrganisations } from '../../db/queries/directory';
import type { User } from '../plugins/session';
import { UserError } from '../plugins/errors';
import type { Ctx } from './context';
import type { CycleRef } from './cycles';
import { withVisibleTallies } from './decisions';

export type Overview = NonNullable<Awaited<ReturnType<typeof cycleOverview>>>;
export type PartyYear = NonNullable<Awaited<ReturnType<typeof partyYear>>>;
export type MyWork = Awaited<ReturnType<typeof myWork>>;

/**
 * The overview and party pages are read far more often than their records change, and the
 * records themselves trail the workflows by a moment: each is read from PostgreSQL at most
 * every two seconds (a reader may get the previous reading while the next one is made), and
 * afresh right after the reader's own action (`fresh`). One cache per database.
 */
const caches = new WeakMap<Db, { overviews: LRUCache<string, Overview>; partyYears: LRUCache<string, PartyYear> }>();

function cachesOf(db: Db) {
  let found = caches.get(db);
  if (!found) {
    const options = { max: 1000, ttl: 2000, allowStale: true } as const;
    found = {
      overviews: new LRUCache<string, Overview>({ ...options, fetchMethod: (id) => cycleOverview(db, id, new Date()) }),
      partyYears: new LRUCache<string, PartyYear>({
        ...options,
        fetchMethod: (key) => {
          const [org, y] = key.split('|') as [string, string];
          return partyYear(db, org, Number(y), new Date());
        },
      }),
    };
    caches.set(db, found);
  }
  return found;
}

/** A cycle as the dashboard shows it: phases, work per party, decisions, meetings, recent activity. */
export async function overviewOf(ctx: Ctx, ref: CycleRef, fresh: boolean): Promise<Overview> {
  const id = cycleIdFor(ref.definition, ref.year);
  const data = await cachesOf(ctx.db).overviews.fetch(id, { forceRefresh: fresh });
  if (!data) throw new UserError(404, 'cycle.notFound', { id });
  return data;
}

/** The Stockholm year of today, the party page's default. */
export const thisYear = () => Number(stockholmDate(new Date()).slice(0, 4));

/** What a party owes and has delivered in a year. */
export async function partyYearOf(ctx: Ctx, org: string, year: number, fresh: boolean): Promise<PartyYear> {
  const data = await cachesOf(ctx.db).partyYears.fetch(`${org}|${year}`, { forceRefresh: fresh });
  if (!data) throw new UserError(404, 'dash.partyNotFound', { org });
  return data;
}

/** A party's year as JSON: a secret vote's counts only once it has closed. */
export async function partyYearJson(ctx: Ctx, user: User | null, org: string, year: number) {
  const data = await partyYearOf(ctx, org, year, false);
  return { ...data, decisions: withVisibleTallies(user?.role === 'coordinator', data.decisions) };
}

/** Open tasks and votes of the seats the signed-in person holds today. */
export function myWorkOf(ctx: Ctx, user: User): Promise<MyWork> {
  return myWork(
    ctx.db,
    user.seats.map((s) => s.seatId),
    new Date(),
  );
}

/** The same as JSON: a secret vote's counts only once it has closed. */
export async function myWorkJson(ctx: Ctx, user: User) {
  const work = await myWorkOf(ctx, user);
  return { ...work, decisions: withVisibleTallies(user.role === 'coordinator', work.decisions) };
}

export function cycleList(ctx: Ctx) {
  return listCycleRows(ctx.db);
}
export type CycleListRow = Awaited<ReturnType<typeof cycleList>>[number];

/** The home page: the parties and bodies, and for those signed in, the cycles. */
export async function homeData(ctx: Ctx, signedIn: boolean) {
  const [organisations, bodies, cycles] = await Promise.all([
    listOrganisations(ctx.db),
    listBodiesWithSeats(ctx.db, stockholmDate(new Date())),
    signedIn ? listCycleRows(ctx.db) : Promise.resolve([]),
  ]);
  return { organisations, bodies, cycles };
}
export type HomeData = Awaited<ReturnType<typeof homeData>>;
