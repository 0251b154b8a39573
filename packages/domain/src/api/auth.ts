import { z } from 'zod';
import { ZNewPassword } from '../access/roles';
import { endpoint } from './contract';
import { ZUser } from './users';

// --- Shapes ---

export const ZLoginInput = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(128),
});
export type TLoginInput = z.input<typeof ZLoginInput>;

/** The login answer; the session itself is the httpOnly cookie set with it. */
export const ZLogin = z.object({
  user: ZUser,
  /** Sent back as the x-csrf-token header of every write. */
  csrfToken: z.string(),
  /** Absolute end of the session. */
  expiresAt: z.iso.datetime(),
});
export type TLogin = z.infer<typeof ZLogin>;

/** GET /auth/me: the session as the server sees it. */
export const ZMe = ZLogin.extend({
  /** End of the session if nothing happens before; moves with every request. */
  idleExpiresAt: z.iso.datetime(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZPasswordChangeInput = z.object({ currentPassword: z.string().min(1, '请输入当前密码').max(128), newPassword: ZNewPassword });
export type TPasswordChangeInput = z.input<typeof ZPasswordChangeInput>;

/** Allowed while the account must still change its password. */
const session = { roles: 'any', allowPendingPasswordChange: true } as const;

// --- Endpoints ---

export const authApi = {
  login: endpoint({
    method: 'POST',
    path: '/api/v1/auth/login',
    // Public, and needs no CSRF token: the body must be JSON, which a cross-site form cannot send.
    access: { public: true },
    tags: ['auth'],
    summary: '登录',
    body: ZLoginInput,
    responses: { 200: ZLogin },
  }),
  logout: endpoint({
    method: 'POST',
    path: '/api/v1/auth/logout',
    access: session,
    tags: ['auth'],
    summary: '退出登录',
    responses: { 204: z.null() },
  }),
  me: endpoint({
    method: 'GET',
    path: '/api/v1/auth/me',
    access: session,
    tags: ['auth'],
    summary: '当前登录账号',
    responses: { 200: ZMe },
  }),
  changePassword: endpoint({
    method: 'POST',
    path: '/api/v1/auth/password',
    access: session,
    tags: ['auth'],
    summary: '修改本人密码',
    body: ZPasswordChangeInput,
    responses: { 204: z.null() },
  }),
};
