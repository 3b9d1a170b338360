import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, instant } from './columns';

/** The register: the collaboration's parties, bodies, seats and holders, and its strategy, action plans, measures and indicators. */

// ── The collaboration: parties, governance bodies, seats and who holds them ──
export const organisationKind = pgEnum('organisation_kind', [
  'state_agency', // statlig myndighet
  'region',
  'municipality', // kommun
  'municipal_association', // kommunförbund, e.g. Storsthlm
  'association',
  'other',
]);
/** A party of the collaboration, a reference agency, or an organisation taking part only in a programme run here (SKR's RSS). */
export const participation = pgEnum('participation', ['party', 'reference', 'programme']);

/** A party (samverkansaktör) or reference agency. */
export const organisations = pgTable('organisations', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  shortName: text('short_name').notNull(),
  kind: organisationKind('kind').notNull(),
  participation: participation('participation').notNull().default('party'),
  joinedOn: date('joined_on'),
  leftOn: date('left_on'),
  /** Seeded to show the shape of a programme, not a real party: pages mark it as an example. */
  example: boolean('example').notNull().default(false),
  createdAt: createdAt(),
});

export const bodyKind = pgEnum('body_kind', [
  'steering_group', // styrgrupp
  'coordination_group', // samordningsgrupp
  'coordination_office', // samordningskoordinering
  'working_group', // utskott / arbetsgrupp
]);

export const bodies = pgTable('bodies', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  kind: bodyKind('kind').notNull(),
  description: text('description').notNull().default(''),
  /** The organisation that convenes the body (Länsstyrelsen convenes the styrgrupp). */
  convenorOrganisationId: uuid('convenor_organisation_id').references(() => organisations.id),
  /** Retired, not deleted: history refers to it, but it gets no new seats or work. */
  retiredOn: date('retired_on'),
  /** Folded into the body's calendar-feed key: a rotation raises it, and the old address stops. */
  feedKeyGeneration: integer('feed_key_generation').notNull().default(0),
  example: boolean('example').notNull().default(false),
  createdAt: createdAt(),
});

export const mandate = pgEnum('mandate', ['member', 'chair', 'convenor', 'coordinator', 'deputy']);

/** A function in a body, held for an organisation. Work goes to seats, not to persons. */
export const seats = pgTable(
  'seats',
  {
    id: id(),
    slug: text('slug').notNull().unique(),
    bodyId: uuid('body_id')
      .notNull()
      .references(() => bodies.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    title: text('title').notNull(),
    mandate: mandate('mandate').notNull().default('member'),
    /** Retired, not deleted: past tasks and votes refer to it, but no new work goes to it. */
    retiredOn: date('retired_on'),
    /** Folded into the seat's calendar-feed key: a rotation raises it, and the old address stops. */
    feedKeyGeneration: integer('feed_key_generation').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('seats_body_idx').on(t.bodyId), index('seats_organisation_idx').on(t.organisationId)],
);

export const locale = pgEnum('locale', ['sv', 'en']);

/** The person on a seat for a period: name, role and work address only. */
export const holders = pgTable(
  'holders',
  {
    id: id(),
    seatId: uuid('seat_id')
      .notNull()
      .references(() => seats.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    locale: locale('locale').notNull().default('sv'),
    validFrom: date('valid_from').notNull(),
    /** Inclusive last day; null while the holder still sits. */
    validTo: date('valid_to'),
    emailInvalidAt: instant('email_invalid_at'),
    createdAt: createdAt(),
  },
  (t) => [index('holders_seat_idx').on(t.seatId, t.validFrom), uniqueIndex('holders_seat_from_uq').on(t.seatId, t.validFrom)],
);

// ── Strategy, action plan, measures, indicators ──
export const strategies = pgTable('strategies', {
  id: id(),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  vision: text('vision').notNull().default(''),
  periodStart: integer('period_start').notNull(),
  periodEnd: integer('period_end').notNull(),
  createdAt: createdAt(),
});

/** A regional goal of the strategy (målområde). */
export const goals = pgTable(
  'goals',
  {
    id: id(),
    strategyId: uuid('strategy_id')
      .notNull()
      .references(() => strategies.id),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
  },
  (t) => [uniqueIndex('goals_strategy_number_uq').on(t.strategyId, t.number)],
);

export const actionPlans = pgTable('action_plans', {
  id: id(),
  slug: text('slug').notNull().unique(),
  strategyId: uuid('strategy_id')
    .notNull()
    .references(() => strategies.id),
  title: text('title').notNull(),
  periodStart: integer('period_start').notNull(),
  periodEnd: integer('period_end').notNull(),
  /** The plan this one was copied from, for a new period. */
  copiedFromId: uuid('copied_from_id'),
  /** Retired, not deleted: cycles of its years refer to it, but no cycle picks it any more. */
  retiredOn: date('retired_on'),
  createdAt: createdAt(),
});

/** A measure (åtgärd) of the action plan, owned by one or more parties. */
export const measures = pgTable(
  'measures',
  {
    id: id(),
    actionPlanId: uuid('action_plan_id')
      .notNull()
      .references(() => actionPlans.id),
    goalId: uuid('goal_id').references(() => goals.id),
    code: text('code').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    joint: boolean('joint').notNull().default(false),
    /** Marks illustrative measures shipped with the seed, not the real action plan's text. */
    example: boolean('example').notNull().default(false),
    /** Retired, not deleted: past tasks refer to it, but no new cycle assigns it. */
    retiredOn: date('retired_on'),
  },
  (t) => [uniqueIndex('measures_plan_code_uq').on(t.actionPlanId, t.code)],
);

export const measureOwners = pgTable(
  'measure_owners',
  {
    measureId: uuid('measure_id')
      .notNull()
      .references(() => measures.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** The lead owner of a joint measure submits the shared task for all its owners. */
    lead: boolean('lead').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.measureId, t.organisationId] })],
);

export const indicatorLevel = pgEnum('indicator_level', ['regional', 'local']);

/** Which way a better year moves the indicator. */
export const indicatorDirection = pgEnum('indicator_direction', ['higher', 'lower']);
/** Kolada's gender codes: T total, K women (kvinnor), M men. */
export const indicatorGender = pgEnum('indicator_gender', ['T', 'K', 'M']);

export const indicators = pgTable('indicators', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  source: text('source').notNull(),
  unit: text('unit').notNull(),
  level: indicatorLevel('level').notNull(),
  goalId: uuid('goal_id').references(() => goals.id),
  measureId: uuid('measure_id').references(() => measures.id),
  direction: indicatorDirection('direction').notNull().default('higher'),
  /** The KPI id in Kolada, when the values come from there: an import of another KPI is refused. */
  koladaKpi: text('kolada_kpi'),
  /** The target, as "improved from the baseline year to the target year": all four or none. */
  baselineYear: integer('baseline_year'),
  baselineValue: doublePrecision('baseline_value'),
  targetYear: integer('target_year'),
  targetValue: doublePrecision('target_value'),
});

/** Aggregate values only: never data about individuals. */
export const indicatorValues = pgTable(
  'indicator_values',
  {
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    /** '01' for the county, a municipality's code such as '0180' for Stockholm. */
    area: text('area').notNull(),
    gender: indicatorGender('gender').notNull().default('T'),
    value: doublePrecision('value').notNull(),
    count: doublePrecision('count'),
    status: text('status'),
    /** Provenance: 'Kolada', 'CSV: <file name>' or 'manuell'; retrieved when, by which holder (null: the system). */
    source: text('source').notNull().default('manuell'),
    retrievedAt: instant('retrieved_at').notNull().defaultNow(),
    retrievedBy: uuid('retrieved_by').references(() => holders.id),
    recordedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.indicatorId, t.year, t.area, t.gender] })],
);

/** A value as it stood before an import or entry replaced it, with its provenance then. */
export const indicatorValueHistory = pgTable(
  'indicator_value_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    indicatorId: uuid('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    area: text('area').notNull(),
    gender: indicatorGender('gender').notNull(),
    value: doublePrecision('value').notNull(),
    count: doublePrecision('count'),
    status: text('status'),
    source: text('source').notNull(),
    retrievedAt: instant('retrieved_at').notNull(),
    retrievedBy: uuid('retrieved_by').references(() => holders.id),
    replacedAt: instant('replaced_at').notNull(),
  },
  (t) => [index('indicator_value_history_key_idx').on(t.indicatorId, t.year, t.area, t.gender)],
);

export type Organisation = typeof organisations.$inferSelect;
export type Body = typeof bodies.$inferSelect;
export type Seat = typeof seats.$inferSelect;
export type Strategy = typeof strategies.$inferSelect;
export type Goal = typeof goals.$inferSelect;
export type Indicator = typeof indicators.$inferSelect;
export type IndicatorValue = typeof indicatorValues.$inferSelect;
export type ActionPlan = typeof actionPlans.$inferSelect;
export type Measure = typeof measures.$inferSelect;
export type Holder = typeof holders.$inferSelect;
