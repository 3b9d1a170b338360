import type { CycleDefinitionInput } from '../../../core/definition';

/**
 * The roles and defaults of Kvinnofrid's smaller yearly cycles, which the coordinator runs: the
 * same reminders as the main cycle, and late work goes to the coordinator.
 */
export const coordinated: Pick<CycleDefinitionInput, 'roles' | 'defaults'> = {
  roles: { coordinator: 'samordningskoordinering/samordningskoordinator' },
  defaults: {
    reminders: { before: ['14d', '3d'], onTheDay: true, thenEvery: '7d' },
    escalation: [{ after: '3d', to: { kind: 'role', role: 'coordinator' } }],
  },
};
