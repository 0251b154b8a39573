import { PHOTO_LIMITS, PHOTO_TYPES, personsApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import { serve } from '../../http';
import { sendXlsx } from '../../xlsx-export';
import { deletePhoto, getPhoto, savePhoto } from './person-photo';
import {
  addExemption,
  exportPersons,
  findClasses,
  findStreets,
  findPersons,
  getPerson,
  getTimeline,
  registerPerson,
  removeExemption,
  revealPerson,
  setRealDocument,
  stopPerson,
  transferPerson,
  updatePerson,
} from './persons.service';

export const personsRoutes: FastifyPluginAsync = async (app) => {
  // Photos arrive as the raw image; the size limit is checked by inspectPhoto() with a precise message.
  app.addContentTypeParser([...PHOTO_TYPES], { parseAs: 'buffer', bodyLimit: 2 * PHOTO_LIMITS.maxBytes }, (_req, body, done) => done(null, body));

  serve(app, personsApi.list, (request) => request.scoped((ctx) => findPersons(ctx, request.query)));
  serve(app, personsApi.classes, (request) => request.scoped((ctx) => findClasses(ctx, request.query)));
  serve(app, personsApi.streets, (request) => request.scoped((ctx) => findStreets(ctx, request.query)));
  serve(app, personsApi.export, (request, reply) => sendXlsx(reply, (send) => request.scoped((ctx) => send(exportPersons(ctx, request.query)))));
  serve(app, personsApi.register, (request) => request.scoped((ctx) => registerPerson(ctx, request.body)));
  serve(app, personsApi.get, (request) => request.scoped(async (ctx) => ({ person: await getPerson(ctx, request.params.id) })));
  serve(app, personsApi.reveal, (request) => request.scoped(async (ctx) => ({ person: await revealPerson(ctx, request.params.id, request.body) })));
  serve(app, personsApi.update, (request) => request.scoped(async (ctx) => ({ person: await updatePerson(ctx, request.params.id, request.body) })));
  serve(app, personsApi.stop, (request) => request.scoped((ctx) => stopPerson(ctx, request.params.id, request.body)));
  serve(app, personsApi.transfer, (request) => request.scoped(async (ctx) => ({ person: await transferPerson(ctx, request.params.id, request.body) })));
  serve(app, personsApi.setDocument, (request) => request.scoped(async (ctx) => ({ person: await setRealDocument(ctx, request.params.id, request.body) })));
  serve(app, personsApi.timeline, (request) => request.scoped((ctx) => getTimeline(ctx, request.params.id)));
  serve(app, personsApi.addExemption, (request) => request.scoped(async (ctx) => ({ person: await addExemption(ctx, request.params.id, request.body) })));
  serve(app, personsApi.removeExemption, (request) => request.scoped((ctx) => removeExemption(ctx, request.params.id, request.params.exemptionId)));
  serve(app, personsApi.uploadPhoto, (request) => request.scoped((ctx) => savePhoto(ctx, request.params.id, request.body)));
  serve(app, personsApi.photo, async (request, reply) => {
    const photo = await request.scoped((ctx) => getPhoto(ctx, request.params.id));
    return reply.type(photo.mime).header('etag', `"${photo.etag}"`).header('cache-control', 'private, no-store').send(photo.content);
  });
  serve(app, personsApi.deletePhoto, (request) => request.scoped((ctx) => deletePhoto(ctx, request.params.id)));
};
