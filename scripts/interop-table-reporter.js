// Writes the interoperability table in docs/interop.md from the run of test/interop/, so the
// table says what the last full run showed and is never edited by hand.
//
// The suite names its tests for the table: the outer `describe` is "<npm package> <role>"
// (e.g. "@openid4vc/openid4vci wallet → our issuer"), each test title is the flow. The version is
// read from the installed package. The table is written only when every file of test/interop/
// ran, so a run of one file does not shrink it.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as prettier from 'prettier';

const START = '<!-- interop-table:start (written by scripts/interop-table-reporter.js) -->';
const END = '<!-- interop-table:end -->';

function installedVersion(rootDir, pkg) {
  try {
    return JSON.parse(readFileSync(join(rootDir, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

function interopFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(dir, file));
}

const RESULT = { passed: 'pass', failed: '**fail**', pending: 'skipped', todo: 'skipped' };

export function renderTable(rootDir, rows) {
  const lines = [
    '| counterpart | version | role | flow | result | test |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const sorted = [...rows].sort(
    (a, b) =>
      a.pkg.localeCompare(b.pkg) ||
      a.role.localeCompare(b.role) ||
      a.file.localeCompare(b.file) ||
      a.order - b.order,
  );
  for (const row of sorted) {
    const cells = [
      `\`${row.pkg}\``,
      installedVersion(rootDir, row.pkg),
      row.role,
      row.flow.replace(/\|/g, '\\|'),
      RESULT[row.status] ?? row.status,
      `\`${row.file}\``,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export default class InteropTableReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.interopDir = join(this.rootDir, 'test', 'interop');
    this.rows = [];
    this.ranFiles = new Set();
  }

  onTestResult(_test, testResult) {
    const file = testResult.testFilePath;
    if (!file.startsWith(this.interopDir + sep)) return;
    this.ranFiles.add(file);
    const rel = relative(this.rootDir, file).split(sep).join('/');
    testResult.testResults.forEach((assertion, order) => {
      const [outer] = assertion.ancestorTitles;
      if (!outer) return;
      const space = outer.indexOf(' ');
      const pkg = space === -1 ? outer : outer.slice(0, space);
      const role = space === -1 ? '' : outer.slice(space + 1);
      this.rows.push({ pkg, role, flow: assertion.title, status: assertion.status, file: rel, order });
    });
  }

  async onRunComplete() {
    const expected = interopFiles(this.interopDir);
    if (expected.length === 0 || !expected.every((file) => this.ranFiles.has(file))) return;
    const docPath = join(this.rootDir, 'docs', 'interop.md');
    const doc = readFileSync(docPath, 'utf8');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    if (start === -1 || end === -1) return;
    const table = renderTable(this.rootDir, this.rows);
    const joined = `${doc.slice(0, start + START.length)}\n\n${table}\n\n${doc.slice(end)}`;
    // Formatted as `prettier --check` (part of `npm run lint`) expects it.
    const options = (await prettier.resolveConfig(docPath)) ?? {};
    const next = await prettier.format(joined, { ...options, filepath: docPath });
    if (next !== doc) writeFileSync(docPath, next);
  }
}
