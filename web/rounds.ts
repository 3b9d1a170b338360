import type { RoundReason } from '../core/rounds';
import { t, type Locale } from '../i18n';

/** "Förslag (runda 2)": the first round is just the title. */
export const roundTitle = (l: Locale, title: string, round: number) => (round > 1 ? t(l, 'round.title', { title, round }) : title);

/** "Runda 2: i beslutet … begärdes ändringar." */
export const roundReasonText = (l: Locale, reason: RoundReason) =>
  t(l, reason.outcome === 'rejected' ? 'round.reason.rejected' : 'round.reason.changes_requested', {
    round: reason.round,
    title: reason.title,
  });
