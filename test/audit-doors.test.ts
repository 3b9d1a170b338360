import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import * as t from '../db/schema';
import { coordinatorSeat, holderOn } from '../db/queries/directory';
import { stockholmDate } from '../core/time';
import { simulate, type Simulation } from './support/time-skipping';
import { decisionCycle } from './support/definitions';
import { eventually, injectAs } from './support/app';

const coordinator = { kind: 'coordinator' } as const;
/** A client behind no trusted proxy (TRUST_PROXY is off) that claims another address. */
const from = { remoteAddress: '198.51.100.77', headers: { 'x-forwarded-for': '203.0.113.9' } };
const form = (fields: Record<string, string>) => ({
  headers: { ...from.headers, 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

/** Cycle start, holder change, register edit and definition upload are recorded with who, which door and from where. */
describe('the audit of a person’s action', () => {
  let sim: Simulation;
  let actor: { actorKind: string; actorSeatId: string; actorHolderId: string };

  beforeAll(async () => {
    sim = await simulate();
    const seat = (await coordinatorSeat(sim.db))!;
    const holder = (await holderOn(sim.db, seat.id, stockholmDate(new Date())))!;
    actor = { actorKind: 'coordinator', actorSeatId: seat.id, actorHolderId: holder.id };
  });
  afterAll(async () => {
    await sim?.stop();
  });

  const latest = (action: string) =>
    sim.db.select().from(t.auditEvents).where(eq(t.auditEvents.action, action)).orderBy(desc(t.auditEvents.id)).limit(1);

  it('records a definition uploaded through the page form with its key, version and hash', async () => {
    const definition = decisionCycle('dorrar', { kind: 'majority' });
    const res = await injectAs(sim.app, {
      method: 'POST',
      url: '/admin/definitions',
      remoteAddress: from.remoteAddress,
      ...form({
        definition: JSON.stringify(definition),
        action: 'save',
      }),
    });
    expect(res.statusCode, res.body).toBe(303);
    const [row] = await latest('definition.uploaded');
    const [stored] = await sim.db.select().from(t.cycleDefinitions).where(eq(t.cycleDefinitions.key, 'dorrar'));
    expect(row).toMatchObject({ ...actor, door: 'page', ip: '198.51.100.0', targetKind: 'definition', targetId: stored!.id });
    expect(row!.detail).toMatchObject({ key: 'dorrar', version: 1 });
    expect((row!.detail as { hash: string }).hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records a cycle started through the API with the starter, the door and the address', async () => {
    const def = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/definitions',
      payload: { definition: decisionCycle('dorrstart', { kind: 'all' }), actor: coordinator },
    });
    expect(def.statusCode, def.body).toBe(201);
    const res = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/cycles',
      ...from,
      payload: { definition: 'dorrstart', year: 2027, actor: coordinator },
    });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await eventually(async () => {
      const rows = await sim.db
        .select()
        .from(t.auditEvents)
        .where(and(eq(t.auditEvents.action, 'cycle.started'), eq(t.auditEvents.targetId, 'cycle/dorrstart/2027')));
      return rows.length ? rows : undefined;
    });
    expect(row).toMatchObject({ ...actor, door: 'api', ip: '198.51.100.0' });
  });

  it('records a holder change through the API with the door and the address', async () => {
    const res = await injectAs(sim.app, {
      method: 'POST',
      url: '/api/seats/styrgrupp/kriminalvarden/holders',
      ...from,
      payload: { name: 'Ali Haddad', email: 'ali.haddad@kriminalvarden.example.org', validFrom: '2027-06-01', actor: coordinator },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await latest('holder.change'))[0]).toMatchObject({ ...actor, door: 'api', ip: '198.51.100.0', targetKind: 'seat' });
  });

  it('records a register edit through the page form with the door and the address', async () => {
    const fields = { name: 'Polismyndigheten', shortName: 'Polisen', kind: 'state_agency', participation: 'party' };
    const res = await injectAs(sim.app, {
      method: 'POST',
      url: '/admin/organisations/polisen',
      remoteAddress: from.remoteAddress,
      ...form(fields),
    });
    expect(res.statusCode, res.body).toBe(303);
    expect((await latest('organisation.update'))[0]).toMatchObject({
      ...actor,
      door: 'page',
      ip: '198.51.100.0',
      targetKind: 'organisation',
    });
  });
});
