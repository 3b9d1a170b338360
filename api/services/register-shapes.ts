import { z } from 'zod';
import { holderShape } from '../holders';

/** The register's JSON as the admin API answers it (response schemas, also for the OpenAPI document). */

const ref = z.object({ id: z.uuid(), slug: z.string(), shortName: z.string() });
const goalRef = z.object({ id: z.uuid(), number: z.number(), title: z.string() }).nullable();
const retiredOn = z.string().nullable().describe('The day it was retired; null while in use');

/** An organisation as the directory lists it. */
export const organisation = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.string(),
  participation: z.enum(['party', 'reference', 'programme']),
});
export const organisationRow = organisation.extend({ joinedOn: z.string().nullable(), leftOn: z.string().nullable() });
export const organisationWithSeats = organisationRow.extend({ seats: z.number() });

export const bodyRow = z.object({ id: z.uuid(), slug: z.string(), name: z.string(), kind: z.string(), description: z.string(), retiredOn });

const seatRow = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  mandate: z.string(),
  retiredOn,
  organisation: ref,
  holders: z.array(holderShape),
});
export const bodyDetail = bodyRow.extend({ convenor: ref.nullable(), feedUrl: z.string(), seats: z.array(seatRow) });

const workItem = z.object({ id: z.uuid(), title: z.string(), dueAt: z.date(), cycleId: z.string().nullable() });
const openWork = z.object({
  tasks: z.array(workItem.extend({ stepKey: z.string().nullable() })),
  decisions: z.array(workItem.extend({ question: z.string(), bodyId: z.uuid() })),
});
export const seatDetail = seatRow.extend({
  body: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  openWork,
});
export const seatCreated = z.object({
  seat: z.object({ id: z.uuid(), slug: z.string(), title: z.string(), mandate: z.string(), retiredOn }),
  holder: holderShape.nullable(),
});
export const seatPlain = seatCreated.shape.seat;

const planRow = z.object({ id: z.uuid(), slug: z.string(), title: z.string(), periodStart: z.number(), periodEnd: z.number(), retiredOn });
export const goalRow = z.object({ id: z.uuid(), number: z.number(), title: z.string(), description: z.string() });
export const strategyRow = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  vision: z.string(),
  periodStart: z.number(),
  periodEnd: z.number(),
  goals: z.array(goalRow),
  actionPlans: z.array(planRow),
});
export const strategyPlain = strategyRow.omit({ goals: true, actionPlans: true });
export const actionPlanPlain = planRow.extend({ copiedFromId: z.uuid().nullable() });
export const actionPlanCopied = z.object({ plan: actionPlanPlain, measures: z.number().describe('Measures copied') });

export const measurePlain = z.object({
  id: z.uuid(),
  code: z.string(),
  title: z.string(),
  description: z.string(),
  joint: z.boolean(),
  retiredOn,
});
export const actionPlanRow = planRow.extend({
  measures: z.array(
    measurePlain.extend({
      example: z.boolean().describe('An illustrative measure from the seed, not the action plan’s own text'),
      goal: goalRef,
      owners: z.array(ref),
    }),
  ),
});

export const indicatorRow = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  source: z.string(),
  unit: z.string(),
  level: z.enum(['regional', 'local']),
  goal: goalRef,
  values: z.array(z.object({ year: z.number(), area: z.string(), gender: z.enum(['T', 'K', 'M']), value: z.number() })),
});
