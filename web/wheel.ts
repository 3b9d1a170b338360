import { html, type SafeHtml } from './html';
import { stockholmDate } from '../core/time';

/** The year as an årshjul: months round the rim, phases as arcs, marks for dated things. */

export interface WheelPhase {
  key: string;
  title: string;
  start: Date;
  end: Date;
  current: boolean;
}

export interface WheelMark {
  at: Date;
  kind: 'deadline' | 'decision' | 'meeting';
  label: string;
  late?: boolean;
}

export interface WheelInput {
  year: number;
  phases: WheelPhase[];
  marks: WheelMark[];
  today: Date;
  months: string[];
  /** The SVG's text alternative: what the wheel shows, in a sentence or two. */
  title: string;
  description: string;
  todayLabel: string;
}

/** Phase colours: each at least 3:1 against the white page, told apart by the legend too. */
export const PHASE_COLOURS = ['#5b2a86', '#0b6e4f', '#b3541e', '#1f5fa8', '#8a1c4a', '#4d5b11', '#6a4c93', '#00697a'];

const DEG = Math.PI / 180;

const daysIn = (year: number) => (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;

/**
 * Where a date sits on the wheel: the angle of its day in its own year (0 at the top on
 * 1 January, clockwise) and its lane: 0 for the cycle's year, 1 for the year after (an inner
 * ring), since a yearly cycle often ends in the first weeks of the next year.
 */
export function position(year: number, at: Date): { angle: number; lane: 0 | 1 } {
  const [y, m, d] = stockholmDate(at).split('-').map(Number) as [number, number, number];
  if (y < year) return { angle: 0, lane: 0 };
  if (y > year + 1) return { angle: 360, lane: 1 };
  return { angle: ((Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000 / daysIn(y)) * 360, lane: y === year ? 0 : 1 };
}

/** Ring segments of a phase, split where it crosses into the next year. */
export function phaseSegments(year: number, start: Date, end: Date): { a0: number; a1: number; lane: 0 | 1 }[] {
  const s = position(year, start);
  const e = position(year, end);
  if (s.lane === e.lane) return [{ a0: s.angle, a1: e.angle, lane: s.lane }];
  return [
    { a0: s.angle, a1: 360, lane: 0 },
    { a0: 0, a1: e.angle, lane: 1 },
  ];
}

const point = (r: number, deg: number) => {
  const a = (deg - 90) * DEG;
  return `${(r * Math.cos(a)).toFixed(2)} ${(r * Math.sin(a)).toFixed(2)}`;
};

/** A ring segment from angle a0 to a1 (degrees) between radii r0 < r1. */
export function ringSegment(a0: number, a1: number, r0: number, r1: number): string {
  const sweep = Math.min(Math.max(a1 - a0, 0.5), 359.99);
  const end = a0 + sweep;
  const large = sweep > 180 ? 1 : 0;
  const outer = `A ${r1} ${r1} 0 ${large} 1 ${point(r1, end)}`;
  const inner = `A ${r0} ${r0} 0 ${large} 0 ${point(r0, a0)}`;
  return `M ${point(r1, a0)} ${outer} L ${point(r0, end)} ${inner} Z`;
}

export function wheelSvg(input: WheelInput): SafeHtml {
  const { year } = input;
  const monthStarts = Array.from(
    { length: 12 },
    (_, m) => ((Date.UTC(year, m, 1) - Date.UTC(year, 0, 1)) / 86_400_000 / daysIn(year)) * 360,
  );
  const months = monthStarts.map((a0, m) => {
    const a1 = m === 11 ? 360 : monthStarts[m + 1]!;
    const mid = (a0 + a1) / 2;
    const [x, y] = point(168, mid).split(' ');
    return html`<path d="${ringSegment(a0, a1, 152, 184)}" fill="${m % 2 ? '#f1eef5' : '#ffffff'}" stroke="#8c8696" stroke-width="1"/>
<text x="${x}" y="${y}" text-anchor="middle" dominant-baseline="central" font-size="12" fill="#1b1b1f">${input.months[m]}</text>`;
  });
  // Lane 0 (the cycle's year) on the outer phase ring, lane 1 (the year after) inside it.
  const rings = [
    { r0: 114, r1: 144, marks: 100 },
    { r0: 80, r1: 94, marks: 66 },
  ];
  const phases = input.phases.map((p, i) =>
    phaseSegments(year, p.start, p.end).map((seg) => {
      const ring = rings[seg.lane]!;
      const grow = p.current ? 4 : 0;
      const d = ringSegment(seg.a0, seg.a1, ring.r0 - grow, ring.r1 + grow);
      const fill = PHASE_COLOURS[i % PHASE_COLOURS.length];
      return html`<path d="${d}" fill="${fill}" stroke="#ffffff" stroke-width="2"><title>${p.title}</title></path>`;
    }),
  );
  const marks = input.marks.map((m) => {
    const at = position(year, m.at);
    const [x, y] = point(rings[at.lane]!.marks, at.angle).split(' ');
    const fill = m.late ? '#a3142b' : '#1b1b1f';
    const shape =
      m.kind === 'meeting'
        ? html`<rect x="${Number(x) - 4}" y="${Number(y) - 4}" width="8" height="8" fill="#ffffff" stroke="${fill}" stroke-width="2"/>`
        : m.kind === 'decision'
          ? html`<path d="M ${x} ${Number(y) - 6} l 6 6 l -6 6 l -6 -6 Z" fill="${fill}"/>`
          : html`<circle cx="${x}" cy="${y}" r="4" fill="${fill}"/>`;
    return html`<g>${shape}<title>${m.label}</title></g>`;
  });
  const today = position(year, input.today);
  const showToday = stockholmDate(input.today) >= `${year}-01-01` && stockholmDate(input.today) <= `${year + 1}-12-31`;
  const [tx, ty] = point(today.lane ? 100 : 192, today.angle).split(' ');
  return html`<svg class="wheel" viewBox="-200 -200 400 400" role="img" \
aria-labelledby="wheel-title wheel-desc" xmlns="http://www.w3.org/2000/svg">
<title id="wheel-title">${input.title}</title>
<desc id="wheel-desc">${input.description}</desc>
${months}
${phases}
${marks}
${showToday ? html`<line x1="0" y1="0" x2="${tx}" y2="${ty}" stroke="#a3142b" stroke-width="3"/>` : ''}
<circle cx="0" cy="0" r="44" fill="#ffffff" stroke="#8c8696"/>
<text x="0" y="${showToday ? -6 : 8}" text-anchor="middle" font-size="22" font-weight="700" fill="#1b1b1f">${String(year)}</text>
${showToday ? html`<text x="0" y="16" text-anchor="middle" font-size="11" fill="#a3142b">${input.todayLabel}</text>` : ''}
</svg>`;
}
