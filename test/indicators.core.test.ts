import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDecimal, parseIndicatorCsv, parseKoladaJson, targetStatus, type Target } from '../core/indicators';
import { en, sv } from '../i18n/indicators';

describe('parseIndicatorCsv', () => {
  it('reads a BOM, semicolons and decimal commas', () => {
    const parsed = parseIndicatorCsv('\uFEFFår;område;kön;värde\r\n2022;01;T;12,5\r\n2022;0180;K;1 234,75\r\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { year: 2022, area: '01', gender: 'T', value: 12.5, count: null, status: null },
      { year: 2022, area: '0180', gender: 'K', value: 1234.75, count: null, status: null },
    ]);
  });

  it('takes the English header, a count column, and no gender column as the total', () => {
    const parsed = parseIndicatorCsv('year;area;value;count\n2021;01;3,0;17');
    expect(parsed.rows).toEqual([{ year: 2021, area: '01', gender: 'T', value: 3, count: 17, status: null }]);
  });

  it('names each bad row by its line, the header being line 1', () => {
    const parsed = parseIndicatorCsv(
      'år;område;kön;värde\n2022;01;T;abc\n1800;01;T;1\n2022;;T;1\n2022;01;X;1\n2022;01;T\n2023;01;T;1\n2023;01;T;2',
    );
    expect(parsed.problems.map((p) => [p.where, p.line, p.reason])).toEqual([
      ['line', 2, 'ind.problem.value'],
      ['line', 3, 'ind.problem.year'],
      ['line', 4, 'ind.problem.area'],
      ['line', 5, 'ind.problem.gender'],
      ['line', 6, 'ind.problem.columns'],
      ['line', 8, 'ind.problem.duplicate'],
    ]);
    expect(parsed.problems.at(-1)!.params).toMatchObject({ first: 7 });
  });

  it('refuses a header without the needed columns, and an empty file', () => {
    expect(parseIndicatorCsv('a;b;c\n1;2;3').problems[0]).toMatchObject({ line: 1, reason: 'ind.problem.header' });
    expect(parseIndicatorCsv('år;område;värde\n').problems[0]).toMatchObject({ line: 1, reason: 'ind.problem.empty' });
  });

  it('reads back any value written with a Swedish decimal comma', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 20 }),
        (values) => {
          const lines = values.map((v, i) => `${2000 + i};01;T;${String(v).replace('.', ',')}`);
          const parsed = parseIndicatorCsv(`\uFEFFår;område;kön;värde\n${lines.join('\n')}`);
          expect(parsed.problems).toEqual([]);
          // String(-0) writes "0": the file cannot tell the two zeros apart.
          expect(parsed.rows.map((r) => r.value)).toEqual(values.map((v) => v + 0));
        },
      ),
    );
  });
});

describe('parseDecimal', () => {
  it('refuses a number with both a comma and a point', () => {
    expect(parseDecimal('1.234,5')).toBeNull();
    expect(parseDecimal('\u22123,5')).toBe(-3.5);
  });
});

describe('parseKoladaJson', () => {
  const entry = (municipality: string, period: unknown, values: unknown[]) => ({ kpi: 'U28532', municipality, period, values });

  it('reads the API answer and the bare array alike', () => {
    const values = [entry('0180', 2022, [{ gender: 'T', value: 41.2, count: 3, status: '' }])];
    const row = { year: 2022, area: '0180', gender: 'T', value: 41.2, count: 3, status: null };
    expect(parseKoladaJson({ values }).rows).toEqual([row]);
    expect(parseKoladaJson(JSON.stringify(values)).rows).toEqual([row]);
  });

  it('leaves out null values and counts them, without calling them errors', () => {
    const parsed = parseKoladaJson({ values: [entry('0180', 2022, [{ gender: 'K', value: null, count: 0, status: 'Missing' }])] });
    expect(parsed).toMatchObject({ rows: [], problems: [], skipped: 1 });
  });

  it('names bad values by their entry, the first being 1', () => {
    const parsed = parseKoladaJson({
      values: [entry('0180', 2022, [{ gender: 'T', value: 1 }]), entry('', 2022, [{ gender: 'T', value: 1 }]), { kpi: 'x' }],
    });
    expect(parsed.problems.map((p) => [p.where, p.line, p.reason])).toEqual([
      ['entry', 2, 'ind.problem.area'],
      ['entry', 3, 'ind.problem.entry'],
    ]);
  });

  it('refuses an entry of another KPI than the indicator names', () => {
    const parsed = parseKoladaJson({ values: [entry('0180', 2022, [{ gender: 'T', value: 1 }])] }, 'N00001');
    expect(parsed.problems).toEqual([
      { where: 'entry', line: 1, reason: 'ind.problem.kpi', params: { kpi: 'U28532', expected: 'N00001' } },
    ]);
  });

  it('refuses what is not JSON of that shape', () => {
    expect(parseKoladaJson('{').problems[0]!.reason).toBe('ind.problem.json');
    expect(parseKoladaJson({ rows: [] }).problems[0]!.reason).toBe('ind.problem.json');
  });
});

describe('targetStatus', () => {
  const target: Target = { direction: 'higher', baselineYear: 2020, baselineValue: 50, targetYear: 2024, targetValue: 70 };
  const county = (year: number, value: number) => ({ year, area: '01', gender: 'T' as const, value });

  it('is met when the latest county total reaches the target', () => {
    expect(targetStatus(target, [county(2020, 50), county(2023, 71)])).toBe('met');
  });
  it('is on track when the latest value reaches the straight line to the target', () => {
    expect(targetStatus(target, [county(2022, 60)])).toBe('onTrack');
  });
  it('is not met below the line', () => {
    expect(targetStatus(target, [county(2022, 59), county(2021, 80)])).toBe('notMet');
  });
  it('reads "better" downwards for an indicator where lower is better', () => {
    const lower: Target = { direction: 'lower', baselineYear: 2020, baselineValue: 10, targetYear: 2024, targetValue: 6 };
    expect(targetStatus(lower, [county(2022, 8)])).toBe('onTrack');
    expect(targetStatus(lower, [county(2024, 7)])).toBe('notMet');
  });
  it('is unknown without a target or without the county total', () => {
    expect(targetStatus({ ...target, targetValue: null }, [county(2022, 60)])).toBe('unknown');
    expect(targetStatus(target, [{ year: 2022, area: '0180', gender: 'T', value: 90 }])).toBe('unknown');
  });
});

it('words every reason in both languages', () => {
  expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
});
