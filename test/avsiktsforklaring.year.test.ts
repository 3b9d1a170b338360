import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import * as t from '../db/schema';
import { avsiktsforklaringText } from '../db/seed/cycles/avsiktsforklaring';
import { eventually, injectAs, signedInAs } from './support/app';
import { sha, openLink } from './support/signatures';
import { simulateWithMail, stepTasks, type MailSimulation } from './support/time-skipping';
import { recordHistories } from './support/histories';
import { wall } from './support/wall';

const DEFINITION = 'kvinnofrid-avsiktsforklaring';
const CYCLE = `cycle/${DEFINITION}/2027`;
const STEP = 'underskrift';
const API = `/api/cycles/${DEFINITION}/2027/signatures/${STEP}`;
const PAGE = `/cycles/${DEFINITION}/2027/signatures/${STEP}`;
const TASK_SUBJECT = 'Ny uppgift: Underteckna avsiktsförklaringen';
const coordinator = { kind: 'coordinator' } as const;
const seat = (slug: string) => ({ kind: 'seat', seat: slug }) as const;
/** Every party's member of the styrgrupp, who signs for it, by its organisation's key. Storsthlm does not sign in time. */
const HEADS = {
  aklagarmyndigheten: 'lars.holmgren@aklagarmyndigheten.example.org',
  kriminalvarden: 'johan.berglund@kriminalvarden.example.org',
  lansstyrelsen: 'karin.ekstrom@lansstyrelsen.example.org',
  polisen: 'maria.sandberg@polisen.example.org',
  'region-stockholm': 'eva.nystrom@region-stockholm.example.org',
  'stockholms-stad': 'anders.lundqvist@stockholms-stad.example.org',
  storsthlm: 'sofia.wallin@storsthlm.example.org',
};
type Party = keyof typeof HEADS;
const PARTIES = Object.keys(HEADS) as Party[];
const COORDINATOR = 'ulrika.strand@lansstyrelsen.example.org';
const REASON = 'Regionstyrelsen behöver besluta om åtagandet först.';

/**
 * Each party's commitment, on Temporal's time-skipping server with mail over real SMTP: the
 * shipped avsiktsförklaring is started by the coordinator, signed by every styrgrupp member
 * (one refusing first), one late after reminders and escalation, and signed by a party that joins
 * afterwards. Each test is one stage, in order, taking the simulation where the one before left it.
 */
describe('the avsiktsförklaring 2027', () => {
  let sim: MailSimulation;
  const to = (m: ParsedMail) => (m.to && 'value' in m.to ? m.to.value[0]!.address! : '');
  const linkIn = (m: ParsedMail) => /\/l\/([A-Za-z0-9_-]{43})/.exec(m.text ?? '')![1]!;
  const mailsTo = (address: string, subject: string) =>
    sim.smtp.messages.filter((m) => to(m) === address && (m.subject ?? '').startsWith(subject));
  const taskOf = async (party: string) => (await stepTasks(sim.db, CYCLE, STEP)).find((r) => r.seat === `styrgrupp/${party}`)!.task;
  const taskNow = (id: string) =>
    sim.db
      .select()
      .from(t.tasks)
      .where(eq(t.tasks.id, id))
      .then((rows) => rows[0]!);
  const doneTask = (id: string) =>
    eventually(async () => {
      const row = await taskNow(id);
      return row.status === 'done' ? row : undefined;
    });
  const signaturesOfTask = (id: string) =>
    sim.db.select().from(t.signatures).where(eq(t.signatures.taskId, id)).orderBy(asc(t.signatures.at));

  const linkOf = (party: Party) => openLink(sim.app, linkIn(mailsTo(HEADS[party], TASK_SUBJECT)[0]!));
  const signByApi = async (party: string, taskId: string) => {
    const res = await injectAs(sim.app, {
      method: 'POST',
      url: `/api/tasks/${taskId}/signature`,
      payload: { actor: seat(`styrgrupp/${party}`), outcome: 'signed', contentSha256: sha(avsiktsforklaringText) },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  /** The outbox's mail about one task, as [kind, address, Stockholm time], in time order. */
  const mailsOfTask = async (workflowId: string) =>
    (
      await sim.db
        .select()
        .from(t.mailOutbox)
        .where(eq(t.mailOutbox.targetKind, 'task'))
        .orderBy(asc(t.mailOutbox.scheduledAt), asc(t.mailOutbox.toAddress))
    )
      .filter((m) => m.key.startsWith(`${workflowId}:`))
      .map((m) => [m.kind, m.toAddress, wall(m.scheduledAt)]);

  beforeAll(async () => {
    sim = await simulateWithMail();
    // A Monday morning in January: the deadline and reminders fall on known days.
    await sim.until('2027-01-11 09:00');
  });
  afterAll(async () => sim?.stop());

  it('the coordinator starts the shipped definition through the API', async () => {
    const res = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: DEFINITION, year: 2027, actor: coordinator },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().id).toBe(CYCLE);
  });

  it('every styrgrupp seat gets a signature task, due three weeks after the start', async () => {
    const rows = await eventually(async () => {
      const r = await stepTasks(sim.db, CYCLE, STEP);
      return r.length === PARTIES.length ? r : undefined;
    });
    expect(rows.map((r) => r.seat)).toEqual(PARTIES.map((p) => `styrgrupp/${p}`));
    expect(rows.map((r) => [r.task.kind, r.task.status, wall(r.task.dueAt)])).toEqual(
      PARTIES.map(() => ['signature', 'open', '2027-02-01 23:59']),
    );
  });

  it("every seat's holder is mailed a personal link of its own", async () => {
    const mails = await eventually(async () => {
      const m = PARTIES.map((p) => mailsTo(HEADS[p], TASK_SUBJECT)[0]);
      return m.every(Boolean) ? (m as ParsedMail[]) : undefined;
    });
    expect(new Set(mails.map(linkIn)).size).toBe(PARTIES.length);
  });

  it("the link page shows the declaration's text and its SHA-256, and the two answers", async () => {
    const { page } = await linkOf('region-stockholm');
    expect(page.statusCode).toBe(200);
    for (const line of avsiktsforklaringText.split('\n').filter(Boolean)) expect(page.body).toContain(line);
    expect(page.body).toContain(sha(avsiktsforklaringText));
    expect(page.body).toContain('Underteckna');
    expect(page.body).toContain('Avböj');
  });

  it('a head who refuses gives a reason: the task stays open and the coordinator is mailed why', async () => {
    const { post } = await linkOf('region-stockholm');
    const refused = await post({ outcome: 'refused', reason: REASON, contentSha256: sha(avsiktsforklaringText) });
    expect(refused.statusCode, refused.body).toBe(200);
    expect((await taskOf('region-stockholm')).status).toBe('open');
    const told = await eventually(async () => mailsTo(COORDINATOR, 'Underskrift avböjd')[0]);
    expect(told.text).toContain(REASON);
  });

  it('the same head signs afterwards through the same link, and the task completes', async () => {
    await sim.until('2027-01-13 10:00');
    const { post } = await linkOf('region-stockholm');
    const signed = await post({ outcome: 'signed', contentSha256: sha(avsiktsforklaringText) });
    expect(signed.statusCode, signed.body).toBe(200);
    const done = await doneTask((await taskOf('region-stockholm')).id);
    expect(done.report).toBe('Undertecknad');
  });

  it('the others but Storsthlm sign, three through their links and two through the API', async () => {
    await sim.until('2027-01-14 10:00');
    for (const party of ['aklagarmyndigheten', 'kriminalvarden', 'lansstyrelsen'] as const) {
      const { post } = await linkOf(party);
      const res = await post({ outcome: 'signed', contentSha256: sha(avsiktsforklaringText) });
      expect(res.statusCode, res.body).toBe(200);
    }
    for (const party of ['polisen', 'stockholms-stad']) await signByApi(party, (await taskOf(party)).id);
    for (const party of PARTIES.filter((p) => p !== 'storsthlm')) await doneTask((await taskOf(party)).id);
    expect((await taskOf('storsthlm')).status).toBe('open');
  });

  it('each signature records the holder, the time, the SHA-256 of the text and the door', async () => {
    const holders = new Map((await sim.db.select().from(t.holders)).map((h) => [h.id, h.email]));
    const rows = [];
    for (const party of PARTIES.filter((p) => p !== 'storsthlm')) {
      const signed = (await signaturesOfTask((await taskOf(party)).id)).filter((s) => s.outcome === 'signed');
      rows.push(signed.map((s) => [party, holders.get(s.holderId!), wall(s.at), s.contentSha256, s.door]));
    }
    const text = sha(avsiktsforklaringText);
    expect(rows.flat()).toEqual([
      ['aklagarmyndigheten', HEADS.aklagarmyndigheten, '2027-01-14 10:00', text, 'link'],
      ['kriminalvarden', HEADS.kriminalvarden, '2027-01-14 10:00', text, 'link'],
      ['lansstyrelsen', HEADS.lansstyrelsen, '2027-01-14 10:00', text, 'link'],
      ['polisen', HEADS.polisen, '2027-01-14 10:00', text, 'api'],
      ['region-stockholm', HEADS['region-stockholm'], '2027-01-13 10:00', text, 'link'],
      ['stockholms-stad', HEADS['stockholms-stad'], '2027-01-14 10:00', text, 'api'],
    ]);
  });

  it('the refusal is kept beside the later signature, with its reason', async () => {
    const rows = await signaturesOfTask((await taskOf('region-stockholm')).id);
    expect(rows.map((s) => [s.outcome, s.reason, s.door])).toEqual([
      ['refused', REASON, 'link'],
      ['signed', null, 'link'],
    ]);
  });

  it('a seat that does not sign is reminded 14 and 3 days before, on the day and weekly after, and escalated after 3 days', async () => {
    await sim.until('2027-02-10 10:00');
    const late = await taskOf('storsthlm');
    expect(await mailsOfTask(late.workflowId)).toEqual([
      ['task', HEADS.storsthlm, '2027-01-11 09:00'],
      ['reminder', HEADS.storsthlm, '2027-01-18 08:00'],
      ['reminder', HEADS.storsthlm, '2027-01-29 08:00'],
      ['reminder', HEADS.storsthlm, '2027-02-01 08:00'],
      ['escalation', COORDINATOR, '2027-02-04 08:00'],
      ['overdue_reminder', HEADS.storsthlm, '2027-02-08 08:00'],
    ]);
  });

  it('the late seat signs after all, and the step and the cycle complete', async () => {
    await signByApi('storsthlm', (await taskOf('storsthlm')).id);
    // Polled, not awaited through the workflow's result: waiting on a result lets the test server skip time.
    const cycle = await eventually(async () => {
      const [row] = await sim.db.select().from(t.cycles).where(eq(t.cycles.id, CYCLE));
      return row?.status === 'completed' ? row : undefined;
    });
    expect((cycle.steps as { key: string; status: string }[]).map((s) => [s.key, s.status])).toEqual([[STEP, 'done']]);
    expect(wall(cycle.closedAt)).toBe('2027-02-10 10:00');
    expect((await sim.env.client.workflow.getHandle(CYCLE).describe()).status.name).toBe('COMPLETED');
  });

  /** Who signed for each party and when, as the who-signed page and its JSON give them. */
  const SIGNED = [
    ['Kriminalvården', 'Johan Berglund', '2027-01-14 10:00'],
    ['Länsstyrelsen i Stockholms län', 'Karin Ekström', '2027-01-14 10:00'],
    ['Polismyndigheten, region Stockholm', 'Maria Sandberg', '2027-01-14 10:00'],
    ['Region Stockholm', 'Eva Nyström', '2027-01-13 10:00'],
    ['Stockholms stad', 'Anders Lundqvist', '2027-01-14 10:00'],
    ['Storsthlm (företräder länets 26 kommuner)', 'Sofia Wallin', '2027-02-10 10:00'],
    ['Åklagarmyndigheten', 'Lars Holmgren', '2027-01-14 10:00'],
  ];
  type Row = {
    organisation: string;
    status: string;
    signed?: { holder: string; at: string; contentSha256: string };
    refusals: { reason: string }[];
  };
  const signedRows = (rows: Row[]) =>
    rows
      .map((r) => [r.organisation, r.signed?.holder, wall(r.signed?.at), r.signed?.contentSha256, r.status])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'sv'));

  it("the who-signed JSON lists every party with its signer's name, the time and the hash", async () => {
    const res = await injectAs(sim.app, { method: 'GET', url: API });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.contentSha256).toBe(sha(avsiktsforklaringText));
    expect(signedRows(body.rows)).toEqual(SIGNED.map((r) => [...r, sha(avsiktsforklaringText), 'done']));
    expect(
      body.rows.find((r: Row) => r.organisation === 'Region Stockholm').refusals.map((r: Row['refusals'][number]) => r.reason),
    ).toEqual([REASON]);
    expect(body.joining).toEqual([]);
  });

  it('the who-signed page shows each signer and when, and the refusal with its reason', async () => {
    const page = await injectAs(sim.app, { method: 'GET', url: PAGE });
    expect(page.statusCode).toBe(200);
    for (const [, name] of SIGNED) expect(page.body).toContain(`${name}, `);
    expect(page.body).toContain('Eva Nyström, 13 januari 2027 kl. 10:00');
    expect(page.body).toContain('Sofia Wallin, 10 februari 2027 kl. 10:00');
    expect(page.body).toContain(REASON);
    expect(page.body).not.toContain('Inte ännu');
  });

  it("is readable by a styrgrupp member, not by another body's seat", async () => {
    expect((await injectAs(sim.app, { method: 'GET', url: PAGE }, seat('styrgrupp/polisen'))).statusCode).toBe(200);
    expect((await injectAs(sim.app, { method: 'GET', url: API }, seat('samordningsgrupp/polisen'))).statusCode).toBe(404);
  });

  const JOINER = 'sara.ek@sodertalje.example.org';

  it('a party that joins the styrgrupp through the register is offered on the page for a signature', async () => {
    const org = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/admin/organisations',
      payload: { name: 'Södertälje kommun', shortName: 'Södertälje', kind: 'municipality', joinedOn: '2027-02-10' },
    });
    expect(org.statusCode, org.body).toBe(201);
    const member = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/admin/bodies/styrgrupp/seats',
      payload: {
        organisation: 'sodertalje',
        title: 'Ledamot i styrgruppen',
        mandate: 'member',
        holder: { name: 'Sara Ek', email: JOINER, validFrom: '2027-02-10' },
      },
    });
    expect(member.statusCode, member.body).toBe(201);
    expect((await injectAs(sim.app, { method: 'GET', url: API })).json().joining).toEqual([
      { seat: 'styrgrupp/sodertalje', organisation: 'Södertälje kommun' },
    ]);
  });

  it('the coordinator asks it to sign on the page, and its head is mailed a link', async () => {
    const coordinatorBrowser = await signedInAs(sim.app);
    const page = await sim.app.inject({ method: 'GET', url: PAGE, headers: { cookie: coordinatorBrowser.cookie } });
    expect(page.body).toContain('Be Södertälje kommun om underskrift');
    const asked = await sim.app.inject({
      method: 'POST',
      url: `${PAGE}/ask`,
      headers: { cookie: coordinatorBrowser.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: coordinatorBrowser.csrf, seat: 'styrgrupp/sodertalje' }).toString(),
    });
    expect(asked.statusCode, asked.body).toBe(303);
    await eventually(async () => mailsTo(JOINER, TASK_SUBJECT)[0]);
  });

  it("the joining party has the step's three weeks from the ask, and is reminded as the step says", async () => {
    const joined = await eventually(async () => (await stepTasks(sim.db, CYCLE, STEP)).find((r) => r.seat === 'styrgrupp/sodertalje'));
    expect([joined.task.kind, wall(joined.task.dueAt)]).toEqual(['signature', '2027-03-03 23:59']);
    await sim.until('2027-02-18 10:00');
    expect(await mailsOfTask(joined.task.workflowId)).toEqual([
      ['task', JOINER, '2027-02-10 10:00'],
      ['reminder', JOINER, '2027-02-17 08:00'],
    ]);
  });

  it('the joining party signs through its link, and the page lists it with its signer', async () => {
    const { page, post } = await openLink(sim.app, linkIn(mailsTo(JOINER, TASK_SUBJECT)[0]!));
    expect(page.body).toContain(sha(avsiktsforklaringText));
    const res = await post({ outcome: 'signed', contentSha256: sha(avsiktsforklaringText) });
    expect(res.statusCode, res.body).toBe(200);
    const body = await eventually(async () => {
      const json = (await injectAs(sim.app, { method: 'GET', url: API })).json();
      return json.rows.some((r: { organisation: string; status: string }) => r.organisation === 'Södertälje kommun' && r.status === 'done')
        ? json
        : undefined;
    });
    const joined = body.rows.find((r: { organisation: string }) => r.organisation === 'Södertälje kommun');
    expect([joined.signed.holder, joined.signed.contentSha256]).toEqual(['Sara Ek', sha(avsiktsforklaringText)]);
    expect(body.rows).toHaveLength(PARTIES.length + 1);
    expect((await injectAs(sim.app, { method: 'GET', url: PAGE })).body).toContain('Sara Ek');
  });

  // Recording writes new files into test/histories: it runs only when asked, and is not a test otherwise.
  if (process.env.RECORD_HISTORIES) {
    it("records the declaration's histories for the replay test", async () => {
      await recordHistories(sim.env.client, [
        { name: 'kvinnofrid-2027-avsiktsforklaring-cycle', workflowId: CYCLE },
        { name: 'kvinnofrid-2027-avsiktsforklaring-task-late', workflowId: (await taskOf('storsthlm')).workflowId },
      ]);
    });
  }
});
