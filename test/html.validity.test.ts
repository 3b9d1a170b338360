import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import * as t from '../db/schema';
import { simulate, type Simulation } from './support/time-skipping';
import { eventually, injectAs } from './support/app';
import { coordinatorPages } from './support/pages';
import { htmlErrors } from './support/vnu';

const CYCLE = 'cycle/kvinnofrid-arshjul/2027';

/** Every page is valid HTML by the W3C Nu Html Checker, signed in as the coordinator, as a member, and through a link. */
describe('pages validate with the Nu Html Checker', () => {
  let sim: Simulation;
  const pages: [string, string, { kind: string; seat?: string } | undefined][] = [];

  beforeAll(async () => {
    sim = await simulate();
    const started = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      payload: { definition: 'kvinnofrid-arshjul', year: 2027, actor: { kind: 'coordinator' } },
    });
    expect(started.statusCode, started.body).toBe(201);
    const task = await eventually(async () => (await sim.db.select().from(t.tasks).where(eq(t.tasks.cycleId, CYCLE)))[0]);
    const mail = await eventually(
      async () =>
        (
          await sim.db
            .select()
            .from(t.mailOutbox)
            .where(and(eq(t.mailOutbox.kind, 'task'), like(t.mailOutbox.key, 'task/kvinnofrid-arshjul/2027/%')))
        )[0],
    );
    const meetingPath = await eventually(async () => {
      const page = await injectAs(sim.app, { method: 'GET', url: '/meetings/samordningsgrupp' }, { kind: 'coordinator' });
      return /\/meetings\/samordningsgrupp\/[0-9a-f-]{36}/.exec(page.body)?.[0];
    });
    const coordinator = { kind: 'coordinator' };
    const member = { kind: 'seat', seat: 'samordningsgrupp/polisen' };
    for (const [name, url] of coordinatorPages({ task: `/tasks/${task.id}`, meeting: meetingPath })) pages.push([name, url, coordinator]);
    // A member reads the tasks of their own body: one of the samordningsgrupp's.
    const memberTask = await eventually(async () => {
      const rows = await sim.db
        .select({ id: t.tasks.id })
        .from(t.tasks)
        .innerJoin(t.seats, eq(t.seats.id, t.tasks.seatId))
        .where(and(eq(t.tasks.cycleId, CYCLE), like(t.seats.slug, 'samordningsgrupp/%')));
      return rows[0];
    });
    pages.push(['me', '/me', member], ['member-task', `/tasks/${memberTask.id}`, member], ['english', '/?lang=en', member]);
    pages.push(['link', /\/l\/[A-Za-z0-9_-]+/.exec(mail.text)![0], undefined], ['signin', '/signin', undefined]);
  });
  afterAll(async () => sim?.stop());

  it('with no errors on any page', async () => {
    const bodies: Record<string, string> = {};
    for (const [name, url, as] of pages) {
      const get = (path: string) =>
        as ? injectAs(sim.app, { method: 'GET', url: path }, as) : sim.app.inject({ method: 'GET', url: path });
      let res = await get(url);
      if (res.statusCode === 302) res = await get(String(res.headers.location));
      expect(res.statusCode, `${name}: ${url}`).toBe(200);
      bodies[`${name} (${url})`] = res.body;
    }
    expect(await htmlErrors(bodies)).toEqual([]);
  });
});
