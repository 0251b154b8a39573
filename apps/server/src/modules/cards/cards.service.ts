import { PassThrough } from 'node:stream';
import {
  CARD_STAGE_NAMES,
  DOCUMENT_TYPES,
  ageOn,
  gradeName,
  maskIdNumber,
  type TCardCollectionInput,
  type TCardCollectionResult,
  type TCardItem,
  type TCardPage,
  type TCardStage,
  type TPolicyProfile,
} from '@canbao/domain';
import archiver from 'archiver';
import ExcelJS from 'exceljs';
import { sql, type SqlBool } from 'kysely';
import type { ServiceContext } from '../../context';
import { AppError, AppErrorCode } from '../../errors';
import { shanghaiClock, shanghaiToday } from '../../time';
import { safeCell, type XlsxExport } from '../../xlsx-export';
import { audit } from '../audit/audit.service';
import { findRegionProfiles } from '../declarations/declarations.repository';

/**
 * 制卡 (issue 15, item 6): of the persons declared for a year (any stage but removed), those without a card (未知 or
 * 未办卡), those whose card is being made, and the cards made through the campaign (`social_card`) waiting for the
 * unit to collect them or collected. A photo is required from the age the region's profile sets
 * (`cardProduction.photoFromAge`, Suzhou 7); a region without the rule asks for none. Photos on file were checked
 * when uploaded (format, size, dimensions).
 */
export type CardFilter = { year: number; unitId?: string | undefined; stage?: TCardStage | undefined; photoMissing?: boolean | undefined };

export async function cardRule(ctx: Pick<ServiceContext, 'db' | 'scope'>, year: number) {
  const row = (await findRegionProfiles(ctx.db, ctx.scope.regionCode)).find((r) => r.insurance_year === year && !(r.body as TPolicyProfile).template);
  const rule = (row?.body as TPolicyProfile | undefined)?.cardProduction;
  return { photoFromAge: rule?.photoFromAge ?? null, collectBy: rule?.collectBy ?? null };
}

const STAGE_SQL = sql<TCardStage>`CASE
  WHEN c.person_id IS NOT NULL AND c.collected_on IS NOT NULL THEN 'collected'
  WHEN c.person_id IS NOT NULL THEN 'to_collect'
  WHEN p.card_status = 'in_production' THEN 'in_production'
  ELSE 'need_card' END`;

function cardBase(ctx: ServiceContext, f: CardFilter, photoFromAge: number | null) {
  const unitId = ctx.scope.unitId ?? f.unitId ?? null;
  const today = shanghaiToday(ctx.now);
  // Age in completed years on today: the birth date moved forward by the age threshold is not after today.
  const photoRequired =
    photoFromAge === null ? sql<boolean>`false` : sql<boolean>`(p.card_status IN ('unknown', 'none') AND p.birth_date + make_interval(years => ${photoFromAge}::int) <= ${today}::date)`;
  return ctx.db
    .selectFrom('declaration as d')
    .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'd.region_code').onRef('p.id', '=', 'd.person_id'))
    .innerJoin('unit as u', (j) => j.onRef('u.region_code', '=', 'd.region_code').onRef('u.id', '=', 'd.unit_id'))
    .leftJoin('social_card as c', (j) => j.onRef('c.person_id', '=', 'p.id').onRef('c.region_code', '=', 'p.region_code'))
    .leftJoin('person_photo as ph', (j) => j.onRef('ph.region_code', '=', 'p.region_code').onRef('ph.person_id', '=', 'p.id'))
    .where('d.region_code', '=', ctx.scope.regionCode)
    .where('d.insurance_year', '=', f.year)
    .where('d.status', '<>', 'removed')
    .where((eb) => eb.or([eb('p.card_status', '<>', 'issued'), eb('c.person_id', 'is not', null)]))
    .$if(unitId !== null, (q) => q.where('d.unit_id', '=', unitId!))
    .select([
      'p.id as person_id',
      'p.name',
      'p.document_type',
      'p.document_number',
      'p.gender',
      'p.birth_date',
      'p.grade_code',
      'p.class_name',
      'p.card_status',
      'u.id as unit_id',
      'u.name as unit_name',
      'c.made_on',
      'c.collected_on',
      'c.collected_by',
      sql<boolean>`ph.person_id IS NOT NULL`.as('has_photo'),
      sql<string | null>`ph.mime`.as('photo_mime'),
      STAGE_SQL.as('stage'),
      photoRequired.as('photo_required'),
    ]);
}

type CardRow = Awaited<ReturnType<ReturnType<typeof cardBase>['execute']>>[number];

function present(r: CardRow, today: string): TCardItem {
  return {
    personId: r.person_id,
    name: r.name,
    idNumberMasked: maskIdNumber(r.document_number),
    unitId: r.unit_id,
    unitName: r.unit_name,
    age: ageOn(r.birth_date, today),
    gradeName: gradeName(r.grade_code),
    className: r.class_name,
    cardStatus: r.card_status,
    stage: r.stage,
    stageName: CARD_STAGE_NAMES[r.stage],
    photoRequired: r.photo_required,
    hasPhoto: r.has_photo,
    madeOn: r.made_on,
    collectedOn: r.collected_on,
    collectedBy: r.collected_by,
  };
}

export async function findCards(ctx: ServiceContext, f: CardFilter & { page: number; pageSize: number }): Promise<TCardPage> {
  const rule = await cardRule(ctx, f.year);
  const base = cardBase(ctx, f, rule.photoFromAge);
  const filtered = ctx.db
    .selectFrom(base.as('x'))
    .selectAll()
    .$if(!!f.stage, (q) => q.where('x.stage', '=', f.stage!))
    .$if(f.photoMissing === true, (q) => q.where(sql<SqlBool>`x.photo_required AND NOT x.has_photo`));
  const [rows, total, counts] = await Promise.all([
    filtered.orderBy('x.unit_name').orderBy('x.grade_code').orderBy('x.class_name').orderBy('x.name').orderBy('x.person_id').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    ctx.db.selectFrom(filtered.as('y')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom(base.as('x'))
      .select([
        sql<number>`count(*) FILTER (WHERE x.stage = 'need_card')::int`.as('needCard'),
        sql<number>`count(*) FILTER (WHERE x.photo_required AND NOT x.has_photo)::int`.as('photoMissing'),
        sql<number>`count(*) FILTER (WHERE x.stage = 'in_production')::int`.as('inProduction'),
        sql<number>`count(*) FILTER (WHERE x.stage = 'to_collect')::int`.as('toCollect'),
        sql<number>`count(*) FILTER (WHERE x.stage = 'collected')::int`.as('collected'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  const today = shanghaiToday(ctx.now);
  return { year: f.year, items: rows.map((r) => present(r as CardRow, today)), total: total.n, page: f.page, pageSize: f.pageSize, counts, ...rule };
}

/** Records that the unit collected made cards from the card centre; a card not made, or collected already, is skipped. */
export async function collectCards(ctx: ServiceContext, input: TCardCollectionInput): Promise<TCardCollectionResult> {
  const today = shanghaiToday(ctx.now);
  if (input.collectedOn > today) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '领取日期不能晚于今天', details: [{ path: 'collectedOn', message: '领取日期不能晚于今天' }] });
  }
  const ids = [...new Set(input.personIds)];
  const cards = await ctx.db
    .selectFrom('social_card as c')
    .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'c.region_code').onRef('p.id', '=', 'c.person_id'))
    .select(['c.person_id', 'p.name', 'p.unit_id', 'c.made_on', 'c.collected_on'])
    .where('c.region_code', '=', ctx.scope.regionCode)
    .where('c.person_id', 'in', ids)
    .$if(ctx.scope.unitId !== null, (q) => q.where('p.unit_id', '=', ctx.scope.unitId))
    .execute();
  const byId = new Map(cards.map((c) => [c.person_id, c]));
  const skipped: TCardCollectionResult['skipped'] = [];
  const take: string[] = [];
  let withoutCard = 0;
  for (const id of ids) {
    const c = byId.get(id);
    if (!c) withoutCard++;
    else if (c.collected_on) skipped.push({ personId: id, name: c.name, reason: `已于 ${c.collected_on} 领取` });
    else if (c.made_on > input.collectedOn) skipped.push({ personId: id, name: c.name, reason: `领取日期早于制卡日期 ${c.made_on}` });
    else take.push(id);
  }
  if (take.length) {
    await ctx.db
      .updateTable('social_card')
      .set({ collected_on: input.collectedOn, collected_by: input.collectedBy.trim(), collection_recorded_by: ctx.scope.username, collection_recorded_at: ctx.now })
      .where('region_code', '=', ctx.scope.regionCode)
      .where('person_id', 'in', take)
      .where('collected_on', 'is', null)
      .execute();
    await audit(ctx, {
      action: 'card.collected',
      entityType: 'social_card',
      unitId: ctx.scope.unitId,
      after: { collectedOn: input.collectedOn, collectedBy: input.collectedBy.trim(), persons: take.length, personIds: take },
    });
  }
  return { recorded: take.length, skipped, withoutCard };
}

/** Photos read from the database at a time; the zip is let to catch up before the next page (at most 1 MB each). */
const PAGE = 50;

/**
 * 制卡资料 for the card centre, one zip per unit: 制卡人员名单.xlsx (every declared person without a card, with the full
 * document number the centre matches on) and 照片/<证件号码>.jpg|png for those who have a photo. Streamed: the photos
 * are read a page at a time. Audited with the unit, the account and the counts; the names of the files say so too.
 */
export async function exportCards(ctx: ServiceContext, f: { year: number; unitId?: string | undefined }): Promise<XlsxExport> {
  const unitId = ctx.scope.unitId ?? f.unitId ?? null;
  if (!unitId) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: '制卡资料按单位导出，请选择单位', details: [{ path: 'unitId', message: '请选择单位' }] });
  const unit = await ctx.db.selectFrom('unit').select('name').where('id', '=', unitId).where('region_code', '=', ctx.scope.regionCode).executeTakeFirst();
  if (!unit) throw new AppError(AppErrorCode.NOT_FOUND, { message: '单位不存在' });
  const rule = await cardRule(ctx, f.year);
  const rows = (await cardBase(ctx, { year: f.year, unitId, stage: 'need_card' }, rule.photoFromAge)
    .where(sql<SqlBool>`p.card_status IN ('unknown', 'none')`)
    .where('c.person_id', 'is', null)
    .orderBy('p.grade_code')
    .orderBy('p.class_name')
    .orderBy('p.name')
    .orderBy('p.id')
    .execute()) as CardRow[];
  const today = shanghaiToday(ctx.now);
  const ext = (mime: string | null) => (mime === 'image/png' ? 'png' : 'jpg');

  const wb = new ExcelJS.Workbook();
  wb.creator = '参保 Canbao';
  const ws = wb.addWorksheet('制卡人员名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '序号', width: 6 },
    { header: '姓名', width: 12 },
    { header: '性别', width: 6 },
    { header: '出生日期', width: 12 },
    { header: '证件类型', width: 12 },
    { header: '证件号码', width: 22 },
    { header: '单位', width: 26 },
    { header: '年级', width: 12 },
    { header: '班级', width: 10 },
    { header: '照片要求', width: 14 },
    { header: '照片文件', width: 26 },
  ];
  ws.getRow(1).font = { bold: true };
  rows.forEach((r, i) =>
    ws.addRow(
      [
        i + 1,
        r.name,
        r.gender === 'male' ? '男' : '女',
        r.birth_date,
        DOCUMENT_TYPES[r.document_type as keyof typeof DOCUMENT_TYPES] ?? r.document_type,
        r.document_number,
        r.unit_name,
        gradeName(r.grade_code),
        r.class_name ?? '',
        r.photo_required ? (r.has_photo ? '须报送，已有' : '须报送，缺照片') : '无需照片',
        r.has_photo ? `照片/${r.document_number}.${ext(r.photo_mime)}` : '',
      ].map((v) => safeCell(v)),
    ),
  );
  const notes = wb.addWorksheet('导出说明');
  notes.columns = [{ header: '项目', width: 14 }, { header: '内容', width: 60 }];
  notes.getRow(1).font = { bold: true };
  for (const [k, v] of [
    ['资料', '制卡人员名单及照片（供市民卡中心制卡）'],
    ['参保年度', `${f.year} 年度`],
    ['单位', unit.name],
    ['人数', `${rows.length} 人，其中有照片 ${rows.filter((r) => r.has_photo).length} 人`],
    ['照片要求', rule.photoFromAge === null ? '本统筹区未规定' : `${rule.photoFromAge} 周岁及以上未制卡人员须报送照片`],
    ['证件号码', '完整号码：仅供制卡使用，请妥善保管，勿外传'],
    ['导出账号', ctx.scope.username],
    ['导出时间', `${today} ${shanghaiClock(ctx.now)}`],
  ]) notes.addRow([safeCell(k), safeCell(v)]);
  const sheet = Buffer.from(await wb.xlsx.writeBuffer());

  const out = new PassThrough();
  const zip = archiver('zip', { zlib: { level: 6 } });
  const withPhoto = rows.filter((r) => r.has_photo).map((r) => r.person_id);
  let appended = 0;
  let written = 0;
  let wake: (() => void) | null = null;
  zip.on('entry', () => {
    written++;
    wake?.();
  });
  const run = async () => {
    const failed = new Promise<never>((_, reject) => zip.once('error', reject));
    void failed.catch(() => undefined);
    out.once('close', () => wake?.());
    zip.pipe(out);
    zip.append(sheet, { name: `制卡人员名单_${unit.name}_${f.year}.xlsx` });
    appended = 1;
    for (let i = 0; i < withPhoto.length; i += PAGE) {
      const photos = await ctx.db
        .selectFrom('person_photo as ph')
        .innerJoin('person as p', (j) => j.onRef('p.region_code', '=', 'ph.region_code').onRef('p.id', '=', 'ph.person_id'))
        .select(['p.document_number', 'ph.mime', 'ph.content'])
        .where('ph.person_id', 'in', withPhoto.slice(i, i + PAGE))
        .where('p.region_code', '=', ctx.scope.regionCode)
        .execute();
      for (const p of photos) zip.append(Buffer.from(p.content), { name: `照片/${p.document_number}.${ext(p.mime)}` });
      appended += photos.length;
      // Memory stays at about one page: wait while the zip (and a slow client behind it) has not taken the page in.
      while (written < appended && !out.destroyed) await new Promise<void>((resolve) => (wake = resolve));
      if (out.destroyed) return { complete: false };
    }
    await Promise.race([zip.finalize(), failed]);
    return { complete: true };
  };
  const done = run()
    .then((r) =>
      audit(ctx, {
        action: 'card.exported',
        entityType: 'social_card',
        unitId,
        after: { year: f.year, persons: rows.length, photos: withPhoto.length, complete: r.complete },
      }),
    )
    .catch((e: unknown) => {
      out.destroy(e instanceof Error ? e : new Error(String(e)));
      throw e;
    });
  return {
    fileName: `制卡资料_${unit.name}_${f.year}_${today}.zip`,
    asciiFileName: `cards_${f.year}_${today}.zip`,
    stream: out,
    done,
    mime: 'application/zip',
  };
}

