import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasChanges, lineDiff, type DiffLine } from '../core/line-diff';

const older = (lines: DiffLine[]) => lines.filter((l) => l.op !== 'add').map((l) => l.text);
const newer = (lines: DiffLine[]) => lines.filter((l) => l.op !== 'del').map((l) => l.text);

/** The longest common subsequence's length, by the textbook recursion on small inputs. */
function lcsLength(a: string[], b: string[]): number {
  const memo = new Map<string, number>();
  const go = (i: number, j: number): number => {
    if (i === a.length || j === b.length) return 0;
    const key = `${i},${j}`;
    if (!memo.has(key)) memo.set(key, a[i] === b[j] ? 1 + go(i + 1, j + 1) : Math.max(go(i + 1, j), go(i, j + 1)));
    return memo.get(key)!;
  };
  return go(0, 0);
}

describe('the line diff between two versions of a text', () => {
  it('marks a changed line as deleted and added, and keeps the rest', () => {
    expect(lineDiff('Förslag\n1.1 Kampanj\n2.1 Program', 'Förslag\n1.1 Kampanj för unga\n2.1 Program')).toEqual([
      { op: 'same', text: 'Förslag' },
      { op: 'del', text: '1.1 Kampanj' },
      { op: 'add', text: '1.1 Kampanj för unga' },
      { op: 'same', text: '2.1 Program' },
    ]);
  });

  it('says nothing changed for equal texts, and treats CRLF as LF', () => {
    const lines = lineDiff('a\r\nb', 'a\nb');
    expect(hasChanges(lines)).toBe(false);
    expect(lines).toHaveLength(2);
  });

  it('shows a first version against nothing as all added', () => {
    expect(lineDiff('', 'ny\ntext')).toEqual([
      { op: 'add', text: 'ny' },
      { op: 'add', text: 'text' },
    ]);
  });

  it('rebuilds both versions and keeps a longest common subsequence', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 12 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const lines = lineDiff(a.join('\n'), b.join('\n'));
        const split = (x: string[]) => (x.join('\n') === '' ? [] : x.join('\n').split('\n'));
        expect(older(lines)).toEqual(split(a));
        expect(newer(lines)).toEqual(split(b));
        expect(lines.filter((l) => l.op === 'same').length).toBe(lcsLength(split(a), split(b)));
      }),
      { numRuns: 300 },
    );
  });

  it('stays bounded on large texts: the changed middle beyond the bound is deleted and re-added', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `rad ${i}`);
    const b = Array.from({ length: 5000 }, (_, i) => `ny rad ${i}`);
    const lines = lineDiff(['början', ...a, 'slut'].join('\n'), ['början', ...b, 'slut'].join('\n'), 1_000_000);
    expect(lines[0]).toEqual({ op: 'same', text: 'början' });
    expect(lines.at(-1)).toEqual({ op: 'same', text: 'slut' });
    expect(older(lines)).toEqual(['början', ...a, 'slut']);
    expect(newer(lines)).toEqual(['början', ...b, 'slut']);
    expect(lines.filter((l) => l.op === 'same')).toHaveLength(2);
  });
});
