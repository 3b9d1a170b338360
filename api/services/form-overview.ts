import { cycleIdFor } from '../../core/plan';
import { type YearPlan } from '../../core/plan-types';
import type { CycleDefinition } from '../../core/definition';
import { findCycle } from '../../db/queries/cycles';
import {
  definitionOfCycle,
  formVersionsOfStep,
  fundingOf,
  seatsInBody,
  seatsWithOrganisations,
  tasksOfStep,
} from '../../db/queries/form-overview';
import { UserError } from '../plugins/errors';
import type { User } from '../plugins/session';
import type { Ctx } from './context';

export type OverviewState = 'late' | 'notStarted' | 'draft' | 'awaiting_signature' | 'signed' | 'submitted';

export interface OverviewRow {
  seat: string;
  organisation: string;
  example: boolean;
  state: OverviewState;
  version: number | null;
  due: string;
  amountSek: number | null;
  formId: string | null;
}

export interface FormOverview {
  definition: string;
  year: number;
  step: string;
  title: string;
  name: string;
  receiver: string | null;
  rows: OverviewRow[];
}

export interface FormStepRef {
  definition: string;
  year: number;
  step: string;
}

const notFound = (ref: FormStepRef) => new UserError(404, 'overview.notFound', { step: ref.step });

/**
 * Where every assigned seat's form of a step stands, with the programme's amount for the year:
 * late ones first, then by the organisation's short name, which for an RSS is its county. Only the
 * coordinator and the receiving body's seats read it; to anyone else the step does not exist.
 */
export async function formOverview(ctx: Ctx, user: User | null, ref: FormStepRef): Promise<FormOverview> {
  const cycle = await findCycle(ctx.db, cycleIdFor(ref.definition, ref.year));
  const definition = cycle && (await definitionOfCycle(ctx.db, cycle));
  const step = (definition?.definition as CycleDefinition | undefined)?.phases.flatMap((p) => p.steps).find((s) => s.key === ref.step);
  const planned = (cycle?.plan as YearPlan | null)?.phases.flatMap((p) => p.steps).find((s) => s.key === ref.step);
  if (!cycle || step?.kind !== 'form' || !planned) throw notFound(ref);
  const receiver = step.receiver ?? null;
  const seatIds = user?.seats.map((s) => s.seatId) ?? [];
  const reads = user?.role === 'coordinator' || (receiver !== null && (await seatsInBody(ctx.db, seatIds, receiver)));
  if (!reads) throw notFound(ref);

  const assigned = planned.assignments.map((a) => a.seatId);
  const [seats, versions, tasks, funding] = await Promise.all([
    seatsWithOrganisations(ctx.db, assigned),
    formVersionsOfStep(ctx.db, cycle.id, ref.step),
    tasksOfStep(ctx.db, cycle.id, ref.step),
    fundingOf(ctx.db, ref.definition, ref.year),
  ]);
  const now = ctx.now().getTime();
  const plannedDue = planned.schedule?.dueAt ?? '';
  const rows = seats.map((seat): OverviewRow & { sortName: string } => {
    const form = versions.find((v) => v.seatId === seat.seatId);
    const task = tasks.find((x) => x.seatId === seat.seatId);
    const late = task?.status === 'open' && task.dueAt.getTime() < now;
    const state: OverviewState = late ? 'late' : !form ? 'notStarted' : form.state === 'superseded' ? 'submitted' : form.state;
    return {
      seat: seat.seatSlug,
      organisation: seat.organisationName,
      example: seat.example,
      state,
      version: form?.version ?? null,
      due: task?.dueAt.toISOString() ?? plannedDue,
      amountSek: funding.get(seat.organisationId) ?? null,
      formId: form?.id ?? null,
      sortName: seat.shortName,
    };
  });
  rows.sort((a, b) => Number(b.state === 'late') - Number(a.state === 'late') || a.sortName.localeCompare(b.sortName, 'sv'));
  const sorted = rows.map(({ sortName: _s, ...row }) => row);
  return { definition: ref.definition, year: ref.year, step: ref.step, title: step.title, name: definition!.name, receiver, rows: sorted };
}
