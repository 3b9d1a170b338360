import { beforeAll, describe, expect, it } from 'vitest';
import { cycleDefinition, type CycleDefinitionInput } from '../core/definition';
import { resolvePlan } from '../core/plan';
import { type Directory } from '../core/plan-types';
import { resolveDue, scheduleFor } from '../core/schedule';
import { wall } from './support/wall';
import { kvinnofridArshjul } from '../db/seed/cycles/kvinnofrid-arshjul';
import { openDatabase, type Database } from '../db/client';
import { seedAll } from '../db/seed';
import { loadDirectory } from '../db/queries/directory';
import { validateDefinition } from '../api/definitions';
import { previewRows } from '../api/views/cycle-start';

const clone = (): CycleDefinitionInput => structuredClone(kvinnofridArshjul);
const stockholm = wall;

let database: Database;
let directory: Directory;
beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  await database.migrate();
  await seedAll(database.db);
  directory = await loadDirectory(database.db);
});

describe('the shipped Operation Kvinnofrid definition', () => {
  it('is valid and resolves into a year plan with every party, measure owner and date', () => {
    const def = cycleDefinition.parse(kvinnofridArshjul);
    const { plan, issues } = resolvePlan(def, 2027, directory);
    expect(issues).toEqual([]);
    expect(plan!.cycleId).toBe('cycle/kvinnofrid-arshjul/2027');
    expect(plan!.phases.map((p) => p.key)).toEqual([
      'analysera',
      'valja-atgarder',
      'genomfora',
      'folja-upp',
      'lagesrapport',
      'arsredovisning',
    ]);
    const steps = plan!.phases.flatMap((p) => p.steps);
    const step = (key: string) => steps.find((s) => s.key === key)!;

    expect(
      step('behovsinventering')
        .assignments.map((a) => a.seatSlug)
        .sort(),
    ).toEqual(
      ['aklagarmyndigheten', 'kriminalvarden', 'lansstyrelsen', 'polisen', 'region-stockholm', 'stockholms-stad', 'storsthlm'].map(
        (o) => `samordningsgrupp/${o}`,
      ),
    );
    // The proposal picks among the action plan's measures, the styrgrupp decides over it, and
    // Fas III and IV go to the owners of the measures it selects: known only once it has decided.
    expect(step('forslag').proposes).toEqual({ actionPlan: 'handlingsplan-2023-2026', measureIds: directory.measures.map((m) => m.id) });
    expect(step('forslag').shows).toEqual(['behovsinventering', 'lagesbeskrivning']);
    expect(step('prioriteringsbeslut').decision!.over).toBe('forslag');
    expect(step('prioriteringsbeslut').shows).toEqual(['forslag']);
    for (const key of ['halvarsrapport', 'genomforande', 'uppfoljning']) {
      expect(step(key).assignments).toEqual([]);
      expect(step(key).measuresOf).toEqual({
        stepKey: 'prioriteringsbeslut',
        title: 'Styrgruppens beslut om årets prioriterade åtgärder',
        actionPlan: 'handlingsplan-2023-2026',
        via: 'samordningsgrupp',
      });
    }
    expect([step('rapportutkast').shows, step('rapportgranskning').shows, step('rapportbeslut').shows]).toEqual([
      ['uppfoljning', 'indikatorer'],
      ['rapportutkast'],
      ['rapportutkast'],
    ]);

    expect(step('prioriteringsbeslut').decision!.voterSeatIds).toHaveLength(7);
    expect(step('rapportgranskning').decision!.voterSeatIds).toHaveLength(7);

    // Dates in Europe/Stockholm: end of the due day; reminders at 08:00, also across DST.
    const needs = step('behovsinventering').schedule!;
    expect(stockholm(needs.dueAt)).toBe('2027-03-15 23:59');
    expect(needs.remindAt.slice(0, 3).map(stockholm)).toEqual(['2027-03-01 08:00', '2027-03-12 08:00', '2027-03-15 08:00']);
    expect(needs.remindAt.slice(3, 5).map(stockholm)).toEqual(['2027-03-22 08:00', '2027-03-29 08:00']);
    expect(needs.remindAt[4]).toBe('2027-03-29T06:00:00.000Z'); // summer time from 28 March
    expect(needs.escalations.map((e) => [stockholm(e.at), e.level])).toEqual([
      ['2027-03-18 08:00', 1],
      ['2027-03-25 08:00', 2],
    ]);
    expect(stockholm(step('overlamning').schedule!.dueAt)).toBe('2028-02-22 23:59');

    // The samordningsgrupp meets the second Tuesday of every month but July, hosts taking turns;
    // Länsstyrelsen convenes and hosts the styrgrupp on the third Thursday of four months.
    const coordination = step('samordningsgruppens-moten').meetings!;
    expect(coordination.policy).toMatchObject({ hosting: 'rotating', noticeDays: 21, hostReminderDays: 14, minutes: { dueDays: 7 } });
    expect(coordination.dates.map((d) => stockholm(d.startsAt))).toEqual(
      ['01-12', '02-09', '03-09', '04-13', '05-11', '06-08', '08-10', '09-14', '10-12', '11-09', '12-14'].map((d) => `2027-${d} 09:00`),
    );
    const steering = step('styrgruppens-moten').meetings!;
    expect(steering.policy).toMatchObject({ hosting: 'convenor', noticeDays: 28, hostReminderDays: 21 });
    expect(steering.dates.map((d) => `${stockholm(d.startsAt)}–${stockholm(d.endsAt).slice(11)}`)).toEqual([
      '2027-02-18 13:00–15:00',
      '2027-05-20 13:00–15:00',
      '2027-09-16 13:00–15:00',
      '2027-11-18 13:00–15:00',
    ]);
    // The styrgrupp decides at its May and February meetings, the samordningsgrupp reviews the draft at its February one,
    // and the report is approved before it is handed over on 22 February.
    const atMeeting = (key: string) => [
      step(key).decision!.atMeeting!.bodySlug,
      stockholm(step(key).decision!.atMeeting!.startsAt),
      stockholm(step(key).schedule!.dueAt),
    ];
    expect(atMeeting('prioriteringsbeslut')).toEqual(['styrgrupp', '2027-05-20 13:00', '2027-05-20 15:00']);
    expect(atMeeting('rapportgranskning')).toEqual(['samordningsgrupp', '2028-02-08 09:00', '2028-02-08 12:00']);
    expect(atMeeting('rapportbeslut')).toEqual(['styrgrupp', '2028-02-17 13:00', '2028-02-17 15:00']);
    expect(plan!.phases.map((p) => p.reviewAt ?? null)).toEqual([
      null,
      'samordningsgrupp',
      'samordningsgrupp',
      'samordningsgrupp',
      null,
      null,
    ]);
  });

  it('keeps the report between the samordningsgrupp, the styrgrupp and the hand-off in every year', () => {
    const def = cycleDefinition.parse(kvinnofridArshjul);
    for (let year = 2026; year <= 2040; year++) {
      const steps = resolvePlan(def, year, directory).plan!.phases.flatMap((p) => p.steps);
      const due = (key: string) => Date.parse(steps.find((s) => s.key === key)!.schedule!.dueAt);
      expect(due('forslag'), `${year}`).toBeLessThan(due('prioriteringsbeslut'));
      expect(due('rapportutkast'), `${year}`).toBeLessThan(due('rapportgranskning'));
      expect(due('rapportgranskning'), `${year}`).toBeLessThan(due('rapportbeslut'));
      expect(due('rapportbeslut'), `${year}`).toBeLessThan(due('overlamning'));
    }
  });

  it("gives each measure of a plan one task, a joint measure one shared task at the lead owner's seat", () => {
    const def = clone();
    (def.phases[2]!.steps[0] as { assignees: unknown }).assignees = {
      kind: 'measureOwners',
      actionPlan: 'handlingsplan-2023-2026',
      via: 'samordningsgrupp',
    };
    const steps = resolvePlan(cycleDefinition.parse(def), 2027, directory).plan!.phases.flatMap((p) => p.steps);
    const tasks = steps.find((s) => s.key === 'halvarsrapport')!.assignments;
    expect(tasks.map((a) => a.measure!.code)).toEqual(directory.measures.map((m) => m.code));
    const seatOf = (org: string) => directory.seats.find((s) => s.slug === `samordningsgrupp/${org}`)!.id;
    // 5.1 is Polisen's and Åklagarmyndigheten's, Polisen leading; 2.1 is Kriminalvården's alone.
    expect(tasks.find((a) => a.measure!.code === '5.1')).toMatchObject({
      seatSlug: 'samordningsgrupp/polisen',
      coSeatIds: [seatOf('aklagarmyndigheten')],
    });
    expect(tasks.find((a) => a.measure!.code === '2.1')).toEqual(expect.not.objectContaining({ coSeatIds: expect.anything() }));
  });

  it('previews the steps about the selected measures as going to the owners of what is decided', () => {
    const { plan } = resolvePlan(cycleDefinition.parse(kvinnofridArshjul), 2027, directory);
    const rows = previewRows('sv', plan!, (id) => id);
    expect(rows.filter((r) => r.step === 'Halvårsrapport' && r.what === 'Uppgift skickas').map((r) => r.to)).toEqual([
      'ägarna till de åtgärder som beslutas i "Styrgruppens beslut om årets prioriterade åtgärder" (kända först efter beslutet)',
    ]);
    const en = previewRows('en', plan!, (id) => id).find((r) => r.step === 'Uppföljning' && r.what === 'Task mailed')!;
    expect(en.to).toBe(
      'the owners of the measures decided in "Styrgruppens beslut om årets prioriterade åtgärder" (known once it is decided)',
    );
  });

  it('resolves relative due dates from the start of the step', () => {
    const start = new Date('2027-10-20T09:00:00Z');
    expect(stockholm(resolveDue('start+21d', 2027, start)!.toISOString())).toBe('2027-11-10 23:59');
    expect(resolveDue('start+21d', 2027)).toBeUndefined();
    expect(stockholm(resolveDue('Y+1-02-22T12:00', 2027)!.toISOString())).toBe('2028-02-22 12:00');
    const s = scheduleFor(new Date('2027-11-01T22:59:00Z'), { before: ['7d'], onTheDay: false }, []);
    expect(s.remindAt.map(stockholm)).toEqual(['2027-10-25 08:00']);
  });
});

describe('a broken definition is refused with every problem and its path', () => {
  type Case = [name: string, mutate: (d: CycleDefinitionInput & Record<string, unknown>) => void, path: string, message: RegExp];
  const steps = (d: CycleDefinitionInput) => d.phases.flatMap((p) => p.steps) as Record<string, unknown>[];
  const byKey = (d: CycleDefinitionInput, key: string) => steps(d).find((s) => s.key === key)!;
  const cases: Case[] = [
    ['a missing name', (d) => void delete (d as { name?: string }).name, 'name', /obligatoriskt fält saknas/],
    ['a key with capitals', (d) => void (d.key = 'Kvinnofrid Årshjul'), 'key', /inte en giltig nyckel/],
    ['no phases', (d) => void (d.phases = []), 'phases', /För lite|minst|>=1/],
    ['an unknown step kind', (d) => void (steps(d)[0]!.kind = 'meeting'), 'phases.0.steps.0.kind', /.+/],
    [
      'a due date that does not exist',
      (d) => void (steps(d)[0]!.due = 'Y-02-30'),
      'phases.0.steps.0.due',
      /Y-02-30 är inget datum som finns/,
    ],
    ['a due date in the wrong form', (d) => void (steps(d)[0]!.due = '31 mars'), 'phases.0.steps.0.due', /ogiltigt datum: skriv Y-03-31/],
    [
      'a reminder that is no duration',
      (d) => void (steps(d)[0]!.reminders = { before: ['two weeks'] }),
      'phases.0.steps.0.reminders.before.0',
      /ingen tidsrymd/,
    ],
    [
      'a duplicate step key',
      (d) => void (steps(d)[1]!.key = 'behovsinventering'),
      'phases.0.steps.1.key',
      /steget behovsinventering finns redan/,
    ],
    [
      'a loop to a later step',
      (d) => void ((byKey(d, 'prioriteringsbeslut').onChanges as { goTo: string }).goTo = 'uppfoljning'),
      'phases.1.steps.1.onChanges.goTo',
      /steget uppfoljning finns inte före detta beslut/,
    ],
    [
      'a role that is not defined',
      (d) => void (steps(d)[1]!.assignees = { kind: 'role', role: 'ordforande' }),
      'phases.0.steps.1.assignees.role',
      /rollen ordforande finns inte/,
    ],
    ['a first step running concurrently', (d) => void (steps(d)[0]!.concurrent = true), 'phases.0.steps.0.concurrent', /första steget/],
    [
      'a quorum of zero',
      (d) => void (byKey(d, 'prioriteringsbeslut').rule = { kind: 'quorum', quorum: 0 }),
      'phases.1.steps.1.rule.quorum',
      /För litet|>=1/,
    ],
    ['an unknown field', (d) => void (steps(d)[0]!.deadline = 'Y-03-15'), 'phases.0.steps.0', /deadline/],
    [
      'a seat that does not exist',
      (d) => void (steps(d)[0]!.assignees = { kind: 'seats', seats: ['styrgrupp/nobody'] }),
      'phases.0.steps.0.assignees.seats.0',
      /platsen styrgrupp\/nobody finns inte/,
    ],
    [
      'a body that does not exist',
      (d) => void (byKey(d, 'prioriteringsbeslut').body = 'ledningsgrupp'),
      'phases.1.steps.1.body',
      /organet ledningsgrupp finns inte/,
    ],
    [
      'a quorum larger than the body',
      (d) => void (byKey(d, 'prioriteringsbeslut').rule = { kind: 'quorum', quorum: 9 }),
      'phases.1.steps.1.rule.quorum',
      /kvorum 9 är större än antalet röstande \(7\)/,
    ],
    [
      'an action plan that does not exist',
      (d) =>
        void (byKey(d, 'halvarsrapport').assignees = { kind: 'measureOwners', actionPlan: 'handlingsplan-2030', via: 'samordningsgrupp' }),
      'phases.2.steps.0.assignees.actionPlan',
      /handlingsplanen handlingsplan-2030 finns inte/,
    ],
    [
      'a decision at a body that has no meetings',
      (d) => void (byKey(d, 'rapportgranskning').atMeeting = 'samordningskoordinering'),
      'phases.4.steps.1.atMeeting',
      /inget mötessteg för organet samordningskoordinering/,
    ],
    [
      'showing a later step',
      (d) => void (byKey(d, 'forslag').shows = ['rapportutkast']),
      'phases.1.steps.0.shows.0',
      /steget rapportutkast finns inte före detta steg/,
    ],
    [
      'showing a meetings step',
      (d) => void (byKey(d, 'rapportbeslut').shows = ['styrgruppens-moten']),
      'phases.4.steps.2.shows.0',
      /steget styrgruppens-moten lämnar inget resultat att visa/,
    ],
    [
      'a decision over an unknown step',
      (d) => void (byKey(d, 'prioriteringsbeslut').over = 'forslagen'),
      'phases.1.steps.1.over',
      /steget forslagen finns inte före detta beslut/,
    ],
    [
      'a decision over a step that proposes nothing',
      (d) => void (byKey(d, 'prioriteringsbeslut').over = 'lagesbeskrivning'),
      'phases.1.steps.1.over',
      /steget lagesbeskrivning föreslår inga åtgärder/,
    ],
    [
      'measure owners of an unknown decision',
      (d) => void (byKey(d, 'halvarsrapport').assignees = { kind: 'measureOwners', of: 'beslutet', via: 'samordningsgrupp' }),
      'phases.2.steps.0.assignees.of',
      /beslutet beslutet finns inte före detta steg/,
    ],
    [
      'measure owners of a later decision',
      (d) => void (byKey(d, 'uppfoljning').assignees = { kind: 'measureOwners', of: 'rapportgranskning', via: 'samordningsgrupp' }),
      'phases.3.steps.0.assignees.of',
      /beslutet rapportgranskning finns inte före/,
    ],
    [
      'measure owners of a plain decision',
      (d) =>
        void (
          (byKey(d, 'rapportutkast').assignees = { kind: 'measureOwners', of: 'prioriteringsbeslut', via: 'samordningsgrupp' }),
          delete byKey(d, 'prioriteringsbeslut').over
        ),
      'phases.4.steps.0.assignees.of',
      /prioriteringsbeslut är inget beslut som väljer åtgärder/,
    ],
    [
      'measure owners of both a plan and a decision',
      (d) =>
        void (byKey(d, 'halvarsrapport').assignees = {
          kind: 'measureOwners',
          actionPlan: 'handlingsplan-2023-2026',
          of: 'prioriteringsbeslut',
          via: 'samordningsgrupp',
        }),
      'phases.2.steps.0.assignees',
      /ange antingen actionPlan .* eller of/,
    ],
    [
      'proposing from an action plan that does not exist',
      (d) => void (byKey(d, 'forslag').proposes = { actionPlan: 'handlingsplan-2030' }),
      'phases.1.steps.0.proposes.actionPlan',
      /handlingsplanen handlingsplan-2030 finns inte/,
    ],
    [
      'a form signed in a body that does not exist',
      (d) =>
        void d.phases[0]!.steps.push({
          key: 'ansokan',
          kind: 'form',
          title: 'Ansökan',
          due: 'Y-05-31',
          assignees: { kind: 'role', role: 'coordinator' },
          fields: [{ kind: 'text', key: 'namn', label: { sv: 'Namn', en: 'Name' } }],
          signedBy: { body: 'rss-chefer' },
        }),
      'phases.0.steps.4.signedBy.body',
      /rss-chefer/,
    ],
  ];

  it.each(cases)('%s', async (_name, mutate, path, message) => {
    const def = clone() as CycleDefinitionInput & Record<string, unknown>;
    mutate(def);
    const { issues } = await validateDefinition(database.db, def, 'sv');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('lists every problem at once, in English on request', async () => {
    const def = clone() as CycleDefinitionInput & Record<string, unknown>;
    steps(def)[0]!.due = 'Y-13-01';
    steps(def)[1]!.key = 'behovsinventering';
    def.key = 'X';
    const { issues } = await validateDefinition(database.db, def, 'en');
    // The renamed step leaves the proposal showing a step that no longer exists.
    expect(issues.map((i) => i.path).sort()).toEqual(['key', 'phases.0.steps.0.due', 'phases.0.steps.1.key', 'phases.1.steps.0.shows.1']);
    expect(issues.find((i) => i.path === 'key')!.message).toMatch(/is not a valid key/);
  });
});
