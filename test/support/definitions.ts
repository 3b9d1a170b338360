import type { CycleDefinitionInput } from '../../core/definition';

/** A one-decision cycle for the styrgrupp: each test gets its own definition key. */
export function decisionCycle(key: string, rule: object, extra: Record<string, unknown> = {}): CycleDefinitionInput {
  return {
    key,
    name: `Beslutstest ${key}`,
    roles: { coordinator: 'samordningskoordinering/samordningskoordinator' },
    phases: [
      {
        key: 'beslut',
        title: 'Beslut',
        steps: [
          {
            key: 'beslut',
            kind: 'decision',
            title: 'Testbeslut',
            question: 'Godkänner styrgruppen förslaget?',
            body: 'styrgrupp',
            rule: rule as never,
            due: 'start+14d',
            reminders: { before: ['3d'], onTheDay: false },
            ...extra,
          } as never,
        ],
      },
    ],
  };
}
