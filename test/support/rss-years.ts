import { expect } from 'vitest';
import { and, asc, eq, like } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import * as t from '../../db/schema';
import { csrfOfPage, eventually, injectAs } from './app';
import { stepTasks, type MailSimulation } from './time-skipping';
import { wall } from './wall';

/**
 * SKR's RSS programme driven as its people would: each county's RSS coordinator fills in its form
 * through the API, the county's head signs through the mailed link, SKR decides. Shared by the
 * tests that run the programme's years.
 */

export type County = 'stockholm' | 'skane' | 'gotland';
export const COUNTIES: County[] = ['stockholm', 'skane', 'gotland'];
export const rss = (county: County) => ({ kind: 'seat', seat: `rss/${county}` }) as const;
export const SKR = { kind: 'seat', seat: 'skr/samordnare' } as const;
export const coordinator = { kind: 'coordinator' } as const;
export const cycleOf = (year: number) => `cycle/skr-rss/${year}`;

const goals = (year: number) =>
  Object.fromEntries(
    ['honour', 'integration', 'development', 'followUp'].flatMap((area) => [
      [`${area}Goal`, `Treårsmål för ${area}.`],
      [`${area}Priority`, `Prioritering ${year} för ${area}.`],
    ]),
  );

/** An application complete enough to be signed and submitted. */
export const application = (county: County, year: number) => ({
  county,
  organisation: `RSS ${county}`,
  contacts: [{ name: `Samordnare ${county}`, email: `samordnare.${county}@example.se` }],
  staffing: true,
  network: true,
  reporting: true,
  ...goals(year),
  plan: 'template',
  supportWanted: `Nätverksträffar ${year}.`,
});

/** A re-report of the year's work and what it cost. */
export const reReport = (county: County, year: number, costs: number) => ({
  county,
  organisation: `RSS ${county}`,
  ...Object.fromEntries(['honour', 'integration', 'development', 'followUp'].map((a) => [`${a}Done`, `Gjort ${year} inom ${a}.`])),
  costs,
});

type Json = Record<string, unknown>;

export function programme(sim: MailSimulation) {
  const ok = async (res: { statusCode: number; body: string; json: () => unknown }, status = 200) => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as Json;
  };
  const to = (m: ParsedMail) => (m.to && 'value' in m.to ? m.to.value[0]!.address! : '');
  const mailsTo = (address: string, subject: string) =>
    sim.smtp.messages.filter((m) => to(m) === address && (m.subject ?? '').startsWith(subject));
  /** The `n`th mail (from 0) to an address with a subject, once the outbox has sent it. */
  const mailTo = (address: string, subject: string, n: number) => eventually(async () => mailsTo(address, subject)[n]);
  const linkIn = (m: ParsedMail) => /\/l\/([A-Za-z0-9_-]{43})/.exec(m.text ?? '')![1]!;

  const api = {
    mailsTo,
    mailTo,
    get: async (url: string, as: object = coordinator) => ok(await injectAs(sim.app, { method: 'GET', url }, as as never)),
    post: async (url: string, payload: Json, status = 200) => ok(await injectAs(sim.app, { method: 'POST', url, payload }), status),
    /** The open or done tasks of a year's form step, once its workflow has made all three. */
    tasks: (year: number, step: string) =>
      eventually(async () => ((rows) => (rows.length === 3 ? rows : undefined))(await stepTasks(sim.db, cycleOf(year), step))),
    /** The county's form of a step, opened from its task as the task page's link does. */
    async openForm(year: number, step: string, county: County): Promise<string> {
      const task = (await api.tasks(year, step)).find((x) => x.seat === `rss/${county}`)!.task;
      const res = await injectAs(sim.app, { method: 'GET', url: `/tasks/${task.id}/form` }, rss(county));
      expect(res.statusCode, res.body).toBe(303);
      return /\/forms\/([0-9a-f-]{36})/.exec(res.headers.location as string)![1]!;
    },
    form: (id: string, as: object = coordinator) => api.get(`/api/forms/${id}`, as),
    save: async (id: string, county: County, values: Json) =>
      ok(await injectAs(sim.app, { method: 'PUT', url: `/api/forms/${id}`, payload: { values, actor: rss(county) } })),
    /** Sends the form to the county's head; resolves with the hash and the link of the mail it sent. */
    async requestSignature(id: string, county: County) {
      const address = `chef.${county}@example.se`;
      const before = mailsTo(address, 'Att underteckna').length;
      const { contentSha256 } = await api.post(`/api/forms/${id}/signature-request`, { actor: rss(county) });
      return { contentSha256: contentSha256 as string, token: linkIn(await mailTo(address, 'Att underteckna', before)) };
    },
    /** The head's answer through the mailed link, as their browser posts it; resolves with the page they read. */
    async answerByLink(token: string, answer: Record<string, string>) {
      const page = await sim.app.inject({ method: 'GET', url: `/l/${token}`, headers: { 'user-agent': 'Mozilla/5.0' } });
      expect(page.statusCode, page.body).toBe(200);
      const { token: csrf, cookie } = csrfOfPage(page);
      const res = await sim.app.inject({
        method: 'POST',
        url: `/l/${token}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        payload: new URLSearchParams({ _csrf: csrf, ...answer }).toString(),
      });
      expect(res.statusCode, res.body).toBe(200);
      return page.body;
    },
    submit: (id: string, county: County) => api.post(`/api/forms/${id}/submit`, { actor: rss(county) }),
    /** Saves, has the head sign through the mailed link exactly what was saved, and submits. */
    async fillSignSubmit(id: string, county: County, values: Json) {
      await api.save(id, county, values);
      const { contentSha256, token } = await api.requestSignature(id, county);
      await api.answerByLink(token, { outcome: 'signed', contentSha256 });
      return api.submit(id, county);
    },
    /** A decision step's decision of a year, once its workflow has opened it. */
    decision: (year: number, step: string) =>
      eventually(async () => {
        const [d] = await sim.db
          .select()
          .from(t.decisions)
          .where(and(eq(t.decisions.cycleId, cycleOf(year)), eq(t.decisions.stepKey, step)));
        return d;
      }),
    /** Votes as SKR once the decision's workflow has opened it, and waits for it to be closed. */
    async skrApproves(decisionId: string) {
      await eventually(async () => (await sim.db.select().from(t.decisions).where(eq(t.decisions.id, decisionId)))[0]);
      await api.post(`/api/decisions/${decisionId}/votes`, { choice: 'approve', actor: SKR });
      return eventually(async () => {
        const [d] = await sim.db.select().from(t.decisions).where(eq(t.decisions.id, decisionId));
        return d?.status === 'closed' ? d : undefined;
      });
    },
    /** Every mail a task's workflow wrote, as [kind, address, Stockholm time], in time order. */
    outbox: async (workflowId: string) =>
      (
        await sim.db
          .select()
          .from(t.mailOutbox)
          .where(like(t.mailOutbox.key, `${workflowId}:%`))
          .orderBy(asc(t.mailOutbox.scheduledAt), asc(t.mailOutbox.toAddress))
      ).map((m) => [m.kind, m.toAddress, wall(m.scheduledAt)]),
    overview: async (year: number, step = 'ansokan') =>
      ((await api.get(`/api/cycles/skr-rss/${year}/forms/${step}`, SKR)).rows as Json[]).map((r) => [
        r.seat,
        r.state,
        r.version,
        r.amountSek,
      ]),
  };
  return api;
}
