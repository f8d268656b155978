/**
 * How the console writes figures and dates for finance (console/src/lib/format.ts):
 * formatted from the API's decimal strings, never computed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, describeError } from '../console/src/lib/api.ts';
import {
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPrice,
  formatRate,
  formatRemaining,
} from '../console/src/lib/format.ts';

test('when an amount is shown, then it has thousands separators and at least two decimals, exactly as stored otherwise', () => {
  const cases: [string | null, string][] = [
    ['11300', '11,300.00'],
    ['11300.5', '11,300.50'],
    ['1234567.89', '1,234,567.89'],
    ['-2260.00', '-2,260.00'],
    ['0.00', '0.00'],
    ['999', '999.00'],
    ['12345678901234567.123456789', '12,345,678,901,234,567.123456789'],
    ['745.28301887', '745.28301887'],
    [null, '—'],
    ['not a number', 'not a number'],
  ];
  for (const [value, shown] of cases) assert.equal(formatMoney(value), shown, String(value));
});

test('when a quantity, a unit price or a rate is shown, then only significant decimals beyond two stay', () => {
  assert.equal(formatNumber('2'), '2');
  assert.equal(formatNumber('1500.125'), '1,500.125');
  assert.equal(formatPrice('4000.00000000'), '4,000.00');
  assert.equal(formatPrice('12.34560000'), '12.3456');
  assert.equal(formatPrice('3.10'), '3.10');
  assert.equal(formatPrice(null), '—');
  assert.equal(formatRate('0.06'), '6%');
  assert.equal(formatRate('0.13'), '13%');
  assert.equal(formatRate('0.015'), '1.5%');
  assert.equal(formatRate('0'), '0%');
  assert.equal(formatRate('1'), '100%');
  assert.equal(formatRate(null), '—');
});

test('when a time is shown, then it is Beijing time whatever the machine zone', () => {
  // 2026-10-01T16:30:00Z is 2026-10-02 00:30 in Beijing.
  const ms = Date.UTC(2026, 9, 1, 16, 30);
  assert.equal(formatDate(ms), '2026-10-02');
  assert.equal(formatDateTime(ms), '2026-10-02 00:30:00');
  assert.equal(formatDate(null), '—');
});

test('when a form waits for confirmation, then the time left is in hours and minutes, red under 12 hours, 已过期 after the deadline', () => {
  const now = Date.UTC(2026, 10, 30, 8, 0);
  const at = (hours: number, minutes: number, seconds = 0) => now + ((hours * 60 + minutes) * 60 + seconds) * 1000;
  assert.deepEqual(formatRemaining(at(51, 12, 59), now), { text: '剩余 51 小时 12 分', urgent: false, expired: false });
  assert.deepEqual(formatRemaining(at(12, 0), now), { text: '剩余 12 小时 0 分', urgent: false, expired: false });
  assert.deepEqual(formatRemaining(at(11, 59, 59), now), { text: '剩余 11 小时 59 分', urgent: true, expired: false });
  assert.deepEqual(formatRemaining(at(0, 0, 30), now), { text: '剩余 0 小时 0 分', urgent: true, expired: false });
  assert.deepEqual(formatRemaining(now, now), { text: '已过期', urgent: true, expired: true });
  assert.deepEqual(formatRemaining(at(-3, 0), now), { text: '已过期', urgent: true, expired: true });
});

test('when the API refuses fields, then the console shows the Chinese summary as it came, and an English reason after its field', () => {
  const chinese = new ApiError(
    400,
    'validation_failed',
    'appSecret：渠道 nn 配置诺诺适配器时必填；accessToken：渠道 nn 配置诺诺适配器时必填',
    [
      { pointer: '/appSecret', message: 'appSecret：渠道 nn 配置诺诺适配器时必填' },
      { pointer: '/accessToken', message: 'accessToken：渠道 nn 配置诺诺适配器时必填' },
    ],
  );
  assert.equal(describeError(chinese), '请求有误：appSecret：渠道 nn 配置诺诺适配器时必填；accessToken：渠道 nn 配置诺诺适配器时必填');
  const english = new ApiError(400, 'validation_failed', '/endpoint must be an http(s) URL', [
    { pointer: '/endpoint', message: 'must be an http(s) URL' },
  ]);
  assert.equal(describeError(english), '请求有误：endpoint：must be an http(s) URL');
});
