import { eq } from 'drizzle-orm';
import type { Db } from '../../client';
import * as t from '../../schema';
import { rssAnsokan } from '../forms/rss-ansokan';

/**
 * SKR's kvinnofrid programme as example data, for the development system only (the Kvinnofrid seed
 * the tests use leaves it out): SKR, each county's regional support structure (RSS) with its
 * coordinator and head, and the amounts SKR grants per county and year. Every RSS, body and holder
 * is marked or addressed as an example; running it again changes nothing.
 */

export const RSS_PROGRAMME = 'skr-rss';
export const FUNDING_YEARS = [2027, 2028, 2029];
/** The three metropolitan counties get more, per SKR's template. */
const METROPOLITAN = new Set(['stockholm', 'vastra-gotaland', 'skane']);
export const amountFor = (county: string) => (METROPOLITAN.has(county) ? 600_000 : 400_000);

/** The region that hosts each county's RSS, where it is not simply "Region <county>". */
const regionName: Record<string, string> = {
  'vastra-gotaland': 'Västra Götalandsregionen',
  jamtland: 'Region Jämtland Härjedalen',
  jonkoping: 'Region Jönköpings län',
  kalmar: 'Region Kalmar län',
  orebro: 'Region Örebro län',
  sodermanland: 'Region Sörmland',
};

const countyField = rssAnsokan.find((f) => f.key === 'county');
export const rssCounties: { value: string; name: string }[] =
  countyField?.kind === 'choice' ? countyField.options.map((o) => ({ value: o.value, name: o.label.sv })) : [];

const validFrom = '2026-01-01';

async function organisationId(db: Db, row: typeof t.organisations.$inferInsert): Promise<string> {
  await db.insert(t.organisations).values(row).onConflictDoNothing();
  const [found] = await db.select({ id: t.organisations.id }).from(t.organisations).where(eq(t.organisations.slug, row.slug));
  return found!.id;
}

async function bodyId(db: Db, row: typeof t.bodies.$inferInsert): Promise<string> {
  await db.insert(t.bodies).values(row).onConflictDoNothing();
  const [found] = await db.select({ id: t.bodies.id }).from(t.bodies).where(eq(t.bodies.slug, row.slug));
  return found!.id;
}

async function seatWithHolder(db: Db, seat: typeof t.seats.$inferInsert, holder: { name: string; email: string }): Promise<void> {
  await db.insert(t.seats).values(seat).onConflictDoNothing();
  const [found] = await db.select({ id: t.seats.id }).from(t.seats).where(eq(t.seats.slug, seat.slug));
  await db
    .insert(t.holders)
    .values({ seatId: found!.id, locale: 'sv', validFrom, ...holder })
    .onConflictDoNothing();
}

export async function seedRssProgramme(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const skr = await organisationId(tx, {
      slug: 'skr',
      name: 'Sveriges Kommuner och Regioner',
      shortName: 'SKR',
      kind: 'municipal_association',
      participation: 'programme',
    });
    const skrBody = await bodyId(tx, {
      slug: 'skr',
      name: 'SKR:s kvinnofridssatsning',
      kind: 'coordination_office',
      description: 'SKR:s samordning av kvinnofridssatsningen: tar emot och granskar ansökningar och återrapporter från länens RSS.',
      convenorOrganisationId: skr,
    });
    await seatWithHolder(
      tx,
      {
        slug: 'skr/samordnare',
        bodyId: skrBody,
        organisationId: skr,
        title: 'Samordnare för kvinnofridssatsningen',
        // Chair, not coordinator: a coordinator seat in a coordination office is Årshjul's own
        // coordinator, with the whole register in hand; SKR's coordinator chairs SKR's decisions.
        mandate: 'chair',
      },
      { name: 'Exempel Samordnare SKR', email: 'samordnare.skr@example.se' },
    );
    const rss = await bodyId(tx, {
      slug: 'rss',
      name: 'Regionala stödstrukturer (RSS), samordnare',
      kind: 'coordination_group',
      description: 'En samordnare för kvinnofridssatsningen per län, som fyller i ansökan och återrapporten till SKR. Exempel.',
      convenorOrganisationId: skr,
      example: true,
    });
    const heads = await bodyId(tx, {
      slug: 'rss-chefer',
      name: 'Regionala stödstrukturer (RSS), chefer',
      kind: 'steering_group',
      description: 'Chefen för varje läns RSS, som undertecknar ansökan och återrapporten. Exempel.',
      convenorOrganisationId: skr,
      example: true,
    });

    for (const county of rssCounties) {
      const region = regionName[county.value] ?? `Region ${county.name}`;
      const org = await organisationId(tx, {
        slug: `rss-${county.value}`,
        name: `Regional stödstruktur, ${region}`,
        shortName: `RSS ${county.name}`,
        kind: 'region',
        participation: 'programme',
        example: true,
      });
      await seatWithHolder(
        tx,
        { slug: `rss/${county.value}`, bodyId: rss, organisationId: org, title: `RSS-samordnare, ${county.name}`, mandate: 'member' },
        { name: `Exempel Samordnare ${county.name}`, email: `samordnare.${county.value}@example.se` },
      );
      await seatWithHolder(
        tx,
        {
          slug: `rss-chefer/${county.value}`,
          bodyId: heads,
          organisationId: org,
          title: `Chef för RSS, ${county.name}`,
          mandate: 'member',
        },
        { name: `Exempel Chef ${county.name}`, email: `chef.${county.value}@example.se` },
      );
      await tx
        .insert(t.fundingAmounts)
        .values(
          FUNDING_YEARS.map((year) => ({
            programme: RSS_PROGRAMME,
            organisationId: org,
            year,
            amountSek: amountFor(county.value),
            example: true,
          })),
        )
        .onConflictDoNothing();
    }
  });
}
