import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { and, eq, like } from 'drizzle-orm';
import * as t from '../db/schema';
import { createMailer } from '../activities/mailer';
import { simulate, type Simulation } from './support/time-skipping';
import { catchMail, type CaughtMail } from './support/smtp';
import { decisionCycle } from './support/definitions';
import { eventually, injectAs, signedInAs } from './support/app';
import { findSeat, holderOn } from '../db/queries/directory';
import { CSRF_COOKIE } from '../api/plugins/session';
import { stockholmDate } from '../core/time';

const coordinator = { kind: 'coordinator' } as const;
const SCANNER = 'Mozilla/5.0 (compatible; Microsoft SafeLinks Preview)';

/** Links in mail, refused in every way they can be misused, and nothing changes when they are. */
describe('links in mail', () => {
  let sim: Simulation;
  let smtp: CaughtMail;
  let decision: t.Decision;
  const linkOf = new Map<string, string>();

  beforeAll(async () => {
    smtp = await catchMail();
    sim = await simulate({ mailer: createMailer(smtp.url) });
    const def = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/definitions',
      payload: { definition: decisionCycle('lankbeslut', { kind: 'majority' }), actor: coordinator },
    });
    expect(def.statusCode, def.body).toBe(201);
    const start = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'lankbeslut', year: 2027, actor: coordinator },
    });
    expect(start.statusCode, start.body).toBe(201);
    await eventually(async () => (smtp.messages.filter((m) => m.subject?.startsWith('Beslut begärt')).length === 7 ? true : undefined));
    for (const m of smtp.messages) {
      const to = m.to && 'value' in m.to ? m.to.value[0]!.address! : '';
      linkOf.set(to, /\/l\/([A-Za-z0-9_-]{43})/.exec(m.text!)![1]!);
    }
    [decision] = (await sim.db.select().from(t.decisions).where(eq(t.decisions.cycleId, 'cycle/lankbeslut/2027'))) as [t.Decision];
  });
  afterAll(async () => {
    await sim?.stop();
    await smtp?.stop();
  });

  /** The CSRF cookie a link page sets, kept as the mail reader's browser (signed in to nothing) keeps it. */
  let jar = '';
  const keep = (res: LightMyRequestResponse) => {
    const set = res.cookies.find((c) => c.name === CSRF_COOKIE);
    if (set) jar = `${set.name}=${set.value}`;
    return res;
  };
  const get = async (token: string, ua = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156') =>
    keep(await sim.app.inject({ method: 'GET', url: `/l/${token}`, headers: { 'user-agent': ua, cookie: jar } }));
  const post = async (token: string, form: Record<string, string>) =>
    keep(
      await sim.app.inject({
        method: 'POST',
        url: `/l/${token}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
        payload: new URLSearchParams(form).toString(),
      }),
    );
  const csrfOn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const votes = () => sim.db.select().from(t.votes).where(eq(t.votes.decisionId, decision.id));
  const state = async () => ({
    votes: (await votes()).length,
    used: (await sim.db.select().from(t.linkTokens).where(eq(t.linkTokens.targetId, decision.id))).filter((l) => l.usedAt).length,
    decision: (await sim.db.select().from(t.decisions).where(eq(t.decisions.id, decision.id)))[0]!.status,
    live: ((await sim.env.client.workflow.getHandle(decision.workflowId).query('decisionStatus')) as { votes: unknown[] }).votes.length,
  });
  const token = (address: string) => linkOf.get(address)!;

  /** Waits until the one mail of `rows` has failed on the stopped SMTP server, starts it, and waits for its workflow to send it. */
  async function smtpBackThenDelivered(rows: () => Promise<t.MailRow[]>) {
    const [failed] = await eventually(async () => ((await rows())[0]?.status === 'failed' ? rows() : undefined));
    await smtp.start();
    // The result waits out the retry's backoff on the time-skipping server.
    await sim.env.client.workflow.getHandle(`mail/${failed!.key.slice(0, failed!.key.lastIndexOf(':'))}`).result();
    expect((await rows()).map((r) => r.status)).toEqual(['sent']);
  }

  it('GET shows the question and the choices; a scanner opening every link changes nothing', async () => {
    const before = await state();
    for (const tok of linkOf.values()) expect((await get(tok, SCANNER)).statusCode).toBe(200);
    const page = await get(token('karin.ekstrom@lansstyrelsen.example.org'));
    expect(page.body).toContain('Godkänner styrgruppen förslaget?');
    expect(page.body).toContain('value="approve"');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(await state()).toEqual(before);
    expect(before).toMatchObject({ votes: 0, used: 0, decision: 'open', live: 0 });

    const views = await sim.db.select().from(t.auditEvents).where(eq(t.auditEvents.action, 'link.viewed'));
    expect(views.filter((v) => v.userAgentClass === 'scanner')).toHaveLength(7);
    expect(views.every((v) => /^127\.0\.0\.0$|::$/.test(v.ip ?? ''))).toBe(true);
    const everything = JSON.stringify(await sim.db.select().from(t.auditEvents));
    for (const tok of linkOf.values()) expect(everything).not.toContain(tok);
  });

  it('refuses a forged token with a friendly page', async () => {
    const forged = 'A'.repeat(43);
    const page = await get(forged);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Länken gäller inte');
    expect((await post(forged, { choice: 'approve', _csrf: 'x' })).statusCode).toBe(404);
    // Outside /l/ once resolved: an address with no route, which only the signed-in are told of.
    expect((await injectAs(sim.app, { method: 'GET', url: '/l/../../etc/passwd' })).statusCode).toBe(404);
  });

  it('refuses a POST without the form’s CSRF token, and changes nothing', async () => {
    const before = await state();
    const res = await post(token('maria.sandberg@polisen.example.org'), { choice: 'approve' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Formuläret kunde inte tas emot');
    expect(await state()).toEqual(before);
  });

  it('votes on POST, spends the link, and shows the recorded result when posted again', async () => {
    const tok = token('maria.sandberg@polisen.example.org');
    const csrf = csrfOn((await get(tok)).body);
    const noComment = await post(tok, { choice: 'changes', _csrf: csrf });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.body).toContain('comment: säg vilka ändringar som behövs');
    expect((await state()).used).toBe(0);

    const res = await post(tok, { choice: 'approve', comment: '', _csrf: csrf, seat: 'styrgrupp/storsthlm' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Tack! Din röst är registrerad: Godkänn');
    const [vote] = await votes();
    const [polisen] = await sim.db.select().from(t.seats).where(eq(t.seats.slug, 'styrgrupp/polisen'));
    expect(vote).toMatchObject({ seatId: polisen!.id, choice: 'approve' });

    const again = await post(tok, { choice: 'reject', _csrf: csrf });
    // Used already: a conflict, said as a page, not a success.
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Länken är redan använd');
    expect(again.body).toContain('Din röst är registrerad: Godkänn');
    expect((await votes()).map((v) => v.choice)).toEqual(['approve']);
  });

  it('refuses an expired link, and mails a fresh one to the holder on request', async () => {
    const tok = token('johan.berglund@kriminalvarden.example.org');
    const csrf = csrfOn((await get(tok)).body);
    await sim.db
      .update(t.linkTokens)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(t.linkTokens.tokenHash, (await import('../db/queries/links')).hashToken(tok)));
    const before = await state();
    const page = await get(tok);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('Länken har gått ut');
    expect((await post(tok, { choice: 'approve', _csrf: csrf })).statusCode).toBe(410);
    expect(await state()).toEqual(before);

    const renew = await sim.app.inject({
      method: 'POST',
      url: `/l/${tok}/renew`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
      payload: `_csrf=${csrfOn(page.body)}`,
    });
    expect(renew.statusCode).toBe(200);
    expect(renew.body).toContain('En ny länk är skickad till Johan Berglund');
    const fresh = await eventually(async () => smtp.messages.find((m) => m.subject?.startsWith('Ny länk:')));
    const freshToken = /\/l\/([A-Za-z0-9_-]{43})/.exec(fresh.text!)![1]!;
    expect(freshToken).not.toBe(tok);
    expect((await get(freshToken)).statusCode).toBe(200);
    expect((await get(tok)).statusCode).toBe(410);
  });

  it('answers a renewal while SMTP is down, and the worker sends exactly one fresh link once it is back', async () => {
    const address = 'karin.ekstrom@lansstyrelsen.example.org';
    const tok = token(address);
    await sim.db
      .update(t.linkTokens)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(t.linkTokens.tokenHash, (await import('../db/queries/links')).hashToken(tok)));
    const page = await get(tok);
    await smtp.stop();
    const renew = await sim.app.inject({
      method: 'POST',
      url: `/l/${tok}/renew`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
      payload: `_csrf=${csrfOn(page.body)}`,
    });
    expect(renew.statusCode).toBe(200);
    const row = () =>
      sim.db
        .select()
        .from(t.mailOutbox)
        .where(and(eq(t.mailOutbox.toAddress, address), eq(t.mailOutbox.kind, 'link_renewed')));
    await smtpBackThenDelivered(row);
    expect(
      smtp.messages.filter((m) => m.subject?.startsWith('Ny länk:') && m.to && 'value' in m.to && m.to.value[0]!.address === address),
    ).toHaveLength(1);
  });

  it('answers a resend while SMTP is down, and the worker sends exactly one link once it is back', async () => {
    const seat = (await findSeat(sim.db, 'styrgrupp/region-stockholm'))!;
    const holder = (await holderOn(sim.db, seat.id, stockholmDate(new Date())))!;
    const { cookie, csrf } = await signedInAs(sim.app);
    const resend = () =>
      sim.app.inject({
        method: 'POST',
        url: `/decisions/${decision.id}/resend`,
        payload: new URLSearchParams({ _csrf: csrf, seat: seat.id }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      });
    await smtp.stop();
    expect((await resend()).statusCode).toBe(303);
    // The coordinator presses again while the first mail is still on its way.
    expect((await resend()).statusCode).toBe(303);
    await smtpBackThenDelivered(() =>
      sim.db
        .select()
        .from(t.mailOutbox)
        .where(and(eq(t.mailOutbox.holderId, holder.id), eq(t.mailOutbox.kind, 'link_renewed'))),
    );
    expect(
      smtp.messages.filter((m) => m.subject?.startsWith('Ny länk:') && m.to && 'value' in m.to && m.to.value[0]!.address === holder.email),
    ).toHaveLength(1);
  });

  it('refuses the link of a seat’s previous holder', async () => {
    const tok = token('lars.holmgren@aklagarmyndigheten.example.org');
    const csrf = csrfOn((await get(tok)).body);
    const handover = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/seats/styrgrupp/aklagarmyndigheten/holders',
      payload: {
        name: 'Ida Ström',
        email: 'ida.strom@aklagarmyndigheten.example.org',
        validFrom: stockholmDate(new Date()),
        actor: coordinator,
      },
    });
    expect(handover.statusCode).toBe(201);
    const before = await state();
    const page = await get(tok);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('Platsen har en ny innehavare');
    expect((await post(tok, { choice: 'approve', _csrf: csrf })).statusCode).toBe(410);
    expect(await state()).toEqual(before);
  });

  it('refuses a link to a closed decision, saying how it closed', async () => {
    const tok = token('sofia.wallin@storsthlm.example.org');
    const csrf = csrfOn((await get(tok)).body);
    for (const org of ['lansstyrelsen', 'region-stockholm', 'stockholms-stad']) {
      const res = await injectAs(sim.app, {
        method: 'POST',
        url: `/api/decisions/${decision.id}/votes`,
        payload: { choice: 'approve', actor: { kind: 'seat', seat: `styrgrupp/${org}` } },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const before = await state();
    expect(before.decision).toBe('closed');
    const page = await get(tok);
    expect(page.statusCode).toBe(409);
    expect(page.body).toMatch(/Beslutet stängdes .+ när beslutsregeln var uppfylld, med utfallet godkänt\./);
    // The vote's projection says closed; the outcome's mail is written a moment later, by the closing.
    const outcomeMail = () =>
      sim.db
        .select()
        .from(t.mailOutbox)
        .where(like(t.mailOutbox.key, `${decision.workflowId}:outcome:%`));
    await eventually(async () => ((await outcomeMail()).length === 7 ? true : undefined));
    expect((await post(tok, { choice: 'reject', _csrf: csrf })).statusCode).toBe(409);
    expect(await state()).toEqual(before);
  });
});
