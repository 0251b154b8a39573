import { reconciliationApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../context';
import { serve } from '../../http';
import { sendXlsx } from '../../xlsx-export';
import { campaignYears } from '../declarations/declarations.service';
import { decideRefund, dailyTotals, deductionFile, exportPayments, findPayments, findReconciliationItems, findRefunds, getRefund, markRefunded, requestRefund, resolveReconciliationItem } from './reconciliation.service';
import { scheduleReceipts } from './receipts.service';

export const reconciliationRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const providers = app.paymentProviders;

  serve(app, reconciliationApi.items, (request) => request.scoped((ctx) => findReconciliationItems(ctx, request.query)));
  serve(app, reconciliationApi.resolveItem, (request) => request.scoped((ctx) => resolveReconciliationItem(ctx, request.params.id, request.body)));
  serve(app, reconciliationApi.daily, (request) => request.scoped((ctx) => dailyTotals(ctx, request.query)));
  serve(app, reconciliationApi.payments, (request) => request.scoped((ctx) => findPayments(ctx, request.query)));
  serve(app, reconciliationApi.refunds, (request) => request.scoped((ctx) => findRefunds(ctx, request.query)));
  serve(app, reconciliationApi.requestRefund, (request) => request.scoped((ctx) => requestRefund(ctx, request.body)));
  serve(app, reconciliationApi.refund, (request) => request.scoped((ctx) => getRefund(ctx, request.params.id)));
  serve(app, reconciliationApi.decideRefund, async (request) => {
    const out = await request.scoped((ctx) => decideRefund(ctx, providers, request.params.id, request.body));
    // A voided receipt (subsidy granted later) is written again for the new amount.
    scheduleReceipts(deps.database.db);
    return out;
  });
  serve(app, reconciliationApi.markRefunded, (request) => request.scoped((ctx) => markRefunded(ctx, request.params.id, request.body.reference)));

  serve(app, reconciliationApi.exportPayments, (request, reply) =>
    sendXlsx(reply, (send) =>
      request.scoped(async (ctx) => {
        const year = request.query.year ?? (await campaignYears(ctx)).items.find((i) => i.current)?.year ?? new Date().getFullYear();
        await send(exportPayments(ctx, { ...request.query, year }));
      }),
    ),
  );
  serve(app, reconciliationApi.deductionFile, (request, reply) => sendXlsx(reply, (send) => request.scoped(async (ctx) => send(await deductionFile(ctx, request.query)))));
};
