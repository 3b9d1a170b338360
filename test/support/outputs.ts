import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import * as t from '../../db/schema';
import { findSeat, holderOn } from '../../db/queries/directory';
import { newToken } from '../../db/queries/links';
import { storeLink } from '../../activities/notices';

/**
 * A year of the shipped cycle as the engine records it once work travels: the samordningsgrupp's
 * proposal in two versions with a file, the styrgrupp's first decision asking for changes with
 * comments per measure, the second decision open over the proposal's measures, and a shared
 * follow-up task of a joint measure with one co-owner's part. Written straight into the records.
 */

export const CYCLE = 'cycle/kvinnofrid-arshjul/2027';
export const PROPOSAL_V1 =
  'Förslag till prioriteringar 2027\n1.1 Gemensam kampanj\n2.1 Återfallsförebyggande program\nMotivering: länets behov.';
export const PROPOSAL_V2 =
  'Förslag till prioriteringar 2027\n1.1 Gemensam kampanj för unga\n2.1 Återfallsförebyggande program\nMotivering: länets behov.\n3.2 Barn vid polisingripanden tillkommer.';

const at = (iso: string) => new Date(iso);

export interface TravelScenario {
  measures: Record<string, string>;
  seats: Record<'chair' | 'kriminalvarden' | 'polisen' | 'stad' | 'sgPolisen' | 'sgRegion' | 'sgLst', string>;
  proposalTask1: string;
  proposalTask2: string;
  output1: string;
  output2: string;
  attachmentId: string;
  decision1: string;
  decision2: string;
  decision2WorkflowId: string;
  sharedTask: string;
  proposeTask: string;
  meetingId: string;
  /** A vote link of the styrgrupp's Polisen seat for the open decision. */
  voteToken: string;
  /** A task link of the shared task's lead owner. */
  taskToken: string;
  /** A part link of a co-owner of the shared task who has written no part yet. */
  partToken: string;
}

export async function insertTravelScenario(db: Db): Promise<TravelScenario> {
  const seat = async (slug: string) => (await findSeat(db, slug))!.id;
  const seats = {
    chair: await seat('samordningsgrupp/ordforande'),
    kriminalvarden: await seat('samordningsgrupp/kriminalvarden'),
    polisen: await seat('samordningsgrupp/polisen'),
    stad: await seat('samordningsgrupp/stockholms-stad'),
    sgPolisen: await seat('styrgrupp/polisen'),
    sgRegion: await seat('styrgrupp/region-stockholm'),
    sgLst: await seat('styrgrupp/lansstyrelsen'),
  };
  const measureRows = await db.select({ id: t.measures.id, code: t.measures.code }).from(t.measures);
  const measures = Object.fromEntries(measureRows.map((m) => [m.code, m.id]));
  const holder = async (seatId: string) => (await holderOn(db, seatId, '2027-03-01'))!.id;

  // The shipped definition, with the proposal choosing among the action plan's measures.
  const [shipped] = await db.select().from(t.cycleDefinitions).where(eq(t.cycleDefinitions.key, 'kvinnofrid-arshjul'));
  const definition = structuredClone(shipped!.definition) as { phases: { steps: { key: string; proposes?: unknown }[] }[] };
  for (const step of definition.phases.flatMap((p) => p.steps))
    if (step.key === 'forslag') step.proposes = { actionPlan: 'handlingsplan-2023-2026' };
  const [def] = await db
    .insert(t.cycleDefinitions)
    .values({ key: 'kvinnofrid-arshjul', version: 900, name: shipped!.name, definition })
    .returning();
  const plan = {
    cycleId: CYCLE,
    phases: definition.phases.map((p) => ({
      ...p,
      steps: p.steps.map((s) => ({ key: s.key, title: (s as unknown as { title: string }).title })),
    })),
  };
  await db.insert(t.cycles).values({ id: CYCLE, definitionId: def!.id, year: 2027, plan, steps: [] });

  const task = async (o: {
    step: string;
    round: number;
    seat: string;
    status: 'open' | 'done';
    title: string;
    measure?: string;
    co?: string[];
    shows?: string[];
    report?: string;
  }) => {
    const id = randomUUID();
    await db.insert(t.tasks).values({
      id,
      workflowId: `task/kvinnofrid-arshjul/2027/${o.step}/${o.seat}${o.measure ? `/${o.measure}` : ''}/r${o.round}`,
      cycleId: CYCLE,
      stepKey: o.step,
      round: o.round,
      kind: 'tasks',
      measureId: o.measure ?? null,
      seatId: o.seat,
      title: o.title,
      instructions: 'Beskriv vad som gjorts.',
      status: o.status,
      dueAt: at('2027-04-15T21:59:00Z'),
      completedAt: o.status === 'done' ? at('2027-03-20T10:00:00Z') : null,
      report: o.report ?? null,
      coSeatIds: o.co ?? [],
      shownOutputIds: o.shows ?? [],
    });
    return id;
  };
  const output = async (o: { task: string; version: number; text: string; measureIds: string[]; createdAt: string }) => {
    const id = randomUUID();
    await db.insert(t.stepOutputs).values({
      id,
      cycleId: CYCLE,
      stepKey: 'forslag',
      version: o.version,
      taskId: o.task,
      workflowId: `task/kvinnofrid-arshjul/2027/forslag/${seats.chair}/r${o.version}`,
      seatId: seats.chair,
      holderId: await holder(seats.chair),
      text: o.text,
      choices: { measureIds: o.measureIds },
      createdAt: at(o.createdAt),
    });
    return id;
  };
  const [sg] = await db.select({ id: t.bodies.id }).from(t.bodies).where(eq(t.bodies.slug, 'styrgrupp'));
  const decision = async (o: {
    round: number;
    status: 'open' | 'closed';
    shows: string[];
    candidates: string[];
    outcome?: 'changes_requested';
  }) => {
    const id = randomUUID();
    const workflowId = `decision/kvinnofrid-arshjul/2027/prioriteringsbeslut/r${o.round}`;
    await db.insert(t.decisions).values({
      id,
      workflowId,
      cycleId: CYCLE,
      stepKey: 'prioriteringsbeslut',
      round: o.round,
      bodyId: sg!.id,
      title: 'Styrgruppens beslut om årets prioriterade åtgärder',
      question: 'Godkänner styrgruppen samordningsgruppens förslag?',
      rule: { kind: 'majority' },
      voterSeatIds: [seats.sgPolisen, seats.sgRegion, seats.sgLst],
      status: o.status,
      outcome: o.outcome ?? null,
      dueAt: at('2027-05-20T21:59:00Z'),
      closedAt: o.status === 'closed' ? at('2027-04-01T10:00:00Z') : null,
      shownOutputIds: o.shows,
      candidateMeasureIds: o.candidates,
    });
    return { id, workflowId };
  };

  const chosen = [measures['1.1']!, measures['2.1']!];
  const proposalTask1 = await task({
    step: 'forslag',
    round: 1,
    seat: seats.chair,
    status: 'done',
    title: 'Samordningsgruppens förslag till prioriterade åtgärder',
    report: PROPOSAL_V1,
  });
  const output1 = await output({
    task: proposalTask1,
    version: 1,
    text: PROPOSAL_V1,
    measureIds: chosen,
    createdAt: '2027-03-20T10:00:00Z',
  });
  const d1 = await decision({ round: 1, status: 'closed', shows: [output1], candidates: chosen, outcome: 'changes_requested' });
  await db.insert(t.votes).values([
    {
      decisionId: d1.id,
      seatId: seats.sgPolisen,
      holderId: await holder(seats.sgPolisen),
      choice: 'changes',
      comment: 'Ta med barnen i hemmet.',
      itemComments: { [measures['1.1']!]: 'Rikta kampanjen till unga.' },
      castAt: at('2027-03-30T10:00:00Z'),
    },
    {
      decisionId: d1.id,
      seatId: seats.sgRegion,
      holderId: await holder(seats.sgRegion),
      choice: 'approve',
      comment: '',
      approvedMeasureIds: chosen,
      castAt: at('2027-03-30T11:00:00Z'),
    },
  ]);
  const proposalTask2 = await task({
    step: 'forslag',
    round: 2,
    seat: seats.chair,
    status: 'done',
    title: 'Samordningsgruppens förslag till prioriterade åtgärder',
    shows: [],
    report: PROPOSAL_V2,
  });
  const candidates = [...chosen, measures['3.2']!];
  const output2 = await output({
    task: proposalTask2,
    version: 2,
    text: PROPOSAL_V2,
    measureIds: candidates,
    createdAt: '2027-04-10T10:00:00Z',
  });
  const [file] = await db
    .insert(t.attachments)
    .values({
      taskId: proposalTask2,
      outputId: output2,
      name: 'forslag-2027.pdf',
      contentType: 'application/pdf',
      size: 48_213,
      sha256: 'a'.repeat(64),
      data: Buffer.from('%PDF-1.4'),
    })
    .returning({ id: t.attachments.id });
  const d2 = await decision({ round: 2, status: 'open', shows: [output2], candidates });
  // The cycle recorded why the proposal ran again, as it does for the steps it sends back.
  await db
    .update(t.cycles)
    .set({
      steps: [
        {
          key: 'forslag',
          status: 'completed',
          round: 2,
          roundReasons: [
            {
              round: 2,
              stepKey: 'prioriteringsbeslut',
              title: 'Styrgruppens beslut om årets prioriterade åtgärder',
              outcome: 'changes_requested',
              workflowId: d1.workflowId,
            },
          ],
        },
      ],
    })
    .where(eq(t.cycles.id, CYCLE));

  const sharedTask = await task({
    step: 'uppfoljning',
    round: 1,
    seat: seats.kriminalvarden,
    status: 'open',
    title: 'Uppföljning',
    measure: measures['2.2']!,
    co: [seats.polisen, seats.stad],
    shows: [output2],
  });
  await db.insert(t.taskParts).values({
    taskId: sharedTask,
    seatId: seats.polisen,
    holderId: await holder(seats.polisen),
    text: 'Polisen har utbildat 40 utredare.',
    updatedAt: at('2027-09-01T08:00:00Z'),
  });
  const proposeTask = await task({
    step: 'forslag',
    round: 3,
    seat: seats.chair,
    status: 'open',
    title: 'Samordningsgruppens förslag till prioriterade åtgärder',
    shows: [],
  });

  const [series] = await db
    .insert(t.meetingSeries)
    .values({
      id: 'meetings/styrgrupp',
      bodyId: sg!.id,
      title: 'Styrgruppens möten',
      hosting: 'convenor',
      rotation: { order: [], done: [], round: 0, members: [] },
    })
    .returning();
  const meetingId = randomUUID();
  await db.insert(t.meetings).values({
    id: meetingId,
    key: 'meetings/styrgrupp#1',
    bodyId: sg!.id,
    seriesId: series!.id,
    number: 1,
    startsAt: at('2099-05-20T08:00:00Z'),
    endsAt: at('2099-05-20T10:00:00Z'),
    agenda: [
      {
        id: randomUUID(),
        title: 'Styrgruppens beslut om årets prioriterade åtgärder',
        source: 'cycle',
        kind: 'decision',
        key: d2.workflowId,
        at: '2027-04-10T10:00:00Z',
      },
    ],
  });

  const link = async (seatId: string, action: 'vote' | 'complete' | 'part', targetKind: string, targetId: string) => {
    const { token, hash } = newToken();
    await storeLink(db, hash, {
      seatId,
      holderId: (await holderOn(db, seatId, new Date().toISOString().slice(0, 10)))!.id,
      action,
      targetKind,
      targetId,
      expiresAt: at('2099-01-01T00:00:00Z'),
    });
    return token;
  };
  return {
    measures,
    seats,
    proposalTask1,
    proposalTask2,
    output1,
    output2,
    attachmentId: file!.id,
    decision1: d1.id,
    decision2: d2.id,
    decision2WorkflowId: d2.workflowId,
    sharedTask,
    proposeTask,
    meetingId,
    voteToken: await link(seats.sgPolisen, 'vote', 'decision', d2.id),
    taskToken: await link(seats.kriminalvarden, 'complete', 'task', sharedTask),
    partToken: await link(seats.stad, 'part', 'task', sharedTask),
  };
}
