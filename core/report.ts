import type { TargetStatus } from './indicators';

/**
 * The Regional lägesrapport as a document: assembled from the records once per version and kept
 * whole with it, so the web page, the PDF and the Word file of a version say the same thing, and
 * say it again next year. Plain data: renderers turn it into HTML, PDF and DOCX.
 */

/** The coordinator's own text: a summary, the county's development overall, and one per goal (by goal number). */
export interface ReportAnalysis {
  summary: string;
  overall: string;
  goals: Record<string, string>;
}

export const emptyAnalysis = (): ReportAnalysis => ({ summary: '', overall: '', goals: {} });

export const FOLLOW_UP_STATUSES = ['not_started', 'ongoing', 'done', 'changed', 'cancelled'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** One owner's latest follow-up of a measure in the cycle. */
export interface ReportFollowUp {
  organisation: string;
  /** The step it was reported in (Uppföljning, Genomförande, Halvårsrapport). */
  step: string;
  status: FollowUpStatus | null;
  text: string;
  links: { url: string; title?: string }[];
  attachments: string[];
  reportedAt: string | null;
}

export interface ReportMeasure {
  code: string;
  title: string;
  owners: string[];
  followUps: ReportFollowUp[];
}

export interface ReportSeriesPoint {
  year: number;
  value: number | null;
}

export interface ReportIndicator {
  slug: string;
  name: string;
  unit: string;
  source: string;
  level: 'regional' | 'local';
  direction: 'higher' | 'lower';
  target: { baselineYear: number; baselineValue: number; targetYear: number; targetValue: number } | null;
  targetStatus: TargetStatus;
  /** The county first, then each municipality with values, totals (gender T) by year. */
  series: { area: string; label: string; points: ReportSeriesPoint[] }[];
  /** Where and when the values were retrieved: "Kolada, 2027-01-12". */
  provenance: string[];
}

export interface ReportGoal {
  number: number;
  title: string;
  description: string;
  analysis: string;
  indicators: ReportIndicator[];
  measures: ReportMeasure[];
}

export interface ReportDocument {
  title: string;
  /** The collaboration and year it reports on: "Operation Kvinnofrid 2027". */
  subtitle: string;
  version: number;
  compiledAt: string;
  summary: string;
  overall: string;
  goals: ReportGoal[];
  sources: string[];
}

/** Section ids a review comment anchors to, in the order the document has them. */
export const sectionIds = (doc: Pick<ReportDocument, 'goals'>): string[] => [
  'summary',
  'overall',
  ...doc.goals.map((g) => `goal-${g.number}`),
  'sources',
];
