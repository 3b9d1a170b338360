import { auditEventsBetween, latestAuditEvents } from '../../db/queries/audit';
import { addDays, formatLocalDate, stockholmDate, stockholmInstant, type LocalDate } from '../../core/time';
import { t, type MessageKey } from '../../i18n';
import { UserError } from '../plugins/errors';
import type { Ctx } from './context';

const dateOf = (iso: string): LocalDate => {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

/**
 * One cell: quoted when it holds the separator, a quote or a line break, and led by an apostrophe
 * when a spreadsheet would read it as a formula.
 */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const columns = ['at', 'action', 'actor', 'seat', 'person', 'door', 'targetKind', 'targetId', 'ip', 'detail'] as const;

/**
 * The audit of a period (Stockholm days, both included) as CSV for a spreadsheet in Swedish
 * settings: semicolons, a byte-order mark, times in ISO 8601 UTC, and headings in the reader's language.
 */
export async function auditCsv(ctx: Ctx, from: string, to: string): Promise<string> {
  if (from > to) throw new UserError(400, 'audit.period', { from, to });
  const start = stockholmInstant(dateOf(from), 0, 0);
  const end = stockholmInstant(addDays(dateOf(to), 1), 0, 0);
  const rows = await auditEventsBetween(ctx.db, start, end);
  const head = columns.map((c) => t(ctx.locale, `audit.csv.${c}` as MessageKey));
  const lines = rows.map((r) =>
    [
      r.at.toISOString(),
      r.action,
      r.actorKind,
      r.seat ?? '',
      r.holder ?? '',
      r.door ?? '',
      r.targetKind,
      r.targetId,
      r.ip ?? '',
      JSON.stringify(r.detail ?? {}),
    ].map(cell),
  );
  return `\ufeff${[head.map(cell), ...lines].map((l) => l.join(';')).join('\r\n')}\r\n`;
}

/** The audit page: the latest 50 events, and this Stockholm month as the period it offers to download. */
export async function auditOverview(ctx: Ctx) {
  const { year, month } = dateOf(stockholmDate(ctx.now()));
  const next = month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 };
  return {
    events: await latestAuditEvents(ctx.db, 50),
    from: formatLocalDate({ year, month, day: 1 }),
    to: formatLocalDate(addDays(next, -1)),
  };
}
