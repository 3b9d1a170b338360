import { describe, expect, it } from 'vitest';
import { cycleDefinition } from '../core/definition';
import { kvinnofridArshjul } from '../db/seed/cycles/kvinnofrid-arshjul';
import { approvingSteps } from '../activities/report-approval';

/** Which decision approves the lägesrapport, and whom its hand-off mails, as the definition says. */
describe('the report steps of a definition', () => {
  const shipped = cycleDefinition.parse(kvinnofridArshjul);

  it("approves the report by the styrgrupp's decision, the last over it, not by the samordningsgrupp's review", () => {
    const approving = approvingSteps(shipped);
    expect(approving.has('rapportbeslut')).toBe(true);
    expect(approving.has('rapportgranskning')).toBe(false);
  });

  it("mails the handed-off report to Länsstyrelsen's seat in the styrgrupp", () => {
    const handoff = shipped.phases.flatMap((p) => p.steps).find((s) => s.kind === 'handoff');
    expect(handoff).toMatchObject({ key: 'overlamning', recipientRole: 'annual-report' });
    expect(shipped.roles['annual-report']).toBe('styrgrupp/lansstyrelsen');
  });

  it('refuses a recipient role the definition does not define, naming where', () => {
    const def = structuredClone(kvinnofridArshjul);
    const handoff = def.phases.at(-1)!.steps[0]! as { recipientRole?: string };
    handoff.recipientRole = 'riksdagen';
    const result = cycleDefinition.safeParse(def);
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path.at(-1) === 'recipientRole');
    expect(issue).toMatchObject({ path: ['phases', 5, 'steps', 0, 'recipientRole'], params: { args: { role: 'riksdagen' } } });
  });
});
