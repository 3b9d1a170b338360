import type { Step } from '../../core/definition';
import { cycleIdFor } from '../../core/plan';
import { cycleOf } from '../../db/queries/forms';
import { UserError } from '../plugins/errors';
import type { User } from '../plugins/session';
import type { Ctx } from './context';
import type { CycleRef } from './cycles';
import { formOverview } from './form-overview';
import { stepSignatures } from './signature-steps';

export interface StepLink {
  kind: 'forms' | 'signatures';
  step: string;
  title: string;
}

/**
 * The cycle page's links to its form steps' overviews and its signature steps' who-signed pages,
 * only those the reader may open: each page's own service decides, so the link and the page agree.
 */
export async function cycleStepLinks(ctx: Ctx, user: User | null, ref: CycleRef): Promise<StepLink[]> {
  const stored = await cycleOf(ctx.db, cycleIdFor(ref.definition, ref.year));
  const steps = ((stored?.definition as { phases?: { steps: Step[] }[] } | undefined)?.phases ?? []).flatMap((p) => p.steps);
  const links: StepLink[] = [];
  for (const step of steps) {
    if (step.kind !== 'form' && step.kind !== 'signature') continue;
    const opens = step.kind === 'form' ? formOverview(ctx, user, { ...ref, step: step.key }) : stepSignatures(ctx, user, ref, step.key);
    if (await opens.then(() => true, notFoundAsNo))
      links.push({ kind: step.kind === 'form' ? 'forms' : 'signatures', step: step.key, title: step.title });
  }
  return links;
}

const notFoundAsNo = (err: unknown) => {
  if (err instanceof UserError && err.statusCode === 404) return false;
  throw err;
};
