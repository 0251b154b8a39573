/**
 * npm run bench:import — the import engine against its targets (issue 5):
 *   - generates a realistic 100,000-row enrollment template (valid ID numbers, names, classes, ~2% errors of varied
 *     kinds) and a 1,000,000-row one, kept in bench/tmp between runs;
 *   - parse-only: the file read row by row (xlsx streaming), nothing else;
 *   - the whole import (upload stored in the database + read + check + stage + set-based validation + commit) on PGlite, and on PostgreSQL when
 *     DATABASE_URL is set or 127.0.0.1:5432 answers;
 *   - peak RSS of the 1M-row import (PGlite, in a child process, so nothing else counts);
 * and writes bench/results.json {"import": {...}}. Targets: 100k committed within 1.5× parse-only on PostgreSQL and
 * 2× on PGlite; the 1M-row import under 600 MB peak RSS. A benchmark, never a timed test.
 *
 * Options: --rows N (default 100000), --big-rows N (default 1000000), --skip-big, --trace, --child (internal).
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { computeResidentIdCheckChar } from '@canbao/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { loadConfig } from '../apps/server/src/config';
import { inScope, openDatabase, type Database, type Scope } from '../apps/server/src/db/database';
import { commitSettled, createJob, importTrace, readSettled, receiveFile, startCommit } from '../apps/server/src/modules/imports/imports.service';
import { readSheetRows } from '../apps/server/src/modules/imports/sheet-reader';
import { prepareDatabase } from '../apps/server/src/setup';
import { buildUnitWithOperator } from '../apps/server/src/test/factories';
import { SERVER_NODE_FLAGS } from '../scripts/node-flags.mjs';
import { postgresUrl } from './postgres-url';

const root = path.resolve(import.meta.dirname, '..');
const tmp = path.join(root, 'bench/tmp');
const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROWS = arg('--rows', 100_000);
// --trace prints the time of each import phase.
importTrace.enabled = args.includes('--trace');
const BIG_ROWS = arg('--big-rows', 1_000_000);

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '子涵欣怡梓萱诗涵一诺依诺雨桐可馨语桐思琪浩然宇轩子轩俊杰梓豪浩宇博文皓轩明轩晨阳嘉怡佳琪欣然雨萱若汐';
const DISTRICTS = ['320505', '320506', '320507', '320508', '320509'];

/** A deterministic pseudo-random sequence, so every run generates the same files. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function generate(file: string, rows: number) {
  if (existsSync(file)) return;
  mkdirSync(tmp, { recursive: true });
  const started = Date.now();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: `${file}.part`, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('参保学生');
  ws.addRow(['姓名', '证件类型', '证件号码', '户籍类型', '户籍所在地代码', '年级', '班级', '学号', '入学年份', '联系电话', '监护人姓名']).commit();
  const r = rng(rows);
  for (let i = 0; i < rows; i++) {
    const district = DISTRICTS[i % DISTRICTS.length]!;
    const grade = 1 + (i % 6);
    const year = 2025 - grade - 6 + 1;
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    // The sequence makes the number unique: 3 digits × 28 days × 12 months × 5 districts per year.
    const seq = String(Math.floor(i / (DISTRICTS.length * 6)) % 1000).padStart(3, '0');
    const first17 = `${district}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seq}`;
    let id = first17 + computeResidentIdCheckChar(first17);
    const k = 2 * Math.floor(r() * (GIVEN.length / 2));
    let name = SURNAMES[Math.floor(r() * SURNAMES.length)]! + GIVEN.slice(k, k + 2);
    let hukou = i % 7 === 0 ? '本市农村' : i % 11 === 0 ? '外地' : '本市城镇';
    let gradeText = `0${grade}`;
    let phone = `139${String(10_000_000 + Math.floor(r() * 89_999_999))}`;
    // ~2% errors of varied kinds.
    switch (i % 250) {
      case 17:
        id = first17 + (id.endsWith('1') ? '2' : '1'); // wrong check digit
        break;
      case 53:
        name = ''; // missing name
        break;
      case 97:
        hukou = '火星'; // unknown code
        break;
      case 131:
        gradeText = '99'; // unknown grade
        break;
      case 179:
        phone = '12345'; // bad phone
        break;
    }
    ws.addRow([name, '01', id, hukou, district, gradeText, `${1 + (i % 8)}班`, `G${id}`, year + 6, phone, `${name.slice(0, 1)}建国`]).commit();
  }
  ws.commit();
  await wb.commit();
  const { renameSync } = await import('node:fs');
  renameSync(`${file}.part`, file);
  console.log(`generated ${rows.toLocaleString()} rows → ${path.relative(root, file)} (${(statSync(file).size / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function parseOnly(file: string): Promise<{ sec: number; rows: number }> {
  const started = performance.now();
  let rows = 0;
  for await (const row of readSheetRows(createReadStream(file), 'xlsx')) if (row.cells.length) rows++;
  return { sec: (performance.now() - started) / 1000, rows };
}

async function setupDatabase(databaseUrl: string | null, dataDir: string): Promise<{ database: Database; scope: Scope; drop: () => Promise<void> }> {
  let database: Database;
  let drop = async () => {};
  if (databaseUrl) {
    const name = `canbao_bench_${process.pid}_${Date.now()}`;
    const admin = await openDatabase({ databaseUrl, dataDir: '', poolSize: 1 });
    await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.db);
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 4 });
    drop = async () => {
      await database.close();
      await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(admin.db);
      await admin.close();
    };
  } else {
    database = await openDatabase({ databaseUrl: null, dataDir });
    drop = () => database.close();
  }
  await prepareDatabase(database.db, { streetProvinces: ['32'] });
  const { unit, operator } = await buildUnitWithOperator(database.db, { name: '苏州市姑苏区压测实验小学' });
  return { database, drop, scope: { userId: operator.id, username: operator.username, role: 'unit_operator', regionCode: unit.region_code, unitId: unit.id } };
}

/** The whole import as the web app drives it: job, upload (read + check + stage + validate), commit. */
async function fullImport(databaseUrl: string | null, file: string, dataDir: string) {
  const { database, scope, drop } = await setupDatabase(databaseUrl, dataDir);
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', LOG_LEVEL: 'silent' });
  const meta = { requestId: 'bench', ip: '127.0.0.1', userAgent: 'bench' };
  const runner = { database, config, scope, meta, now: () => new Date() };
  try {
    const started = performance.now();
    const job = await inScope(database.db, scope, (trx) => createJob({ db: trx, scope, meta, config, now: new Date() }, { kind: 'enrollment', fileName: path.basename(file) }));
    await receiveFile(runner, job.id, createReadStream(file), 'xlsx');
    await readSettled(job.id);
    const validated = await database.db.selectFrom('import_job').select(['status', 'counts', 'message']).where('id', '=', job.id).executeTakeFirstOrThrow();
    if (validated.status !== 'validated') throw new Error(`import not validated: ${validated.status} ${validated.message}`);
    const readSec = (performance.now() - started) / 1000;
    await startCommit(runner, job.id, true);
    await commitSettled(job.id);
    const sec = (performance.now() - started) / 1000;
    const final = await database.db.selectFrom('import_job').select(['status', 'counts', 'message']).where('id', '=', job.id).executeTakeFirstOrThrow();
    if (final.status !== 'committed') throw new Error(`import not committed: ${final.status} ${final.message}`);
    return { sec, readSec, counts: final.counts, validatedCounts: validated.counts };
  } finally {
    await drop();
  }
}


async function child() {
  const file = args[args.indexOf('--child') + 1]!;
  const url = args.includes('--pg') ? args[args.indexOf('--pg') + 1]! : null;
  const dataDir = path.join(tmp, `pglite-big-${process.pid}`);
  const result = await fullImport(url, file, url ? '' : dataDir);
  rmSync(dataDir, { recursive: true, force: true });
  // maxRSS is in kilobytes.
  process.stdout.write(JSON.stringify({ ...result, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

async function main() {
  const small = path.join(tmp, `enrollment-${ROWS}.xlsx`);
  await generate(small, ROWS);
  const parse = await parseOnly(small);
  console.log(`parse-only   ${ROWS.toLocaleString()} rows: ${parse.sec.toFixed(2)} s`);

  // PGlite on disk, as `npm start` runs it (DATA_DIR/pglite).
  const pgliteDir = path.join(tmp, `pglite-${process.pid}`);
  const pglite = await fullImport(null, small, pgliteDir);
  rmSync(pgliteDir, { recursive: true, force: true });
  console.log(`PGlite       read+check+stage ${pglite.readSec.toFixed(2)} s, committed ${pglite.sec.toFixed(2)} s  ${JSON.stringify(pglite.counts)}`);

  const url = await postgresUrl();
  const postgres = url ? await fullImport(url, small, '') : null;
  if (postgres) console.log(`PostgreSQL   read+check+stage ${postgres.readSec.toFixed(2)} s, committed ${postgres.sec.toFixed(2)} s`);
  else console.log('PostgreSQL   skipped (no DATABASE_URL and nothing on 127.0.0.1:5432)');

  let big: { peakRssMb: number; sec: number } | null = null;
  if (!args.includes('--skip-big')) {
    const bigFile = path.join(tmp, `enrollment-${BIG_ROWS}.xlsx`);
    await generate(bigFile, BIG_ROWS);
    const out = await new Promise<string>((resolve, reject) => {
      // On PostgreSQL when there is one (the server's memory is its own); else on PGlite, whose heap is ours. With the
      // server's own V8 flags (scripts/node-flags.mjs), as `npm start` runs it.
      const p = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...process.execArgv, import.meta.filename, '--child', bigFile, ...(url ? ['--pg', url] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
      let data = '';
      p.stdout.on('data', (d) => (data += d));
      p.on('exit', (code) => (code === 0 ? resolve(data) : reject(new Error(`child exited ${code}`))));
    });
    big = JSON.parse(out) as { peakRssMb: number; sec: number };
    console.log(`${BIG_ROWS.toLocaleString()} rows committed on ${url ? 'PostgreSQL' : 'PGlite'} in ${big.sec.toFixed(1)} s, peak RSS ${big.peakRssMb} MB`);
  }

  const result = {
    rows: ROWS,
    parseOnlySec: round(parse.sec),
    pgliteSec: round(pglite.sec),
    postgresSec: postgres ? round(postgres.sec) : null,
    bigRows: big ? BIG_ROWS : null,
    bigPeakRssMb: big ? big.peakRssMb : null,
    bigDatabase: big ? (url ? 'postgres' : 'pglite') : null,
  };
  const targets = {
    postgres: postgres ? `${(postgres.sec / parse.sec).toFixed(2)}× parse-only (target ≤ 1.5×)` : 'not measured',
    pglite: `${(pglite.sec / parse.sec).toFixed(2)}× parse-only (target ≤ 2×)`,
    bigRss: big ? `${big.peakRssMb} MB (target < 600 MB)` : 'not measured',
  };
  console.table(targets);
  const resultsFile = path.join(root, 'bench/results.json');
  const existing = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(resultsFile, `${JSON.stringify({ ...existing, import: result }, null, 2)}\n`);
  console.log(`wrote ${path.relative(root, resultsFile)}`);
}

const round = (n: number) => Math.round(n * 100) / 100;

if (args.includes('--child')) await child();
else await main();
