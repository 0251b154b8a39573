import { SIGN_OFF_SCAN_MAX_BYTES, SIGN_OFF_SCAN_TYPES, closeApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import { serve } from '../../http';
import { sendXlsx } from '../../xlsx-export';
import { exportPublicity, publicity, publicityFilter } from './publicity.service';
import { getSignOff, getSignOffScan, recordSignOff, uploadSignOffScan } from './sign-offs.service';
import { listUnpaidLists, submitUnpaidList } from './unpaid-lists.service';
import { currentCampaignYear } from '../declarations/declarations.service';

export const closeRoutes: FastifyPluginAsync = async (app) => {
  // The scan arrives as its raw bytes; a little over the limit is read so the service can name the size it refuses.
  app.addContentTypeParser([...SIGN_OFF_SCAN_TYPES], { parseAs: 'buffer', bodyLimit: SIGN_OFF_SCAN_MAX_BYTES + 1024 * 1024 }, (_req, body, done) => done(null, body));
  serve(app, closeApi.signOff, (request) => request.scoped(async (ctx) => getSignOff(ctx, request.params.id, request.query.year ?? (await currentCampaignYear(ctx)))));
  serve(app, closeApi.recordSignOff, (request) => request.scoped((ctx) => recordSignOff(ctx, request.params.id, request.body)));
  serve(app, closeApi.uploadSignOffScan, (request) => request.scoped(async (ctx) => uploadSignOffScan(ctx, request.params.id, request.query.year ?? (await currentCampaignYear(ctx)), request.body)));
  serve(app, closeApi.signOffScan, async (request, reply) => {
    const scan = await request.scoped(async (ctx) => getSignOffScan(ctx, request.params.id, request.query.year ?? (await currentCampaignYear(ctx))));
    return reply.type(scan.mime).header('etag', `"${scan.etag}"`).header('cache-control', 'private, no-store').header('content-disposition', 'inline').send(scan.content);
  });
  serve(app, closeApi.unpaidLists, (request) => request.scoped(async (ctx) => listUnpaidLists(ctx, request.query.year ?? (await currentCampaignYear(ctx)))));
  serve(app, closeApi.submitUnpaidList, (request) => request.scoped((ctx) => submitUnpaidList(ctx, request.body.year)));
  serve(app, closeApi.publicity, (request) => request.scoped(async (ctx) => publicity(ctx, await publicityFilter(ctx, request.query))));
  serve(app, closeApi.publicityExport, (request, reply) => sendXlsx(reply, (send) => request.scoped(async (ctx) => send(await exportPublicity(ctx, await publicityFilter(ctx, request.query))))));
};
