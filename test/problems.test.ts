import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import * as t from '../db/schema';
import { createMailer, type Mailer } from '../activities/mailer';
import { workflowInterceptorModules } from '../worker/worker';
import { createSeededDatabase, type TestDatabase } from './support/database';
import { startTemporal, type TemporalHarness } from './support/temporal';
import { catchMail, type CaughtMail } from './support/smtp';
import { eventually, injectAs, sessionCookieFor, testApp } from './support/app';
import { brokenWorkflow, fix } from './support/broken-workflows';
import type { CycleDefinitionInput } from '../core/definition';
import { checkPage, launchChromium, signedInPage } from './support/browser';

const coordinator = { kind: 'coordinator' } as const;
const COORDINATOR_MAIL = 'ulrika.strand@lansstyrelsen.example.org';

/** A cycle of one task to the Police's seat in the samordningsgrupp. */
const oneTask: CycleDefinitionInput = {
  key: 'en-uppgift',
  name: 'En uppgift',
  roles: { coordinator: 'samordningskoordinering/samordningskoordinator' },
  phases: [
    {
      key: 'fas',
      title: 'Fas',
      steps: [
        {
          key: 'rapport',
          kind: 'tasks',
          title: 'Lägesrapport',
          due: 'start+30d',
          assignees: { kind: 'seats', seats: ['samordningsgrupp/polisen'] },
        },
      ],
    },
  ],
} as CycleDefinitionInput;

/**
 * Failures are visible: a workflow task that fails on a bug and an activity that keeps failing
 * turn the cycle red on every page that shows it, and the coordinator gets one mail. Real
 * Temporal dev server, PostgreSQL and SMTP; the worker bundles the shipped workflows plus one
 * with a bug.
 */
describe('failures', () => {
  let database: TestDatabase;
  let smtp: CaughtMail;
  let mailer: Mailer;
  let temporal: TemporalHarness;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createSeededDatabase();
    smtp = await catchMail();
    mailer = createMailer(smtp.url);
    const workflowBundle = await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./support/broken-workflows.ts', import.meta.url)),
      workflowInterceptorModules,
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    });
    // Two failed attempts make a problem here, so a test waits seconds rather than minutes.
    temporal = await startTemporal(database.db, 'problems', mailer, { workflowBundle, problemCheckMs: 200, activityAttemptBudget: 2 });
    app = await testApp(database.db, temporal.client, 'problems', mailer);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await temporal?.stop();
    mailer?.close();
    await smtp?.stop();
    await database?.drop();
  });

  const get = (url: string) => injectAs(app, { method: 'GET', url }, coordinator);
  const problemsOf = (workflowId: string) =>
    database.db.select().from(t.workflowProblems).where(eq(t.workflowProblems.workflowId, workflowId));
  const problemMail = () => smtp.messages.filter((m) => m.subject?.startsWith('Behöver åtgärd'));
  const problemRows = () => database.db.select().from(t.mailOutbox).where(eq(t.mailOutbox.kind, 'problem'));

  describe('a workflow task that fails on a bug', () => {
    const CYCLE = 'cycle/kvinnofrid-arshjul/2040';

    beforeAll(async () => {
      // The cycle's record as its workflow would have written it before the bug struck.
      const [definition] = await database.db.select().from(t.cycleDefinitions).where(eq(t.cycleDefinitions.key, 'kvinnofrid-arshjul'));
      await database.db.insert(t.cycles).values({ id: CYCLE, definitionId: definition!.id, year: 2040 });
      await temporal.client.workflow.start(brokenWorkflow, { workflowId: CYCLE, taskQueue: temporal.taskQueue });
    });

    it('is recorded with the error, as one problem however often Temporal retries the task', async () => {
      const [problem] = await eventually(async () => {
        const rows = await problemsOf(CYCLE);
        return rows.length && rows[0]!.attempts >= 3 ? rows : undefined;
      });
      expect(problem).toMatchObject({
        kind: 'workflow_task',
        cycleId: CYCLE,
        workflowType: 'brokenWorkflow',
        activity: '',
        resolvedAt: null,
      });
      expect(problem!.reason).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'steps'\)/);
      expect(await problemsOf(CYCLE)).toHaveLength(1);
    }, 70_000);

    it('writes the coordinator one mail, in plain words, however often the task fails', async () => {
      const rows = (await problemRows()).filter((r) => r.key.startsWith(`problem:${CYCLE}:`));
      expect(rows).toHaveLength(1);
      const mail = await eventually(async () => (problemMail().length ? problemMail() : undefined));
      expect(mail).toHaveLength(1);
      expect(mail[0]!.to && 'value' in mail[0]!.to ? mail[0]!.to.value[0]!.address : '').toBe(COORDINATOR_MAIL);
      expect(mail[0]!.subject).toBe('Behöver åtgärd: Själva cykeln');
      expect(mail[0]!.text).toContain('Programmet stannade på ett fel');
      expect(mail[0]!.text).toContain('http://localhost:3000/cycles/kvinnofrid-arshjul/2040?lang=sv');
    });

    it('turns the cycle page red with the reason, and never says pågående', async () => {
      const page = await eventually(async () => {
        const res = await get('/cycles/kvinnofrid-arshjul/2040');
        return res.body.includes('Behöver åtgärd') ? res : undefined;
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<strong class="badge needs-action">⚠ Behöver åtgärd</strong>');
      expect(page.body).toContain('Själva cykeln');
      expect(page.body).toContain('Programmet stannade på ett fel');
      expect(page.body).toContain('TypeError: Cannot read properties of undefined (reading &#39;steps&#39;)');
      expect(page.body).not.toContain('<strong>pågående</strong>');
    });

    it('says so in the JSON twins and the cycle lists', async () => {
      const overview = (await get('/api/dashboard/cycles/kvinnofrid-arshjul/2040')).json<{
        needsAction: boolean;
        problems: { text: string; subject: string }[];
      }>();
      expect(overview.needsAction).toBe(true);
      expect(overview.problems[0]).toMatchObject({ subject: 'Själva cykeln', text: expect.stringContaining('TypeError') });
      const record = await get('/api/cycles/kvinnofrid-arshjul/2040?lang=en');
      expect(record.statusCode, record.body).toBe(200);
      expect(record.json()).toMatchObject({
        status: 'running',
        needsAction: true,
        problems: [
          { kind: 'workflow_task', subject: 'The cycle itself', text: expect.stringContaining('The program stopped on an error') },
        ],
      });
      const list = await get('/cycles');
      expect(list.body).toMatch(
        /Operation Kvinnofrids årshjul<\/a><\/td><td>2040<\/td><td><strong class="badge needs-action">⚠ Behöver åtgärd<\/strong>/,
      );
      expect((await get('/')).body).toContain('årshjul 2040</a> – <strong class="badge needs-action">⚠ Behöver åtgärd</strong>');
    });

    it('is resolved once the workflow moves again, and the page says pågående again', async () => {
      await temporal.client.workflow.getHandle(CYCLE).signal(fix);
      expect(await temporal.client.workflow.getHandle(CYCLE).result()).toBe(0);
      const [problem] = await eventually(async () => {
        const rows = await problemsOf(CYCLE);
        return rows[0]?.resolvedAt ? rows : undefined;
      });
      expect(problem!.resolvedAt).toBeInstanceOf(Date);
      // The page reads its records at most every two seconds.
      const page = await eventually(async () => {
        const res = await get('/cycles/kvinnofrid-arshjul/2040');
        return res.body.includes('Behöver åtgärd') ? undefined : res;
      });
      expect(page.body).toContain('<strong>pågående</strong>');
      expect(problemMail()).toHaveLength(1);
    }, 30_000);
  });

  describe('an activity that keeps failing', () => {
    let taskWorkflowId: string;

    beforeAll(async () => {
      expect(
        (await injectAs(app, { method: 'POST', url: '/api/definitions', payload: { definition: oneTask, actor: coordinator } })).statusCode,
      ).toBe(201);
      await smtp.stop();
      const started = await injectAs(app, {
        method: 'POST',
        url: '/api/cycles',
        payload: { definition: 'en-uppgift', year: 2041, actor: coordinator },
      });
      expect(started.statusCode, started.body).toBe(201);
      const [task] = await eventually(async () => {
        const rows = await database.db.select().from(t.tasks).where(eq(t.tasks.cycleId, 'cycle/en-uppgift/2041'));
        return rows.length ? rows : undefined;
      });
      taskWorkflowId = task!.workflowId;
    });

    it('becomes a problem of the task once mail has failed past the budget', async () => {
      const [problem] = await eventually(async () => {
        const rows = await problemsOf(taskWorkflowId);
        return rows.length ? rows : undefined;
      });
      expect(problem).toMatchObject({ kind: 'activity', activity: 'deliver', cycleId: 'cycle/en-uppgift/2041', resolvedAt: null });
      expect(problem!.attempts).toBeGreaterThanOrEqual(2);
      expect(problem!.reason).toMatch(/ECONNREFUSED|connect/i);
    }, 40_000);

    it('names the task, its party and the failing mail on the cycle page', async () => {
      const page = await eventually(async () => {
        const res = await get('/cycles/en-uppgift/2041');
        return res.body.includes('Behöver åtgärd') ? res : undefined;
      });
      expect(page.body).toContain('Uppgiften Lägesrapport (Polisen)');
      expect(page.body).toContain('Det går inte att skicka e-post');
      // The step's own row is red too, not "pågående".
      expect(page.body).toMatch(/<td>Lägesrapport<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td><strong class="badge needs-action">/);
    });

    it('reads well in Chromium: the red status is said in words, and axe-core finds nothing', async () => {
      const base = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
      const browser = await launchChromium();
      try {
        const page = await signedInPage(browser, base, await sessionCookieFor(app));
        await page.goto(`${base}/cycles/en-uppgift/2041`);
        await expect(page.getByRole('heading', { name: '⚠ Behöver åtgärd' }).isVisible()).resolves.toBe(true);
        await expect(page.getByRole('link', { name: 'Uppgiften Lägesrapport (Polisen)' }).isVisible()).resolves.toBe(true);
        await checkPage(page, 'problems-cycle');
      } finally {
        await browser.close();
      }
    });

    it('writes the coordinator one mail, which waits in the outbox while SMTP is down', async () => {
      const rows = await eventually(async () => {
        const r = (await problemRows()).filter((x) => x.key.startsWith(`problem:${taskWorkflowId}:activity:deliver:`));
        return r.length ? r : undefined;
      });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ toAddress: COORDINATOR_MAIL, subject: 'Behöver åtgärd: Uppgiften Lägesrapport (Polisen)' });
      expect(['pending', 'failed']).toContain(rows[0]!.status);
    });

    it('clears when mail goes through again, and the coordinator mail is sent once', async () => {
      await eventually(async () => {
        const [problem] = await problemsOf(taskWorkflowId);
        return problem && problem.attempts >= 3 ? problem : undefined;
      });
      await smtp.start();
      await eventually(async () => {
        const open = await database.db
          .select()
          .from(t.workflowProblems)
          .where(and(eq(t.workflowProblems.cycleId, 'cycle/en-uppgift/2041'), isNull(t.workflowProblems.resolvedAt)));
        return open.length === 0 ? true : undefined;
      });
      const told = await eventually(async () => {
        const m = smtp.messages.filter((x) => x.subject === 'Behöver åtgärd: Uppgiften Lägesrapport (Polisen)');
        return m.length ? m : undefined;
      });
      expect(told).toHaveLength(1);
      expect((await problemRows()).filter((x) => x.key.startsWith(`problem:${taskWorkflowId}:`))).toHaveLength(1);
      await eventually(async () => ((await get('/cycles/en-uppgift/2041')).body.includes('Behöver åtgärd') ? undefined : true));
    }, 100_000);
  });
});
