import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILLER, signatureCycle, startCycleOf } from './support/signatures';
import { simulate, type Simulation } from './support/time-skipping';
import { signedInAs } from './support/app';

const FORMS = 'href="/cycles/underskrifter/2027/forms/ansokan?lang=sv"';
const SIGNATURES = 'href="/cycles/underskrifter/2027/signatures/avsikt?lang=sv"';

/** The cycle page links to a form step's overview and a signature step's who-signed page, for readers who may open them. */
describe("the cycle page's links to forms and signatures", () => {
  let sim: Simulation;
  const cyclePage = async (seat?: string) => {
    const { cookie } = await signedInAs(sim.app, seat);
    const res = await sim.app.inject({ method: 'GET', url: '/cycles/underskrifter/2027', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    sim = await simulate();
    await startCycleOf(sim.app, sim.db, signatureCycle);
  }, 60_000);
  afterAll(async () => sim?.stop());

  it('gives the coordinator both', async () => {
    const body = await cyclePage();
    expect(body).toContain(FORMS);
    expect(body).toContain(SIGNATURES);
  });

  it("gives a seat of the signature step's body its who-signed page only, as the form step has no receiver", async () => {
    const body = await cyclePage('styrgrupp/kriminalvarden');
    expect(body).toContain(SIGNATURES);
    expect(body).not.toContain(FORMS);
  });

  it('gives a filler outside both bodies neither', async () => {
    const body = await cyclePage(FILLER);
    expect(body).not.toContain(SIGNATURES);
    expect(body).not.toContain(FORMS);
  });
});
