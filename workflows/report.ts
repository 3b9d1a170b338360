import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

/** The workflow id of a version's compilation: one run per version. */
export const compileReportId = (versionId: string) => `report/${versionId}`;

/**
 * Assembling reads the records and rendering starts a browser: regular activities with a few
 * attempts each, so a passing fault is retried and a lasting one ends as a failed version the
 * coordinator can compile again, not a retry loop nobody sees.
 */
const steps = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 3 },
});

const record = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Why a step gave up, in the words of what failed rather than of the activity around it. */
function causeOf(err: unknown): string {
  const inner = err instanceof ActivityFailure && err.cause ? err.cause : err;
  if (inner instanceof ApplicationFailure || inner instanceof Error) return inner.message;
  return String(inner);
}

/**
 * Compiles one version of the lägesrapport: the document from the records (1 of 3), its PDF (2 of
 * 3), its Word file (3 of 3). The version's row carries the progress the page shows and, should a
 * step give up, the reason it failed.
 */
export async function compileReport({ versionId }: { versionId: string }): Promise<'compiled' | 'failed'> {
  try {
    await steps.assembleReportVersion({ versionId });
    await steps.renderReportPdf({ versionId });
    await steps.renderReportDocx({ versionId });
    return 'compiled';
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    await record.failReportVersion({ versionId, failure: causeOf(err) });
    return 'failed';
  }
}
