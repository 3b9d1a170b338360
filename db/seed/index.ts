import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';
import * as kvinnofrid from './kvinnofrid';
import * as work from './kvinnofrid-strategy';
import { kvinnofridArshjul } from './cycles/kvinnofrid-arshjul';
import { skrRss } from './cycles/skr-rss';
import { avsiktsforklaring } from './cycles/avsiktsforklaring';
import { samordningArsuppgifter } from './cycles/samordning-arsuppgifter';
import { cycleDefinition, type CycleDefinitionInput } from '../../core/definition';

/**
 * Loads the Operation Kvinnofrid model. Every insert is keyed on a natural key and skips rows
 * that exist, so running it again changes nothing and never undoes an administrator's edit.
 */
export async function seedKvinnofrid(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(t.organisations).values(kvinnofrid.organisations).onConflictDoNothing();
    const orgs = await tx
      .select({ id: t.organisations.id, slug: t.organisations.slug })
      .from(t.organisations)
      .where(
        inArray(
          t.organisations.slug,
          kvinnofrid.organisations.map((o) => o.slug),
        ),
      );
    const orgId = (slug: string) => {
      const found = orgs.find((o) => o.slug === slug);
      if (!found) throw new Error(`seed: unknown organisation ${slug}`);
      return found.id;
    };

    for (const body of kvinnofrid.bodies) {
      await tx
        .insert(t.bodies)
        .values({
          slug: body.slug,
          name: body.name,
          kind: body.kind,
          description: body.description,
          convenorOrganisationId: orgId(body.convenor),
        })
        .onConflictDoNothing();
      const [row] = await tx.select({ id: t.bodies.id }).from(t.bodies).where(eq(t.bodies.slug, body.slug));
      for (const seat of body.seats) {
        await tx
          .insert(t.seats)
          .values({
            slug: seat.slug,
            bodyId: row!.id,
            organisationId: orgId(seat.organisation),
            title: seat.title,
            mandate: seat.mandate,
          })
          .onConflictDoNothing();
        const [seatRow] = await tx.select({ id: t.seats.id }).from(t.seats).where(eq(t.seats.slug, seat.slug));
        await tx
          .insert(t.holders)
          .values({ seatId: seatRow!.id, locale: 'sv', ...seat.holder })
          .onConflictDoNothing();
      }
    }

    const s = work.strategy;
    await tx
      .insert(t.strategies)
      .values({ slug: s.slug, title: s.title, vision: s.vision, periodStart: s.periodStart, periodEnd: s.periodEnd })
      .onConflictDoNothing();
    const [strategy] = await tx.select({ id: t.strategies.id }).from(t.strategies).where(eq(t.strategies.slug, s.slug));
    await tx
      .insert(t.goals)
      .values(s.goals.map((g) => ({ ...g, strategyId: strategy!.id })))
      .onConflictDoNothing();
    const goalRows = await tx.select({ id: t.goals.id, number: t.goals.number }).from(t.goals).where(eq(t.goals.strategyId, strategy!.id));
    const goalId = (n: number) => goalRows.find((g) => g.number === n)!.id;

    const p = work.actionPlan;
    await tx
      .insert(t.actionPlans)
      .values({ slug: p.slug, title: p.title, strategyId: strategy!.id, periodStart: p.periodStart, periodEnd: p.periodEnd })
      .onConflictDoNothing();
    const [plan] = await tx.select({ id: t.actionPlans.id }).from(t.actionPlans).where(eq(t.actionPlans.slug, p.slug));
    for (const m of p.measures) {
      await tx
        .insert(t.measures)
        .values({
          actionPlanId: plan!.id,
          goalId: goalId(m.goal),
          code: m.code,
          title: m.title,
          description: m.description,
          joint: m.joint,
          example: true,
        })
        .onConflictDoNothing();
      const [measure] = await tx
        .select({ id: t.measures.id })
        .from(t.measures)
        .where(and(eq(t.measures.actionPlanId, plan!.id), eq(t.measures.code, m.code)));
      await tx
        .insert(t.measureOwners)
        .values(m.owners.map((o, i) => ({ measureId: measure!.id, organisationId: orgId(o), lead: i === 0 })))
        .onConflictDoNothing();
    }

    await tx
      .insert(t.indicators)
      .values(work.indicators.map(({ goal, ...i }) => ({ ...i, goalId: goalId(goal) })))
      .onConflictDoNothing();
  });
}

/** True when no organisation exists yet: the start command seeds only an empty database. */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(t.organisations);
  return (row?.n ?? 0) === 0;
}

/** The shipped cycle definitions, as version 1 when their key is new. */
export const shippedDefinitions: CycleDefinitionInput[] = [kvinnofridArshjul, avsiktsforklaring, samordningArsuppgifter, skrRss];

export async function seedDefinitions(db: Db): Promise<void> {
  for (const input of shippedDefinitions) {
    const def = cycleDefinition.parse(input);
    await db.insert(t.cycleDefinitions).values({ key: def.key, version: 1, name: def.name, definition: def }).onConflictDoNothing();
  }
}

export async function seedAll(db: Db): Promise<void> {
  await seedKvinnofrid(db);
  await seedDefinitions(db);
}
