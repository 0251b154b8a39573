import { parsePhoneNumber, type TBranchOffice } from '@canbao/domain';
import type { ServiceContext } from '../../context';
import { AppError, AppErrorCode, fieldError } from '../../errors';
import { audit } from '../audit/audit.service';
import { getDivisionPath } from '../divisions/divisions.repository';

export type BranchOfficeInput = {
  name?: string | undefined;
  districtCode?: string | null | undefined;
  address?: string | undefined;
  contactPerson?: string | null | undefined;
  phone?: string | undefined;
};

type Row = { id: string; name: string; district_code: string | null; address: string; contact_person: string | null; phone: string };
/** Row → API shape (the contract's TBranchOffice). */
const present = (r: Row & { district_name?: string | null }): TBranchOffice => ({
  id: r.id,
  name: r.name,
  districtCode: r.district_code,
  districtName: r.district_name ?? null,
  address: r.address,
  contactPerson: r.contact_person,
  phone: r.phone,
});

function base(ctx: ServiceContext) {
  return ctx.db
    .selectFrom('branch_office as b')
    .leftJoin('division as d', 'd.code', 'b.district_code')
    .select(['b.id', 'b.name', 'b.district_code', 'b.address', 'b.contact_person', 'b.phone', 'd.name as district_name'])
    .where('b.region_code', '=', ctx.scope.regionCode);
}

/** The agency's branch directory (Guangzhou notice, 附件: 医保经办机构、服务地址、联络员、联系电话). */
export async function findBranchOffices(ctx: ServiceContext) {
  return (await base(ctx).orderBy('b.district_code').orderBy('b.name').execute()).map(present);
}

async function normalize(ctx: ServiceContext, input: BranchOfficeInput) {
  const out: Record<string, unknown> = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.address !== undefined) out.address = input.address;
  if (input.contactPerson !== undefined) out.contact_person = input.contactPerson;
  if (input.phone !== undefined) {
    const r = parsePhoneNumber(input.phone);
    if (!r.ok) throw fieldError('phone', r.message);
    out.phone = r.normalized;
  }
  if (input.districtCode !== undefined) {
    if (input.districtCode !== null) {
      const path = await getDivisionPath(ctx.db, input.districtCode);
      if (!path.some((p) => p.code === ctx.scope.regionCode) || path.at(-1)?.level !== 'district') {
        throw fieldError('districtCode', `区县代码 ${input.districtCode} 不是本统筹区的区县`);
      }
    }
    out.district_code = input.districtCode;
  }
  return out;
}

async function getRow(ctx: ServiceContext, id: string) {
  const row = await base(ctx).where('b.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: '经办网点不存在' });
  return row;
}

async function nameTaken(ctx: ServiceContext, name: string, exceptId?: string) {
  const clash = await base(ctx).where('b.name', '=', name).$if(!!exceptId, (q) => q.where('b.id', '<>', exceptId!)).executeTakeFirst();
  if (clash) throw new AppError(AppErrorCode.CONFLICT, { message: `已有名为“${name}”的经办网点`, details: [{ path: 'name', message: '名称已存在' }] });
}

export async function createBranchOffice(ctx: ServiceContext, input: Required<Pick<BranchOfficeInput, 'name' | 'address' | 'phone'>> & BranchOfficeInput) {
  await nameTaken(ctx, input.name);
  const values = await normalize(ctx, input);
  const { id } = await ctx.db
    .insertInto('branch_office')
    .values({ ...(values as { name: string; address: string; phone: string }), region_code: ctx.scope.regionCode })
    .returning('id')
    .executeTakeFirstOrThrow();
  const office = present(await getRow(ctx, id));
  await audit(ctx, { action: 'branch_office.created', entityType: 'branch_office', entityId: id, unitId: null, after: office });
  return office;
}

export async function updateBranchOffice(ctx: ServiceContext, id: string, input: BranchOfficeInput) {
  const before = present(await getRow(ctx, id));
  if (input.name) await nameTaken(ctx, input.name, id);
  await ctx.db.updateTable('branch_office').set(await normalize(ctx, input)).where('id', '=', id).execute();
  const after = present(await getRow(ctx, id));
  await audit(ctx, { action: 'branch_office.updated', entityType: 'branch_office', entityId: id, unitId: null, before, after });
  return after;
}

export async function deleteBranchOffice(ctx: ServiceContext, id: string) {
  const before = present(await getRow(ctx, id));
  await ctx.db.deleteFrom('branch_office').where('id', '=', id).execute();
  await audit(ctx, { action: 'branch_office.deleted', entityType: 'branch_office', entityId: id, unitId: null, before });
}
