/**
 * Prints the targets table of bench/results.json as Markdown, for BENCHMARKS.md:
 * `npx tsx bench/report-table.ts [results.json]`.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { COLUMNS, HEADINGS, targetRows } from './targets';

const file = process.argv[2] ?? fileURLToPath(new URL('./results.json', import.meta.url));
const { measuredAt, ...results } = JSON.parse(await readFile(file, 'utf8')) as Record<string, number> & { measuredAt?: string };
const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
console.log(`Measured ${measuredAt ?? 'at an unknown time'}.\n`);
console.log(line(HEADINGS));
console.log(line(HEADINGS.map(() => '---')));
for (const row of targetRows(results)) console.log(line(COLUMNS.map((c) => row[c])));
// Every figure of the run, the ones without a target too.
console.log(`\n| key | value |\n| --- | --- |`);
for (const [key, value] of Object.entries(results)) console.log(`| ${key} | ${value} |`);
