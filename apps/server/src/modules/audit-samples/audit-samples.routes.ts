import { auditSamplesApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import { serve } from '../../http';
import { createSample, followUp, getSample, listSamples, recordResult, sampleReport } from './audit-samples.service';

export const auditSamplesRoutes: FastifyPluginAsync = async (app) => {
  serve(app, auditSamplesApi.list, (request) => request.scoped((ctx) => listSamples(ctx, request.query.year)));
  serve(app, auditSamplesApi.create, (request) => request.scoped((ctx) => createSample(ctx, request.body)));
  serve(app, auditSamplesApi.get, (request) => request.scoped((ctx) => getSample(ctx, request.params.id)));
  serve(app, auditSamplesApi.report, (request) => request.scoped((ctx) => sampleReport(ctx, request.params.id)));
  serve(app, auditSamplesApi.recordResult, (request) => request.scoped((ctx) => recordResult(ctx, request.params.id, request.params.itemId, request.body)));
  serve(app, auditSamplesApi.followUp, (request) => request.scoped((ctx) => followUp(ctx, request.params.id, request.params.itemId, request.body)));
};
