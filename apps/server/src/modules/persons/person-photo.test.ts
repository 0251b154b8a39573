import { computeResidentIdCheckChar } from '@canbao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, buildUnitWithOperator } from '../../test/factories';
import { buildTestApp, login, type Client, type TestApp } from '../../test/build-test-app';
import { png } from '../../test/images';

let t: TestApp;
let op: Client;
let other: Client;
let personId: string;
beforeAll(async () => {
  t = await buildTestApp();
  const A = await buildUnitWithOperator(t.database.db);
  const B = await buildUnitWithOperator(t.database.db);
  op = await login(t.app, A.operator.username, TEST_PASSWORD);
  other = await login(t.app, B.operator.username, TEST_PASSWORD);
  const first17 = '32050820150301123';
  const res = await op.request('POST', '/api/v1/persons', { documentType: '01', documentNumber: first17 + computeResidentIdCheckChar(first17), name: '王小明', hukouType: 'local_urban' });
  personId = res.json().person.id;
});
afterAll(() => t.close());

const upload = (c: Client, body: Buffer, type = 'image/png') =>
  t.app.inject({ method: 'PUT', url: `/api/v1/persons/${personId}/photo`, payload: body, headers: { cookie: c.cookie, 'x-csrf-token': c.csrfToken, 'content-type': type } });

describe('[PERSONS] card production photos', () => {
  it('a child of 7+ without a card needs a photo; a valid portrait PNG is stored and served back', async () => {
    expect((await op.request('GET', `/api/v1/persons/${personId}`)).json().person).toMatchObject({ photo: null, needsPhotoForCard: true });
    const file = png(358, 441);
    const res = await upload(op, file);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mime: 'image/png', width: 358, height: 441, sizeBytes: file.length });
    const back = await op.request('GET', `/api/v1/persons/${personId}/photo`);
    expect(back.headers['content-type']).toBe('image/png');
    expect(back.rawPayload.equals(file)).toBe(true);
    expect((await op.request('GET', `/api/v1/persons/${personId}`)).json().person).toMatchObject({ needsPhotoForCard: false, photo: { width: 358 } });
  });

  it('refuses wrong formats, tiny, landscape and oversized images with the reason', async () => {
    const cases: Array<[Buffer, string, RegExp]> = [
      [Buffer.from('GIF89a-not-an-image-at-all'), 'image/png', /JPEG 或 PNG/],
      [png(100, 120), 'image/png', /尺寸过小（100×120）/],
      [png(600, 400), 'image/png', /竖幅/],
      [Buffer.concat([png(358, 441), Buffer.alloc(1100 * 1024)]), 'image/png', /不能超过 1 MB/],
    ];
    for (const [body, type, message] of cases) {
      const res = await upload(op, body, type);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(message);
    }
  });

  it('another unit can neither read nor replace it', async () => {
    expect((await other.request('GET', `/api/v1/persons/${personId}/photo`)).statusCode).toBe(404);
    expect((await upload(other, png(358, 441))).statusCode).toBe(404);
    expect((await op.request('DELETE', `/api/v1/persons/${personId}/photo`)).statusCode).toBe(204);
  });
});
