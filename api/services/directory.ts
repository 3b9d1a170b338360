import { listBodiesWithSeats, listOrganisations } from '../../db/queries/directory';
import { stockholmDate } from '../../core/time';
import type { Ctx } from './context';

/** Parties and reference agencies. */
export const organisations = ({ db }: Pick<Ctx, 'db'>) => listOrganisations(db);

/** Governance bodies with their seats and the holders on duty today (Europe/Stockholm). */
export const bodiesToday = ({ db }: Pick<Ctx, 'db'>) => listBodiesWithSeats(db, stockholmDate(new Date()));
