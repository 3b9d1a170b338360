import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { simulate, stepTasks, type Simulation } from './support/time-skipping';
import { eventually, injectAs } from './support/app';
import { proposalCycle as definition } from './support/definitions';

const KEY = definition.key;
const CYCLE = `cycle/${KEY}/2027`;
const coordinator = { kind: 'coordinator' } as const;
const seat = (slug: string) => ({ kind: 'seat', seat: slug }) as const;
const CHAIR = definition.roles!.chair!;

/** A multipart/form-data body with one file in the field `file`. */
function multipart(name: string, type: string, content: Buffer) {
  const boundary = `----arshjul${content.length}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * Work that travels, on real Temporal and PostgreSQL: a proposal's text, file and chosen measures
 * reach the decision over them, round 2 carries round 1's comments and what changed, and the
 * selected measures alone get the next step's tasks, joint measures one shared task.
 */
describe('step outputs and decisions that select', () => {
  let sim: Simulation;
  const measures = new Map<string, string>();
  const id = (code: string) => measures.get(code)!;

  beforeAll(async () => {
    sim = await simulate();
    for (const m of await sim.db.select().from(t.measures)) measures.set(m.code, m.id);
    const uploaded = await injectAs(sim.app, { method: 'POST', url: '/api/definitions', payload: { definition, actor: coordinator } });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const started = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: KEY, year: 2027, actor: coordinator },
    });
    expect(started.statusCode, started.body).toBe(201);
  }, 60_000);
  afterAll(async () => sim?.stop());

  const request = async (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: object,
    status = 200,
    as?: { kind: string; seat?: string },
  ) => {
    const res = await injectAs(sim.app, { method, url, payload }, as);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    return res.json();
  };
  const upload = (taskId: string, name: string, type: string, content: Buffer, as = CHAIR) =>
    injectAs(
      sim.app,
      { method: 'POST', url: `/api/tasks/${taskId}/attachments?seat=${encodeURIComponent(as)}`, ...multipart(name, type, content) },
      seat(as),
    );
  const openTask = (stepKey: string, round: number) =>
    eventually(async () => (await stepTasks(sim.db, CYCLE, stepKey)).find((x) => x.task.round === round && x.task.status === 'open')?.task);
  const decision = (round: number) =>
    eventually(async () => {
      const [d] = await sim.db
        .select()
        .from(t.decisions)
        .where(and(eq(t.decisions.cycleId, CYCLE), eq(t.decisions.round, round)));
      return d;
    });
  const vote = (decisionId: string, org: string, body: object) =>
    request('POST', `/api/decisions/${decisionId}/votes`, { ...body, actor: seat(`styrgrupp/${org}`) });

  it('refuses a file too large or of a type not allowed, naming the field, and stores nothing', async () => {
    const task = await openTask('forslag', 1);
    const large = await upload(task.id, 'stor.pdf', 'application/pdf', Buffer.alloc(10 * 1024 * 1024 + 1, 1));
    expect(large.statusCode).toBe(400);
    expect(large.json()).toMatchObject({ message: 'file: filen är större än 10 MB', field: 'file' });
    const program = await upload(task.id, 'program.exe', 'application/x-msdownload', Buffer.from('MZ'));
    expect(program.statusCode).toBe(400);
    expect(program.json().message).toMatch(/^file: filtypen för "program.exe" är inte tillåten; tillåtna är pdf, docx/);
    expect(await sim.db.select().from(t.attachments).where(eq(t.attachments.taskId, task.id))).toEqual([]);
  });

  it('refuses a proposal that chooses no measure, or one outside the action plan', async () => {
    const task = await openTask('forslag', 1);
    const none = await request('POST', `/api/tasks/${task.id}/complete`, { report: 'Förslag.', actor: seat(CHAIR) }, 400);
    expect(none.message).toBe('choices.measureIds: välj minst en åtgärd i handlingsplanen');
    const stranger = await request(
      'POST',
      `/api/tasks/${task.id}/complete`,
      { report: 'Förslag.', choices: { measureIds: [task.id] }, actor: seat(CHAIR) },
      400,
    );
    expect(stranger.message).toBe('choices.measureIds: en vald åtgärd finns inte i handlingsplanen');
  });

  it('gives the decision over a proposal its file, text and chosen measures as candidates', async () => {
    const task = await openTask('forslag', 1);
    const file = await upload(task.id, 'underlag.pdf', 'application/pdf', Buffer.from('%PDF-1.7 underlag'));
    expect(file.statusCode, file.body).toBe(201);
    const chosen = ['1.1', '2.1', '3.2', '4.1', '5.1', '7.2'].map(id);
    await request('POST', `/api/tasks/${task.id}/complete`, {
      report: 'Förslag:\nprioritera sex åtgärder.',
      choices: { measureIds: chosen },
      actor: seat(CHAIR),
    });
    const d = await decision(1);
    const json = await request('GET', `/api/decisions/${d.id}`);
    expect(json.candidates.map((m: { code: string }) => m.code)).toEqual(['1.1', '2.1', '3.2', '4.1', '5.1', '7.2']);
    expect(json.shows).toHaveLength(1);
    expect(json.shows[0]).toMatchObject({
      stepKey: 'forslag',
      stepTitle: 'Förslag',
      version: 1,
      text: 'Förslag:\nprioritera sex åtgärder.',
      attachments: [{ id: file.json().id, name: 'underlag.pdf', contentType: 'application/pdf', size: 17 }],
      by: { seatTitle: expect.any(String), organisationName: expect.any(String) },
    });
    expect(json.shows[0].measures).toHaveLength(6);
    const download = await injectAs(sim.app, { method: 'GET', url: `/api/attachments/${file.json().id}` });
    expect([download.statusCode, download.headers['content-disposition'], download.body]).toEqual([
      200,
      "attachment; filename*=UTF-8''underlag.pdf",
      '%PDF-1.7 underlag',
    ]);
  });

  it('runs round 2 after "changes", showing round 1\'s comments and what changed', async () => {
    const d = await decision(1);
    const outside = await injectAs(sim.app, {
      method: 'POST',
      url: `/api/decisions/${d.id}/votes`,
      payload: { choice: 'approve', approvedMeasureIds: [id('8.1')], actor: seat('styrgrupp/polisen') },
    });
    expect([outside.statusCode, outside.json().message]).toEqual([400, 'approvedMeasureIds: en åtgärd finns inte bland de föreslagna']);
    await vote(d.id, 'lansstyrelsen', {
      choice: 'changes',
      comment: 'Färre åtgärder.',
      itemComments: { [id('7.2')]: 'Kan vänta ett år.' },
    });
    await vote(d.id, 'polisen', { choice: 'changes', comment: 'Lägg till 8.1.' });
    await vote(d.id, 'region-stockholm', { choice: 'changes', comment: 'Tydligare ägare.' });
    expect(await vote(d.id, 'storsthlm', { choice: 'changes', comment: 'Ja, färre.' })).toMatchObject({
      status: 'closed',
      outcome: 'changes_requested',
    });

    const again = await openTask('forslag', 2);
    const task = await request('GET', `/api/tasks/${again.id}`);
    expect(task.previousRound.comments.map((c: { voter: { organisationName: string }; comment: string }) => c.comment)).toEqual([
      'Färre åtgärder.',
      'Lägg till 8.1.',
      'Tydligare ägare.',
      'Ja, färre.',
    ]);
    expect(task.previousRound.comments[0]).toMatchObject({
      choice: 'changes',
      itemComments: { [id('7.2')]: 'Kan vänta ett år.' },
      voter: { organisationName: 'Länsstyrelsen' },
    });

    const chosen = ['1.1', '2.1', '3.2', '4.1', '5.1', '8.1'].map(id);
    await request('POST', `/api/tasks/${again.id}/complete`, {
      report: 'Förslag:\nprioritera sex åtgärder, 8.1 i stället för 7.2.',
      choices: { measureIds: chosen },
      actor: seat(CHAIR),
    });
    const second = await decision(2);
    const json = await request('GET', `/api/decisions/${second.id}`);
    expect(json.shows.map((s: { version: number }) => s.version)).toEqual([2]);
    expect(json.previousRound.diff).toMatchObject({
      fromVersion: 1,
      toVersion: 2,
      lines: [
        { op: 'same', text: 'Förslag:' },
        { op: 'del', text: 'prioritera sex åtgärder.' },
        { op: 'add', text: 'prioritera sex åtgärder, 8.1 i stället för 7.2.' },
      ],
    });
    expect(json.candidates.map((m: { code: string }) => m.code)).toEqual(['1.1', '2.1', '3.2', '4.1', '5.1', '8.1']);
  });

  it('selects the candidates a majority of approving votes approved; only their owners get the next step, a joint measure one shared task', async () => {
    const d = await decision(2);
    const four = ['2.1', '3.2', '5.1', '8.1'].map(id);
    await vote(d.id, 'lansstyrelsen', { choice: 'approve', approvedMeasureIds: four });
    await vote(d.id, 'polisen', { choice: 'approve', approvedMeasureIds: [...four, id('1.1')] });
    await vote(d.id, 'region-stockholm', { choice: 'approve', approvedMeasureIds: four.slice(0, 3).concat(id('4.1')) });
    const closed = await vote(d.id, 'storsthlm', { choice: 'approve', approvedMeasureIds: four, itemComments: { [id('8.1')]: 'Viktig.' } });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'approved' });
    const json = await request('GET', `/api/decisions/${d.id}`);
    expect(json.selected.map((m: { code: string }) => m.code)).toEqual(['2.1', '3.2', '5.1', '8.1']);
    expect(json.votes.find((v: { itemComments: object }) => Object.keys(v.itemComments).length).itemComments).toEqual({
      [id('8.1')]: 'Viktig.',
    });

    const tasks = await eventually(async () => {
      const rows = await stepTasks(sim.db, CYCLE, 'halvar');
      return rows.length === 4 ? rows : undefined;
    });
    const byCode = new Map(tasks.map((x) => [x.task.title.split(': ')[1]!.split(' ')[0]!, x]));
    expect([...byCode.keys()].sort()).toEqual(['2.1', '3.2', '5.1', '8.1']);
    const seatIds = new Map((await sim.db.select().from(t.seats)).map((s) => [s.slug, s.id]));
    const sg = (org: string) => seatIds.get(`samordningsgrupp/${org}`)!;
    // 2.1 is Kriminalvården's alone; 5.1 is shared by Polisen (lead) and Åklagarmyndigheten.
    expect([byCode.get('2.1')!.seat, byCode.get('2.1')!.task.coSeatIds]).toEqual(['samordningsgrupp/kriminalvarden', []]);
    expect([byCode.get('5.1')!.seat, byCode.get('5.1')!.task.coSeatIds]).toEqual(['samordningsgrupp/polisen', [sg('aklagarmyndigheten')]]);
    expect(byCode.get('8.1')!.task.coSeatIds).toHaveLength(3);
    expect(byCode.get('5.1')!.task.shownOutputIds).toHaveLength(1);
    // Every owner of the shared task is mailed, each with a personal link.
    const mails = await eventually(async () => {
      const rows = await sim.db
        .select()
        .from(t.mailOutbox)
        .where(and(eq(t.mailOutbox.targetId, byCode.get('5.1')!.task.id), eq(t.mailOutbox.kind, 'task')))
        .orderBy(asc(t.mailOutbox.toAddress));
      return rows.length === 2 ? rows : undefined;
    });
    expect(mails.map((m) => m.toAddress)).toEqual(['peter.hedlund@aklagarmyndigheten.example.org', 'sara.lindgren@polisen.example.org']);
  });

  it('lets a co-owner add a part and the lead owner submit the shared task', async () => {
    const shared = (await stepTasks(sim.db, CYCLE, 'halvar')).find((x) => x.task.title.includes('5.1'))!.task;
    const early = await request(
      'POST',
      `/api/tasks/${shared.id}/complete`,
      { report: 'Klart.', actor: seat('samordningsgrupp/aklagarmyndigheten') },
      403,
    );
    expect(early.message).toBe('Den ledande ägaren lämnar in den gemensamma uppgiften: lägg till er del i stället');
    await request('POST', `/api/tasks/${shared.id}/parts`, {
      text: 'Åklagarmyndighetens del: utbildningen hölls i maj.',
      actor: seat('samordningsgrupp/aklagarmyndigheten'),
    });
    await request('POST', `/api/tasks/${shared.id}/parts`, { text: 'Fel seat.', actor: seat('samordningsgrupp/kriminalvarden') }, 403);
    const before = await request('GET', `/api/tasks/${shared.id}`);
    expect(before.parts).toEqual([
      expect.objectContaining({ organisationName: 'Åklagarmyndigheten', text: 'Åklagarmyndighetens del: utbildningen hölls i maj.' }),
    ]);
    expect(before.measure).toMatchObject({
      code: '5.1',
      owners: [
        { organisationName: 'Polisen', lead: true },
        { organisationName: 'Åklagarmyndigheten', lead: false },
      ],
    });
    expect(before.shows[0]).toMatchObject({ stepKey: 'forslag', version: 2 });
    expect(
      await request('POST', `/api/tasks/${shared.id}/complete`, {
        report: 'Polisens del och helheten.',
        actor: seat('samordningsgrupp/polisen'),
      }),
    ).toMatchObject({ status: 'done' });
  });
});
