import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchReport, BenchResult } from './results.js';

/**
 * A growth curve as a small SVG (log–log: rows across, milliseconds up), one line per series,
 * drawn from the figures in bench/results.json. No chart library: a handful of polylines.
 */
interface Series {
  label: string;
  colour: string;
  points: Array<[rows: number, ms: number]>;
}

const width = 640;
const height = 360;
const margin = { left: 64, right: 24, top: 40, bottom: 48 };

export function curveSvg(title: string, series: Series[], across = 'stored rows'): string {
  const all = series.flatMap((s) => s.points);
  const [xMin, xMax] = decades(all.map(([x]) => x));
  const [yMin, yMax] = decades(all.map(([, y]) => y));
  const x = (v: number) =>
    margin.left + ((Math.log10(v) - xMin) / (xMax - xMin)) * (width - margin.left - margin.right);
  const y = (v: number) =>
    height - margin.bottom - ((Math.log10(v) - yMin) / (yMax - yMin)) * (height - margin.top - margin.bottom);
  const grid: string[] = [];
  for (let d = xMin; d <= xMax; d++)
    grid.push(
      `<line x1="${x(10 ** d)}" y1="${margin.top}" x2="${x(10 ** d)}" y2="${height - margin.bottom}" stroke="#ddd"/>`,
      `<text x="${x(10 ** d)}" y="${height - margin.bottom + 18}" text-anchor="middle">${label(10 ** d)}</text>`,
    );
  for (let d = yMin; d <= yMax; d++)
    grid.push(
      `<line x1="${margin.left}" y1="${y(10 ** d)}" x2="${width - margin.right}" y2="${y(10 ** d)}" stroke="#ddd"/>`,
      `<text x="${margin.left - 8}" y="${y(10 ** d) + 4}" text-anchor="end">${label(10 ** d)}</text>`,
    );
  const lines = series.map((s, i) => {
    const path = s.points.map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ');
    const dots = s.points
      .map(
        ([px, py]) => `<circle cx="${x(px).toFixed(1)}" cy="${y(py).toFixed(1)}" r="3" fill="${s.colour}"/>`,
      )
      .join('');
    const key = `<text x="${margin.left + 8}" y="${margin.top + 16 + i * 16}" fill="${s.colour}">${escape(s.label)}</text>`;
    return `<polyline points="${path}" fill="none" stroke="${s.colour}" stroke-width="2"/>${dots}${key}`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14">${escape(title)}</text>`,
    ...grid,
    `<text x="${width / 2}" y="${height - 10}" text-anchor="middle">${escape(across)}</text>`,
    `<text x="16" y="${height / 2}" text-anchor="middle" transform="rotate(-90 16 ${height / 2})">ms</text>`,
    ...lines,
    '</svg>',
    '',
  ].join('\n');
}

/** The verifier's curve from the scale results: direct_post p50 and p99, one housekeeping pass. */
export function verifierCurveSvg(results: BenchResult[]): string | undefined {
  const points = results.filter((r) => r.name === 'scale-verifier-direct-post');
  if (points.length === 0) return undefined;
  const at = (pick: (r: BenchResult) => number): Array<[number, number]> =>
    points.map((r) => [r.rows as number, Math.max(0.01, pick(r))]);
  return curveSvg('Verifier: stored requests/results (PostgreSQL)', [
    { label: 'direct_post p50', colour: '#1f6feb', points: at((r) => r.value) },
    { label: 'direct_post p99', colour: '#8250df', points: at((r) => r.p99 ?? r.value) },
    { label: 'one housekeeping pass', colour: '#cf222e', points: at((r) => r.housekeeping_ms as number) },
  ]);
}

/** The issuer's curve: the credential endpoint, a revocation and the changed list's publication. */
export function issuerCurveSvg(results: BenchResult[]): string | undefined {
  const credential = results.filter((r) => r.name === 'scale-issuer-credential');
  const publish = results.filter((r) => r.name === 'scale-issuer-status-publish');
  if (credential.length === 0) return undefined;
  const at = (list: BenchResult[], pick: (r: BenchResult) => number): Array<[number, number]> =>
    list.map((r) => [r.rows as number, Math.max(0.01, pick(r))]);
  return curveSvg(
    'Issuer: people in the register, credentials issued (PostgreSQL)',
    [
      { label: 'credential endpoint p50', colour: '#1f6feb', points: at(credential, (r) => r.value) },
      {
        label: 'credential endpoint p99',
        colour: '#8250df',
        points: at(credential, (r) => r.p99 ?? r.value),
      },
      { label: 'revocation p50', colour: '#cf222e', points: at(publish, (r) => r.revoke_ms as number) },
      { label: 'status list publication p50', colour: '#1a7f37', points: at(publish, (r) => r.value) },
    ],
    'people in the register (= issued credentials)',
  );
}

/** The wallet's curves, along the accounts or along the measured account's credentials. */
export function walletCurveSvg(results: BenchResult[], axis: 'accounts' | 'held'): string | undefined {
  const on = results.filter((r) => r.name.startsWith('scale-wallet-') && r.axis === axis);
  if (on.length === 0) return undefined;
  const colours = { receive: '#1f6feb', list: '#1a7f37', log: '#bf8700', present: '#cf222e' };
  const series = Object.entries(colours).map(([op, colour]) => ({
    label: `${op} p50`,
    colour,
    points: on
      .filter((r) => r.name === `scale-wallet-${op}`)
      .map((r): [number, number] => [
        (axis === 'accounts' ? r.rows : r.held) as number,
        Math.max(0.01, r.value),
      ]),
  }));
  return axis === 'accounts'
    ? curveSvg('Wallet: accounts (10 credentials, 10 log entries each; PostgreSQL)', series, 'accounts')
    : curveSvg('Wallet: credentials held by the measured account (PostgreSQL)', series, 'credentials held');
}

/** Every chart the results have the figures for, by file name in bench/. */
export function curveCharts(results: BenchResult[]): Array<[string, string]> {
  const charts: Array<[string, string | undefined]> = [
    ['scale-verifier.svg', verifierCurveSvg(results)],
    ['scale-issuer.svg', issuerCurveSvg(results)],
    ['scale-wallet.svg', walletCurveSvg(results, 'accounts')],
    ['scale-wallet-held.svg', walletCurveSvg(results, 'held')],
  ];
  return charts.filter((c): c is [string, string] => c[1] !== undefined);
}

function decades(values: number[]): [number, number] {
  const logs = values.map((v) => Math.log10(v));
  const low = Math.floor(Math.min(...logs));
  const high = Math.ceil(Math.max(...logs));
  return [low, high === low ? low + 1 : high];
}

function label(v: number): string {
  if (v >= 1e6) return `${v / 1e6} M`;
  if (v >= 1e3) return `${v / 1e3} k`;
  return String(v);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

// `node bench/dist/curve-svg.js`: the chart again from the last bench/results.json.
if (import.meta.url === `file://${process.argv[1]}`) {
  const benchDir = fileURLToPath(new URL('../', import.meta.url));
  const report = JSON.parse(readFileSync(`${benchDir}results.json`, 'utf8')) as BenchReport;
  for (const [file, svg] of curveCharts(report.results)) writeFileSync(`${benchDir}${file}`, svg);
}
