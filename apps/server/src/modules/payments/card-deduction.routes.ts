import { cardDeductionApi } from '@canbao/domain';
import type { FastifyPluginAsync } from 'fastify';
import { serve } from '../../http';
import { sendXlsx } from '../../xlsx-export';
import { cardDeductionBanks, cardDeductionFile, getAgreement, revokeAgreement, signAgreement } from './card-deduction.service';

/** 银行卡代扣: a person's deduction agreement and the agency's deduction file per bank. */
export const cardDeductionRoutes: FastifyPluginAsync = async (app) => {
  serve(app, cardDeductionApi.agreement, (request) => request.scoped((ctx) => getAgreement(ctx, request.params.id)));
  serve(app, cardDeductionApi.signAgreement, (request) => request.scoped((ctx) => signAgreement(ctx, request.params.id, request.body)));
  serve(app, cardDeductionApi.revokeAgreement, (request) => request.scoped((ctx) => revokeAgreement(ctx, request.params.id)));
  serve(app, cardDeductionApi.banks, (request) => request.scoped((ctx) => cardDeductionBanks(ctx, request.query.year)));
  serve(app, cardDeductionApi.file, (request, reply) => sendXlsx(reply, (send) => request.scoped((ctx) => send(cardDeductionFile(ctx, request.query)))));
};
