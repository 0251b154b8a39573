import { chaseApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import { serve } from '../../http';
import type { AppDeps } from '../../context';
import { sendXlsx } from '../../xlsx-export';
import { currentCampaignYear } from '../declarations/declarations.service';
import { exportProgress, progressBoard } from './progress.service';
import { classSheets, exportClassSheets, exportUninsured, findUninsured, reasonOptions, recordUninsuredReason, remindUnpaid } from './chase.service';
import { dailyReport, exportDailyReport, keepDailyReport, listDailyReports } from './daily-report.service';

const flag = (v: 'true' | 'false' | undefined) => (v === undefined ? undefined : v === 'true');

export const chaseRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const root = deps.database.db;
  serve(app, chaseApi.uninsured, (request) =>
    request.scoped((ctx) => findUninsured(ctx, { ...request.query, includeGraduating: request.query.includeGraduating === 'true', signedOff: flag(request.query.signedOff) })),
  );
  serve(app, chaseApi.uninsuredExport, (request, reply) =>
    sendXlsx(reply, (send) =>
      request.scoped(async (ctx) =>
        send(exportUninsured(ctx, { ...request.query, year: request.query.year ?? (await currentCampaignYear(ctx)), includeGraduating: request.query.includeGraduating === 'true', signedOff: flag(request.query.signedOff) })),
      ),
    ),
  );
  serve(app, chaseApi.classSheets, (request) =>
    request.scoped((ctx) => classSheets(ctx, { ...request.query, includeGraduating: request.query.includeGraduating === 'true' })),
  );
  serve(app, chaseApi.classSheetsExport, (request, reply) =>
    sendXlsx(reply, (send) =>
      request.scoped(async (ctx) => send(exportClassSheets(ctx, { ...request.query, year: request.query.year ?? (await currentCampaignYear(ctx)), includeGraduating: request.query.includeGraduating === 'true' }))),
    ),
  );
  serve(app, chaseApi.progress, (request) => request.scoped((ctx) => progressBoard(ctx, request.query.year, request.query.groupBy, { root })));
  serve(app, chaseApi.progressExport, (request, reply) =>
    sendXlsx(reply, (send) => request.scoped(async (ctx) => send(exportProgress(ctx, request.query.year ?? (await currentCampaignYear(ctx)), request.query.groupBy, root)))),
  );
  serve(app, chaseApi.reminders, (request) => request.scoped((ctx) => remindUnpaid(ctx, request.body)));
  serve(app, chaseApi.dailyReports, (request) => request.scoped(async (ctx) => listDailyReports(ctx, request.query.year ?? (await currentCampaignYear(ctx)))));
  serve(app, chaseApi.dailyReport, (request) =>
    request.scoped(async (ctx) => dailyReport(ctx, request.query.year ?? (await currentCampaignYear(ctx)), request.params.date)),
  );
  serve(app, chaseApi.keepDailyReport, (request) => request.scoped(async (ctx) => (await keepDailyReport(ctx, request.body.year, { root }))!));
  serve(app, chaseApi.dailyReportExport, (request, reply) =>
    sendXlsx(reply, (send) => request.scoped(async (ctx) => send(await exportDailyReport(ctx, request.query.year ?? (await currentCampaignYear(ctx)), request.params.date)))),
  );
  serve(app, chaseApi.reasonOptions, (request) =>
    request.scoped(async (ctx) => {
      const year = request.query.year ?? (await currentCampaignYear(ctx));
      return { year, items: await reasonOptions(ctx, year) };
    }),
  );
  serve(app, chaseApi.recordReason, (request) => request.scoped((ctx) => recordUninsuredReason(ctx, request.params.id, request.body)));
};
