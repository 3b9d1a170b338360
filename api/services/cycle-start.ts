import { z } from 'zod';
import { seatLabels } from '../../db/queries/cycles';
import { listDefinitions } from '../../db/queries/definitions';
import { stockholmDate } from '../../core/time';
import { t } from '../../i18n';
import { lateStart } from '../cycle-schemas';
import { UserError } from '../plugins/errors';
import type { Ctx } from './context';
import { parseOrRefuse } from './refusal';
import { previewCycle, type CycleRef, type CyclePreview } from './cycles';

/** A refusal as the start wizard shows it beside its form. */
export interface Refusal {
  status: number;
  message: string;
  issues: { path: string; message: string }[];
}

export type WizardPreview =
  { refused: Refusal } | { preview: CyclePreview; seatName: (id: string) => string; refusal?: Refusal; now: Date };

/** What the start form says about a late start; the fields of the choice, as posted. */
export interface LateChoice {
  startMode?: 'fromPhase' | 'redate';
  phase?: string;
  reason?: string;
  days?: string;
}

/** The choice as the API takes it: only the fields of the chosen way. */
function lateStartOf(c: LateChoice): Record<string, unknown> | undefined {
  if (c.startMode === 'fromPhase') return { mode: 'fromPhase', phase: c.phase ?? '', reason: c.reason ?? '' };
  if (c.startMode === 'redate') return { mode: 'redate', days: c.days ?? '' };
  return undefined;
}

const choiceSchema = z.object({ start: lateStart.optional() });

/** The way to start late as the wizard's fields give it, checked and refused as the JSON API does. */
export const lateChoice = (ctx: Ctx, choice: LateChoice) => parseOrRefuse(ctx, choiceSchema, { start: lateStartOf(choice) }).start;

const refusalOf = (ctx: Ctx, err: unknown): Refusal => {
  if (!(err instanceof UserError)) throw err;
  const issues = (err.extra.issues as Refusal['issues'] | undefined) ?? [];
  return { status: err.statusCode, message: t(ctx.locale, err.key, err.params), issues };
};

/**
 * The wizard's preview: the year with the chosen way to start late, or, when that way is refused,
 * the year as it stands with the refusal beside the choice.
 */
export async function previewForWizard(ctx: Ctx, ref: CycleRef, choice: LateChoice): Promise<WizardPreview> {
  let refusal: Refusal | undefined;
  let preview: CyclePreview | undefined;
  try {
    preview = await previewCycle(ctx, { ...ref, start: lateChoice(ctx, choice) });
  } catch (err) {
    refusal = refusalOf(ctx, err);
  }
  if (!preview && choice.startMode) {
    try {
      preview = await previewCycle(ctx, ref);
    } catch (err) {
      return { refused: refusalOf(ctx, err) };
    }
  }
  if (!preview) return { refused: refusal! };
  const seats = await seatLabels(ctx.db);
  const seatName = (id: string) => {
    const s = seats.find((x) => x.id === id || x.slug === id);
    return s ? `${s.org} (${s.title})` : id;
  };
  return { preview, seatName, refusal, now: ctx.now() };
}

/** The definitions the wizard offers, and the year it proposes. */
export async function startChoices(ctx: Ctx) {
  return { definitions: await listDefinitions(ctx.db), thisYear: Number(stockholmDate(new Date()).slice(0, 4)) };
}
