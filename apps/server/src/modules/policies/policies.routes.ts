import { policiesApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../../context';
import { serve } from '../../http';
import { findProfiles, getProfile, quote, updateProfile } from './policies.service';

export const policiesRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  const now = deps.now ?? (() => new Date());
  const { db } = deps.database;

  serve(app, policiesApi.list, async () => ({ items: await findProfiles(db) }));
  serve(app, policiesApi.get, (request) => getProfile(db, request.params.id));
  serve(app, policiesApi.update, (request) => request.scoped((ctx) => updateProfile(ctx, request.params.id, request.body)));
  serve(app, policiesApi.quote, (request) => quote(db, request.body, now()), { config: { rateLimit: { max: 60, timeWindow: '1 minute' } } });
};
