/** One line of a diff: kept, added in the newer text, or deleted from the older. */
export interface DiffLine {
  op: 'same' | 'add' | 'del';
  text: string;
}

/**
 * The LCS table costs (changed old lines × changed new lines) cells; above this the changed
 * middle is shown as deleted and re-added, which is still true, only less precise.
 */
export const MAX_DIFF_CELLS = 4_000_000;

const splitLines = (text: string) => (text === '' ? [] : text.replace(/\r\n?/g, '\n').split('\n'));

/**
 * A line diff between two versions of a text, by longest common subsequence. Lines common to
 * both ends are matched first, so the usual small edit in a long text stays cheap.
 */
export function lineDiff(before: string, after: string, maxCells = MAX_DIFF_CELLS): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const same = (lines: string[]) => lines.map((text): DiffLine => ({ op: 'same', text }));
  return [...same(a.slice(0, start)), ...middle(a.slice(start, endA), b.slice(start, endB), maxCells), ...same(a.slice(endA))];
}

function middle(a: string[], b: string[], maxCells: number): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n * m > maxCells) return [...a.map((text): DiffLine => ({ op: 'del', text })), ...b.map((text): DiffLine => ({ op: 'add', text }))];
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..], in one flat array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      lines.push({ op: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      lines.push({ op: 'del', text: a[i++]! });
    } else {
      lines.push({ op: 'add', text: b[j++]! });
    }
  }
  while (i < n) lines.push({ op: 'del', text: a[i++]! });
  while (j < m) lines.push({ op: 'add', text: b[j++]! });
  return lines;
}

/** Whether the two versions differ at all. */
export const hasChanges = (lines: DiffLine[]) => lines.some((l) => l.op !== 'same');
