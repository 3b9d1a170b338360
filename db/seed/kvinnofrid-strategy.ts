/**
 * What Operation Kvinnofrid works to: the eight regional goals of the strategy 2020–2026, the
 * action plan's measures and their owners, and the indicators the coordination follows the goals
 * with. Measures marked `example` illustrate the action plan's shape.
 */

export const strategy = {
  slug: 'strategi-2020-2026',
  title: 'Strategi för att förebygga och bekämpa våld i Stockholms län 2020–2026',
  vision: 'Ingen ska utsättas för eller uppleva våld i Stockholms län.',
  periodStart: 2020,
  periodEnd: 2026,
  goals: [
    { number: 1, title: 'Våld ska förebyggas', description: 'Förebyggande arbete för att våld inte ska uppstå.' },
    {
      number: 2,
      title: 'Återfall i våld ska förebyggas',
      description: 'Våldsutövare erbjuds återfallsförebyggande insatser så att våldet upphör.',
    },
    { number: 3, title: 'Våld ska upptäckas tidigt', description: 'Tidig upptäckt av våld och av barn som upplever våld.' },
    {
      number: 4,
      title: 'Våldsutsatta ska få skydd och stöd',
      description: 'Våldsutsatta vuxna och barn erbjuds skydd och stöd utifrån sina behov.',
    },
    { number: 5, title: 'Effektiv brottsbekämpning', description: 'Hög kvalitet i utredningar och rättsprocesser.' },
    {
      number: 6,
      title: 'Brottsutsatta medverkar i utredningar',
      description: 'Brottsutsatta har förutsättningar att medverka i brottsutredningar.',
    },
    { number: 7, title: 'Systematisk kunskapsutveckling', description: 'Kunskap om våldet och insatserna utvecklas systematiskt.' },
    { number: 8, title: 'Evidensbaserade metoder', description: 'Insatser bygger på evidensbaserade och beprövade metoder.' },
  ],
};

export interface MeasureSeed {
  code: string;
  goal: number;
  title: string;
  description: string;
  owners: string[];
  joint: boolean;
}

export const actionPlan = {
  slug: 'handlingsplan-2023-2026',
  title: 'Handlingsplan 2023–2026 till strategin för att förebygga och bekämpa våld i Stockholms län',
  periodStart: 2023,
  periodEnd: 2026,
  /** Examples of the action plan's shape: owners, goals, joint and per-party measures. */
  measures: [
    {
      code: '1.1',
      goal: 1,
      title: 'Gemensam kampanj om våld i ungas parrelationer',
      description: 'Länsgemensam informationsinsats riktad till unga och till personal i skola och fritid.',
      owners: ['lansstyrelsen', 'storsthlm', 'stockholms-stad'],
      joint: true,
    },
    {
      code: '1.2',
      goal: 1,
      title: 'Våldsförebyggande arbete i kommunernas brottsförebyggande planer',
      description: 'Kommunerna integrerar våld i nära relationer i sina lokala lägesbilder och åtgärdsplaner.',
      owners: ['storsthlm'],
      joint: false,
    },
    {
      code: '2.1',
      goal: 2,
      title: 'Återfallsförebyggande program för våldsutövare under och efter verkställighet',
      description: 'Utökat utbud av behandlingsprogram och samverkan vid frigivning.',
      owners: ['kriminalvarden'],
      joint: false,
    },
    {
      code: '2.2',
      goal: 2,
      title: 'Samverkan kring kontaktvägar för våldsutövare',
      description: 'Tydliga vägar mellan polis, socialtjänst och frivård till stöd för den som vill sluta utöva våld.',
      owners: ['kriminalvarden', 'polisen', 'stockholms-stad'],
      joint: true,
    },
    {
      code: '3.1',
      goal: 3,
      title: 'Rutinmässiga frågor om våld i hälso- och sjukvården',
      description: 'Införande av rutinmässiga frågor om våldsutsatthet i mödrahälsovård och psykiatri.',
      owners: ['region-stockholm'],
      joint: false,
    },
    {
      code: '3.2',
      goal: 3,
      title: 'Barn som upplever våld uppmärksammas vid polisingripanden',
      description: 'Orosanmälan och information till socialtjänst när barn finns i hemmet.',
      owners: ['polisen', 'stockholms-stad', 'storsthlm'],
      joint: true,
    },
    {
      code: '4.1',
      goal: 4,
      title: 'Likvärdigt stöd oavsett var i länet man bor',
      description: 'Kartläggning och utveckling av kommunernas stödinsatser och skyddat boende.',
      owners: ['storsthlm', 'stockholms-stad', 'lansstyrelsen'],
      joint: true,
    },
    {
      code: '4.2',
      goal: 4,
      title: 'Stöd till våldsutsatta med skyddade personuppgifter',
      description: 'Gemensamma rutiner för att upprätthålla skyddet i alla kontakter med myndigheter.',
      owners: ['region-stockholm', 'polisen'],
      joint: true,
    },
    {
      code: '5.1',
      goal: 5,
      title: 'Kvalitet i den inledande brottsutredningen',
      description: 'Gemensam utbildning för förundersökningsledare och utredare om bevissäkring vid relationsvåld.',
      owners: ['polisen', 'aklagarmyndigheten'],
      joint: true,
    },
    {
      code: '6.1',
      goal: 6,
      title: 'Stöd till brottsutsatta under rättsprocessen',
      description: 'Information och stödpersoner så att den brottsutsatta kan medverka i utredningen.',
      owners: ['aklagarmyndigheten', 'polisen', 'region-stockholm'],
      joint: true,
    },
    {
      code: '7.1',
      goal: 7,
      title: 'Regional lägesrapport',
      description: 'Årlig sammanställning av länets utveckling och uppföljning av handlingsplanens åtgärder.',
      owners: ['lansstyrelsen'],
      joint: false,
    },
    {
      code: '7.2',
      goal: 7,
      title: 'Årlig spridningskonferens',
      description: 'Konferens för länets aktörer om ny kunskap och goda exempel.',
      owners: ['lansstyrelsen'],
      joint: false,
    },
    {
      code: '8.1',
      goal: 8,
      title: 'Gemensamma bedömningsmetoder för risk',
      description: 'Införande av strukturerade riskbedömningsmetoder hos länets aktörer.',
      owners: ['polisen', 'kriminalvarden', 'stockholms-stad', 'storsthlm'],
      joint: true,
    },
  ] satisfies MeasureSeed[],
};

export interface IndicatorSeed {
  slug: string;
  name: string;
  source: string;
  unit: string;
  level: 'regional' | 'local';
  goal: number;
  /** Which way is better: fewer people subjected to violence, more crimes reported and cleared up, more support offered. */
  direction: 'higher' | 'lower';
}

/** Parties do not report indicator data: the coordination compiles it from these sources. */
export const indicators: IndicatorSeed[] = [
  {
    slug: 'ntu-utsatta-misshandel-nara',
    name: 'Andel av befolkningen 16–84 år som uppger att de utsatts för misshandel av närstående',
    source: 'Nationella trygghetsundersökningen (NTU), Brå',
    unit: 'procent',
    level: 'regional',
    direction: 'lower',
    goal: 1,
  },
  {
    slug: 'ntu-sexualbrott',
    name: 'Andel som uppger att de utsatts för sexualbrott',
    source: 'Nationella trygghetsundersökningen (NTU), Brå',
    unit: 'procent',
    level: 'regional',
    direction: 'lower',
    goal: 1,
  },
  {
    slug: 'krim-anmalda-grov-kvinnofridskranking',
    name: 'Anmälda brott: grov kvinnofridskränkning',
    source: 'Kriminalstatistik, Brå',
    unit: 'antal',
    level: 'regional',
    direction: 'higher',
    goal: 5,
  },
  {
    slug: 'krim-personuppklarade-relationsvald',
    name: 'Personuppklarade brott, misshandel i nära relation',
    source: 'Kriminalstatistik, Brå',
    unit: 'procent',
    level: 'regional',
    direction: 'higher',
    goal: 5,
  },
  {
    slug: 'kvv-program-relationsvald',
    name: 'Klienter som fullföljt behandlingsprogram mot relationsvåld',
    source: 'Kriminalvårdens statistik',
    unit: 'antal',
    level: 'regional',
    direction: 'higher',
    goal: 2,
  },
  {
    slug: 'oj-rutin-fraga-vald',
    name: 'Kommunen har rutin för att fråga om våld',
    source: 'Öppna jämförelser, stöd till brottsoffer, Socialstyrelsen',
    unit: 'andel kommuner',
    level: 'local',
    direction: 'higher',
    goal: 3,
  },
  {
    slug: 'oj-skyddat-boende',
    name: 'Kommunen har tillgång till skyddat boende för våldsutsatta',
    source: 'Öppna jämförelser, stöd till brottsoffer, Socialstyrelsen',
    unit: 'andel kommuner',
    level: 'local',
    direction: 'higher',
    goal: 4,
  },
  {
    slug: 'oj-insats-valdsutovare',
    name: 'Kommunen erbjuder insatser till våldsutövare',
    source: 'Öppna jämförelser, stöd till brottsoffer, Socialstyrelsen',
    unit: 'andel kommuner',
    level: 'local',
    direction: 'higher',
    goal: 2,
  },
  {
    slug: 'enkat-metodstod',
    name: 'Aktörer som använder strukturerad riskbedömning',
    source: 'Särskild enkät, Operation Kvinnofrid',
    unit: 'andel aktörer',
    level: 'regional',
    direction: 'higher',
    goal: 8,
  },
];
