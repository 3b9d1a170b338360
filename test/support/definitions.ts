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

/** Samordningsgruppen monthly except July, rotating hosts; the styrgrupp four times a year, convened by Länsstyrelsen. */
export const meetingSeriesCycle: CycleDefinitionInput = {
  key: 'motesserier',
  name: 'Mötesserier och beslut vid möte',
  roles: { coordinator: 'samordningskoordinering/samordningskoordinator' },
  phases: [
    {
      key: 'moten',
      title: 'Möten',
      steps: [
        {
          key: 'samordningsgruppen',
          kind: 'meetings',
          title: 'Samordningsgruppens möten',
          body: 'samordningsgrupp',
          schedule: { months: [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12], weekday: 2, nth: 2, start: '09:00', minutes: 180 },
          noticeBefore: '21d',
          hostReminderBefore: '14d',
          minutes: {
            due: '7d',
            reminders: { before: ['2d'], onTheDay: false },
            escalation: [{ after: '3d', to: { kind: 'role', role: 'coordinator' } }],
          },
        },
        {
          key: 'styrgruppen',
          kind: 'meetings',
          title: 'Styrgruppens möten',
          body: 'styrgrupp',
          hosting: 'convenor',
          concurrent: true,
          schedule: { months: [2, 5, 9, 11], weekday: 4, nth: -1, start: '13:00', minutes: 120 },
          minutes: { due: '5d', reminders: { before: [], onTheDay: true } },
        },
      ],
    },
    {
      key: 'valja-atgarder',
      title: 'Fas II: Välja åtgärder',
      reviewAt: 'samordningsgrupp',
      steps: [
        {
          key: 'prioriteringsbeslut',
          kind: 'decision',
          title: 'Årets prioriterade åtgärder',
          question: 'Beslutar styrgruppen att prioritera åtgärderna enligt förslaget?',
          body: 'styrgrupp',
          rule: { kind: 'majority' },
          due: 'Y-05-01',
          atMeeting: 'styrgrupp',
        },
      ],
    },
  ],
};

/** A proposal of measures, a styrgrupp decision over it, and a step for the selected measures' owners. */
export const proposalCycle: CycleDefinitionInput = {
  key: 'forslag-och-beslut',
  name: 'Förslag, beslut och genomförande',
  roles: { coordinator: 'samordningskoordinering/samordningskoordinator', chair: 'samordningsgrupp/ordforande' },
  phases: [
    {
      key: 'valja',
      title: 'Välja åtgärder',
      steps: [
        {
          key: 'forslag',
          kind: 'report',
          title: 'Förslag',
          assignees: { kind: 'role', role: 'chair' },
          due: 'start+14d',
          proposes: { actionPlan: 'handlingsplan-2023-2026' },
        },
        {
          key: 'beslut',
          kind: 'decision',
          title: 'Beslut om åtgärder',
          question: 'Prioriteras åtgärderna?',
          body: 'styrgrupp',
          rule: { kind: 'majority' },
          due: 'start+14d',
          over: 'forslag',
          shows: ['forslag'],
          onChanges: { goTo: 'forslag', window: '7d' },
        },
      ],
    },
    {
      key: 'genomfora',
      title: 'Genomföra',
      steps: [
        {
          key: 'halvar',
          kind: 'tasks',
          title: 'Halvårsrapport',
          assignees: { kind: 'measureOwners', of: 'beslut', via: 'samordningsgrupp' },
          due: 'start+14d',
          shows: ['forslag'],
        },
      ],
    },
  ],
};

/** Three parties each hand in a task, then the whole styrgrupp approves: tasks, mail and votes in a few steps. */
/** Three samordningsgrupp seats hand in their material. */
const handIn = {
  key: 'underlag',
  kind: 'tasks' as const,
  title: 'Lämna underlag',
  assignees: {
    kind: 'seats' as const,
    seats: ['samordningsgrupp/polisen', 'samordningsgrupp/kriminalvarden', 'samordningsgrupp/storsthlm'],
  },
};

export function collectAndDecide(key: string): CycleDefinitionInput {
  return {
    key,
    name: `Insamling och beslut ${key}`,
    roles: { coordinator: 'samordningskoordinering/samordningskoordinator' },
    phases: [
      {
        key: 'insamling',
        title: 'Insamling',
        steps: [
          {
            ...handIn,
            due: 'start+10d',
            reminders: { before: ['3d'] },
          },
        ],
      },
      {
        key: 'beslut',
        title: 'Beslut',
        steps: [
          {
            key: 'beslut',
            kind: 'decision',
            title: 'Beslut om underlaget',
            question: 'Godkänner styrgruppen underlaget?',
            body: 'styrgrupp',
            rule: { kind: 'all' },
            due: 'start+14d',
          },
        ],
      },
    ],
  };
}

/**
 * A year of work paced by its due dates: the same three seats as collect-and-decide hand in by March, two follow up by October,
 * and the styrgrupp decides by December, with reminders before each.
 */
export function yearOfWork(key: string): CycleDefinitionInput {
  const reminders = { before: ['14d', '3d'], onTheDay: true };
  return {
    key,
    name: `Ett arbetsår ${key}`,
    roles: { coordinator: 'samordningskoordinering/samordningskoordinator' },
    phases: [
      {
        key: 'var',
        title: 'Vår',
        steps: [{ ...handIn, due: 'Y-03-01', reminders }],
      },
      {
        key: 'host',
        title: 'Höst',
        steps: [
          {
            key: 'uppfoljning',
            kind: 'tasks',
            title: 'Följ upp',
            assignees: { kind: 'seats', seats: ['samordningsgrupp/polisen', 'samordningsgrupp/storsthlm'] },
            due: 'Y-10-01',
            reminders,
          },
        ],
      },
      {
        key: 'beslut',
        title: 'Beslut',
        steps: [
          {
            key: 'beslut',
            kind: 'decision',
            title: 'Beslut om årets arbete',
            question: 'Godkänner styrgruppen årets arbete?',
            body: 'styrgrupp',
            rule: { kind: 'all' },
            due: 'Y-12-01',
            reminders,
          },
        ],
      },
    ],
  };
}
