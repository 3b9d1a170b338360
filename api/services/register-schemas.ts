import { z } from 'zod';
import { SLUG } from '../../core/definition';
import { newHolder } from '../holders';

/**
 * What the coordinator may write to the register, as the JSON routes declare it and as the
 * services check it again for the page forms (whose fields all arrive as text).
 */

/** An empty form field means "not given". */
const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());
/** A field the form leaves empty is missing, and said to be so, rather than too short or an unknown choice. */
export const required = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema);
const text = (max: number) => required(z.string().trim().min(1).max(max));
const slug = z.string().trim().max(60).regex(SLUG);
const year = z.coerce.number().int().min(2000).max(2100);
const day = z.iso.date().describe('A Stockholm date, YYYY-MM-DD');
/** A form's one checkbox or select arrives as a string, several as a list. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item).max(50));

export const organisationKinds = ['state_agency', 'region', 'municipality', 'municipal_association', 'association', 'other'] as const;
export const bodyKinds = ['steering_group', 'coordination_group', 'coordination_office', 'working_group'] as const;
export const mandates = ['member', 'chair', 'convenor', 'coordinator', 'deputy'] as const;

export const organisationInput = z.object({
  slug: optional(slug).describe('Key; from the short name when left out'),
  name: text(200),
  shortName: text(80),
  kind: required(z.enum(organisationKinds)),
  participation: required(z.enum(['party', 'reference', 'programme']).default('party')),
  joinedOn: optional(day).describe('First day as a party; today when left out'),
});
export const organisationEdit = organisationInput.omit({ slug: true }).extend({ joinedOn: optional(day) });

export const bodyInput = z.object({
  slug: optional(slug).describe('Key; from the name when left out'),
  name: text(200),
  kind: required(z.enum(bodyKinds)),
  description: z.string().trim().max(2000).default(''),
  convenor: optional(slug).describe('The convening organisation’s key'),
});
export const bodyEdit = bodyInput.omit({ slug: true });

export const seatInput = z.object({
  key: optional(slug).describe('The seat’s key within the body; the organisation’s key when left out'),
  organisation: required(slug).describe('The organisation’s key'),
  title: text(200),
  mandate: required(z.enum(mandates).default('member')),
  holder: newHolder.optional().describe('Who takes the seat, from which day'),
});
export const seatEdit = z.object({ title: text(200), mandate: required(z.enum(mandates)) });

export const retireInput = z.object({ on: optional(day).describe('The day it is retired; today when left out') });

const ordered: [(p: { periodStart: number; periodEnd: number }) => boolean, { path: string[]; params: { i18n: string } }] = [
  (p) => p.periodEnd >= p.periodStart,
  { path: ['periodEnd'], params: { i18n: 'register.periodOrder' } },
];
const periodShape = { periodStart: year.describe('First year'), periodEnd: year.describe('Last year') };

export const strategyInput = z
  .object({ slug: optional(slug), title: text(300), vision: z.string().trim().max(2000).default(''), ...periodShape })
  .refine(...ordered);
export const strategyEdit = z
  .object({ title: text(300), vision: z.string().trim().max(2000).default(''), ...periodShape })
  .refine(...ordered);

export const goalInput = z.object({
  number: z.coerce.number().int().min(1).max(99),
  title: text(300),
  description: z.string().trim().max(4000).default(''),
});

export const actionPlanInput = z
  .object({ strategy: slug.describe('The strategy’s key'), slug: optional(slug), title: text(300), ...periodShape })
  .refine(...ordered);
export const actionPlanEdit = z.object({ title: text(300), ...periodShape }).refine(...ordered);
export const actionPlanCopy = z.object({ slug: optional(slug), title: text(300), ...periodShape }).refine(...ordered);

export const measureInput = z.object({
  code: z.string().trim().min(1).max(20),
  title: text(300),
  description: z.string().trim().max(4000).default(''),
  goal: optional(z.coerce.number().int().min(1).max(99)).describe('The goal’s number in the plan’s strategy'),
  owners: list(slug).pipe(z.array(slug).min(1)).describe('Owner organisations’ keys'),
  lead: optional(slug).describe('The lead owner of a joint measure; the first owner when left out'),
});

export type OrganisationInput = z.infer<typeof organisationInput>;
export type MeasureInput = z.infer<typeof measureInput>;
