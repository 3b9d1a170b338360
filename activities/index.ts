import type { Db } from '../db/client';
import { upsertTask, type TaskProjection } from './projections';

export interface ActivityDeps {
  db: Db;
}

/** Side effects the workflows ask for; the worker builds them once with real dependencies. */
export function createActivities({ db }: ActivityDeps) {
  return {
    async projectTask(state: TaskProjection): Promise<void> {
      await upsertTask(db, state);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
