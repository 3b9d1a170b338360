import { createHash } from 'node:crypto';
import type { CycleDefinitionInput } from '../../core/definition';
import type { FormFieldsInput } from '../../core/form-fields';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Db } from '../../db/client';
import * as t from '../../db/schema';
import { findSeat } from '../../db/queries/directory';
import { csrfOfPage, eventually, injectAs, signedInAs } from './app';
import { expect } from 'vitest';
import type { CaughtMail } from './smtp';

/** A cycle with a form step signed by the head of the filler's organisation, and a signature step beside it. */
export const FILLER = 'samordningsgrupp/polisen';
export const SIGNER = 'styrgrupp/polisen';
export const TEXT = 'Vi förbinder oss att arbeta mot våld i nära relationer.\nUndertecknat för organisationen.';
export const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export const fields = [
  { key: 'namn', kind: 'text', label: { sv: 'Organisationens namn', en: 'Name' }, required: true },
  { key: 'plan', kind: 'longText', maxChars: 1000, label: { sv: 'Plan för året', en: 'Plan' } },
  { key: 'samtycke', kind: 'tick', label: { sv: 'Vi samtycker', en: 'We agree' }, required: true },
] satisfies FormFieldsInput;

/** A form step signed by the head of the filler's organisation, and a signature step for the styrgrupp beside it. */
export const signatureCycle: CycleDefinitionInput = {
  key: 'underskrifter',
  name: 'Underskrifter',
  roles: { coordinator: 'samordningskoordinering/samordningskoordinator' },
  phases: [
    {
      key: 'arbete',
      title: 'Arbete',
      steps: [
        {
          key: 'ansokan',
          kind: 'form',
          title: 'Ansökan',
          due: 'start+30d',
          assignees: { kind: 'seats', seats: [FILLER] },
          fields,
          signedBy: { body: 'styrgrupp' },
        },
        {
          key: 'avsikt',
          kind: 'signature',
          title: 'Avsiktsförklaring',
          concurrent: true,
          due: 'start+30d',
          assignees: { kind: 'body', body: 'styrgrupp' },
          text: TEXT,
        },
      ],
    },
  ],
} as never;

/** The form step alone, submitted to the styrgrupp, which sees the submissions and may reopen one. */
export const receivedCycle: CycleDefinitionInput = {
  ...signatureCycle,
  key: 'signerat',
  name: 'Signerat',
  phases: [{ ...signatureCycle.phases[0]!, steps: [{ ...signatureCycle.phases[0]!.steps[0]!, receiver: 'styrgrupp' }] }],
} as never;

/** The form step's task, once the cycle has started it. */
export const formTaskOf = (db: Db) =>
  eventually(async () => {
    const [row] = await db
      .select()
      .from(t.tasks)
      .where(and(eq(t.tasks.cycleId, 'cycle/underskrifter/2027'), eq(t.tasks.kind, 'form')));
    return row;
  });

/** A draft version of the filler's form for the form step's task, as the form page would make it. */
export async function draftForm(db: Db, task: t.Task, values: Record<string, unknown>, version: number) {
  const seat = (await findSeat(db, FILLER))!;
  const [row] = await db
    .insert(t.formInstances)
    .values({
      cycleId: 'cycle/underskrifter/2027',
      stepKey: 'ansokan',
      seatId: seat.id,
      organisationId: seat.organisationId,
      taskId: task.id,
      version,
      values: values as never,
    })
    .returning();
  return row!;
}

/** A link page opened and answered as a mail reader's browser does, with the CSRF cookie the page set. */
export async function openLink(app: FastifyInstance, token: string) {
  const page = await app.inject({ method: 'GET', url: `/l/${token}`, headers: { 'user-agent': 'Mozilla/5.0' } });
  const { token: csrf, cookie } = csrfOfPage(page);
  const post = (form: Record<string, string>): Promise<LightMyRequestResponse> =>
    app.inject({
      method: 'POST',
      url: `/l/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
    });
  return { page, post };
}

/** Uploads a definition and starts its 2027 cycle as the coordinator; gives a wait for its form task, once started. */
export async function startCycleOf(app: FastifyInstance, db: Db, definition: CycleDefinitionInput) {
  for (const [url, payload] of [
    ['/api/definitions', { definition, actor: { kind: 'coordinator' } }],
    ['/api/cycles', { definition: definition.key, year: 2027, actor: { kind: 'coordinator' } }],
  ] as const) {
    const res = await injectAs(app, { method: 'POST', url, payload });
    expect(res.statusCode, res.body).toBe(201);
  }
  return () =>
    eventually(async () => {
      const [row] = await db
        .select()
        .from(t.tasks)
        .where(and(eq(t.tasks.cycleId, `cycle/${definition.key}/2027`), eq(t.tasks.kind, 'form')));
      return row;
    });
}

/** A page's form posted as a signed-in browser posts it, with the session's CSRF token. */
export const postAs = (app: FastifyInstance, as: { cookie: string; csrf: string }, url: string, form: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url,
    headers: { cookie: as.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: as.csrf, ...form }).toString(),
  });

/** A draft saved from the form page, its fields named as there (`v.<key>`). */
export const saveDraft = (app: FastifyInstance, as: { cookie: string; csrf: string }, formId: string, values: Record<string, string>) =>
  postAs(app, as, `/forms/${formId}`, { action: 'save', ...Object.fromEntries(Object.entries(values).map(([k, x]) => [`v.${k}`, x])) });

/**
 * The next link mailed to the signer seat's holder that the test has not seen yet: each request's
 * mail is told apart by its new link, whenever it arrives.
 */
export function signerLinks(sim: { db: Db; smtp: CaughtMail }): () => Promise<string> {
  const seen = new Set<string>();
  return () =>
    eventually(async () => {
      const seat = (await findSeat(sim.db, SIGNER))!;
      const [signer] = await sim.db.select().from(t.holders).where(eq(t.holders.seatId, seat.id));
      const mails = sim.smtp.messages.filter((m) => m.to && 'value' in m.to && m.to.value[0]!.address === signer!.email);
      const tokens = mails.map((m) => /\/l\/([A-Za-z0-9_-]{43})/.exec(m.text ?? '')?.[1]).filter((x) => x !== undefined);
      const fresh = tokens.find((x) => !seen.has(x));
      if (fresh) seen.add(fresh);
      return fresh;
    });
}

/** The receiving cycle started, its filler signed in, and the filler's form opened from the task, as the task page opens it. */
export async function fillersForm(app: FastifyInstance, db: Db) {
  const task = await (await startCycleOf(app, db, receivedCycle))();
  const filler = await signedInAs(app, FILLER);
  const opened = await app.inject({ method: 'GET', url: `/tasks/${task.id}/form`, headers: { cookie: filler.cookie } });
  return { filler, formId: /\/forms\/([0-9a-f-]{36})/.exec(opened.headers.location as string)![1]! };
}

/** Another draft version of the same seat's form, outside its task, as a reopening makes one. */
export async function draftCopy(db: Db, formId: string, version: number) {
  const [form] = await db.select().from(t.formInstances).where(eq(t.formInstances.id, formId));
  const [next] = await db
    .insert(t.formInstances)
    .values({ ...form!, id: undefined, version, state: 'draft', taskId: null, contentSha256: null, submittedAt: null })
    .returning();
  return next!.id;
}
