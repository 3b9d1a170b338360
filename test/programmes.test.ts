import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import * as t from '../db/schema';
import { cycleDefinition, type CycleDefinitionInput } from '../core/definition';
import { resolvePlan } from '../core/plan';
import { loadDirectory } from '../db/queries/directory';
import { shippedDefinitions } from '../db/seed';
import { skrRss } from '../db/seed/cycles/skr-rss';
import { avsiktsforklaring, avsiktsforklaringText } from '../db/seed/cycles/avsiktsforklaring';
import { samordningArsuppgifter } from '../db/seed/cycles/samordning-arsuppgifter';
import { seedRssProgramme } from '../db/seed/programmes/rss';
import { wall } from './support/wall';
import { createSeededDatabase, type TestDatabase } from './support/database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createSeededDatabase();
  await seedRssProgramme(database.db);
  await seedRssProgramme(database.db);
}, 60_000);
afterAll(async () => database?.drop());

const planOf = async (input: CycleDefinitionInput) => resolvePlan(cycleDefinition.parse(input), 2027, await loadDirectory(database.db));
const stepsOf = async (input: CycleDefinitionInput) => (await planOf(input)).plan!.phases.flatMap((p) => p.steps);

describe('the programme definitions', () => {
  it('ship with the Kvinnofrid cycle', () => {
    expect(shippedDefinitions.map((d) => d.key)).toEqual([
      'kvinnofrid-arshjul',
      'kvinnofrid-avsiktsforklaring',
      'samordning-arsuppgifter',
      'skr-rss',
    ]);
  });

  it.each([skrRss, avsiktsforklaring, samordningArsuppgifter])('$key validates and plans without issues', async (input) => {
    expect(cycleDefinition.safeParse(input).error).toBeUndefined();
    expect((await planOf(input)).issues).toEqual([]);
  });

  it('sends SKR’s application to every county’s RSS by 31 May, and the re-report by 1 February the year after', async () => {
    const steps = await stepsOf(skrRss);
    expect(steps.map((s) => [s.key, s.kind])).toEqual([
      ['ansokan', 'form'],
      ['granskning', 'decision'],
      ['aterrapport', 'form'],
    ]);
    expect(steps[0]!.assignments).toHaveLength(21);
    expect(wall(steps[0]!.schedule!.dueAt)).toBe('2027-05-31 23:59');
    expect(steps[0]!.escalation.map((e) => e.afterDays)).toEqual([2]);
    expect(steps[1]!.decision!.bodySlug).toBe('skr');
    expect(steps[1]!.shows).toEqual(['ansokan']);
    expect(wall(steps[2]!.schedule!.dueAt)).toBe('2028-02-01 23:59');
  });

  it('has every styrgrupp seat sign the declaration’s commitments', async () => {
    const [step] = await stepsOf(avsiktsforklaring);
    expect(step!.kind).toBe('signature');
    expect(step!.assignments.map((a) => a.seatSlug)).toHaveLength(7);
    expect(avsiktsforklaringText).toContain('ingen ska utsättas för eller uppleva våld i Stockholms län');
  });

  it('asks the samordningsgrupp’s members for prize nominations, which the styrgrupp decides over as jury', async () => {
    const steps = await stepsOf(samordningArsuppgifter);
    const step = (key: string) => steps.find((s) => s.key === key)!;
    expect(step('nomineringar').assignments).toHaveLength(7);
    expect(step('jurybeslut').decision!.bodySlug).toBe('styrgrupp');
    expect(step('jurybeslut').shows).toEqual(['nomineringar']);
    expect(steps.map((s) => s.key)).toEqual([
      'konferensdatum',
      'konferensprogram',
      'konferensinbjudan',
      'nomineringar',
      'jurybeslut',
      'prisutdelning',
      'konferensuppfoljning',
    ]);
  });
});

describe('seedRssProgramme, run twice', () => {
  /** The seats of the named bodies, with their holders' addresses. */
  const seatsOf = (bodies: string[]) =>
    database.db
      .select({ seat: t.seats.slug, email: t.holders.email, example: t.bodies.example })
      .from(t.seats)
      .innerJoin(t.bodies, eq(t.bodies.id, t.seats.bodyId))
      .innerJoin(t.holders, eq(t.holders.seatId, t.seats.id))
      .where(inArray(t.bodies.slug, bodies));

  it('makes 21 example RSS organisations with a coordinator seat and a head seat each', async () => {
    const rss = await database.db.select().from(t.organisations).where(eq(t.organisations.participation, 'programme'));
    expect(rss.filter((o) => o.slug !== 'skr').every((o) => o.example)).toBe(true);
    expect(rss.filter((o) => o.slug.startsWith('rss-'))).toHaveLength(21);
    expect(rss.map((o) => o.name)).toContain('Regional stödstruktur, Västra Götalandsregionen');
    expect(rss.map((o) => o.name)).toContain('Regional stödstruktur, Region Stockholm');
    const seats = await seatsOf(['rss', 'rss-chefer']);
    expect(seats).toHaveLength(42);
    expect(seats.every((s) => s.example && s.email.endsWith('@example.se'))).toBe(true);
    expect(await seatsOf(['skr'])).toEqual([{ seat: 'skr/samordnare', email: 'samordnare.skr@example.se', example: false }]);
  });

  it('holds 400 000 kronor per county and year 2027–2029, and 600 000 for the three metropolitan counties', async () => {
    const rows = await database.db
      .select({ slug: t.organisations.slug, year: t.fundingAmounts.year, amount: t.fundingAmounts.amountSek })
      .from(t.fundingAmounts)
      .innerJoin(t.organisations, eq(t.organisations.id, t.fundingAmounts.organisationId))
      .where(eq(t.fundingAmounts.programme, 'skr-rss'));
    expect(rows).toHaveLength(63);
    const big = rows.filter((r) => r.amount === 600_000);
    expect(new Set(big.map((r) => r.slug))).toEqual(new Set(['rss-stockholm', 'rss-vastra-gotaland', 'rss-skane']));
    expect(big).toHaveLength(9);
    expect(rows.filter((r) => r.amount === 400_000)).toHaveLength(54);
    expect(new Set(rows.map((r) => r.year))).toEqual(new Set([2027, 2028, 2029]));
  });
});
