import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eventually, injectAs } from './app';
import { stepTasks } from './time-skipping';
import type { Db } from '../../db/client';
import * as t from '../../db/schema';
import { cycleDefinition, type CycleDefinitionInput } from '../../core/definition';
import { saveDefinitionVersion } from '../../db/queries/definitions';
import type { FormFieldsInput } from '../../core/form-fields';

/** A small form step: a required name, a text of at most 1000 characters, a choice, and contact rows. */
export const formCycle: CycleDefinitionInput = {
  key: 'formulartest',
  name: 'Formulärtest',
  roles: { coordinator: 'samordningskoordinering/samordningskoordinator' },
  phases: [
    {
      key: 'ansokan',
      title: 'Ansökan',
      steps: [
        {
          key: 'ansokan',
          kind: 'form',
          title: 'Ansökan om medel',
          due: 'start+14d',
          assignees: { kind: 'seats', seats: ['samordningsgrupp/polisen'] },
          receiver: 'styrgrupp',
          prefill: 'previous',
          fields: [
            { kind: 'text', key: 'projekt', label: { sv: 'Projektets namn', en: 'Project name' }, required: true, maxChars: 120 },
            {
              kind: 'longText',
              key: 'beskrivning',
              label: { sv: 'Beskrivning', en: 'Description' },
              help: { sv: 'Högst 1000 tecken.', en: 'At most 1000 characters.' },
              maxChars: 1000,
            },
            {
              kind: 'choice',
              key: 'omfattning',
              label: { sv: 'Omfattning', en: 'Scope' },
              options: [
                { value: 'lan', label: { sv: 'Hela länet', en: 'The whole county' } },
                { value: 'kommun', label: { sv: 'En kommun', en: 'One municipality' } },
              ],
            },
            {
              kind: 'group',
              key: 'kontakter',
              label: { sv: 'Kontaktpersoner', en: 'Contacts' },
              maxRows: 3,
              fields: [
                { kind: 'text', key: 'namn', label: { sv: 'Namn', en: 'Name' } },
                { kind: 'email', key: 'epost', label: { sv: 'E-post', en: 'E-mail' } },
              ],
            },
          ],
        },
      ],
    },
  ],
};

/** The small form under another key, with more fields after its own. */
export function formCycleWith(key: string, fields: FormFieldsInput): CycleDefinitionInput {
  return {
    ...formCycle,
    key,
    phases: formCycle.phases.map((p) => ({
      ...p,
      steps: p.steps.map((s) => (s.kind === 'form' ? { ...s, fields: [...s.fields, ...fields] } : s)),
    })),
  };
}

/** A form for a task already in the database, on a cycle of the form definition recorded without its workflow. */
export async function recordForm(db: Db, task: { id: string; seatId: string }): Promise<string> {
  const cycleId = `cycle/${formCycle.key}/2027`;
  const [cycle] = await db.select().from(t.cycles).where(eq(t.cycles.id, cycleId));
  if (!cycle) {
    const definition = await saveDefinitionVersion(db, cycleDefinition.parse(formCycle));
    await db.insert(t.cycles).values({ id: cycleId, definitionId: definition.id, year: 2027 });
  }
  await db.update(t.tasks).set({ kind: 'form', cycleId, stepKey: 'ansokan' }).where(eq(t.tasks.id, task.id));
  const [form] = await db
    .insert(t.formInstances)
    .values({ cycleId, stepKey: 'ansokan', seatId: task.seatId, taskId: task.id })
    .returning({ id: t.formInstances.id });
  return form!.id;
}

/** Uploads a form definition (the small one unless given), starts its 2027 cycle as the coordinator, and waits for the seat's form task. */
export async function startFormCycle(app: FastifyInstance, db: Db, definition: CycleDefinitionInput = formCycle): Promise<string> {
  const coordinator = { kind: 'coordinator' };
  const uploaded = await injectAs(app, { method: 'POST', url: '/api/definitions', payload: { definition, actor: coordinator } });
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  const started = await injectAs(app, {
    method: 'POST',
    url: '/api/cycles',
    payload: { definition: definition.key, year: 2027, actor: coordinator },
  });
  expect(started.statusCode, started.body).toBe(201);
  return (await eventually(async () => (await stepTasks(db, `cycle/${definition.key}/2027`, 'ansokan'))[0]?.task)).id;
}
