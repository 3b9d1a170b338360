import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, like } from 'drizzle-orm';
import ical from 'node-ical';
import * as t from '../db/schema';
import { wall } from './support/wall';
import { createHash } from 'node:crypto';
import mammoth from 'mammoth';
import { csrfOfPage, eventually, injectAs } from './support/app';
import { simulate, stepTasks, type Simulation } from './support/time-skipping';
import { recordHistories } from './support/histories';

const CYCLE = 'cycle/kvinnofrid-arshjul/2027';
const COORDINATION = 'meetings/samordningsgrupp';
const STEERING = 'meetings/styrgrupp';
/** The rotation's order: by short name, so Åklagarmyndigheten comes last. */
const ROTATION = ['kriminalvarden', 'lansstyrelsen', 'polisen', 'region-stockholm', 'stockholms-stad', 'storsthlm', 'aklagarmyndigheten'];
const COORDINATION_SEATS = [
  'anna.bjork@region-stockholm.example.org',
  'elin.forsberg@lansstyrelsen.example.org',
  'fredrik.sjoberg@stockholms-stad.example.org',
  'helena.dahl@storsthlm.example.org',
  'mikael.aberg@kriminalvarden.example.org',
  'peter.hedlund@aklagarmyndigheten.example.org',
  'sara.lindgren@polisen.example.org',
  'ulrika.strand@lansstyrelsen.example.org',
];

interface MeetingJson {
  id: string;
  startsAt: string;
  status: string;
  host: { slug: string; name: string } | null;
  agenda: { title: string; kind?: string; source: string; cycle?: string; decided?: { outcome: string | null } }[];
  minutesWorkflowId: string | null;
}
interface SeriesJson {
  title: string;
  hosting: string;
  rotation: { order: { slug: string; hostedThisRound: boolean }[]; round: number };
  nextHost: { slug: string; name: string } | null;
  meetings: MeetingJson[];
}
type StepTasks = Awaited<ReturnType<typeof stepTasks>>;
type Decision = typeof t.decisions.$inferSelect;
/** The four measures the styrgrupp selects in round 2, of the 13 put forward. */
const SELECTED = ['2.1', '2.2', '5.1', '8.1'];
const coordinator = { kind: 'coordinator' } as const;
/** What each selected measure's owners report in Fas IV. */
const FOLLOW_UP: Record<string, string> = { '2.1': 'done', '2.2': 'ongoing', '5.1': 'changed', '8.1': 'done' };
const REPORT_API = '/api/cycles/kvinnofrid-arshjul/2027/report';
const seat = (slug: string) => ({ kind: 'seat', seat: slug }) as const;

/**
 * A whole year of Operation Kvinnofrid on Temporal's time-skipping server: simulated officials
 * act through the API at realistic moments, some late, one never, and every reminder and
 * escalation lands in the outbox at its exact Stockholm time. Each test is one stage of the year,
 * in order: it takes the simulation where the stage before left it, so a failure names its stage.
 */
describe('the Operation Kvinnofrid year 2027', () => {
  let sim: Simulation;
  let measureIds: Map<string, string>;
  let seatIds: Map<string, string>;
  // What one stage of the year leaves for the next.
  let coordination: SeriesJson;
  let needs: StepTasks;
  let handover: { seatId: string; holderId: string };
  let attachmentId: string;
  let first: Decision;
  let second: Decision;
  let midyear: StepTasks;
  let receipt: string;
  const INDICATORS: string[] = [];

  beforeAll(async () => {
    sim = await simulate();
    measureIds = new Map((await sim.db.select().from(t.measures)).map((m) => [m.code, m.id]));
    seatIds = new Map((await sim.db.select().from(t.seats)).map((x) => [x.slug, x.id]));
    INDICATORS.push(...(await sim.db.select().from(t.indicators)).map((i) => i.slug));
  });
  afterAll(async () => sim?.stop());

  const post = async (url: string, payload: object, status = 200) => {
    const res = await injectAs(sim.app, { method: 'POST', url, payload });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    return res.json();
  };
  const get = async (url: string) => {
    const res = await injectAs(sim.app, { method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  const complete = async (taskId: string, actor: object, report = 'Klart.') => post(`/api/tasks/${taskId}/complete`, { report, actor });
  const tasksOf = (stepKey: string) => stepTasks(sim.db, CYCLE, stepKey);
  const decisionOf = async (stepKey: string, round: number) => {
    const [d] = await sim.db
      .select()
      .from(t.decisions)
      .where(and(eq(t.decisions.cycleId, CYCLE), eq(t.decisions.stepKey, stepKey), eq(t.decisions.round, round)));
    return d!;
  };
  const vote = (decisionId: string, slug: string, choice: string, comment?: string, status = 200) =>
    post(`/api/decisions/${decisionId}/votes`, { choice, comment, actor: seat(slug) }, status);
  /** Every mail a workflow wrote, as [kind, address, Stockholm time], in time order. */
  const mails = async (workflowId: string) =>
    (
      await sim.db
        .select()
        .from(t.mailOutbox)
        .where(like(t.mailOutbox.key, `${workflowId}:%`))
        .orderBy(asc(t.mailOutbox.scheduledAt), asc(t.mailOutbox.toAddress))
    ).map((m) => [m.kind, m.toAddress, wall(m.scheduledAt)]);
  const series = async (body: string) => (await injectAs(sim.app, { method: 'GET', url: `/api/meetings/${body}` })).json() as SeriesJson;
  const meetingOn = (s: SeriesJson, date: string) => s.meetings.find((m) => wall(m.startsAt).startsWith(date))!;
  /** Mail about one meeting: [kind, address, Stockholm time, whether an invite is attached]. */
  const meetingMails = async (meetingId: string) =>
    (
      await sim.db
        .select()
        .from(t.mailOutbox)
        .where(and(eq(t.mailOutbox.targetKind, 'meeting'), eq(t.mailOutbox.targetId, meetingId)))
        .orderBy(asc(t.mailOutbox.scheduledAt), asc(t.mailOutbox.toAddress))
    ).map((m) => ({ kind: m.kind, to: m.toAddress, at: wall(m.scheduledAt), ics: m.ics }));

  const measure = (code: string) => measureIds.get(code)!;
  const reportVersion = async (n: number) => {
    const [row] = await sim.db
      .select({ v: t.reportVersions })
      .from(t.reportVersions)
      .innerJoin(t.reports, eq(t.reports.id, t.reportVersions.reportId))
      .where(and(eq(t.reports.cycleId, CYCLE), eq(t.reportVersions.number, n)));
    return row!.v;
  };
  const sg = (org: string) => seatIds.get(`samordningsgrupp/${org}`)!;
  const slugOf = (seatId: string) => [...seatIds].find(([, id]) => id === seatId)![0];
  const page = async (url: string, as?: { kind: string; seat?: string }) => {
    const res = await injectAs(sim.app, { method: 'GET', url }, as);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.body;
  };
  const needsOf = (org: string) => needs.find((n) => n.seat === `samordningsgrupp/${org}`)!.task;
  /** Per selected measure: the lead's seat and the co-owners' seats, as the measures' owners have them. */
  const owners = () => [
    ['2.1', 'samordningsgrupp/kriminalvarden', []],
    ['2.2', 'samordningsgrupp/kriminalvarden', [sg('polisen'), sg('stockholms-stad')]],
    ['5.1', 'samordningsgrupp/polisen', [sg('aklagarmyndigheten')]],
    ['8.1', 'samordningsgrupp/polisen', [sg('kriminalvarden'), sg('stockholms-stad'), sg('storsthlm')]],
  ];
  const ownersOf = (rows: StepTasks) =>
    rows
      .map((r) => [[...measureIds].find(([, id]) => id === r.task.measureId)![0], r.seat, r.task.coSeatIds])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const PROPOSAL = 'Förslag: prioritera 3.2, 4.1 och 5.1.';
  const CANDIDATES = [
    ['3.2', 'Barn som upplever våld uppmärksammas vid polisingripanden'],
    ['4.1', 'Likvärdigt stöd oavsett var i länet man bor'],
    ['5.1', 'Kvalitet i den inledande brottsutredningen'],
  ];
  /** A page a voter decides from shows the proposal with its version and file, and a ticked checkbox per candidate. */
  const expectProposalToVoteOn = (body: string, idPrefix: string) => {
    expect(body).toContain('<h3>Samordningsgruppens förslag till prioriterade åtgärder, version 1</h3>');
    expect(body).toContain(`<div class="prose">${PROPOSAL}</div>`);
    expect(body).toContain(`<a href="/api/attachments/${attachmentId}" download>prioriteringar-2027.pdf (PDF, 17 B)</a>`);
    for (const [code, title] of CANDIDATES) {
      const id = measure(code!);
      expect(body).toContain(
        `<input type="checkbox" id="${idPrefix}-approve-${id}" name="approve" value="${id}" checked> <label for="${idPrefix}-approve-${id}">Godkänn ${code} ${title}</label>`,
      );
    }
    expect(body.match(/name="approve"/g)).toHaveLength(CANDIDATES.length);
  };

  it('starts the year once: a second start of the same year is refused', async () => {
    const started = await post('/api/cycles', { definition: 'kvinnofrid-arshjul', year: 2027, actor: coordinator }, 201);
    expect(started.id).toBe(CYCLE);
    const twice = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'kvinnofrid-arshjul', year: 2027, actor: coordinator },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toBe('Cykeln för 2027 (kvinnofrid-arshjul) är redan startad');
  });

  it("starts both bodies' meeting series: the samordningsgrupp's hosts rotate, the styrgrupp's convenor hosts", async () => {
    coordination = await eventually(async () => {
      const res = await injectAs(sim.app, { method: 'GET', url: `/api/meetings/samordningsgrupp` });
      return res.statusCode === 200 && res.json().meetings.length === 11 ? (res.json() as SeriesJson) : undefined;
    });
    expect(coordination).toMatchObject({ title: 'Samordningsgruppens möten', hosting: 'rotating', nextHost: { slug: 'kriminalvarden' } });
    expect(coordination.rotation.order.map((o) => o.slug)).toEqual(ROTATION);
    expect(coordination.meetings.map((m) => [wall(m.startsAt), m.host?.slug])).toEqual(
      ['01-12', '02-09', '03-09', '04-13', '05-11', '06-08', '08-10', '09-14', '10-12', '11-09', '12-14'].map((d, i) => [
        `2027-${d} 09:00`,
        [...ROTATION, ...ROTATION][i],
      ]),
    );
    // The two series start side by side: wait for the styrgrupp's to have planned its year too.
    const steering = await eventually(async () => {
      const res = await injectAs(sim.app, { method: 'GET', url: `/api/meetings/styrgrupp` });
      return res.statusCode === 200 && res.json().meetings.length === 4 ? (res.json() as SeriesJson) : undefined;
    });
    expect(steering).toMatchObject({ title: 'Styrgruppens möten', hosting: 'convenor' });
    expect(steering.meetings.map((m) => [wall(m.startsAt), m.host?.slug])).toEqual(
      ['02-18', '05-20', '09-16', '11-18'].map((d) => [`2027-${d} 13:00`, 'lansstyrelsen']),
    );
  });

  it("January: the samordningsgrupp's notice with an invite to every seat, the host's reminder, the host's minutes", async () => {
    await sim.until('2027-01-14 10:00');
    const january = coordination.meetings[0]!;
    const janMails = await meetingMails(january.id);
    const notices = janMails.filter((m) => m.kind === 'meeting_notice');
    expect(notices.map((m) => [m.to, m.at])).toEqual(COORDINATION_SEATS.map((to) => [to, '2026-12-22 08:00']));
    for (const n of notices) {
      const invite = Object.values(ical.sync.parseICS(n.ics!)).find((e) => e?.type === 'VEVENT') as ical.VEvent;
      expect([wall(invite.start), wall(invite.end), invite.uid]).toEqual([
        '2027-01-12 09:00',
        '2027-01-12 12:00',
        `meeting-${january.id}@arshjul`,
      ]);
    }
    expect(janMails.filter((m) => m.kind === 'meeting_host_reminder').map((m) => [m.to, m.at])).toEqual([
      ['mikael.aberg@kriminalvarden.example.org', '2026-12-29 08:00'],
    ]);
    const [janMinutes] = await sim.db
      .select()
      .from(t.tasks)
      .where(eq(t.tasks.workflowId, `task/${COORDINATION}/1/minutes`));
    expect([janMinutes!.title, wall(janMinutes!.dueAt)]).toEqual(['Minnesanteckningar: Samordningsgrupp 2027-01-12', '2027-01-19 23:59']);
    await complete(janMinutes!.id, seat('samordningsgrupp/kriminalvarden'), 'Årets cykel är startad; behovsinventeringen pågår.');
    const minutes = await eventually(async () => {
      const rows = (await meetingMails(january.id)).filter((m) => m.kind === 'meeting_minutes');
      return rows.length === 8 ? rows : undefined;
    });
    expect(minutes.map((m) => m.to)).toEqual(COORDINATION_SEATS);
    // Kriminalvården has hosted; the page shows the rotation and Länsstyrelsen as the next host.
    const afterJanuary = await series('samordningsgrupp');
    expect(afterJanuary.rotation.order.filter((o) => o.hostedThisRound).map((o) => o.slug)).toEqual(['kriminalvarden']);
    expect(afterJanuary.nextHost?.slug).toBe('lansstyrelsen');
    const meetings = await injectAs(sim.app, { method: 'GET', url: '/meetings/samordningsgrupp' });
    expect(meetings.body).toContain('Nästa värd: <strong>Länsstyrelsen</strong>');
    expect(meetings.body).toContain('Kriminalvården <span class="muted">(har varit värd detta varv)</span>');
  });

  it('Fas I: five parties answer the needs inventory early, Region Stockholm after a reminder', async () => {
    await sim.until('2027-02-15 10:00');
    needs = await tasksOf('behovsinventering');
    expect(needs.map((n) => n.seat)).toHaveLength(7);
    for (const org of ['lansstyrelsen', 'kriminalvarden', 'polisen', 'aklagarmyndigheten', 'stockholms-stad']) {
      await complete(needsOf(org).id, seat(`samordningsgrupp/${org}`), `Behov från ${org}.`);
    }
    await sim.until('2027-03-10 14:00');
    await complete(needsOf('region-stockholm').id, seat('samordningsgrupp/region-stockholm'));
    expect((await mails(needsOf('region-stockholm').workflowId)).slice(1)).toEqual([
      ['reminder', 'anna.bjork@region-stockholm.example.org', '2027-03-01 08:00'],
    ]);
    expect(await mails(needsOf('polisen').workflowId)).toEqual([['task', 'sara.lindgren@polisen.example.org', expect.any(String)]]);
  });

  it("Fas I: Storsthlm's seat changes hands while its task is late, and the new holder hears once of all it owes", async () => {
    await sim.until('2027-03-20 09:00');
    const taken = await post(
      '/api/seats/samordningsgrupp/storsthlm/holders',
      { name: 'Nils Ek', email: 'nils.ek@storsthlm.example.org', validFrom: '2027-03-20', actor: coordinator },
      201,
    );
    expect(taken.openTasksMoved).toEqual([needsOf('storsthlm').id]);
    handover = { seatId: needsOf('storsthlm').seatId, holderId: taken.holder.id };
    // The handover workflow writes its mail a moment after the holder is recorded.
    const heard = await eventually(async () => {
      const rows = await mails(`handover/${handover.seatId}/${handover.holderId}`);
      return rows.length ? rows : undefined;
    });
    expect(heard).toEqual([['handover', 'nils.ek@storsthlm.example.org', '2027-03-20 09:00']]);
  });

  it("Fas I: the situation report comes after two reminders, and Storsthlm's late task is escalated twice before the coordinator closes it", async () => {
    await sim.until('2027-03-28 10:00');
    const [situation] = await tasksOf('lagesbeskrivning');
    await complete(situation!.task.id, coordinator, 'Lägesbeskrivning 2027.');
    await sim.until('2027-04-02 11:00');
    await complete(
      needsOf('storsthlm').id,
      coordinator,
      'Inget underlag inkom från Storsthlm; behoven hämtade ur kommunernas lägesbilder.',
    );
    // The rest of the late task's mail went to the seat's new holder.
    expect(await mails(needsOf('storsthlm').workflowId)).toEqual([
      ['task', 'helena.dahl@storsthlm.example.org', expect.any(String)],
      ['reminder', 'helena.dahl@storsthlm.example.org', '2027-03-01 08:00'],
      ['reminder', 'helena.dahl@storsthlm.example.org', '2027-03-12 08:00'],
      ['reminder', 'helena.dahl@storsthlm.example.org', '2027-03-15 08:00'],
      ['escalation', 'ulrika.strand@lansstyrelsen.example.org', '2027-03-18 08:00'],
      ['overdue_reminder', 'nils.ek@storsthlm.example.org', '2027-03-22 08:00'],
      ['escalation', 'karin.ekstrom@lansstyrelsen.example.org', '2027-03-25 08:00'],
      ['overdue_reminder', 'nils.ek@storsthlm.example.org', '2027-03-29 08:00'],
    ]);
    expect((await mails(situation!.task.workflowId)).slice(1)).toEqual([
      ['reminder', 'ulrika.strand@lansstyrelsen.example.org', '2027-03-17 08:00'],
      ['reminder', 'ulrika.strand@lansstyrelsen.example.org', '2027-03-28 08:00'],
    ]);
  });

  it("Fas II: the proposal shows Fas I's outputs and is completed with a file and three chosen measures", async () => {
    await sim.until('2027-04-20 10:00');
    const [proposal] = await tasksOf('forslag');
    const proposalTaskId = proposal!.task.id;
    const proposalJson = await get(`/api/tasks/${proposalTaskId}`);
    // The proposal shows what Fas I produced: the seven parties' needs and the situation report.
    expect(proposalJson.shows.map((o: { stepKey: string }) => o.stepKey)).toEqual([
      ...Array(7).fill('behovsinventering'),
      'lagesbeskrivning',
    ]);
    const boundary = '----arshjul-forslag';
    const upload = await injectAs(
      sim.app,
      {
        method: 'POST',
        url: `/api/tasks/${proposalTaskId}/attachments?seat=samordningsgrupp/ordforande`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="prioriteringar-2027.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 underlag\r\n--${boundary}--\r\n`,
      },
      seat('samordningsgrupp/ordforande'),
    );
    expect(upload.statusCode, upload.body).toBe(201);
    attachmentId = upload.json().id;
    await post(`/api/tasks/${proposalTaskId}/complete`, {
      report: PROPOSAL,
      choices: { measureIds: ['3.2', '4.1', '5.1'].map(measure) },
      actor: seat('samordningsgrupp/ordforande'),
    });
  });

  it('the vote page shows the styrgrupp the proposal, its version, its file, and a checkbox per proposed measure', async () => {
    await sim.until('2027-05-10 10:00');
    first = await decisionOf('prioriteringsbeslut', 1);
    const firstJson = await get(`/api/decisions/${first.id}`);
    expect(firstJson.candidates.map((m: { code: string }) => m.code)).toEqual(['3.2', '4.1', '5.1']);
    expect(firstJson.shows).toMatchObject([
      { stepKey: 'forslag', version: 1, text: PROPOSAL, attachments: [{ name: 'prioriteringar-2027.pdf' }] },
    ]);
    const voter = seat('styrgrupp/polisen');
    expectProposalToVoteOn(await page(`/decisions/${first.id}`, voter), `v-${seatIds.get('styrgrupp/polisen')}`);
    const file = await injectAs(sim.app, { method: 'GET', url: `/api/attachments/${attachmentId}` }, voter);
    expect([file.statusCode, file.body]).toEqual([200, '%PDF-1.7 underlag']);
  });

  it('the decision request mail summarises the proposal, counts its files and lists the measures to decide on', async () => {
    const requests = await sim.db
      .select()
      .from(t.mailOutbox)
      .where(and(like(t.mailOutbox.key, `${first.workflowId}:%`), eq(t.mailOutbox.kind, 'decision_request')));
    expect(requests).toHaveLength(7);
    const list = CANDIDATES.map(([code, title]) => `- ${code} ${title}`).join('\n');
    for (const mail of requests) {
      expect(mail.text).toContain(`Underlag: Samordningsgruppens förslag till prioriterade åtgärder, version 1\n${PROPOSAL}\nBilagor: 1`);
      expect(mail.text).toContain(`Åtgärder att besluta om:\n${list}\n`);
      expect(mail.html).toContain(
        '<h2 style="font-size:1.05rem">Underlag: Samordningsgruppens förslag till prioriterade åtgärder, version 1</h2>',
      );
      expect(mail.html).toContain(`<p>${PROPOSAL}</p><p>Bilagor: 1</p>`);
      expect(mail.html).toContain(`<ul>${CANDIDATES.map(([code, title]) => `<li>${code} ${title}</li>`).join('')}</ul>`);
    }
  });

  it('the personal vote link in the mail opens a page with the proposal, its file and the measures to tick', async () => {
    const [mail] = await sim.db
      .select()
      .from(t.mailOutbox)
      .where(
        and(
          like(t.mailOutbox.key, `${first.workflowId}:%`),
          eq(t.mailOutbox.kind, 'decision_request'),
          eq(t.mailOutbox.seatId, seatIds.get('styrgrupp/polisen')!),
        ),
      );
    const token = /Rösta: http:\/\/localhost:3000\/l\/([A-Za-z0-9_-]{43})/.exec(mail!.text)![1];
    const res = await sim.app.inject({ method: 'GET', url: `/l/${token}` });
    expect(res.statusCode, res.body).toBe(200);
    expectProposalToVoteOn(res.body, 'link');
  });

  it('a split styrgrupp asks for changes at its May meeting, where the last vote is cast', async () => {
    await vote(first.id, 'styrgrupp/lansstyrelsen', 'approve');
    await vote(first.id, 'styrgrupp/kriminalvarden', 'approve');
    await vote(first.id, 'styrgrupp/polisen', 'reject');
    await vote(first.id, 'styrgrupp/polisen', 'approve'); // a changed vote
    await vote(first.id, 'styrgrupp/region-stockholm', 'changes', 'Lägg till 3.1 om rutinfrågor.');
    await vote(first.id, 'styrgrupp/stockholms-stad', 'changes', 'Tydligare ägarskap för 4.1.');
    await vote(first.id, 'styrgrupp/aklagarmyndigheten', 'reject');
    // The decision falls due at the end of the styrgrupp's May meeting, where Storsthlm casts the last vote.
    expect(wall(first.dueAt)).toBe('2027-05-20 15:00');
    await sim.until('2027-05-20 14:00');
    const last = await vote(first.id, 'styrgrupp/storsthlm', 'changes', 'Kommunernas resurser behöver synas.');
    expect(last).toMatchObject({ status: 'closed', outcome: 'changes_requested', closedBy: 'rule' });
    expect(last.tally).toMatchObject({ approve: 3, changes: 3, reject: 1 });
    expect((await mails(first.workflowId)).filter(([kind]) => kind !== 'decision_request' && kind !== 'outcome')).toEqual([
      ['decision_reminder', 'sofia.wallin@storsthlm.example.org', '2027-05-13 08:00'],
      ['decision_reminder', 'sofia.wallin@storsthlm.example.org', '2027-05-18 08:00'],
      ['decision_reminder', 'sofia.wallin@storsthlm.example.org', '2027-05-20 08:00'],
    ]);
  });

  it('a vote after the decision closed is refused, saying when and how it closed', async () => {
    await sim.until('2027-05-21 09:00');
    const late = await injectAs(sim.app, {
      method: 'POST',
      url: `/api/decisions/${first.id}/votes`,
      payload: { choice: 'approve', actor: seat('styrgrupp/aklagarmyndigheten') },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toBe(
      'Beslutet är redan fattat: det stängdes 20 maj 2027 kl. 14:00 när beslutsregeln var uppfylld, med utfallet ändringar begärda',
    );
  });

  it("round 2 of the proposal shows each voter's choice and comment in round 1, with who made them", async () => {
    const proposals = await tasksOf('forslag');
    expect(proposals.map((p) => [p.task.round, p.task.status, wall(p.task.dueAt)])).toEqual([
      [1, 'done', '2027-04-30 23:59'],
      [2, 'open', '2027-06-03 23:59'],
    ]);
    const rerun = proposals[1]!.task;
    const rerunJson = await get(`/api/tasks/${rerun.id}`);
    expect(
      rerunJson.previousRound.comments.map((c: { voter: { organisationName: string }; choice: string; comment: string }) => [
        c.voter.organisationName,
        c.choice,
        c.comment,
      ]),
    ).toEqual([
      ['Kriminalvården', 'approve', ''],
      ['Länsstyrelsen', 'approve', ''],
      ['Polisen', 'approve', ''],
      ['Region Stockholm', 'changes', 'Lägg till 3.1 om rutinfrågor.'],
      ['Stockholms stad', 'changes', 'Tydligare ägarskap för 4.1.'],
      ['Storsthlm', 'changes', 'Kommunernas resurser behöver synas.'],
      ['Åklagarmyndigheten', 'reject', ''],
    ]);
    const body = await page(`/tasks/${rerun.id}`, seat('samordningsgrupp/ordforande'));
    expect(body).toContain('<h1>Samordningsgruppens förslag till prioriterade åtgärder (runda 2)</h1>');
    expect(body).toContain('<h2 id="previous-heading">Från runda 1</h2>');
    expect(body).toContain('<h3>Kommentarer i beslutet som begärde den här rundan</h3>');
    expect(body).toMatch(/<strong>Region Stockholm \([^)]+\)<\/strong>: Begär ändringar – Lägg till 3\.1 om rutinfrågor\./);
    expect(body).toMatch(/<strong>Stockholms stad \([^)]+\)<\/strong>: Begär ändringar – Tydligare ägarskap för 4\.1\./);
    expect(body).toMatch(/<strong>Storsthlm \([^)]+\)<\/strong>: Begär ändringar – Kommunernas resurser behöver synas\./);
    expect(body).toMatch(/<strong>Åklagarmyndigheten \([^)]+\)<\/strong>: Avslå\s*<\/li>/);
  });

  it('the revised proposal puts all 13 measures forward, and the round-2 decision page shows what changed from version 1 to 2', async () => {
    const [, rerun] = await tasksOf('forslag');
    await sim.until('2027-06-01 10:00');
    await post(`/api/tasks/${rerun!.task.id}/complete`, {
      report: 'Reviderat förslag med 3.1.\nHela handlingsplanen föreslås; styrgruppen väljer.',
      choices: { measureIds: [...measureIds.values()] },
      actor: seat('samordningsgrupp/ordforande'),
    });
    await sim.until('2027-06-05 10:00');
    second = await decisionOf('prioriteringsbeslut', 2);
    expect(wall(second.dueAt)).toBe('2027-06-15 23:59');
    const secondJson = await get(`/api/decisions/${second.id}`);
    expect(secondJson.candidates).toHaveLength(13);
    expect(secondJson.shows.map((o: { version: number }) => o.version)).toEqual([2]);
    expect(
      secondJson.previousRound.diff.lines
        .filter((l: { op: string }) => l.op !== 'same')
        .map((l: { op: string; text: string }) => [l.op, l.text]),
    ).toEqual([
      ['del', PROPOSAL],
      ['add', 'Reviderat förslag med 3.1.'],
      ['add', 'Hela handlingsplanen föreslås; styrgruppen väljer.'],
    ]);
    const body = await page(`/decisions/${second.id}`, seat('styrgrupp/lansstyrelsen'));
    expect(body).toContain('<h3>Samordningsgruppens förslag till prioriterade åtgärder, version 2</h3>');
    expect(body).toContain(
      '<figcaption>Ändringar i Samordningsgruppens förslag till prioriterade åtgärder från version 1 till 2</figcaption>',
    );
    expect(body).toContain('<ins><span class="visually-hidden">Tillagt: </span>Reviderat förslag med 3.1.</ins>');
    expect(body).toContain('<ins><span class="visually-hidden">Tillagt: </span>Hela handlingsplanen föreslås; styrgruppen väljer.</ins>');
    expect(body).toContain(`<del><span class="visually-hidden">Borttaget: </span>${PROPOSAL}</del>`);
    expect(body).toMatch(/<strong>Region Stockholm \([^)]+\)<\/strong>: Begär ändringar – Lägg till 3\.1 om rutinfrågor\./);
    expect(body.match(/name="approve"/g)).toHaveLength(13);
  });

  it('the styrgrupp selects 4 of the 13 measures: those more than half of the approving votes approved', async () => {
    const approve = (org: string, codes: string[], itemComments?: Record<string, string>) =>
      post(`/api/decisions/${second.id}/votes`, {
        choice: 'approve',
        approvedMeasureIds: codes.map(measure),
        itemComments,
        actor: seat(`styrgrupp/${org}`),
      });
    await approve('lansstyrelsen', SELECTED);
    await approve('kriminalvarden', [...SELECTED, '3.1']);
    await approve('polisen', ['2.1', '2.2', '5.1', '6.1'], { [measure('8.1')]: 'Vänta till nästa år.' });
    expect(await approve('region-stockholm', [...SELECTED, '3.1'])).toMatchObject({
      status: 'closed',
      outcome: 'approved',
      closedBy: 'rule',
    });
    const decided = await get(`/api/decisions/${second.id}`);
    expect(decided.selected.map((m: { code: string }) => m.code)).toEqual(SELECTED);
  });

  it('Fas III: exactly the owners of the four selected measures get the half-year report, one shared task per joint measure', async () => {
    await sim.until('2027-08-20 10:00');
    midyear = await tasksOf('halvarsrapport');
    expect(ownersOf(midyear)).toEqual(owners());
  });

  it("Fas III: a shared task's page shows the measure's description, goal, indicators and co-owners", async () => {
    const shared = midyear.find((m) => m.task.coSeatIds.length === 3)!.task;
    const body = await page(`/tasks/${shared.id}`, seat('samordningsgrupp/storsthlm'));
    expect(body).toContain('<h2 id="measure-heading">Åtgärden 8.1 Gemensamma bedömningsmetoder för risk</h2>');
    expect(body).toContain(
      '<dt>Beskrivning</dt><dd class="prose">Införande av strukturerade riskbedömningsmetoder hos länets aktörer.</dd>',
    );
    expect(body).toContain('<dt>Mål</dt><dd>Mål 8: Evidensbaserade metoder</dd>');
    expect(body).toContain(
      '<li>Aktörer som använder strukturerad riskbedömning (andel aktörer; källa: Särskild enkät, Operation Kvinnofrid)</li>',
    );
    expect(body).toContain(
      '<dt>Ägare</dt><dd><ul><li>Polisen <span class="muted">(huvudägare, lämnar in uppgiften)</span></li><li>Kriminalvården</li><li>Stockholms stad</li><li>Storsthlm</li></ul></dd>',
    );
    // A co-owner writes their own part; the lead owner submits.
    expect(body).toContain(`<textarea id="part-${sg('storsthlm')}" name="text"`);
    expect(body).not.toContain(`action="/tasks/${shared.id}/complete`);
  });

  it('Fas III: each co-owner adds a part and the lead owner submits the shared task', async () => {
    for (const m of midyear) {
      for (const co of m.task.coSeatIds)
        await post(`/api/tasks/${m.task.id}/parts`, { text: `Vår del av ${m.task.title}.`, actor: seat(slugOf(co)) });
      await complete(m.task.id, seat(m.seat), 'Halvårsrapport.');
    }
    const sharedMidyear = await get(`/api/tasks/${midyear.find((m) => m.task.coSeatIds.length === 3)!.task.id}`);
    expect(sharedMidyear.parts).toHaveLength(3);
    expect(sharedMidyear.measure).toMatchObject({
      code: '8.1',
      owners: expect.arrayContaining([expect.objectContaining({ lead: true, seatId: sg('polisen') })]),
    });
  });

  it('Fas III: the implementation goes to the same owners; Kriminalvården is late and escalated once', async () => {
    await sim.until('2027-11-25 10:00');
    const implementation = await tasksOf('genomforande');
    expect(ownersOf(implementation)).toEqual(owners());
    for (const m of implementation.filter((x) => x.seat !== 'samordningsgrupp/kriminalvarden'))
      await complete(m.task.id, seat(m.seat), 'Genomförd.');
    await sim.until('2027-12-03 10:00');
    const kvv = implementation.filter((x) => x.seat === 'samordningsgrupp/kriminalvarden');
    expect(kvv.length).toBe(2);
    for (const m of kvv) await complete(m.task.id, seat(m.seat), 'Genomförd, sent.');
    const alone = kvv.find((m) => m.task.coSeatIds.length === 0)!;
    expect((await mails(alone.task.workflowId)).slice(1)).toEqual([
      ['reminder', 'mikael.aberg@kriminalvarden.example.org', '2027-11-16 08:00'],
      ['reminder', 'mikael.aberg@kriminalvarden.example.org', '2027-11-27 08:00'],
      ['reminder', 'mikael.aberg@kriminalvarden.example.org', '2027-11-30 08:00'],
      ['escalation', 'ulrika.strand@lansstyrelsen.example.org', '2027-12-03 08:00'],
    ]);
  });

  it('Fas IV: the follow-up goes to the same owners, one shared task per joint measure', async () => {
    await sim.until('2028-01-10 10:00');
    const followUp = await tasksOf('uppfoljning');
    expect(ownersOf(followUp)).toEqual(owners());
    for (const m of followUp) {
      const code = [...measureIds].find(([, id]) => id === m.task.measureId)![0];
      const followUpOf = {
        status: FOLLOW_UP[code]!,
        links: [{ url: `https://example.org/uppfoljning/${code}`, title: `Underlag ${code}` }],
      };
      await post(`/api/tasks/${m.task.id}/complete`, { report: `Uppföljd: ${code}.`, followUp: followUpOf, actor: seat(m.seat) });
    }
  });

  it("Fas IV: the coordinator's follow-up table shows each decided measure under its goal with the owners' status", async () => {
    type Row = { code: string; cells: Record<string, { status: string | null; links: { url: string }[] }> };
    const table: { goals: { number: number; measures: Row[] }[] } = await get(`/api/cycles/kvinnofrid-arshjul/2027/follow-up`);
    const rows = table.goals.flatMap((g) => g.measures.map((m) => [g.number, m.code, m.cells.uppfoljning!.status]));
    expect(rows).toEqual(SELECTED.map((code) => [Number(code.split('.')[0]), code, FOLLOW_UP[code]]));
    expect(table.goals.flatMap((g) => g.measures).every((m) => m.cells.uppfoljning!.links.length === 1)).toBe(true);
  });

  it("the analyst's indicator values land: the county and two municipalities over five years for every indicator", async () => {
    await sim.until('2028-01-12 10:00');
    for (const [n, slug] of INDICATORS.entries()) {
      const rows = [2023, 2024, 2025, 2026, 2027].flatMap((year, i) =>
        ['01', '0180', '0127'].map((area, a) => `${year};${area};T;${String(40 + n + i * 1.5 + a).replace('.', ',')}`),
      );
      const res = await post(`/api/indicators/${slug}/import`, {
        format: 'csv',
        text: `år;område;kön;värde\n${rows.join('\n')}`,
        filename: 'bra.csv',
      });
      expect(res).toMatchObject({ added: 15, changed: 0 });
    }
    const [indicators] = await tasksOf('indikatorer');
    await complete(indicators!.task.id, seat('samordningskoordinering/utredare'), 'Indikatorvärden sammanställda.');
  });

  it('the coordinator writes the analysis, compiles utkast 1 and puts it forward from the report task', async () => {
    await sim.until('2028-01-25 10:00');
    const draft = {
      summary: 'Fler söker stöd i länet.',
      overall: 'Utvecklingen går åt rätt håll.',
      goals: { '2': 'Tidig upptäckt ökar.' },
    };
    await injectAs(sim.app, { method: 'PUT', url: `${REPORT_API}/draft`, payload: draft });
    const started = await post(`${REPORT_API}/versions`, {}, 202);
    expect(started).toMatchObject({ number: 1, status: 'compiling' });
    const compiled = await eventually(async () => {
      const v = await get(`${REPORT_API}/versions/1`);
      return v.status === 'compiling' ? undefined : v;
    });
    expect(compiled).toMatchObject({ status: 'compiled', progress: { done: 3, total: 3 } });
    const [task] = await tasksOf('rapportutkast');
    await post(`/api/tasks/${task!.task.id}/complete`, { version: 1, actor: coordinator });
  });

  it('the compiled report has every goal, every decided measure with its status, and every indicator with its chart', async () => {
    const v = await reportVersion(1);
    const doc = v.document!;
    const goals = await sim.db.select().from(t.goals);
    expect(doc.goals.map((g) => g.number)).toEqual(goals.map((g) => g.number).sort((a, b) => a - b));
    expect(doc.summary).toBe('Fler söker stöd i länet.');
    expect(doc.goals.find((g) => g.number === 2)!.analysis).toBe('Tidig upptäckt ökar.');
    const measures = doc.goals.flatMap((g) => g.measures);
    expect(Object.fromEntries(measures.map((m) => [m.code, m.followUps.at(-1)?.status]))).toEqual(FOLLOW_UP);
    const indicators = doc.goals.flatMap((g) => g.indicators);
    expect(indicators.map((i) => i.slug).sort()).toEqual([...INDICATORS].sort());
    for (const i of indicators) expect(i.series.map((s) => s.points.length)).toEqual([5, 5, 5]);
    const html = await page(`/cycles/kvinnofrid-arshjul/2027/report/versions/1`);
    expect(html.match(/<svg[^>]*class="chart"/g)).toHaveLength(INDICATORS.length);
    const images: string[] = [];
    await mammoth.convertToHtml(
      { buffer: v.docx! },
      { convertImage: mammoth.images.imgElement(async (i) => (images.push(i.contentType), { src: '' })) },
    );
    expect(images).toHaveLength(INDICATORS.length);
    expect(v.pdf!.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the samordningsgrupp sees utkast 1 on its decision and comments on a goal; the styrgrupp approves it', async () => {
    await sim.until('2028-01-28 10:00');
    const review = await decisionOf('rapportgranskning', 1);
    const shown = (await get(`/api/decisions/${review.id}`)).shows;
    expect(shown).toMatchObject([
      { stepKey: 'rapportutkast', version: 1, text: 'Utkast 1 av Regional lägesrapport', report: { number: 1 } },
    ]);
    const commented = await injectAs(
      sim.app,
      { method: 'POST', url: `${REPORT_API}/versions/1/comments`, payload: { section: 'goal-2', text: 'Lägg till 2027 års siffra.' } },
      seat('samordningsgrupp/polisen'),
    );
    expect(commented.statusCode, commented.body).toBe(201);
    for (const org of ['lansstyrelsen', 'polisen', 'region-stockholm', 'storsthlm'])
      await vote(review.id, `samordningsgrupp/${org}`, 'approve');
    await sim.until('2028-02-05 10:00');
    const approval = await decisionOf('rapportbeslut', 1);
    expect(await page(`/decisions/${approval.id}`, seat('styrgrupp/polisen'))).toContain('Utkast 1 av Regional lägesrapport');
    for (const org of ['lansstyrelsen', 'polisen', 'region-stockholm', 'storsthlm']) await vote(approval.id, `styrgrupp/${org}`, 'approve');
    const approved = await eventually(async () => {
      const v = await reportVersion(1);
      return v.status === 'approved' ? v : undefined;
    });
    expect(approved.approvedByDecisionId).toBe(approval.id);
  });

  it('the hand-off freezes utkast 1 with the SHA-256 of its files and mails them to Länsstyrelsen with a receipt link', async () => {
    await sim.until('2028-02-20 10:00');
    await post(`${REPORT_API}/versions/1/hand-off`, {});
    const v = await reportVersion(1);
    expect(v.status).toBe('frozen');
    expect(v.pdfSha256).toBe(createHash('sha256').update(v.pdf!).digest('hex'));
    expect(v.docxSha256).toBe(createHash('sha256').update(v.docx!).digest('hex'));
    const [mail] = await sim.db.select().from(t.mailOutbox).where(eq(t.mailOutbox.attachReportVersionId, v.id));
    expect(mail!.toAddress).toBe('karin.ekstrom@lansstyrelsen.example.org');
    expect(mail!.text).toContain(v.pdfSha256!);
    receipt = /\/l\/([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
    const again = await injectAs(sim.app, { method: 'POST', url: `${REPORT_API}/versions/1/hand-off`, payload: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('En rättelse görs som ett nytt utkast');
    // The draft goes on; the frozen version stays as it was handed off.
    await injectAs(sim.app, { method: 'PUT', url: `${REPORT_API}/draft`, payload: { summary: 'Nästa års utkast.' } });
    expect((await reportVersion(1)).document!.summary).toBe('Fler söker stöd i länet.');
  });

  it('the receipt through the mailed link closes the cycle: every step done, every phase started once, Fas II looped once', async () => {
    const shown = await sim.app.inject({ method: 'GET', url: `/l/${receipt}` });
    expect(shown.statusCode, shown.body).toBe(200);
    const { token, cookie } = csrfOfPage(shown);
    const confirmed = await sim.app.inject({
      method: 'POST',
      url: `/l/${receipt}`,
      payload: new URLSearchParams({ _csrf: token }).toString(),
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect((await reportVersion(1)).receiptAt).toBeInstanceOf(Date);

    const result = await sim.env.client.workflow.getHandle(CYCLE).result();
    expect(result.status).toBe('completed');
    expect(result.steps.every((s: { status: string }) => s.status === 'done')).toBe(true);
    expect(result.steps.find((s: { key: string }) => s.key === 'forslag')!.round).toBe(2);

    const [cycle] = await sim.db.select().from(t.cycles).where(eq(t.cycles.id, CYCLE));
    expect(cycle!.status).toBe('completed');
    expect(wall(cycle!.closedAt)).toBe('2028-02-20 10:00');
    const phases = await sim.db
      .select({ detail: t.auditEvents.detail })
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.targetId, CYCLE), eq(t.auditEvents.action, 'phase.started')))
      .orderBy(asc(t.auditEvents.at), asc(t.auditEvents.id));
    expect(phases.map((p) => (p.detail as { phaseKey: string }).phaseKey)).toEqual([
      'analysera',
      'valja-atgarder',
      'genomfora',
      'folja-upp',
      'lagesrapport',
      'arsredovisning',
    ]);
    const loops = await sim.db
      .select()
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.targetId, CYCLE), eq(t.auditEvents.action, 'step.loop')));
    expect(loops).toHaveLength(1);
    const received = await sim.db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'handoff.received'));
    expect(received).toHaveLength(1);
  });

  it("the year's meetings: decisions and phase reviews on their agendas, hosts in turn", async () => {
    const agenda = (s: SeriesJson, date: string) => meetingOn(s, date).agenda.map((a) => [a.kind, a.title]);
    const coordinationYear = await series('samordningsgrupp');
    expect(agenda(coordinationYear, '2027-01-12')).toEqual([]);
    expect(agenda(coordinationYear, '2027-04-13')).toEqual([['review', 'Fas II: Välja åtgärder']]);
    expect(agenda(coordinationYear, '2027-06-08')).toEqual([['review', 'Fas III: Genomföra']]);
    expect(agenda(coordinationYear, '2027-12-14')).toEqual([['review', 'Fas IV: Följa upp']]);
    // The report's review and approval were decided by link before their meetings: put on the agendas, and off them once taken.
    const recorded = async (s: SeriesJson, date: string) =>
      (
        await sim.db
          .select({ agenda: t.meetings.agenda })
          .from(t.meetings)
          .where(eq(t.meetings.id, meetingOn(s, date).id))
      )[0]!.agenda.map((a) => [a.kind, a.title]);
    expect(await recorded(coordinationYear, '2028-02-08')).toEqual([['decision', 'Samordningsgruppens granskning av lägesrapporten']]);
    expect(agenda(coordinationYear, '2028-02-08')).toEqual([]);
    const steeringYear = await series('styrgrupp');
    expect(agenda(steeringYear, '2027-05-20')).toEqual([['decision', 'Styrgruppens beslut om årets prioriterade åtgärder']]);
    // The second round fell due before the styrgrupp met again: decided by link, on no meeting's agenda.
    expect(agenda(steeringYear, '2027-09-16')).toEqual([]);
    expect(await recorded(steeringYear, '2028-02-17')).toEqual([['decision', 'Styrgruppens godkännande av lägesrapporten']]);
    expect(agenda(steeringYear, '2028-02-17')).toEqual([]);
    // Round 1 was taken at the May meeting itself: it stays there, marked as decided.
    expect(meetingOn(steeringYear, '2027-05-20').agenda).toMatchObject([
      { decided: { outcome: 'changes_requested' }, cycle: 'Operation Kvinnofrids årshjul 2027' },
    ]);
    const held = coordinationYear.meetings.filter((m) => m.status === 'held');
    expect(held.map((m) => [wall(m.startsAt).slice(0, 10), m.host?.slug])).toEqual(
      [
        '2027-01-12',
        '2027-02-09',
        '2027-03-09',
        '2027-04-13',
        '2027-05-11',
        '2027-06-08',
        '2027-08-10',
        '2027-09-14',
        '2027-10-12',
        '2027-11-09',
        '2027-12-14',
        '2028-01-11',
        '2028-02-08',
      ].map((d, i) => [d, [...ROTATION, ...ROTATION][i]]),
    );
    // Storsthlm hosts in February 2028: the reminder goes to whoever holds its seat by then.
    expect(
      (await meetingMails(meetingOn(coordinationYear, '2028-02-08').id))
        .filter((m) => m.kind === 'meeting_host_reminder')
        .map((m) => [m.to, m.at]),
    ).toEqual([['nils.ek@storsthlm.example.org', '2028-01-25 08:00']]);
    expect(
      (await meetingMails(meetingOn(steeringYear, '2027-02-18').id))
        .filter((m) => m.kind !== 'meeting_notice')
        .map((m) => [m.kind, m.to, m.at]),
    ).toEqual([['meeting_host_reminder', 'karin.ekstrom@lansstyrelsen.example.org', '2027-01-28 08:00']]);
  });

  // Recording writes new files into test/histories: it runs only when asked, and is not a test otherwise.
  if (process.env.RECORD_HISTORIES) {
    it("records the year's histories for the replay test", async () => {
      /** A series' first run: the 2027 meetings, up to its continue-as-new into 2028. */
      const firstRun = async (workflowId: string) =>
        (await sim.env.client.workflow.getHandle(workflowId).fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!
          .continuedExecutionRunId!;
      await recordHistories(sim.env.client, [
        { name: 'kvinnofrid-2027-cycle', workflowId: CYCLE },
        { name: 'kvinnofrid-2027-task-late', workflowId: needsOf('storsthlm').workflowId },
        { name: 'kvinnofrid-2027-decision-changes', workflowId: first.workflowId },
        { name: 'kvinnofrid-2027-handover', workflowId: `handover/${handover.seatId}/${handover.holderId}` },
        { name: 'kvinnofrid-2027-decision-selects', workflowId: second.workflowId },
        { name: 'kvinnofrid-2027-task-shared', workflowId: midyear.find((m) => m.task.coSeatIds.length === 3)!.task.workflowId },
        { name: 'kvinnofrid-2027-meetings-samordningsgrupp', workflowId: COORDINATION, runId: await firstRun(COORDINATION) },
        { name: 'kvinnofrid-2027-meetings-styrgrupp', workflowId: STEERING, runId: await firstRun(STEERING) },
        { name: 'kvinnofrid-2027-report-compile', workflowId: `report/${(await reportVersion(1)).id}` },
      ]);
    });
  }
});
