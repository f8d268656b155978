import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp, type TestToken } from './helpers/app.ts';
import { PUSH_EXAMPLE } from './helpers/builders.ts';

let app: TestApp;
let token: TestToken;

before(async () => {
  app = await startTestApp();
  token = await app.token({ scopes: ['push'], channels: ['jcsk'] });
});
after(() => app.close());

test('when the spec example is pushed byte for byte, then it is stored exactly and answered {"value": true}', async () => {
  const response = await app.push(PUSH_EXAMPLE, token.accessToken);
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { value: true });

  const push = await app.db.selectFrom('pushes').selectAll().executeTakeFirstOrThrow();
  assert.equal(push.body, PUSH_EXAMPLE, 'the raw body is kept as received');
  assert.equal(push.channel_code, 'jcsk');
  assert.equal(push.serial_no, null);
  assert.equal(push.result, 0, 'an absent result means 0');
  assert.equal(push.invoice_count, 1);

  const invoice = await app.db.selectFrom('invoices').selectAll().executeTakeFirstOrThrow();
  assert.equal(invoice.invoice_type, 1);
  assert.equal(invoice.invoice_type_code, '026');
  assert.equal(invoice.invoice_code, '0120020004xxx');
  assert.equal(invoice.invoice_number, '89429424');
  assert.equal(invoice.invoice_amount, '828.30');
  assert.equal(invoice.invoice_tax_amount, '49.70');
  assert.equal(invoice.invoice_total_price_tax, '878.00');
  assert.equal(invoice.invoice_tax_rate, '0.06');
  assert.equal(invoice.invoice_date.toISOString(), '2021-04-27T16:00:00.000Z');
  assert.equal(invoice.invoicing_date, null, '"" in invoicingDate means absent');
  assert.equal(invoice.system_name, null, '"" in systemName means absent');
  assert.equal(invoice.buyer_bank_account, null, '"" in an optional text field means absent');
  assert.equal(invoice.seller_name, '去哪儿网（天津）国际旅行社有限公司');
  assert.equal(invoice.invoicing_remark, '2021-04-18 20:50-23:55 广州白云国际机场-北京大兴国际机场 xxx');
  assert.equal(invoice.invoicing_status, '00');
  assert.equal(invoice.voided_at, null);
  assert.equal(invoice.check_code, '58428259812242286445');
  assert.deepEqual(invoice.ext, { x: '' });
  assert.equal(invoice.channel_code, 'jcsk');

  const details = await app.db.selectFrom('invoice_details').selectAll().orderBy('row_index').execute();
  assert.deepEqual(
    details.map((row) => ({
      row: row.row_index,
      billNumber: row.bill_number,
      detailRowNo: row.detail_row_no,
      goodsName: row.goods_name,
      goodsCost: row.goods_cost,
      goodsPrice: row.goods_price,
      goodsNum: row.goods_num,
      goodsSum: row.goods_sum,
      goodsVat: row.goods_vat,
      goodsUnit: row.goods_unit,
      taxRate: row.tax_rate,
      taxTaxonomyCode: row.tax_taxonomy_code,
    })),
    [
      {
        row: 0,
        billNumber: '1',
        detailRowNo: '1',
        goodsName: '*经纪代理服务*机票款',
        goodsCost: '745.28',
        goodsPrice: '745.28301887',
        goodsNum: '1',
        goodsSum: null,
        goodsVat: '44.72',
        goodsUnit: '次',
        taxRate: '0.06',
        taxTaxonomyCode: null,
      },
      {
        row: 1,
        billNumber: '2',
        detailRowNo: '2',
        goodsName: '经纪代理服务*代理服务费',
        goodsCost: '83.02',
        goodsPrice: '83.01886792',
        goodsNum: '1',
        goodsSum: null,
        goodsVat: '4.98',
        goodsUnit: '次',
        taxRate: '0.06',
        taxTaxonomyCode: null,
      },
    ],
  );

  const history = await app.db.selectFrom('invoice_history').selectAll().execute();
  assert.deepEqual(
    history.map((entry) => [entry.invoice_id, entry.push_id, entry.position, entry.change, entry.invoicing_status]),
    [[invoice.id, push.id, 0, 'created', '00']],
  );
});

test('when the spec example is pushed again, then one invoice with one set of detail rows remains', async () => {
  const response = await app.push(PUSH_EXAMPLE, token.accessToken);
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { value: true });
  const { rows } = await sql<{ invoices: number; details: number; pushes: number }>`
    select (select count(*)::int from invoices) as invoices,
           (select count(*)::int from invoice_details) as details,
           (select count(*)::int from pushes) as pushes`.execute(app.db);
  assert.deepEqual(rows[0], { invoices: 1, details: 2, pushes: 2 });
  const changes = await app.db.selectFrom('invoice_history').select('change').orderBy('id').execute();
  assert.deepEqual(
    changes.map((entry) => entry.change),
    ['created', 'unchanged'],
  );
});

test('when the spec example is pushed, then its body is stored compressed with lz4 where Postgres has it (pglz on the embedded database) and reads back byte for byte', async () => {
  // Pushed a third time (after the two pushes above). The example as the spec writes it (pretty-printed, 2.7 KB) makes the row big enough for Postgres to compress the body.
  const response = await app.push(PUSH_EXAMPLE, token.accessToken);
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { value: true });

  const { rows: methods } = await sql<{ enumvals: string[] }>`
    select enumvals from pg_settings where name = 'default_toast_compression'`.execute(app.db);
  const lz4 = methods[0]?.enumvals.includes('lz4') === true;
  const { rows } = await sql<{ column_setting: string; compression: string | null; same: boolean }>`
    select (select attcompression from pg_attribute where attrelid = 'pushes'::regclass and attname = 'body')::text as column_setting,
      pg_column_compression(body) as compression, body = ${PUSH_EXAMPLE} as same
    from pushes order by id desc limit 1`.execute(app.db);
  assert.deepEqual(rows, [
    lz4 ? { column_setting: 'l', compression: 'lz4', same: true } : { column_setting: '', compression: 'pglz', same: true },
  ]);
});
