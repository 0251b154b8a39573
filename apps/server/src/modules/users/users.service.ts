import type { TRole } from '@canbao/domain';
import type { ServiceContext } from '../../context';
import { AppError, AppErrorCode } from '../../errors';
import { audit } from '../audit/audit.service';
import { deleteSessionsOfUser } from '../auth/auth.repository';
import { generateTemporaryPassword, hashPassword } from '../auth/password';
import { getUnitInScope } from '../units/units.repository';
import * as repo from './users.repository';
import { presentUser } from './users.presenter';

export async function findUsers(
  ctx: ServiceContext,
  q: repo.UserFilter & { page: number; pageSize: number },
) {
  const { rows, total } = await repo.findUsers(ctx.db, ctx.scope, q, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: rows.map(presentUser), total, page: q.page, pageSize: q.pageSize };
}

export async function getUser(ctx: ServiceContext, id: string) {
  const user = await repo.getUserInScope(ctx.db, ctx.scope, id);
  if (!user) throw new AppError(AppErrorCode.NOT_FOUND, { message: '账号不存在' });
  return user;
}

/** Creates an account in the admin's region with a temporary password the holder must change at first login. */
export async function createUser(
  ctx: ServiceContext,
  input: { username: string; displayName: string; role: TRole; unitId?: string | undefined },
) {
  if (input.role === 'unit_operator' && !input.unitId) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, {
      message: '代办单位经办员须指定所属单位',
      details: [{ path: 'unitId', message: '请选择所属单位' }],
    });
  }
  if (input.role !== 'unit_operator' && input.unitId) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, {
      message: '只有代办单位经办员可以绑定单位',
      details: [{ path: 'unitId', message: '该角色不绑定单位' }],
    });
  }
  if (input.unitId && !(await getUnitInScope(ctx.db, ctx.scope, input.unitId))) {
    throw new AppError(AppErrorCode.VALIDATION_FAILED, {
      message: '所选单位不存在或不属于本统筹区',
      details: [{ path: 'unitId', message: '单位不存在' }],
    });
  }
  // Usernames are global (one login page for every region). The scope sees its own region's names; a name another
  // region holds is refused by login_name's unique index (migration 20261203T1400), the same answer.
  const taken = () =>
    new AppError(AppErrorCode.CONFLICT, {
      message: `用户名“${input.username}”已被使用`,
      details: [{ path: 'username', message: '用户名已被使用' }],
    });
  if (await repo.findUsername(ctx.db, ctx.scope.regionCode, input.username)) throw taken();
  const initialPassword = generateTemporaryPassword();
  const passwordHash = await hashPassword(initialPassword);
  let id: string;
  try {
    ({ id } = await repo.insertUser(ctx.db, {
      region_code: ctx.scope.regionCode,
      unit_id: input.unitId ?? null,
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      password_hash: passwordHash,
      must_change_password: true,
    }));
  } catch (e) {
    if ((e as { code?: unknown }).code === '23505') throw taken();
    throw e;
  }
  const user = await getUser(ctx, id);
  await audit(ctx, { action: 'user.created', entityType: 'user', entityId: id, unitId: user.unit_id, after: presentUser(user) });
  return { user: presentUser(user), initialPassword };
}

export async function updateUser(
  ctx: ServiceContext,
  id: string,
  input: { displayName?: string | undefined; isDisabled?: boolean | undefined },
) {
  const before = await getUser(ctx, id);
  if (input.isDisabled === true && id === ctx.scope.userId) {
    throw new AppError(AppErrorCode.CONFLICT, { message: '不能停用自己的账号' });
  }
  await repo.updateUser(ctx.db, id, {
    ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
    ...(input.isDisabled !== undefined ? { is_disabled: input.isDisabled } : {}),
    updated_at: ctx.now,
  });
  if (input.isDisabled) await deleteSessionsOfUser(ctx.db, id);
  const after = await getUser(ctx, id);
  await audit(ctx, {
    action: input.isDisabled === true ? 'user.disabled' : input.isDisabled === false ? 'user.enabled' : 'user.updated',
    entityType: 'user',
    entityId: id,
    unitId: after.unit_id,
    before: presentUser(before),
    after: presentUser(after),
  });
  return presentUser(after);
}

/** Issues a new temporary password, unlocks the account and ends its sessions. */
export async function resetPassword(ctx: ServiceContext, id: string) {
  const user = await getUser(ctx, id);
  const temporaryPassword = generateTemporaryPassword();
  await repo.updateUser(ctx.db, id, {
    password_hash: await hashPassword(temporaryPassword),
    must_change_password: true,
    failed_login_count: 0,
    locked_until: null,
    password_changed_at: ctx.now,
    updated_at: ctx.now,
  });
  await deleteSessionsOfUser(ctx.db, id);
  await audit(ctx, { action: 'user.password_reset', entityType: 'user', entityId: id, unitId: user.unit_id });
  return { temporaryPassword };
}
