import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { curveCharts } from './curve-svg.js';
import type { BenchReport, BenchResult } from './results.js';

/**
 * `npm run bench`: every benchmark in one run, each part in its own process pinned
 * with taskset (micro benchmarks and flows on core 0; under load, the server on core 0 and the
 * load generator on core 1). Writes bench/results.json and bench/RESULTS.md, prints the table.
 *
 *   npm run bench                 everything, SQLite and PostgreSQL (if 127.0.0.1:5432 answers)
 *   npm run bench -- --quick      fewer runs and requests (a smoke test of the harness)
 *   BENCH_DB=sqlite npm run bench PostgreSQL left out
 *   BENCH_USAGE_ROWS=10000000 npm run bench   the usage log with 10 million rows (default 1 million)
 *   npm run bench -- --scale      only the growth curves (PostgreSQL), merged into the last results;
 *                                 (58 min on 2 cores, about 40 GB of free disk at the peak)
 *                                 BENCH_SCALE_SIZES=10000,100000,1000000,10000000 the verifier's sizes,
 *                                 BENCH_SCALE_ISSUER_SIZES=10000,100000,1000000,10000000 the issuer's people,
 *                                 BENCH_SCALE_WALLET_ACCOUNTS=1000,10000,100000 the wallet's accounts and
 *                                 BENCH_SCALE_WALLET_HELD=10,100,1000 its measured account's credentials;
 *                                 BENCH_SCALE_CURVES=issuer,wallet only those (the others stay as they were)
 */
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const benchDir = fileURLToPath(new URL('../', import.meta.url));
const quick = process.argv.includes('--quick');
const scale = process.argv.includes('--scale');

/**
 * A curve's results with the time and machine load they were measured at: `--scale` keeps the
 * curves it did not run, so one file can hold curves of different runs.
 */
async function runCurve(cpu: number, script: string, args: string[]): Promise<BenchResult[]> {
  const load = loadavg()[0];
  const results = await runPinned(cpu, script, args);
  const measuredAt = `${new Date().toISOString().slice(0, 16)}Z, load average ${round2(load)}–${round2(loadavg()[0])}`;
  return results.map((r) => ({ ...r, measured_at: measuredAt }));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function runPinned(cpu: number, script: string, args: string[]): Promise<BenchResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', String(cpu), process.execPath, here(script), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => {
      const line = out
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('['))
        .at(-1);
      if (code !== 0 || !line) reject(new Error(`${script} exited with ${code}`));
      else resolve(JSON.parse(line) as BenchResult[]);
    });
  });
}

/** Which growth curve a scale result belongs to. */
function curveOf(r: BenchResult): string {
  if (r.name === 'scale-crypto-floor') return String(r.curve);
  return r.name.split('-')[1];
}

function postgresAnswers(): Promise<boolean> {
  if (process.env.BENCH_DB === 'sqlite') return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.connect(5432, '127.0.0.1');
  });
}

const fmt = (n: number | undefined) =>
  n === undefined ? '' : n >= 100 ? Math.round(n).toLocaleString('en-US') : String(n);

export function renderTable(report: BenchReport): string {
  const lines = [
    `Node ${report.node}, ${report.cpu}, ${report.date}${report.loadavg ? ` (load average ${report.loadavg.before} before, ${report.loadavg.after} after)` : ''}. One core per measured process (taskset); medians of rounds after warm-up; references measured in the same run.`,
    '',
    '| benchmark | setting | value | p99 | references (ratio ours / reference) |',
    '| --- | --- | ---: | ---: | --- |',
  ];
  for (const r of report.results) {
    const instances =
      r.instances === undefined
        ? undefined
        : `${String(r.instances)} instance${r.instances === 2 ? 's' : ''}`;
    const cpu =
      r.cpu_ms_per_request === undefined ? undefined : `${String(r.cpu_ms_per_request)} ms CPU/request`;
    const rows =
      typeof r.rows !== 'number'
        ? undefined
        : r.name.startsWith('scale-wallet-')
          ? `${fmt(r.rows)} accounts, ${fmt(r.held as number)} held`
          : r.name.startsWith('scale-issuer-')
            ? `${fmt(r.rows)} people`
            : `${fmt(r.rows)} rows`;
    const floor = typeof r.cpu_vs_floor === 'number' ? `${String(r.cpu_vs_floor)}× floor` : undefined;
    const rss =
      r.peak_rss_mib === undefined ? undefined : `peak RSS ${[r.peak_rss_mib].flat().join(' + ')} MiB`;
    const setting = [r.database, rows, instances, cpu, floor, rss].filter(Boolean).join(', ');
    const refs = Object.entries(r.references)
      .map(([name, value]) => {
        const measured = (r.ratios as Record<string, number> | undefined)?.[name];
        const ratio = measured ?? (r.unit === 'ms' ? value / r.value : r.value / value);
        return `${name} ${fmt(value)} ${r.unit} (${ratio.toFixed(2)}×)`;
      })
      .join('; ');
    const extra = r.name === 'status-publish-1m' ? ` (${fmt(r.bytes as number)} B)` : '';
    lines.push(
      `| ${r.name} | ${setting} | ${fmt(r.value)} ${r.unit}${extra} | ${r.p99 === undefined ? '' : `${fmt(r.p99)} ms`} | ${refs} |`,
    );
  }
  return lines.join('\n');
}

const started = Date.now();
const loadBefore = loadavg()[0];
const withPostgres = await postgresAnswers();
const kinds = withPostgres ? 'sqlite,postgres' : 'sqlite';
const results: BenchResult[] = [];
if (scale) {
  if (!withPostgres) throw new Error('the growth curves need PostgreSQL at 127.0.0.1:5432');
  const curvesToRun = (process.env.BENCH_SCALE_CURVES ?? 'verifier,issuer,wallet').split(',');
  // The other figures stay as the last full run wrote them; the curves run replace their own.
  const previous = `${benchDir}results.json`;
  if (existsSync(previous))
    results.push(
      ...(JSON.parse(readFileSync(previous, 'utf8')) as BenchReport).results.filter(
        (r) => !r.name.startsWith('scale-') || !curvesToRun.includes(curveOf(r)),
      ),
    );
  if (curvesToRun.includes('verifier')) {
    const sizes = process.env.BENCH_SCALE_SIZES ?? (quick ? '1000,10000' : '10000,100000,1000000,10000000');
    console.error(`bench: verifier growth curve, ${sizes} stored requests (postgres; core 0)…`);
    results.push(...(await runCurve(0, './scale-verifier.js', [sizes, quick ? '50' : '300'])));
  }
  if (curvesToRun.includes('issuer')) {
    const sizes =
      process.env.BENCH_SCALE_ISSUER_SIZES ?? (quick ? '1000,10000' : '10000,100000,1000000,10000000');
    console.error(
      `bench: issuer growth curve, ${sizes} people (postgres; instances on core 0 and 1, client on core 1)…`,
    );
    results.push(
      ...(await runCurve(1, './scale-issuer.js', [sizes, quick ? '30' : '200', quick ? '100' : '600'])),
    );
  }
  if (curvesToRun.includes('wallet')) {
    const accounts = process.env.BENCH_SCALE_WALLET_ACCOUNTS ?? (quick ? '100,1000' : '1000,10000,100000');
    const held = process.env.BENCH_SCALE_WALLET_HELD ?? (quick ? '10,50' : '10,100,1000');
    console.error(
      `bench: wallet growth curve, ${accounts} accounts, then ${held} credentials held (postgres; wallet on core 0, client on core 1)…`,
    );
    results.push(...(await runCurve(1, './scale-wallet.js', [accounts, held, quick ? '5' : '30'])));
  }
} else {
  console.error('bench: micro benchmarks (core 0)…');
  results.push(...(await runPinned(0, './micro.js', [])));
  console.error('bench: feature costs (core 0)…');
  results.push(...(await runPinned(0, './feature-costs.js', [kinds, ...(quick ? ['3', '50'] : [])])));
  console.error('bench: flows over HTTP (core 0)…');
  results.push(...(await runPinned(0, './flows.js', ['sqlite', quick ? '30' : '200'])));
  console.error(`bench: load (${kinds}; server on core 0, load generator on core 1)…`);
  results.push(...(await runPinned(1, './load.js', [kinds, quick ? '300' : '2000'])));
  if (withPostgres) {
    const rows = quick ? '100000' : (process.env.BENCH_USAGE_ROWS ?? '1000000');
    console.error(`bench: usage log, ${rows} rows (postgres; server on core 0)…`);
    results.push(...(await runPinned(0, './usage.js', [rows, quick ? '100' : '300'])));
    console.error(
      'bench: the merged "Vem har tagit del?" view in Chromium, 4 holders × 1,000 uses (postgres)…',
    );
    results.push(...(await runPinned(0, './usage-view.js', ['1000', quick ? '5' : '20'])));
  }
}

const report: BenchReport = {
  node: process.version,
  cpu: `${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores)`,
  date: new Date().toISOString(),
  results,
  // Other work on the machine moves every figure; the ratios, measured side by side, less so.
  loadavg: { before: Math.round(loadBefore * 100) / 100, after: Math.round(loadavg()[0] * 100) / 100 },
};
writeFileSync(`${benchDir}results.json`, `${JSON.stringify(report, null, 2)}\n`);
const resultsFile = `${benchDir}RESULTS.md`;
const growthHeading = '\n## Growth curves\n';
const before = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
const previousGrowth = before.includes(growthHeading) ? before.slice(before.indexOf(growthHeading)) : '';
const curves = results.filter((r) => r.name.startsWith('scale-'));
const main = results.filter((r) => !r.name.startsWith('scale-'));
let resultsMd: string;
let table: string;
if (scale) {
  // Only the curves were measured: the rest of the file stays as the last full run wrote it.
  table = renderTable({ ...report, results: curves });
  const charts = curveCharts(curves);
  for (const [file, svg] of charts) writeFileSync(`${benchDir}${file}`, svg);
  const head = before.includes(growthHeading) ? before.slice(0, before.indexOf(growthHeading)) : before;
  const images = charts.map(([file]) => `![${file.replace('.svg', '')}](${file})`).join('\n\n');
  resultsMd = `${head.trimEnd()}\n${growthHeading}\nWritten by \`npm run bench -- --scale\` (bench/src/scale-verifier.ts, scale-issuer.ts, scale-wallet.ts); plans and discussion in docs/benchmarks.md. CPU is each service process's own (from /proc), per request; "× floor" sets it against one ES256 sign (through the signing seam) + one verify measured in the curve's client process at the same point; peak RSS is the service process's VmHWM.\n\n${images}\n\n${table}\n\nNotes:\n\n${notes(curves)}\n`;
} else {
  table = renderTable({ ...report, results: main });
  resultsMd = `# Benchmark results\n\nWritten by \`npm run bench\` (bench/src/run-bench.ts); the figures' definitions are in docs/benchmarks.md.\n\n${table}\n\nNotes:\n\n${notes(main)}\n${previousGrowth}`;
}
// Formatted as the repository's prettier check wants it, so the file can be committed as written.
const prettierOptions = { ...(await resolveConfig(resultsFile)), filepath: resultsFile };
writeFileSync(resultsFile, await format(resultsMd, prettierOptions));
process.stdout.write(`${table}\n`);
process.stdout.write(
  `\nbench: done in ${Math.round((Date.now() - started) / 1000)} s; bench/results.json and bench/RESULTS.md written\n`,
);

function notes(list: BenchResult[]): string {
  return list
    .map(
      (r) =>
        `- **${r.name}**${r.database ? ` (${String(r.database)}${r.instances ? `, ${String(r.instances)}×` : ''})` : ''}: ${r.note ?? ''}${r.measured_at ? ` (measured ${String(r.measured_at)})` : ''}`,
    )
    .join('\n');
}
