import { createHash } from 'node:crypto';
import { ScheduleNotFoundError } from '@temporalio/client';
import type { Actor } from '../../core/actor';
import type { CycleDefinition } from '../../core/definition';
import { latestDefinition, listDefinitions, saveDefinitionVersion } from '../../db/queries/definitions';
import { scheduledCycleWorkflow } from '../../workflows/scheduled';
import { validateDefinition as checkDefinition } from '../definitions';
import { UserError } from '../plugins/errors';
import type { Ctx } from './context';
import { audit } from './register';

/** The latest version of each definition, without its body. */
export async function definitionSummaries(ctx: Ctx) {
  return (await listDefinitions(ctx.db)).map(({ definition: _d, ...row }) => row);
}

export async function latestVersion(ctx: Ctx, key: string) {
  const row = await latestDefinition(ctx.db, key);
  if (!row) throw new UserError(404, 'definition.notFound', { key });
  return row;
}

/** Every problem with a definition, each with its path; nothing is stored. */
export async function validateDefinition(ctx: Ctx, definition: unknown) {
  const { issues } = await checkDefinition(ctx.db, definition, ctx.locale);
  return { valid: issues.length === 0, issues };
}

/** Stores a valid definition as the next version of its key. */
export async function uploadDefinition(ctx: Ctx, actor: Actor, definition: unknown) {
  const result = await checkDefinition(ctx.db, definition, ctx.locale);
  if (!result.definition) {
    throw new UserError(400, 'definition.invalid', { count: result.issues.length }, { issues: result.issues });
  }
  const { definition: _d, ...row } = await storeDefinition(ctx, actor, result.definition);
  return row;
}

/** Object keys in code-point order at every level, so anyone can hash a stored definition again and compare. */
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, v]) => [k, canonical(v)]),
        )
      : value;

/**
 * Stores a checked definition as the next version of its key, from the API and the upload form
 * alike, and records who did with the SHA-256 of its canonical JSON: what ran can be shown later.
 */
export async function storeDefinition(ctx: Ctx, actor: Actor, definition: CycleDefinition) {
  const row = await saveDefinitionVersion(ctx.db, definition);
  const hash = createHash('sha256')
    .update(JSON.stringify(canonical(row.definition)))
    .digest('hex');
  await audit(ctx, actor, 'definition.uploaded', { kind: 'definition', id: row.id }, { key: row.key, version: row.version, hash });
  return row;
}

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;
const scheduleId = (key: string) => `yearly/${key}`;

export interface ScheduleState {
  enabled: boolean;
  month?: number;
  day?: number;
  nextStart?: Date;
}

/** Whether next year's cycle starts by itself, and when. */
export async function scheduleOf(ctx: Ctx, key: string): Promise<ScheduleState> {
  try {
    const d = await ctx.temporal.schedule.getHandle(scheduleId(key)).describe();
    const cal = d.spec.calendars?.[0];
    const month = cal?.month?.[0]?.start;
    return {
      enabled: !d.state.paused,
      month: month ? MONTHS.indexOf(month) + 1 : undefined,
      day: cal?.dayOfMonth?.[0]?.start,
      nextStart: d.info.nextActionTimes[0],
    };
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return { enabled: false };
    throw err;
  }
}

/** Turns the yearly start on (at 08:00 Stockholm time on the given day) or off. */
export async function setSchedule(
  ctx: Ctx,
  actor: Actor,
  key: string,
  input: { enabled: boolean; month: number; day: number },
): Promise<ScheduleState> {
  if (!(await latestDefinition(ctx.db, key))) throw new UserError(404, 'definition.notFound', { key });
  const state = await applySchedule(ctx, key, input);
  await audit(
    ctx,
    actor,
    'schedule.set',
    { kind: 'definition', id: key },
    state.enabled ? { enabled: true, month: input.month, day: input.day } : { enabled: false },
  );
  return state;
}

async function applySchedule(ctx: Ctx, key: string, input: { enabled: boolean; month: number; day: number }): Promise<ScheduleState> {
  const handle = ctx.temporal.schedule.getHandle(scheduleId(key));
  const { enabled, month, day } = input;
  const spec = { calendars: [{ month: MONTHS[month - 1]!, dayOfMonth: day, hour: 8, minute: 0 }], timezone: 'Europe/Stockholm' };
  const exists = await handle.describe().then(
    () => true,
    (err) => {
      if (err instanceof ScheduleNotFoundError) return false;
      throw err;
    },
  );
  if (!enabled) {
    if (exists) await handle.delete();
    return { enabled: false };
  }
  const action = {
    type: 'startWorkflow' as const,
    workflowType: scheduledCycleWorkflow,
    args: [{ definitionKey: key }] as [{ definitionKey: string }],
    taskQueue: ctx.config.taskQueue,
    workflowId: scheduleId(key),
  };
  if (exists) await handle.update((prev) => ({ ...prev, spec, action, state: { ...prev.state, paused: false } }));
  else
    await ctx.temporal.schedule.create({
      scheduleId: scheduleId(key),
      spec,
      action,
      policies: { overlap: 'SKIP', catchupWindow: '1 day' },
    });
  const d = await handle.describe();
  return { enabled: true, month, day, nextStart: d.info.nextActionTimes[0] };
}
