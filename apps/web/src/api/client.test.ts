import { afterEach, describe, expect, it, vi } from 'vitest';
import { authApi, unitsApi, usersApi } from '@canbao/domain';
import { ApiError, ChangeCancelledError, attachmentFileName, buildUrl, call, downloadFile, fieldErrorsOf, setChangeReasonProvider, setCsrfToken, setSessionEventHandlers, urlOf } from './client';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe('buildUrl', () => {
  it('leaves out empty filters', () => {
    expect(buildUrl('/api/v1/users', { q: '', role: undefined, page: 2, pageSize: 20, x: null })).toBe(
      '/api/v1/users?page=2&pageSize=20',
    );
    expect(buildUrl('/api/v1/units')).toBe('/api/v1/units');
  });
});

describe('call', () => {
  it("sends the contract's method, the filled path, the query and the body", async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { unit: { id: 'u' } }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok');
    await call(unitsApi.update, { params: { id: 'a/b' }, body: { name: '第一小学' } });
    await call(unitsApi.list, { query: { page: 2, q: '', kind: undefined } });
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls[0]?.[0]).toBe('/api/v1/units/a%2Fb');
    expect(calls[0]?.[1]).toMatchObject({ method: 'PATCH', body: JSON.stringify({ name: '第一小学' }) });
    expect((calls[0]?.[1].headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    expect(calls[1]?.[0]).toBe('/api/v1/units?page=2');
    expect(calls[1]?.[1].method).toBe('GET');
  });

  it('answers undefined for a 204 and builds links with urlOf', async () => {
    vi.stubGlobal('fetch', async () => new Response(null, { status: 204 }));
    await expect(call(unitsApi.removeCoordinator, { params: { unitId: 'u1', id: 'c1' } })).resolves.toBeUndefined();
    expect(urlOf(unitsApi.export, { query: { kind: 'primary', q: null } })).toBe('/api/v1/units/export?kind=primary');
  });
});

describe('every call', () => {
  it('sends the CSRF token on unsafe methods only', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { ok: true }));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('tok');
    await call(unitsApi.list, {});
    await call(usersApi.create, { body: { username: 'walker1', displayName: '张三', role: 'viewer' } });
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    const [getInit, postInit] = calls.map((c) => c[1].headers as Record<string, string>);
    expect(getInit?.['x-csrf-token']).toBeUndefined();
    expect(postInit?.['x-csrf-token']).toBe('tok');
    expect(calls[1]?.[1].credentials).toBe('same-origin');
  });

  it('throws ApiError with the API code, message and details', async () => {
    vi.stubGlobal('fetch', async () =>
      jsonResponse(409, { error: { code: 'CONFLICT', message: '用户名已被使用', details: [{ path: 'username', message: '用户名已被使用' }] } }),
    );
    const error = await call(usersApi.create, { body: { username: 'walker1', displayName: '张三', role: 'viewer' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'CONFLICT', message: '用户名已被使用' });
    expect(fieldErrorsOf(error)).toEqual([{ path: 'username', message: '用户名已被使用' }]);
  });

  it('reports a lost session for ordinary calls, not for login or me', async () => {
    const onSessionLost = vi.fn();
    const release = setSessionEventHandlers({ onSessionLost, onPasswordChangeRequired: vi.fn() });
    vi.stubGlobal('fetch', async () => jsonResponse(401, { error: { code: 'SESSION_EXPIRED', message: '登录已过期，请重新登录' } }));
    await call(authApi.me, {}).catch(() => undefined);
    await call(authApi.login, { body: { username: 'a', password: 'b' } }).catch(() => undefined);
    expect(onSessionLost).not.toHaveBeenCalled();
    await call(unitsApi.list, {}).catch(() => undefined);
    expect(onSessionLost).toHaveBeenCalledTimes(1);
    release();
  });

  it('turns a network failure and a non-JSON 502 into Chinese ApiErrors', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(call(unitsApi.list, {})).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
    vi.stubGlobal('fetch', async () => new Response('<html>Bad Gateway</html>', { status: 502 }));
    await expect(call(unitsApi.list, {})).rejects.toMatchObject({ status: 502, code: 'INTERNAL_ERROR' });
  });
});

describe('attachmentFileName', () => {
  it('prefers the UTF-8 name, then the ASCII one, then the fallback', () => {
    const header = `attachment; filename="deduction_icbc_2027_2026-11-26.xlsx"; filename*=UTF-8''${encodeURIComponent('代扣文件_工商银行_2027_2026-11-26.xlsx')}`;
    expect(attachmentFileName(header, 'x.xlsx')).toBe('代扣文件_工商银行_2027_2026-11-26.xlsx');
    expect(attachmentFileName('attachment; filename="a.xlsx"', 'x.xlsx')).toBe('a.xlsx');
    expect(attachmentFileName('attachment; filename=b.xlsx', 'x.xlsx')).toBe('b.xlsx');
    expect(attachmentFileName("attachment; filename=\"c.xlsx\"; filename*=UTF-8''%E0%A4", 'x.xlsx')).toBe('c.xlsx');
    expect(attachmentFileName('attachment', 'x.xlsx')).toBe('x.xlsx');
    expect(attachmentFileName(null, 'x.xlsx')).toBe('x.xlsx');
  });
});

describe('downloadFile', () => {
  it('returns the body and the named file, or the API error in Chinese', async () => {
    vi.stubGlobal('fetch', async () => new Response('xlsx-bytes', { status: 200, headers: { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent('代扣.xlsx')}` } }));
    const file = await downloadFile('/api/v1/settlements/deduction-file', { year: 2027, bankCode: 'icbc' }, 'x.xlsx');
    expect(file.fileName).toBe('代扣.xlsx');
    expect(await file.blob.text()).toBe('xlsx-bytes');

    vi.stubGlobal('fetch', async () => jsonResponse(403, { error: { code: 'FORBIDDEN', message: '没有权限' } }));
    const error = await downloadFile('/api/v1/settlements/deduction-file', { year: 2027, bankCode: 'icbc' }, 'x.xlsx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('没有权限');

    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const offline = await downloadFile('/x', undefined, 'x.xlsx').catch((e: unknown) => e);
    expect((offline as ApiError).code).toBe('NETWORK_ERROR');
  });
});

describe('a change of a closed year', () => {
  const refusal = () => jsonResponse(409, { error: { code: 'REASON_REQUIRED', message: '2026 年度已于 2026-02-01 关闭，作废结算单须填写原因', details: { year: 2026 } } });

  it('asks for the reason once and sends the same request again with it, URI-encoded', async () => {
    const fetchMock = vi.fn(async (_url: string, init: RequestInit) =>
      (init.headers as Record<string, string>)['x-change-reason'] ? jsonResponse(200, { unit: { id: 'u' } }) : refusal(),
    );
    vi.stubGlobal('fetch', fetchMock);
    const asked: string[] = [];
    const off = setChangeReasonProvider(async (e) => {
      asked.push(e.message);
      return '经科室审批更正';
    });
    try {
      await expect(call(unitsApi.update, { params: { id: 'u' }, body: { name: '第一小学' } })).resolves.toEqual({ unit: { id: 'u' } });
    } finally {
      off();
    }
    expect(asked).toEqual(['2026 年度已于 2026-02-01 关闭，作废结算单须填写原因']);
    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls).toHaveLength(2);
    expect(calls[1]?.[1]).toMatchObject({ method: 'PATCH', body: JSON.stringify({ name: '第一小学' }) });
    expect((calls[1]?.[1].headers as Record<string, string>)['x-change-reason']).toBe(encodeURIComponent('经科室审批更正'));
  });

  it('sends nothing more when the person cancels, and a second refusal is not asked again', async () => {
    const fetchMock = vi.fn(async () => refusal());
    vi.stubGlobal('fetch', fetchMock);
    let off = setChangeReasonProvider(async () => null);
    const cancelled = await call(unitsApi.update, { params: { id: 'u' }, body: { name: 'x' } }).catch((e: unknown) => e);
    off();
    expect(cancelled).toBeInstanceOf(ChangeCancelledError);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const provider = vi.fn(async () => '原因已填');
    off = setChangeReasonProvider(provider);
    const refused = await call(unitsApi.update, { params: { id: 'u' }, body: { name: 'x' } }).catch((e: unknown) => e);
    off();
    expect(provider).toHaveBeenCalledTimes(1);
    expect(refused).toMatchObject({ code: 'REASON_REQUIRED' });
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });
});
