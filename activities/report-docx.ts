import {
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  ExternalHyperlink,
} from 'docx';
import { Resvg } from '@resvg/resvg-js';
import { t, type Locale } from '../i18n';
import type { ReportDocument, ReportGoal, ReportIndicator } from '../core/report';
import { trendChart, chartDescription } from '../web/chart';
import { chartInput, indicatorFacts, MEASURE_COLUMNS, paragraphs, reportedLine, statusText } from '../web/report-html';
import { formatDate } from '../web/format';

/**
 * The document as a Word file for pasting into Länsstyrelsen's annual report: real headings
 * (Rubrik 1–4 as the web page's h1–h4, so the annual report's table of contents picks them up), the measures as tables,
 * and each indicator's chart as a picture with its description as alt text.
 */

/** Width of a chart in the document, in pixels at 96 to the inch: the text width of an A4 page. */
const CHART_WIDTH = 600;

/** The chart's SVG drawn as a PNG, twice the size it is shown at, so it stays sharp when printed. */
export function chartPng(svg: string): { data: Buffer; width: number; height: number } {
  const rendered = new Resvg(svg, {
    fitTo: { mode: 'width', value: CHART_WIDTH * 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    background: '#ffffff',
  }).render();
  return { data: rendered.asPng(), width: rendered.width, height: rendered.height };
}

const text = (value: string) => paragraphs(value).map((p) => new Paragraph({ children: [new TextRun(p)] }));
const prose = (l: Locale, value: string) =>
  paragraphs(value).length ? text(value) : [new Paragraph({ children: [new TextRun({ text: t(l, 'report.noText'), italics: true })] })];
const heading = (value: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ text: value, heading: level });
const cell = (children: Paragraph[], header = false) =>
  new TableCell({ children: children.length ? children : [new Paragraph('')], ...(header ? { shading: { fill: 'EDE7F3' } } : {}) });
const line = (value: string, bold = false) => new Paragraph({ children: [new TextRun({ text: value, bold })] });

function measuresTable(l: Locale, g: ReportGoal): (Paragraph | Table)[] {
  if (!g.measures.length) return [line(t(l, 'report.noMeasures'))];
  const head = new TableRow({
    tableHeader: true,
    children: MEASURE_COLUMNS.map((c) => cell([line(t(l, `report.col.${c}`), true)], true)),
  });
  const rows = g.measures.map(
    (m) =>
      new TableRow({
        children: [
          cell([line(m.code)]),
          cell([line(m.title)]),
          cell([line(m.owners.join(', '))]),
          cell(m.followUps.length ? m.followUps.map((f) => line(statusText(l, f))) : [line(t(l, 'report.status.none'))]),
          cell(
            m.followUps.flatMap((f) => [
              line(m.followUps.length > 1 ? `${f.organisation}: ${reportedLine(l, f)}` : reportedLine(l, f), true),
              ...text(f.text),
              ...(f.links.length
                ? [
                    new Paragraph({
                      children: [
                        new TextRun(`${t(l, 'report.links')} `),
                        ...f.links.map(
                          (k) =>
                            new ExternalHyperlink({ link: k.url, children: [new TextRun({ text: k.title || k.url, style: 'Hyperlink' })] }),
                        ),
                      ],
                    }),
                  ]
                : []),
              ...(f.attachments.length ? [line(`${t(l, 'report.attachments')} ${f.attachments.join(', ')}`)] : []),
            ]),
          ),
        ],
      }),
  );
  return [new Table({ rows: [head, ...rows], width: { size: 100, type: WidthType.PERCENTAGE } })];
}

function indicator(l: Locale, g: ReportGoal, i: ReportIndicator, n: number): Paragraph[] {
  const input = chartInput(l, i, `report-${g.number}-${n}`);
  const out = [heading(i.name, HeadingLevel.HEADING_4)];
  if (i.series.some((s) => s.points.length)) {
    const png = chartPng(trendChart(input).value);
    out.push(
      new Paragraph({
        children: [
          new ImageRun({
            type: 'png',
            data: png.data,
            transformation: { width: CHART_WIDTH, height: Math.round((CHART_WIDTH * png.height) / png.width) },
            altText: { name: i.name, title: i.name, description: chartDescription(input) },
          }),
        ],
      }),
    );
  } else out.push(line(t(l, 'chart.empty', { title: i.name })));
  return [...out, ...indicatorFacts(l, i).map((f) => line(f))];
}

function goal(l: Locale, g: ReportGoal): (Paragraph | Table)[] {
  return [
    heading(t(l, 'report.goal', { number: g.number, title: g.title }), HeadingLevel.HEADING_2),
    ...(g.description ? [line(g.description)] : []),
    heading(t(l, 'report.analysis'), HeadingLevel.HEADING_3),
    ...prose(l, g.analysis),
    heading(t(l, 'report.measures'), HeadingLevel.HEADING_3),
    ...measuresTable(l, g),
    heading(t(l, 'report.indicators'), HeadingLevel.HEADING_3),
    ...(g.indicators.length ? g.indicators.flatMap((i, n) => indicator(l, g, i, n)) : [line(t(l, 'report.noIndicators'))]),
  ];
}

export async function renderReportDocx(l: Locale, doc: ReportDocument): Promise<Buffer> {
  const document = new Document({
    title: `${doc.title} – ${doc.subtitle}`,
    creator: 'Årshjul',
    sections: [
      {
        children: [
          heading(doc.title, HeadingLevel.HEADING_1),
          line(doc.subtitle, true),
          line(t(l, 'report.versionLine', { number: doc.version, date: formatDate(new Date(doc.compiledAt), l) })),
          heading(t(l, 'report.summary'), HeadingLevel.HEADING_2),
          ...prose(l, doc.summary),
          heading(t(l, 'report.overall'), HeadingLevel.HEADING_2),
          ...prose(l, doc.overall),
          ...doc.goals.flatMap((g) => goal(l, g)),
          heading(t(l, 'report.sources'), HeadingLevel.HEADING_2),
          ...(doc.sources.length
            ? doc.sources.map((s) => new Paragraph({ text: s, bullet: { level: 0 } }))
            : [line(t(l, 'report.noSources'))]),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
