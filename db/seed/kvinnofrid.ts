/**
 * Operation Kvinnofrid: Stockholm county's joint platform of agencies against violence in close
 * relationships: its parties and bodies from the declaration of intent (avsiktsförklaringen), and
 * their seats. Holders are fictional officials with example.org addresses. What they work to (the
 * strategy, the action plan, the indicators) is in kvinnofrid-strategy.ts.
 */

export type OrganisationKind = 'state_agency' | 'region' | 'municipality' | 'municipal_association' | 'association' | 'other';

export interface OrganisationSeed {
  slug: string;
  name: string;
  shortName: string;
  kind: OrganisationKind;
  participation: 'party' | 'reference';
}

export const organisations: OrganisationSeed[] = [
  {
    slug: 'lansstyrelsen',
    name: 'Länsstyrelsen i Stockholms län',
    shortName: 'Länsstyrelsen',
    kind: 'state_agency',
    participation: 'party',
  },
  { slug: 'kriminalvarden', name: 'Kriminalvården', shortName: 'Kriminalvården', kind: 'state_agency', participation: 'party' },
  { slug: 'polisen', name: 'Polismyndigheten, region Stockholm', shortName: 'Polisen', kind: 'state_agency', participation: 'party' },
  { slug: 'aklagarmyndigheten', name: 'Åklagarmyndigheten', shortName: 'Åklagarmyndigheten', kind: 'state_agency', participation: 'party' },
  { slug: 'region-stockholm', name: 'Region Stockholm', shortName: 'Region Stockholm', kind: 'region', participation: 'party' },
  { slug: 'stockholms-stad', name: 'Stockholms stad', shortName: 'Stockholms stad', kind: 'municipality', participation: 'party' },
  {
    slug: 'storsthlm',
    name: 'Storsthlm (företräder länets 26 kommuner)',
    shortName: 'Storsthlm',
    kind: 'municipal_association',
    participation: 'party',
  },
  { slug: 'migrationsverket', name: 'Migrationsverket', shortName: 'Migrationsverket', kind: 'state_agency', participation: 'reference' },
  {
    slug: 'forsakringskassan',
    name: 'Försäkringskassan',
    shortName: 'Försäkringskassan',
    kind: 'state_agency',
    participation: 'reference',
  },
  {
    slug: 'arbetsformedlingen',
    name: 'Arbetsförmedlingen',
    shortName: 'Arbetsförmedlingen',
    kind: 'state_agency',
    participation: 'reference',
  },
];

export const parties = organisations.filter((o) => o.participation === 'party').map((o) => o.slug);

export type BodyKind = 'steering_group' | 'coordination_group' | 'coordination_office' | 'working_group';
export type Mandate = 'member' | 'chair' | 'convenor' | 'coordinator' | 'deputy';

export interface SeatSeed {
  slug: string;
  organisation: string;
  title: string;
  mandate: Mandate;
  holder: { name: string; email: string; locale?: 'sv' | 'en'; validFrom: string };
}

export interface BodySeed {
  slug: string;
  name: string;
  kind: BodyKind;
  convenor: string;
  description: string;
  seats: SeatSeed[];
}

/** Fictional holders; one name per organisation and body keeps the model readable. */
const people: Record<string, Record<string, string>> = {
  styrgrupp: {
    lansstyrelsen: 'Karin Ekström',
    kriminalvarden: 'Johan Berglund',
    polisen: 'Maria Sandberg',
    aklagarmyndigheten: 'Lars Holmgren',
    'region-stockholm': 'Eva Nyström',
    'stockholms-stad': 'Anders Lundqvist',
    storsthlm: 'Sofia Wallin',
  },
  samordningsgrupp: {
    lansstyrelsen: 'Elin Forsberg',
    kriminalvarden: 'Mikael Åberg',
    polisen: 'Sara Lindgren',
    aklagarmyndigheten: 'Peter Hedlund',
    'region-stockholm': 'Anna Björk',
    'stockholms-stad': 'Fredrik Sjöberg',
    storsthlm: 'Helena Dahl',
  },
};

const mailbox = (name: string, org: string) =>
  `${name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, '.')}@${org}.example.org`;

const memberSeats = (body: string, title: string): SeatSeed[] =>
  parties.map((org) => {
    const name = people[body]![org]!;
    return {
      slug: `${body}/${org}`,
      organisation: org,
      title,
      mandate: body === 'styrgrupp' && org === 'lansstyrelsen' ? 'convenor' : 'member',
      holder: { name, email: mailbox(name, org), validFrom: '2023-01-01' },
    };
  });

const coordinator = { name: 'Ulrika Strand', email: mailbox('Ulrika Strand', 'lansstyrelsen'), validFrom: '2023-01-01' };

export const bodies: BodySeed[] = [
  {
    slug: 'styrgrupp',
    name: 'Styrgrupp',
    kind: 'steering_group',
    convenor: 'lansstyrelsen',
    description:
      'Beslutar vid behov om budget och om inriktningen för det gemensamma arbetet, säkrar bemanning. ' +
      'Ledamöterna ansvarar i sin egen organisation för att beslutade åtgärder genomförs. Länsstyrelsen sammankallar.',
    seats: memberSeats('styrgrupp', 'Ledamot i styrgruppen'),
  },
  {
    slug: 'samordningsgrupp',
    name: 'Samordningsgrupp',
    kind: 'coordination_group',
    convenor: 'lansstyrelsen',
    description:
      'Samordnar, analyserar, följer upp och föreslår inriktningsbeslut för styrgruppen. ' +
      'Värdskapet för mötena roterar mellan parterna.',
    seats: [
      {
        slug: 'samordningsgrupp/ordforande',
        organisation: 'lansstyrelsen',
        title: 'Samordningskoordinator, ordförande',
        mandate: 'chair',
        holder: coordinator,
      },
      ...memberSeats('samordningsgrupp', 'Ledamot i samordningsgruppen'),
    ],
  },
  {
    slug: 'samordningskoordinering',
    name: 'Samordningskoordinering',
    kind: 'coordination_office',
    convenor: 'lansstyrelsen',
    description:
      'Leds av samordningskoordinatorn, som driver det gemensamma arbetet, leder samordningsgruppen och ' +
      'rapporterar till styrgruppen. Ansvarar även för den årliga spridningskonferensen, Kvinnofridspriset och webbplatsen.',
    seats: [
      {
        slug: 'samordningskoordinering/samordningskoordinator',
        organisation: 'lansstyrelsen',
        title: 'Samordningskoordinator',
        mandate: 'coordinator',
        holder: coordinator,
      },
      {
        slug: 'samordningskoordinering/utredare',
        organisation: 'lansstyrelsen',
        title: 'Utredare, uppföljning och indikatorer',
        mandate: 'member',
        holder: { name: 'Jonas Wikström', email: mailbox('Jonas Wikström', 'lansstyrelsen'), validFrom: '2023-01-01' },
      },
    ],
  },
  {
    slug: 'arbetsgrupp-kunskap',
    name: 'Arbetsgrupp för kunskapsutveckling (exempel)',
    kind: 'working_group',
    convenor: 'lansstyrelsen',
    description: 'Tillsatt av samordningsgruppen i samråd med styrgruppen vid behov. Exempel.',
    seats: [
      {
        slug: 'arbetsgrupp-kunskap/region-stockholm',
        organisation: 'region-stockholm',
        title: 'Sammankallande',
        mandate: 'convenor',
        holder: { name: 'Lina Hermansson', email: mailbox('Lina Hermansson', 'region-stockholm'), validFrom: '2024-03-01' },
      },
      {
        slug: 'arbetsgrupp-kunskap/storsthlm',
        organisation: 'storsthlm',
        title: 'Ledamot',
        mandate: 'member',
        holder: { name: 'Oskar Lund', email: mailbox('Oskar Lund', 'storsthlm'), locale: 'en', validFrom: '2024-03-01' },
      },
    ],
  },
];
