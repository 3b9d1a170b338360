import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { simulate, type Simulation } from './support/time-skipping';
import { decisionCycle } from './support/definitions';
import { csrfOfPage, eventually, injectAs, sessionCookieFor } from './support/app';

const coordinator = { kind: 'coordinator' } as const;
const MARIA = 'maria.sandberg@polisen.example.org';

/**
 * Sara, signed in, opens Maria's vote link (a forwarded mail). The page says whose link it is and
 * who is signed in, and nothing happens until Sara confirms that she acts for Maria.
 */
describe('a link used by someone signed in who is not its holder', () => {
  let sim: Simulation;
  let decision: t.Decision;
  let token: string;
  let sara: string;
  let maria: string;

  beforeAll(async () => {
    sim = await simulate();
    const def = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/definitions',
      payload: { definition: decisionCycle('bekrafta', { kind: 'majority' }), actor: coordinator },
    });
    expect(def.statusCode, def.body).toBe(201);
    const start = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'bekrafta', year: 2027, actor: coordinator },
    });
    expect(start.statusCode, start.body).toBe(201);
    token = await linkIn('decision_request');
    [decision] = (await sim.db.select().from(t.decisions).where(eq(t.decisions.cycleId, 'cycle/bekrafta/2027'))) as [t.Decision];
    const cookie = async (seat: string) => {
      const c = await sessionCookieFor(sim.app, seat);
      return `${c.name}=${c.value}`;
    };
    sara = await cookie('samordningsgrupp/polisen');
    maria = await cookie('styrgrupp/polisen');
  });
  afterAll(async () => {
    await sim?.stop();
  });

  /** The link in the latest mail to Maria of a kind, from the outbox (no SMTP server here). */
  const linkIn = async (kind: string) => {
    const [mail] = await eventually(async () => {
      const rows = await sim.db
        .select()
        .from(t.mailOutbox)
        .where(and(eq(t.mailOutbox.toAddress, MARIA), eq(t.mailOutbox.kind, kind)));
      return rows.length ? rows : undefined;
    });
    return /\/l\/([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]!;
  };

  const get = (cookie?: string, tok = token) => sim.app.inject({ method: 'GET', url: `/l/${tok}`, headers: cookie ? { cookie } : {} });
  const post = (cookie: string, form: Record<string, string>, tok = token) =>
    sim.app.inject({
      method: 'POST',
      url: `/l/${tok}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: new URLSearchParams(form).toString(),
    });
  /** The page's form as its browser posts it back: the session, the CSRF cookie the page set, and the token. */
  const formOf = async (cookie: string, tok = token) => {
    const csrf = csrfOfPage(await get(cookie, tok));
    return { cookie: `${cookie}; ${csrf.cookie}`, _csrf: csrf.token };
  };
  const votes = () => sim.db.select().from(t.votes).where(eq(t.votes.decisionId, decision.id));
  const spent = async () => (await sim.db.select().from(t.linkTokens).where(eq(t.linkTokens.targetId, decision.id))).some((l) => l.usedAt);

  it('names whose link it is and who is signed in, and asks for a confirmation', async () => {
    const page = await get(sara);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Det här är någon annans länk');
    expect(page.body).toContain('Länken är skickad till Maria Sandberg (Ledamot i styrgruppen)');
    expect(page.body).toContain('Du är inloggad som Sara Lindgren (sara.lindgren@polisen.example.org)');
    expect(page.body).toMatch(/<input type="checkbox" id="on-behalf" name="onBehalf" value="yes" required>/);
    expect(page.body).toContain('Jag handlar för Maria Sandberg');
  });

  it('shows the page as before to its holder signed in, and to someone not signed in', async () => {
    for (const page of [await get(maria), await get()]) {
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('onBehalf');
      expect(page.body).not.toContain('någon annans länk');
    }
  });

  it('refuses a vote without the confirmation with 409 and the same page, and changes nothing', async () => {
    const { cookie, _csrf } = await formOf(sara);
    const res = await post(cookie, { choice: 'approve', _csrf });
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('Bekräfta att du handlar för Maria Sandberg');
    expect(res.body).toContain('name="onBehalf"');
    expect(await votes()).toEqual([]);
    expect(await spent()).toBe(false);
  });

  it('with the confirmation the vote goes through, and the audit names the holder and the one signed in', async () => {
    const { cookie, _csrf } = await formOf(sara);
    const res = await post(cookie, { choice: 'approve', _csrf, onBehalf: 'yes' });
    expect(res.statusCode, res.body).toBe(200);
    const [holder] = await sim.db.select().from(t.holders).where(eq(t.holders.email, MARIA));
    expect((await votes()).map((v) => v.choice)).toEqual(['approve']);
    const rows = await eventually(async () => {
      const found = await sim.db
        .select()
        .from(t.auditEvents)
        .where(and(eq(t.auditEvents.targetId, decision.id), eq(t.auditEvents.actorHolderId, holder!.id)));
      return found.some((r) => r.action === 'vote.cast') ? found : undefined;
    });
    for (const action of ['vote.cast', 'link.used']) {
      expect(
        rows.find((r) => r.action === action),
        action,
      ).toMatchObject({
        door: 'link',
        ip: '127.0.0.0',
        detail: expect.objectContaining({ signedInAs: { email: 'sara.lindgren@polisen.example.org', name: 'Sara Lindgren' } }),
      });
    }
  });

  it('asks the same on a sign-in link: without the confirmation nobody is signed in as its holder', async () => {
    expect((await sim.app.inject({ method: 'POST', url: '/signin', payload: { email: MARIA } })).statusCode).toBe(200);
    const signin = await linkIn('signin');
    expect((await get(sara, signin)).body).toContain('Jag handlar för Maria Sandberg');
    const { cookie, _csrf } = await formOf(sara, signin);
    const res = await post(cookie, { _csrf }, signin);
    expect(res.statusCode).toBe(409);
    expect(res.cookies.map((c) => c.name)).not.toContain('arshjul_session');
    expect(res.body).toContain('Bekräfta att du handlar för Maria Sandberg');
  });
});
