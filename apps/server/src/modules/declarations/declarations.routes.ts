import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams, ZPageQuery, errorResponses } from '../../http';
import { shanghaiToday } from '../../time';
import { sendXlsx } from '../../xlsx-export';
import { applyRecompute, campaignProgress, campaignYears, confirmDeclarations, exportDeclarations, personDeclarations, recomputePreview, declareBatch, declareOne, findDeclarations, getDeclaration, removeDeclaration } from './declarations.service';

const ZYear = z.coerce.number().int('参保年度须为整数').min(2000, '参保年度不正确').max(2100, '参保年度不正确');
const ZStatus = z.enum(['declared', 'confirmed', 'settled', 'paid', 'removed']);
const ZMoneyPart = z.object({ code: z.string(), name: z.string(), amountFen: z.number().int() });
export const ZDeclaration = z.object({
  id: z.string(),
  year: z.number().int(),
  status: ZStatus,
  statusName: z.string(),
  person: z.object({ id: z.string(), name: z.string(), documentType: z.string(), documentNumber: z.string(), gradeCode: z.string().nullable(), className: z.string().nullable() }),
  unit: z.object({ id: z.string(), name: z.string() }).nullable(),
  profile: z.object({ key: z.string(), version: z.number().int() }),
  window: z.enum(['declaration', 'adjustment', 'outside']),
  pathCode: z.string(),
  category: z.object({ code: z.string(), name: z.string() }),
  parts: z.array(ZMoneyPart),
  totalFen: z.number().int(),
  subsidyFen: z.number().int(),
  subsidy: z.object({ code: z.string(), name: z.string() }).nullable(),
  payableFen: z.number().int(),
  paidFen: z.number().int(),
  benefitStart: z.string(),
  benefitEnd: z.string(),
  waitingDays: z.number().int(),
  leaving: z.object({ reason: z.string(), reasonName: z.string() }).nullable(),
  declaredOn: z.string(),
  declaredBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  settlementId: z.string().nullable(),
  paidAt: z.string().nullable(),
  removedReason: z.string().nullable(),
  reasons: z.array(z.object({ rule: z.string(), message: z.string(), source: z.object({ notice: z.string(), section: z.string() }) })),
});
const ZDeclarationFilter = z.object({
  year: ZYear,
  status: ZStatus.optional(),
  unitId: z.uuid().optional(),
  gradeCode: z.string().max(4).optional(),
  className: z.string().max(40).optional(),
  q: z.string().trim().max(40).optional(),
  flagged: z.enum(['true', 'false']).optional(),
  settlementId: z.uuid().optional(),
});
const ZWindow = z.object({ start: z.string(), end: z.string() });
const ZPersonOutcome = z.object({ personId: z.string(), name: z.string(), reason: z.string() });

const declarers = { roles: ['agency_admin', 'unit_operator'] as const };
const readers = { roles: ['agency_admin', 'unit_operator', 'viewer', 'collector'] as const };

export const declarationsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/campaign-years',
    {
      config: { access: { roles: 'any' } },
      schema: {
        tags: ['declarations'],
        summary: '本统筹区的参保年度及其申报期、调整期（current 为当前办理的年度）',
        response: {
          200: z.object({
            today: z.string(),
            items: z.array(
              z.object({
                year: z.number().int(),
                profileKey: z.string(),
                profileName: z.string(),
                declarationWindow: ZWindow,
                adjustmentWindow: ZWindow.extend({ allows: z.string() }).nullable(),
                windowToday: z.enum(['declaration', 'adjustment', 'outside']),
                current: z.boolean(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => request.scoped((ctx) => campaignYears(ctx)),
  );

  app.get(
    '/api/v1/declarations',
    {
      config: { access: readers },
      schema: {
        tags: ['declarations'],
        summary: '参保申报名单（按年度、状态、单位、年级、班级、姓名或证件号码筛选）及汇总',
        querystring: ZPageQuery.extend(ZDeclarationFilter.shape),
        response: {
          200: z.object({
            items: z.array(ZDeclaration),
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
            summary: z.object({ byStatus: z.record(z.string(), z.number().int()), payableByStatus: z.record(z.string(), z.number().int()), payableFen: z.number().int(), paidFen: z.number().int(), flagged: z.number().int() }),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => request.scoped((ctx) => findDeclarations(ctx, { ...request.query, flagged: request.query.flagged === 'true' })),
  );

  const ZProgress = z.object({ declared: z.number().int(), confirmed: z.number().int(), settled: z.number().int(), paid: z.number().int(), flagged: z.number().int(), payableFen: z.number().int(), paidFen: z.number().int() });
  app.get(
    '/api/v1/declarations/progress',
    {
      config: { access: readers },
      schema: {
        tags: ['declarations'],
        summary: '参保缴费进度：按单位统计已申报、已确认、已结算、已缴费人数与金额',
        querystring: z.object({ year: ZYear }),
        response: { 200: z.object({ year: z.number().int(), total: ZProgress, items: z.array(ZProgress.extend({ unitId: z.string().nullable(), unitName: z.string() })) }), ...errorResponses },
      },
    },
    (request) => request.scoped((ctx) => campaignProgress(ctx, request.query.year)),
  );

  app.get(
    '/api/v1/declarations/export',
    {
      config: { access: readers },
      schema: {
        tags: ['declarations'],
        summary: '导出参保申报名单（xlsx，筛选条件同列表；证件号码脱敏；记入审计日志）',
        querystring: ZDeclarationFilter.extend({ year: ZYear.optional() }),
      },
    },
    (request, reply) =>
      sendXlsx(reply, (send) =>
        request.scoped(async (ctx) => {
          const year = request.query.year ?? (await campaignYears(ctx)).items.find((i) => i.current)?.year ?? Number(shanghaiToday(ctx.now).slice(0, 4));
          await send(exportDeclarations(ctx, { ...request.query, year, flagged: request.query.flagged === 'true' }));
        }),
      ),
  );

  app.get(
    '/api/v1/declarations/:id',
    {
      config: { access: { ...readers, params: { id: 'declaration' } } },
      schema: { tags: ['declarations'], summary: '一条申报：费用构成、依据（政策方案版本与规则）', params: ZIdParams, response: { 200: ZDeclaration, ...errorResponses } },
    },
    (request) => request.scoped((ctx) => getDeclaration(ctx, request.params.id)),
  );

  app.get(
    '/api/v1/persons/:id/declarations',
    {
      config: { access: { ...readers, params: { id: 'person' } } },
      schema: {
        tags: ['declarations'],
        summary: '一人历年的参保申报与缴费（含票据号）',
        params: ZIdParams,
        response: { 200: z.object({ items: z.array(ZDeclaration.extend({ receipt: z.object({ number: z.string(), verifyCode: z.string() }).nullable() })) }), ...errorResponses },
      },
    },
    (request) => request.scoped((ctx) => personDeclarations(ctx, request.params.id)),
  );

  app.post(
    '/api/v1/declarations',
    {
      config: { access: declarers },
      schema: {
        tags: ['declarations'],
        summary: '申报一人（按政策引擎计费；同一人同一年度只能有一条申报，另一单位申报时返回 409 并说明由谁申报）',
        body: z.object({ year: ZYear, personId: z.uuid('请选择人员') }),
        response: { 201: ZDeclaration, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await request.scoped((ctx) => declareOne(ctx, request.body))),
  );

  app.post(
    '/api/v1/declarations/batch',
    {
      config: { access: declarers },
      schema: {
        tags: ['declarations'],
        summary: '批量申报：整班（年级+班级）、所选人员、或延续上年度已申报人员（减去毕业离校人员）',
        body: z.object({
          year: ZYear,
          mode: z.enum(['class', 'carry_over', 'persons']),
          unitId: z.uuid().optional(),
          gradeCode: z.string().max(4).optional(),
          className: z.string().max(40).optional(),
          personIds: z.array(z.uuid()).max(5000).optional(),
        }),
        response: {
          200: z.object({
            year: z.number().int(),
            declared: z.number().int(),
            alreadyDeclared: z.number().int(),
            refused: z.array(ZPersonOutcome),
            conflicts: z.array(z.object({ personId: z.string(), name: z.string(), holder: z.string() })),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => request.scoped((ctx) => declareBatch(ctx, request.body)),
  );

  app.post(
    '/api/v1/declarations/:id/remove',
    {
      config: { access: { ...declarers, params: { id: 'declaration' } } },
      schema: {
        tags: ['declarations'],
        summary: '撤销申报（仅申报期、调整期内，结算前）',
        params: ZIdParams,
        body: z.object({ reason: z.string().trim().min(2, '请填写撤销原因').max(200) }),
        response: { 200: ZDeclaration, ...errorResponses },
      },
    },
    (request) => request.scoped((ctx) => removeDeclaration(ctx, request.params.id, request.body.reason)),
  );

  app.post(
    '/api/v1/declarations/confirm',
    {
      config: { access: declarers },
      schema: {
        tags: ['declarations'],
        summary: '参保缴费确认：确认已申报名单（全部或所选），确认前不收费',
        body: z.object({ year: ZYear, ids: z.array(z.uuid()).max(10000).optional() }),
        response: { 200: z.object({ confirmed: z.number().int() }), ...errorResponses },
      },
    },
    (request) => request.scoped((ctx) => confirmDeclarations(ctx, request.body)),
  );

  const ZPriceView = z.object({ categoryName: z.string(), totalFen: z.number().int(), subsidyFen: z.number().int(), payableFen: z.number().int(), subsidyName: z.string().nullable() });
  app.get(
    '/api/v1/profiles/:id/recompute',
    {
      config: { access: { roles: ['agency_admin'] as const, params: { id: 'profile' } } },
      schema: {
        tags: ['policies'],
        summary: '政策方案修改后：按新版本重算前，预览受影响的申报（谁、原金额、新金额）',
        params: z.object({ id: z.string().min(1).max(60) }),
        response: {
          200: z.object({
            profileKey: z.string(),
            version: z.number().int(),
            outdated: z.number().int(),
            unchanged: z.number().int(),
            frozen: z.number().int(),
            affected: z.array(z.object({ declarationId: z.string(), personName: z.string(), unitName: z.string().nullable(), status: z.string(), before: ZPriceView, after: ZPriceView.nullable(), refusedReason: z.string().nullable() })),
          }),
          ...errorResponses,
        },
      },
    },
    (request) => request.scoped((ctx) => recomputePreview(ctx, request.params.id)),
  );
  app.post(
    '/api/v1/profiles/:id/recompute',
    {
      config: { access: { roles: ['agency_admin'] as const, params: { id: 'profile' } } },
      schema: {
        tags: ['policies'],
        summary: '按政策方案当前版本重算未结算的申报（须先预览；版本已变则拒绝）',
        params: z.object({ id: z.string().min(1).max(60) }),
        body: z.object({ version: z.number().int().min(1) }),
        response: { 200: z.object({ version: z.number().int(), repriced: z.number().int(), versionOnly: z.number().int(), leftIneligible: z.number().int(), frozen: z.number().int() }), ...errorResponses },
      },
    },
    (request) => request.scoped((ctx) => applyRecompute(ctx, request.params.id, request.body.version)),
  );
};
