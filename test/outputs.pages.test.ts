import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Client, Connection } from '@temporalio/client';
import * as t from '../db/schema';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { signedInAs, testApp } from './support/app';
import { insertTravelScenario, PROPOSAL_V2, type TravelScenario } from './support/outputs';
import { excerpt, renderNotice, writeNotice, type Notice } from '../activities/notices';
import { noticeShows } from '../db/queries/outputs';
import { workContext } from '../db/queries/rounds';

/**
 * Pages, link pages, mail and agendas show the work a step shows, from records written as the
 * engine writes them. Pages read PostgreSQL only: the Temporal client is connected but never used.
 */
describe('work that travels, as pages and mail show it', () => {
  let database: TestDatabase;
  let connection: Connection;
  let app: FastifyInstance;
  let s: TravelScenario;

  const session = async (seat?: string) => {
    return signedInAs(app, seat);
  };
  const get = async (url: string, seat?: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: (await session(seat)).cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    database = await createSeededDatabase();
    connection = await Connection.connect({ address: inject('temporalAddress') });
    app = await testApp(database.db, new Client({ connection }), 'outputs-pages');
    s = await insertTravelScenario(database.db);
  });
  afterAll(async () => {
    await app?.close();
    await connection?.close();
    await database?.drop();
  });

  it('the decision page shows the proposal it decides on, with version, author, text and file', async () => {
    const body = await get(`/decisions/${s.decision2}`);
    expect(body).toContain('Samordningsgruppens förslag till prioriterade åtgärder, version 2');
    expect(body).toContain('3.2 Barn vid polisingripanden tillkommer.');
    expect(body).toMatch(/Lämnat av [^<]*Länsstyrelsen, Samordningskoordinator, ordförande/);
    expect(body).toContain(`<a href="/api/attachments/${s.attachmentId}" download>forslag-2027.pdf (PDF, 47,1 kB)</a>`);
    expect(body).toContain('<li>1.1 Gemensam kampanj om våld i ungas parrelationer</li>');
  });

  it("the decision page of round 2 shows round 1's comments with who made them, and the diff", async () => {
    const body = await get(`/decisions/${s.decision2}`);
    expect(body).toContain('Från runda 1');
    expect(body).toMatch(/<strong>Polisen \([^)]+\)<\/strong>: Begär ändringar – Ta med barnen i hemmet\./);
    expect(body).toContain('Om 1.1 Gemensam kampanj om våld i ungas parrelationer: Rikta kampanjen till unga.');
    expect(body).toContain('Ändringar i Samordningsgruppens förslag till prioriterade åtgärder från version 1 till 2');
    expect(body).toContain('<del><span class="visually-hidden">Borttaget: </span>1.1 Gemensam kampanj</del>');
    expect(body).toContain('<ins><span class="visually-hidden">Tillagt: </span>1.1 Gemensam kampanj för unga</ins>');
    expect(body).toContain('<span>2.1 Återfallsförebyggande program</span>');
  });

  it('a voter gets a ticked checkbox and a comment field per candidate measure', async () => {
    const body = await get(`/decisions/${s.decision2}`, 'styrgrupp/polisen');
    for (const code of ['1.1', '2.1', '3.2']) {
      const id = s.measures[code]!;
      expect(body).toContain(`<input type="checkbox" id="v-${s.seats.sgPolisen}-approve-${id}" name="approve" value="${id}" checked>`);
      expect(body).toContain(`<label for="v-${s.seats.sgPolisen}-note-${id}">Kommentar till ${code}</label>`);
      expect(body).toContain(`name="note-${id}"`);
    }
    expect(body).toContain('<input type="hidden" name="list" value="1">');
  });

  it("the voters' table tells what each vote said of the list", async () => {
    await database.db
      .update(t.votes)
      .set({ approvedMeasureIds: [s.measures['1.1']!] })
      .where(eq(t.votes.seatId, s.seats.sgRegion));
    const body = await get(`/decisions/${s.decision1}`);
    expect(body).toContain('Godkänner inte 2.1');
    expect(body).toContain('<li>Om 1.1 Gemensam kampanj om våld i ungas parrelationer: Rikta kampanjen till unga.</li>');
  });

  it('a closed decision over a list shows the measures decided', async () => {
    await database.db
      .update(t.decisions)
      .set({ selectedMeasureIds: [s.measures['2.1']!] })
      .where(eq(t.decisions.id, s.decision1));
    const body = await get(`/decisions/${s.decision1}`);
    const measure = '2.1 Återfallsförebyggande program för våldsutövare under och efter verkställighet';
    expect(body).toMatch(new RegExp(`<h2 id="selected-heading">Beslutade åtgärder</h2>\\s*<ul><li>${measure}</li></ul>`));
  });

  it('the task page of round 2 shows the comments that asked for it', async () => {
    const body = await get(`/tasks/${s.proposalTask2}`);
    expect(body).toContain('Från runda 1');
    expect(body).toContain('Ta med barnen i hemmet.');
    expect(body).toContain('forslag-2027.pdf');
  });

  it("the shared task's page shows the measure's description, goal, indicators and co-owners, and the parts", async () => {
    const body = await get(`/tasks/${s.sharedTask}`, 'samordningsgrupp/polisen');
    expect(body).toContain('Åtgärden 2.2 Samverkan kring kontaktvägar för våldsutövare');
    expect(body).toContain('Tydliga vägar mellan polis, socialtjänst och frivård');
    expect(body).toMatch(/Mål 2: /);
    expect(body).toContain('Klienter som fullföljt behandlingsprogram mot relationsvåld (antal; källa: Kriminalvårdens statistik)');
    expect(body).toMatch(/<li>Kriminalvården <span class="muted">\(huvudägare, lämnar in uppgiften\)<\/span><\/li>/);
    expect(body).toContain('<li>Polisen</li>');
    expect(body).toContain('<li>Stockholms stad</li>');
    expect(body).toContain('Polisen har utbildat 40 utredare.');
    expect(body).toContain('Samordningsgruppens förslag till prioriterade åtgärder, version 2');
  });

  it('a co-owner gets a form for their own part, filled with what they wrote, and an upload form', async () => {
    const body = await get(`/tasks/${s.sharedTask}`, 'samordningsgrupp/polisen');
    expect(body).toContain(`<form method="post" action="/tasks/${s.sharedTask}/part?lang=sv" class="action">`);
    expect(body).toContain(`<input type="hidden" name="seat" value="${s.seats.polisen}">`);
    expect(body).toMatch(/<textarea id="part-[^"]+" name="text"[^>]*>Polisen har utbildat 40 utredare\.<\/textarea>/);
    expect(body).not.toContain(`id="part-${s.seats.stad}"`);
    expect(body).toContain(
      `<form method="post" action="/tasks/${s.sharedTask}/attachments?lang=sv" enctype="multipart/form-data" class="action">`,
    );
    expect(body).toContain('<input id="upload-file" name="file" type="file" required');
    // The lead owner completes; a co-owner does not get the completion form.
    expect(body).not.toContain(`action="/tasks/${s.sharedTask}/complete`);
  });

  it("a proposing step's completion form has a checkbox per measure of the action plan", async () => {
    const body = await get(`/tasks/${s.proposeTask}`, 'samordningsgrupp/ordforande');
    expect(body).toContain('<legend>Åtgärder ni föreslår (minst en)</legend>');
    expect(body.match(/name="measureIds"/g)).toHaveLength(13);
    expect(body).toContain(
      `<input type="checkbox" id="measure-${s.measures['8.1']}" name="measureIds" value="${s.measures['8.1']}"> <label for="measure-${s.measures['8.1']}">8.1 Gemensamma bedömningsmetoder för risk</label>`,
    );
  });

  it('shows all of it in English too', async () => {
    const decision = await get(`/decisions/${s.decision2}?lang=en`, 'styrgrupp/polisen');
    expect(decision).toContain('<h2 id="shows-heading">Material</h2>');
    expect(decision).toContain('Samordningsgruppens förslag till prioriterade åtgärder, version 2');
    expect(decision).toContain('From round 1');
    expect(decision).toContain('On 1.1 Gemensam kampanj om våld i ungas parrelationer: Rikta kampanjen till unga.');
    expect(decision).toContain('<span class="visually-hidden">Added: </span>');
    expect(decision).toContain('Comment on 3.2');
    const task = await get(`/tasks/${s.sharedTask}?lang=en`, 'samordningsgrupp/polisen');
    expect(task).toContain('Measure 2.2 Samverkan kring kontaktvägar för våldsutövare');
    expect(task).toContain('Co-owners&#39; parts');
    expect(task).toContain('Upload an attachment');
  });

  it('the vote link page shows the proposal, the candidates to tick and comment, and round 1', async () => {
    const res = await app.inject({ method: 'GET', url: `/l/${s.voteToken}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Samordningsgruppens förslag till prioriterade åtgärder, version 2');
    expect(res.body).toContain('forslag-2027.pdf');
    const id = s.measures['3.2']!;
    expect(res.body).toContain(`<input type="checkbox" id="link-approve-${id}" name="approve" value="${id}" checked>`);
    expect(res.body).toContain(`<textarea id="link-note-${id}" name="note-${id}"`);
    expect(res.body).toContain('Rikta kampanjen till unga.');
    expect(res.body).toContain('<ins><span class="visually-hidden">Tillagt: </span>3.2 Barn vid polisingripanden tillkommer.</ins>');
  });

  it('the task link page shows the measure and what the task shows', async () => {
    const res = await app.inject({ method: 'GET', url: `/l/${s.taskToken}?lang=en` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Measure 2.2 Samverkan kring kontaktvägar för våldsutövare');
    expect(res.body).toContain('Samordningsgruppens förslag till prioriterade åtgärder, version 2');
  });

  it('the meeting agenda names what a decision decides on, with the version', async () => {
    const body = await get(`/meetings/styrgrupp/${s.meetingId}`);
    expect(body).toContain('beslutar om Samordningsgruppens förslag till prioriterade åtgärder, version 2</li>');
  });

  it("the upload form's multipart post carries the session's check to the API, and a forged one is refused", async () => {
    const { cookie, csrf } = await session('samordningsgrupp/polisen');
    const post = async (token: string) => {
      const form = new FormData();
      form.set('_csrf', token);
      form.set('file', new Blob(['Rapport'], { type: 'text/plain' }), 'rapport.txt');
      const request = new Request('http://x/', { method: 'POST', body: form });
      return app.inject({
        method: 'POST',
        url: `/tasks/${s.sharedTask}/attachments`,
        payload: Buffer.from(await request.arrayBuffer()),
        headers: { cookie, 'content-type': request.headers.get('content-type')! },
      });
    };
    expect((await post('forged')).statusCode).toBe(403);
    const passed = await post(csrf);
    expect(passed.statusCode, passed.body).toBe(303);
    const stored = await database.db.select().from(t.attachments).where(eq(t.attachments.taskId, s.sharedTask));
    expect(stored.map((a) => [a.name, a.size, a.uploadedBySeatId])).toContainEqual(['rapport.txt', 7, s.seats.polisen]);
    const audited = await database.db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'attachment.uploaded'));
    expect(audited.map((a) => [a.actorSeatId, a.door, a.targetId, (a.detail as { name: string }).name])).toContainEqual([
      s.seats.polisen,
      'page',
      s.sharedTask,
      'rapport.txt',
    ]);
  });

  it('an upload the service refuses is shown on the task page, naming the allowed types', async () => {
    const { cookie, csrf } = await session('samordningsgrupp/polisen');
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('file', new Blob(['MZ'], { type: 'application/x-msdownload' }), 'program.exe');
    const request = new Request('http://x/', { method: 'POST', body: form });
    const res = await app.inject({
      method: 'POST',
      url: `/tasks/${s.sharedTask}/attachments?lang=en`,
      payload: Buffer.from(await request.arrayBuffer()),
      headers: { cookie, 'content-type': request.headers.get('content-type')! },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<div class="flash error" role="alert"><p>');
    expect(res.body).toContain('program.exe');
    expect(res.body).toContain('pdf, docx');
    const stored = await database.db.select().from(t.attachments).where(eq(t.attachments.taskId, s.sharedTask));
    expect(stored.map((a) => a.name)).not.toContain('program.exe');
  });

  it('the decision mail carries a summary of the proposal and the candidates, with the link', async () => {
    const notice: Notice = {
      key: `${s.decision2WorkflowId}:request`,
      kind: 'decision_request',
      seatIds: [s.seats.sgPolisen],
      at: '2027-04-10T10:00:00.000Z',
      target: { kind: 'decision', id: s.decision2, workflowId: s.decision2WorkflowId },
      title: 'Styrgruppens beslut om årets prioriterade åtgärder',
      dueAt: '2027-05-20T21:59:00.000Z',
    };
    expect(await writeNotice(database.db, 'https://arshjul.example.org', notice)).toBe(1);
    const [mail] = await database.db
      .select()
      .from(t.mailOutbox)
      .where(eq(t.mailOutbox.key, `${notice.key}:${s.seats.sgPolisen}`));
    expect(mail!.text).toContain('Underlag: Samordningsgruppens förslag till prioriterade åtgärder, version 2');
    expect(mail!.text).toContain(PROPOSAL_V2.replace(/\s+/g, ' '));
    expect(mail!.text).toContain('Bilagor: 1');
    expect(mail!.text).toContain('Åtgärder att besluta om:\n- 1.1 Gemensam kampanj om våld i ungas parrelationer\n- 2.1 ');
    expect(mail!.text).toContain('- 3.2 Barn som upplever våld uppmärksammas vid polisingripanden');
    expect(mail!.text).toMatch(/Rösta: https:\/\/arshjul\.example\.org\/l\/[A-Za-z0-9_-]{43}/);
    expect(mail!.html).toContain(
      '<h2 style="font-size:1.05rem">Underlag: Samordningsgruppens förslag till prioriterade åtgärder, version 2</h2>',
    );
  });

  it('a long text is cut to about 300 characters at a word in the mail, in English too', async () => {
    await database.db
      .update(t.stepOutputs)
      .set({ text: 'ord '.repeat(200) })
      .where(eq(t.stepOutputs.id, s.output2));
    const target = { kind: 'decision', id: s.decision2 };
    const shows = await noticeShows(database.db, target);
    const mail = renderNotice(
      {
        key: 'k',
        kind: 'decision_reminder',
        seatIds: [],
        at: '2027-05-01T06:00:00Z',
        target: { ...target, kind: 'decision' },
        title: 'Beslut',
        dueAt: '2027-05-20T21:59:00Z',
      },
      'en',
      'Pat',
      'https://x/l/t',
      await workContext(database.db, target),
      shows,
    );
    expect(mail.text).toContain('Material: Samordningsgruppens förslag till prioriterade åtgärder, version 2');
    expect(mail.text).toContain('Measures to decide on:');
    const quoted = mail.text.split('\n').find((line) => line.startsWith('ord ord'))!;
    expect(quoted.length).toBeLessThanOrEqual(301);
    expect(quoted).toMatch(/ord…$/);
    expect(excerpt('kort text')).toBe('kort text');
    await database.db.update(t.stepOutputs).set({ text: PROPOSAL_V2 }).where(eq(t.stepOutputs.id, s.output2));
  });
});
