import { describe, expect, it } from 'vitest';
import { cashierUrl, familyPayPath, POLL_MAX_ATTEMPTS, payPagePath, readPayMemory, receiptVerifyPath, receiptVerifyUrl, rememberName, rememberOrder, safeBackPath, shouldPoll } from './pay-links';

const TOKEN = 'AbCdEfGhIjKlMnOp_123-xyz';

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

describe('safeBackPath', () => {
  it('accepts only this site’s pay page', () => {
    expect(safeBackPath(payPagePath(TOKEN))).toBe(`/pay/${TOKEN}`);
    expect(safeBackPath(`/pay/${TOKEN}?cancelled=1`)).toBe(`/pay/${TOKEN}?cancelled=1`);
    const family = familyPayPath('CF3205001764000000000A1B2C3D4');
    expect(safeBackPath(family)).toBe(family);
    expect(safeBackPath(`${family}&cancelled=1`)).toBe(`${family}&cancelled=1`);
    expect(safeBackPath('/family/pay?order=CF1//evil')).toBeNull();
    expect(safeBackPath('/family/pay')).toBeNull();
  });

  it('drops other sites, other pages and odd input', () => {
    for (const bad of [null, undefined, '', 'https://evil.example/pay/x', '//evil.example/pay/AbCdEfGhIjKlMnOp', '/login', `/pay/${TOKEN}/../../login`, '/pay/short', `/pay/${TOKEN}#x`, `javascript:alert(1)`]) {
      expect(safeBackPath(bad), String(bad)).toBeNull();
    }
  });
});

describe('cashierUrl', () => {
  it('adds the way back to a cashier path of this site', () => {
    expect(cashierUrl('/sandbox-pay/CB3205001', `/pay/${TOKEN}`)).toBe(`/sandbox-pay/CB3205001?back=%2Fpay%2F${TOKEN}`);
    expect(cashierUrl('/sandbox-pay/CB1?x=1', '/pay/t')).toBe('/sandbox-pay/CB1?x=1&back=%2Fpay%2Ft');
  });

  it('leaves an external wallet address as it is', () => {
    expect(cashierUrl('https://wallet.example/pay?id=1', '/pay/t')).toBe('https://wallet.example/pay?id=1');
    expect(cashierUrl('//wallet.example/pay', '/pay/t')).toBe('//wallet.example/pay');
  });
});

describe('receipt verify address', () => {
  it('carries the number and code', () => {
    expect(receiptVerifyPath('320500202700000001', 'ABCD2345')).toBe('/receipt?number=320500202700000001&code=ABCD2345');
    expect(receiptVerifyUrl('https://canbao.example/', '320500202700000001', 'ABCD2345')).toBe('https://canbao.example/receipt?number=320500202700000001&code=ABCD2345');
  });
});

describe('pay memory', () => {
  it('keeps the name and the order per notice, and forgets them', () => {
    const s = memoryStorage();
    expect(readPayMemory(TOKEN, s)).toEqual({ name: null, outTradeNo: null });
    rememberName(TOKEN, '张小明', s);
    rememberOrder(TOKEN, 'CB1', s);
    expect(readPayMemory(TOKEN, s)).toEqual({ name: '张小明', outTradeNo: 'CB1' });
    expect(readPayMemory('another-token-0000', s)).toEqual({ name: null, outTradeNo: null });
    rememberOrder(TOKEN, null, s);
    rememberName(TOKEN, null, s);
    expect(readPayMemory(TOKEN, s)).toEqual({ name: null, outTradeNo: null });
  });

  it('works without storage', () => {
    expect(readPayMemory(TOKEN, null)).toEqual({ name: null, outTradeNo: null });
    expect(() => rememberName(TOKEN, 'x', null)).not.toThrow();
  });
});

describe('shouldPoll', () => {
  it('waits for the payment, then for the receipt, up to the limit', () => {
    expect(shouldPoll({ waiting: true, status: 'open', hasReceipt: false, attempts: 0 })).toBe(true);
    expect(shouldPoll({ waiting: true, status: 'paid', hasReceipt: false, attempts: 3 })).toBe(true);
    expect(shouldPoll({ waiting: true, status: 'paid', hasReceipt: true, attempts: 3 })).toBe(false);
    expect(shouldPoll({ waiting: true, status: 'cancelled', hasReceipt: false, attempts: 0 })).toBe(false);
    expect(shouldPoll({ waiting: false, status: 'open', hasReceipt: false, attempts: 0 })).toBe(false);
    expect(shouldPoll({ waiting: true, status: 'open', hasReceipt: false, attempts: POLL_MAX_ATTEMPTS })).toBe(false);
  });
});
