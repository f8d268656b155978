/**
 * GENERATED FILE, DO NOT EDIT. The types of the schemas in openapi.yaml,
 * written by openapi-typescript: edit openapi.yaml, then run
 * `npm run generate:types` (CI runs `npm run check:generated`, which fails
 * when this file differs from what openapi.yaml gives).
 */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The database answers and every migration is applied */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Served on the main port only when `METRICS_TOKEN` is set, behind
         *     `Authorization: Bearer <METRICS_TOKEN>`; or, without a token, on its
         *     own port (`METRICS_PORT`, bound to `METRICS_HOST`).
         */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v1/auth/getAccessToken": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange appKey and appSecurity for an access token
         * @description Access tokens live 2 hours by default (`ACCESS_TOKEN_TTL_SECONDS`).
         *     Wrong or revoked credentials answer 403.
         */
        post: operations["getAccessToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/auth/refreshToken": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a token pair for a new one
         * @description Both tokens of a pair that has not expired and has not been revoked
         *     are required. The old pair stops working at once. An expired pair
         *     cannot be refreshed: ask `getAccessToken` again.
         */
        post: operations["refreshToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/invoicing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A channel pushes the result of an invoicing batch
         * @description The spec: Ekuaibao "销项开票-渠道推送开票结果". One push is one
         *     database transaction: the push record (with the body exactly as
         *     received), the batch state, every invoice and every detail row are
         *     stored together, or nothing is stored and the answer is not 2xx.
         *     `{"value": true}` is written only after the transaction committed.
         *
         *     **Authentication.** `accessToken` in the query string (as the spec
         *     says) or in an `accessToken` header. The token's app needs the `push`
         *     scope and must be allowed to push for `channelCode`.
         *
         *     **Normalisation** (done in one place, before validation, so that the
         *     spec's own example and the channels that follow it are accepted):
         *     - `data` may be the array itself or a JSON string holding it (the
         *       spec's table types it as "String").
         *     - Object keys are trimmed (the example sends `"taxTaxonomyCode "`).
         *     - `taxrate` (the spec's table) and `taxRate` (the example) are the
         *       same detail field; when both are sent, `taxRate` wins.
         *     - `""` or `null` in an optional field, or in any numeric field, means
         *       the field is absent (the example sends `"invoicingDate": ""` and
         *       `"systemName": ""`). In a required text field `""` stays `""`:
         *       `invoiceCode` is empty for 数电 (fully digital) invoices.
         *     - An absent `result` is `0`; an absent `originals` is `0` (the spec's
         *       defaults).
         *     - `invoicingDate` is documented as required but the example sends
         *       `""`: it is optional here.
         *     - Decimal fields accept JSON numbers, kept exactly as written;
         *       integer fields accept strings of digits (`"1"`).
         *     - Fields this document does not name are ignored (they remain in the
         *       stored raw body).
         *     - Rejected whatever the field: strings containing NUL characters or
         *       unpaired UTF-16 surrogates (Postgres cannot store them), and
         *       nesting deeper than 32 levels.
         *
         *     **Rules beyond the schema**: `goodsCost` and `goodsSum` of a detail
         *     row are not both zero; an invoice (`invoiceCode` + `invoiceNumber`)
         *     appears at most once in a push.
         *
         *     **Idempotency.** An invoice is identified by `invoiceCode` +
         *     `invoiceNumber`. Pushing it again leaves one invoice with one set of
         *     detail rows; a changed body replaces the stored one. `invoicingStatus`
         *     `"03"` voids the invoice; a later `"00"` never un-voids it. Every
         *     receipt is kept in the invoice's history. An invoice first stored by
         *     one channel cannot be changed by a push of another channel (409, the
         *     whole push is refused).
         *
         *     **Batches.** With a `serialNo`, the batch state is kept per
         *     (`channelCode`, `serialNo`): `2` (in progress) may move on to `1`
         *     (rejected) or `0` (succeeded), `1` may move on to `0`, never back.
         *     Invoices in a push are stored whatever its `result`.
         *
         *     **Findings.** Beyond the schema, every stored invoice is checked
         *     (arithmetic, tax rounding, identity formats, discount rows, red
         *     invoices against their blue invoice; see `FindingCode`). A check
         *     that fails gives a finding (`Finding`), stored with the invoice and
         *     replaced whenever its content is replaced; findings never refuse a
         *     push, unless the channel's settings promote their code to a
         *     rejection (`channel set CODE --reject-findings …` in the CLI). Then
         *     the push is refused with `400` `findings_rejected`, every promoted
         *     finding of every invoice in the push listed in `errors` (pointer
         *     into the body, message, `finding` code), and nothing is stored.
         */
        post: operations["pushInvoicingResult"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List invoices, newest first, filtered
         * @description Invoices sorted by `invoiceDate`, newest first (ties by `id`, highest
         *     first). Every filter narrows the list (they combine with AND); see
         *     `InvoiceListQuery` for each. A parameter this operation does not know,
         *     a repeated parameter, or a bad value answers 400 naming the parameter
         *     in `errors[].parameter`.
         *
         *     **Pages.** Keyset pagination: ask the next page with the
         *     `nextCursor` of the previous answer (keeping the same filters);
         *     `nextCursor` is `null` on the last page. A page costs the same
         *     whatever its depth. The cursor is opaque: do not build one. Invoices
         *     pushed while you page appear on the pages you have not read yet if
         *     they sort there.
         *
         *     **Sellers.** For an app limited to some sellers, only their invoices
         *     are listed; asking `sellerTaxNo` of another seller answers 403.
         */
        get: operations["listInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/invoices/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the filtered invoices as CSV
         * @description The invoices `listInvoices` would list with the same filters, in the
         *     same order, all of them, as one CSV file streamed while it is read
         *     from the database (1,000 invoices at a time, so any size exports in
         *     constant memory). The file opens in Excel as is: UTF-8 with a byte
         *     order mark, CRLF line ends, a header row in Chinese.
         *
         *     One row per invoice (detail rows are not exported). Columns, in
         *     order: ID, 发票代码, 发票号码, 发票日期, 发票类型(0蓝票/1红票),
         *     发票类型代码, 开票状态(00正常/03作废), 红冲状态, 销方税号, 销方名称,
         *     购方单位税号, 购方单位名称, 发票金额, 发票税率, 发票税额, 价税合计,
         *     渠道编码, 批次号, 来源单号, 原发票代码, 原发票号码, then every other
         *     field of the invoice (开票日期, 收款人, …, 扩展字段 as JSON) and the
         *     times it was stored, updated and voided.
         *
         *     - Amounts are written exactly as stored (`828.30` stays `828.30`).
         *     - Times are Beijing time (UTC+8) as `2026-10-01 16:30:00`, which
         *       Excel reads as a date and time.
         *     - Codes are written as they are (`011002100111`, `00000001`): Excel
         *       shows all-digit codes as numbers and drops leading zeros unless the
         *       file is imported with Data → From Text/CSV and those columns set
         *       to Text.
         *     - A text cell starting with `=`, `+`, `-`, `@`, tab or carriage
         *       return gets a leading `'`, so that a spreadsheet never runs it as
         *       a formula (amounts are never changed).
         *
         *     The export is not one snapshot: invoices pushed while it runs appear
         *     if they sort after the rows already written. Filters are checked
         *     before anything is written; an error after the first row cuts the
         *     file short (the connection is closed without the final line).
         */
        get: operations["exportInvoices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/invoices/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One invoice by its own identity (invoiceCode + invoiceNumber)
         * @description The same answer as `getInvoice`, found by the invoice's identity.
         *     Both parameters are required; `invoiceCode` is empty for 数电 (fully
         *     digital) invoices: `?invoiceCode=&invoiceNumber=26312000000000000001`.
         *     404 when there is no such invoice, or when it belongs to a seller the
         *     app may not read.
         */
        get: operations["lookupInvoice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/invoices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One invoice with its detail rows, history and red-flush view
         * @description `id` is the `id` of a listed invoice. 404 when there is no such
         *     invoice, or when it belongs to a seller the app may not read.
         */
        get: operations["getInvoice"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/invoicing/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What a channel pushed for one batch (channelCode + serialNo)
         * @description Answers "did you get our push?": the batch state (`result` 0
         *     succeeded, 1 rejected, 2 in progress, as the last push left it under
         *     the rules of the push operation), `rejectMsg`, when the batch was
         *     first and last pushed, every push received for it (oldest first:
         *     time, app, `result`, `rejectMsg`, request id, and what it did to the
         *     invoices it carried) and the invoices the batch carried (newest
         *     `invoiceDate` first).
         *
         *     Only pushes that were stored appear: a push refused with a 4xx stored
         *     nothing (its request id is in the server log). At most 1,000 pushes
         *     and 1,000 invoices are listed; `pushesTruncated`/`invoicesTruncated`
         *     say when there were more (`GET /api/openapi/v2/invoices?serialNo=…`
         *     pages through the invoices whose content the batch last stored).
         *
         *     **Sellers.** An app limited to some sellers sees a batch only when
         *     the batch carried at least one invoice of those sellers, and then
         *     only those invoices, and counts only those in each push's `changes`.
         *     Any other batch, including a rejected batch that carried no
         *     invoices, answers 404 as if it did not exist.
         */
        get: operations["getBatch"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This reference, rendered (Swagger UI)
         * @description Served from the installed `swagger-ui-dist` package; nothing is loaded from elsewhere. No token needed.
         */
        get: operations["docs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document
         * @description No token needed.
         */
        get: operations["openapiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description A decimal number written out, such as `"828.30"` or `"-0.3"` (at most 16 digits before the point and 15 after). It reads back as Postgres writes its value: with the digits after the point as sent, leading zeros dropped (`"007.50"` reads back `"7.50"`) and zero unsigned (`"-0.00"` reads back `"0.00"`). */
        Decimal: string;
        /** @description Milliseconds since 1970-01-01T00:00:00Z. */
        EpochMillis: number;
        PushRequest: {
            /** @description 渠道编码, the channel that pushes. */
            channelCode: string;
            /** @description 批次号, the channel's batch number. */
            serialNo?: string;
            /**
             * @description 开票结果. 0 succeeded, 1 rejected, 2 in progress. Absent means 0.
             * @default 0
             * @enum {integer}
             */
            result: 0 | 1 | 2;
            /** @description 开票驳回原因. */
            rejectMsg?: string;
            /** @description 发票数据. May also be sent as a JSON string holding the array. */
            data?: components["schemas"]["Invoice"][];
        };
        Invoice: {
            /**
             * @description 发票类型: 0 blue (正数), 1 red (负数).
             * @enum {integer}
             */
            invoiceType: 0 | 1;
            /**
             * @description 发票类型代码: 004 增值税专用发票, 007 增值税普通发票, 026 增值税电子发票, 028 增值税电子专用发票, 01 全电发票(专用), 02 全电发票(普通).
             * @enum {string}
             */
            invoiceTypeCode: "004" | "007" | "026" | "028" | "01" | "02";
            /** @description 购方单位名称 */
            buyerName: string;
            /** @description 购方单位税号 */
            buyerTaxNo?: string;
            /** @description 购方开户行及账号 */
            buyerBankAccount?: string;
            /** @description 购方地址及电话 */
            buyerAddressPhone?: string;
            /** @description 价税合计 */
            invoiceTotalPriceTax?: components["schemas"]["Decimal"];
            /** @description 收款人 */
            payee?: string;
            /** @description 复核人 */
            checker?: string;
            /** @description 开票人 */
            drawer?: string;
            /** @description 销方名称 */
            sellerName: string;
            /** @description 销方税号 */
            sellerTaxNo: string;
            /** @description 销方地址电话 */
            sellerAddressPhone?: string;
            /** @description 销方银行账号 */
            sellerBankAccount?: string;
            /** @description 特殊票种 */
            invoiceSpecialMark?: string;
            /** @description 清单标志: 0 非清单, 1 清单. */
            invoiceListMark?: string;
            /** @description 第三方系统名称 */
            systemName?: number;
            /** @description 第三方系统id */
            systemId?: string;
            /** @description 来源单号 */
            orderNo?: string;
            /** @description 开票说明 */
            invoicingRemark?: string;
            /** @description 销售方开户行 */
            sellerBankName?: string;
            /** @description 销售方银行账号 */
            sellerBankNumber?: string;
            /** @description 销售方地址 */
            sellerAddress?: string;
            /** @description 销售方联系电话 */
            sellerTelPhone?: string;
            /** @description 购买方开户行 */
            buyerBankName?: string;
            /** @description 购买方银行账号 */
            buyerBankNumber?: string;
            /** @description 购买方地址 */
            buyerAddress?: string;
            /** @description 购买方联系电话 */
            buyerTelPhone?: string;
            /**
             * @description 是否有发票原件: 0 no, 1 yes. Absent means 0.
             * @default 0
             * @enum {integer}
             */
            originals: 0 | 1;
            /** @description 原件地址 */
            originalsUrl?: string;
            /** @description 发票预览地址 */
            previewUrl?: string;
            /** @description 开票日期. Documented as required, sent as "" by the spec's example: optional here. */
            invoicingDate?: components["schemas"]["EpochMillis"];
            /**
             * @description 开票状态: 00 issued, 03 voided.
             * @enum {string}
             */
            invoicingStatus: "00" | "03";
            /** @description 原发票号码 (red invoices) */
            originalInvoiceNumber?: string;
            /** @description 原发票代码 (red invoices) */
            originalInvoiceCode?: string;
            /** @description 原流水号 */
            originalSerialNo?: string;
            /** @description 原发票的红冲状态 */
            originalInvoicingStatus?: string;
            /** @description 发票代码; empty for 数电 invoices. */
            invoiceCode: string;
            /** @description 发票号码 (20 digits for 数电 invoices). */
            invoiceNumber: string;
            /** @description 发票日期 */
            invoiceDate: components["schemas"]["EpochMillis"];
            /** @description 发票金额 (excluding tax) */
            invoiceAmount: components["schemas"]["Decimal"];
            /** @description 发票税率 */
            invoiceTaxRate?: components["schemas"]["Decimal"];
            /** @description 发票税额 */
            invoiceTaxAmount?: components["schemas"]["Decimal"];
            /** @description 校验码 */
            checkCode?: string;
            /** @description 扩展字段, free key/value pairs (stored as JSON). */
            ext?: Record<string, unknown>;
            /** @description 发票明细, the detail rows in order. */
            details: components["schemas"]["InvoiceDetail"][];
        };
        InvoiceDetail: {
            /** @description 唯一标识 */
            billNumber: string;
            /** @description 行序号 */
            detailRowNo: string;
            /** @description 不含税金额; goodsCost and goodsSum are not both zero. */
            goodsCost: components["schemas"]["Decimal"];
            /** @description 商品名称 */
            goodsName: string;
            /** @description 商品数量 */
            goodsNum?: components["schemas"]["Decimal"];
            /** @description 不含税单价 */
            goodsPrice?: components["schemas"]["Decimal"];
            /** @description 含税单价 */
            goodsPriceWithTax?: components["schemas"]["Decimal"];
            /** @description 规格型号 */
            goodsSpecification?: string;
            /** @description 含税金额 */
            goodsSum?: components["schemas"]["Decimal"];
            /** @description 单位 */
            goodsUnit?: string;
            /** @description 税额 */
            goodsVat: components["schemas"]["Decimal"];
            /**
             * @description 发票行性质: 0 normal, 1 discount, 2 discounted.
             * @enum {integer}
             */
            invRowType?: 0 | 1 | 2;
            /** @description 优惠政策名称 */
            preferPolicyName?: string;
            /** @description 优惠政策标识 */
            preferPolicySign?: string;
            /** @description 税收分类编码 */
            taxTaxonomyCode?: string;
            /** @description 税率. Also accepted as taxrate (the spec's table). */
            taxRate?: components["schemas"]["Decimal"];
            /** @description 零税率标识 */
            zeroTaxSign?: string;
        };
        /**
         * @description What a check found wrong with a stored invoice. Findings flag, they
         *     do not refuse (see the push operation).
         */
        Finding: {
            code: components["schemas"]["FindingCode"];
            /**
             * @description `error`: the invoice breaks a rule of the tax system; `warning`: it is suspicious (real test data often is).
             * @enum {string}
             */
            severity: "warning" | "error";
            /** @description JSON Pointer into the invoice (not the push), such as `/details/1/goodsVat`; `""` is the whole invoice. */
            pointer: string;
            /** @description What is wrong, with the figures written out. */
            message: string;
            /** @description The figures involved, by name; amounts are exact decimal strings (`"0.07"`, never a float). */
            figures: {
                [key: string]: string;
            };
        };
        /**
         * @description The stable code of a check (see `x-enumDescriptions`). Decimal
         *     arithmetic is exact. Tax rates are fractions (`"0.06"` is 6 %); a
         *     row without `taxRate` is checked with the invoice's
         *     `invoiceTaxRate`, a row with neither is not checked for rounding.
         *     The `RED_EXCEEDS_REMAINING`, `RED_BUYER_MISMATCH`,
         *     `RED_SELLER_MISMATCH` and `RED_BLUE_VOIDED` checks compare a red
         *     invoice with its blue invoice (`originalInvoiceCode` +
         *     `originalInvoiceNumber`) as stored: they run whenever the red
         *     invoice, its blue invoice or another red invoice of that blue
         *     invoice is pushed, so they hold whichever arrives first, and a red
         *     invoice whose blue invoice is not stored has none of them.
         * @enum {string}
         */
        FindingCode: "HEADER_SUM_MISMATCH" | "DETAILS_AMOUNT_MISMATCH" | "DETAILS_TAX_MISMATCH" | "ROW_TAX_ROUNDING" | "INVOICE_TAX_ROUNDING" | "INVOICE_CODE_FORMAT" | "INVOICE_NUMBER_FORMAT" | "TAX_NO_FORMAT" | "USCC_CHECK_CHARACTER" | "DISCOUNT_ROW_ORPHAN" | "DISCOUNT_ROW_MISSING" | "DISCOUNT_ROW_TAX_RATE" | "DISCOUNT_ROW_NOT_NEGATIVE" | "DISCOUNT_ROW_TOO_LARGE" | "RED_ROW_TYPE" | "RED_ORIGINAL_MISSING" | "RED_EXCEEDS_REMAINING" | "RED_BUYER_MISMATCH" | "RED_SELLER_MISMATCH" | "RED_BLUE_VOIDED";
        Health: {
            /** @constant */
            status: "ok";
        };
        Readiness: {
            /** @enum {string} */
            status: "ready" | "unavailable";
            /** @enum {string} */
            database: "ok" | "unreachable";
            /** @enum {string} */
            migrations: "applied" | "pending" | "unknown";
        };
        /** @description A `Decimal`, or null when the invoice did not have it. */
        NullableDecimal: components["schemas"]["Decimal"] | null;
        /**
         * Format: date-time
         * @description The same instant as the `…` field beside it, in ISO 8601 (UTC), such as `2026-10-01T08:30:00.000Z`.
         */
        IsoDateTime: string;
        /** @description fapiao-hub's id of a stored invoice (a 64-bit integer, written as a string). */
        InvoiceId: string;
        /**
         * @description An instant: milliseconds since epoch (`1790800000000`), an ISO 8601
         *     date-time with its offset (`2026-10-01T00:00:00+08:00`,
         *     `2026-10-01T00:00:00Z`), or a date (`2026-10-01`), read as Beijing
         *     time (UTC+8), the time zone of Chinese invoices.
         */
        DateBound: string;
        /**
         * @description For a blue invoice (`invoiceType` 0): `none` (nothing red-flushed),
         *     `partial`, `full` (the red invoices linked to it add up to at least
         *     its 价税合计), or `voided` (the blue invoice itself is voided,
         *     whatever its red invoices). For a red invoice (`invoiceType` 1):
         *     `linked` when its blue invoice (`originalInvoiceCode` +
         *     `originalInvoiceNumber`) is stored, `unlinked` when it is not (yet).
         * @enum {string}
         */
        RedFlushStatus: "none" | "partial" | "full" | "voided" | "linked" | "unlinked";
        /**
         * @description Filters of the invoice list and the CSV export; every one is
         *     optional and they combine with AND. Text filters match exactly,
         *     except `buyerName`.
         */
        InvoiceFilters: {
            /** @description 销方税号. */
            sellerTaxNo?: string;
            /** @description 购方单位税号. */
            buyerTaxNo?: string;
            /** @description A part of 购方单位名称 (case-insensitive substring: `文化` finds 北京文化产业有限公司). */
            buyerName?: string;
            /** @description 发票代码; empty (`invoiceCode=`) finds 数电 invoices, which have none. */
            invoiceCode?: string;
            /** @description 发票号码. */
            invoiceNumber?: string;
            /**
             * @description 0 blue, 1 red.
             * @enum {integer}
             */
            invoiceType?: 0 | 1;
            /** @enum {string} */
            invoiceTypeCode?: "004" | "007" | "026" | "028" | "01" | "02";
            /**
             * @description 00 issued, 03 voided.
             * @enum {string}
             */
            invoicingStatus?: "00" | "03";
            /** @description The channel that pushed the invoice. */
            channelCode?: string;
            /** @description The batch whose push last stored the invoice's content (`serialNo` of an invoice). */
            serialNo?: string;
            /** @description 来源单号. */
            orderNo?: string;
            /** @description Invoices dated at or after this instant (a date: from its start, Beijing time). */
            invoiceDateFrom?: components["schemas"]["DateBound"];
            /** @description Invoices dated at or before this instant (a date: up to its end, Beijing time). */
            invoiceDateTo?: components["schemas"]["DateBound"];
            redFlushStatus?: components["schemas"]["RedFlushStatus"];
            /** @description `true`: invoices with at least one finding (see `FindingCode`); `false`: invoices without any. */
            hasFindings?: boolean;
            /** @description Invoices with a finding of this code. */
            findingCode?: components["schemas"]["FindingCode"];
        };
        /** @description The query parameters of `listInvoices` (besides `accessToken`). */
        InvoiceListQuery: {
            /**
             * @description Invoices per page.
             * @default 50
             */
            limit: number;
            /** @description The `nextCursor` of the previous page. */
            cursor?: string;
        } & components["schemas"]["InvoiceFilters"];
        /** @description The query parameters of `exportInvoices` (besides `accessToken`). */
        InvoiceExportQuery: components["schemas"]["InvoiceFilters"];
        /** @description The query of an operation that takes no query parameter besides `accessToken` (any other is refused with 400). */
        EmptyQuery: Record<string, unknown>;
        /** @description The query parameters of `lookupInvoice` (besides `accessToken`). */
        InvoiceLookupQuery: {
            /** @description 发票代码; empty for 数电 invoices (send `invoiceCode=`). */
            invoiceCode: string;
            /** @description 发票号码. */
            invoiceNumber: string;
        };
        /** @description The query parameters of `getBatch` (besides `accessToken`). */
        BatchQuery: {
            /** @description 渠道编码. */
            channelCode: string;
            /** @description 批次号. */
            serialNo: string;
        };
        /**
         * @description A stored invoice: every field of `Invoice` (but `details`) as last
         *     stored, `null` where the invoice did not have it; each date also in
         *     ISO 8601 (`invoiceDate` → `invoiceDateIso`); and what fapiao-hub
         *     knows about it.
         */
        InvoiceRecord: {
            id: components["schemas"]["InvoiceId"];
            /** @enum {integer} */
            invoiceType: 0 | 1;
            /** @enum {string} */
            invoiceTypeCode: "004" | "007" | "026" | "028" | "01" | "02";
            buyerName: string;
            buyerTaxNo: string | null;
            buyerBankAccount: string | null;
            buyerAddressPhone: string | null;
            invoiceTotalPriceTax: components["schemas"]["NullableDecimal"];
            payee: string | null;
            checker: string | null;
            drawer: string | null;
            sellerName: string;
            sellerTaxNo: string;
            sellerAddressPhone: string | null;
            sellerBankAccount: string | null;
            invoiceSpecialMark: string | null;
            invoiceListMark: string | null;
            systemName: number | null;
            systemId: string | null;
            orderNo: string | null;
            invoicingRemark: string | null;
            sellerBankName: string | null;
            sellerBankNumber: string | null;
            sellerAddress: string | null;
            sellerTelPhone: string | null;
            buyerBankName: string | null;
            buyerBankNumber: string | null;
            buyerAddress: string | null;
            buyerTelPhone: string | null;
            /** @enum {integer} */
            originals: 0 | 1;
            originalsUrl: string | null;
            previewUrl: string | null;
            /** @description 开票日期 in ms since epoch. */
            invoicingDate: number | null;
            /** Format: date-time */
            invoicingDateIso: string | null;
            /**
             * @description 00 issued, 03 voided (a voided invoice stays voided).
             * @enum {string}
             */
            invoicingStatus: "00" | "03";
            originalInvoiceNumber: string | null;
            originalInvoiceCode: string | null;
            originalSerialNo: string | null;
            originalInvoicingStatus: string | null;
            invoiceCode: string;
            invoiceNumber: string;
            invoiceDate: components["schemas"]["EpochMillis"];
            invoiceDateIso: components["schemas"]["IsoDateTime"];
            invoiceAmount: components["schemas"]["Decimal"];
            invoiceTaxRate: components["schemas"]["NullableDecimal"];
            invoiceTaxAmount: components["schemas"]["NullableDecimal"];
            checkCode: string | null;
            ext: Record<string, unknown> | null;
            /** @description The channel that pushed the invoice first (only it may change it). */
            channelCode: string;
            /** @description The batch whose push last stored the invoice's content. */
            serialNo: string | null;
            redFlushStatus: components["schemas"]["RedFlushStatus"];
            /** @description The codes of the invoice's findings, each once, sorted; the view lists the findings themselves. */
            findingCodes: components["schemas"]["FindingCode"][];
            /** @description When fapiao-hub first stored the invoice as voided (ms since epoch). */
            voidedAt: number | null;
            /** Format: date-time */
            voidedAtIso: string | null;
            /** @description When fapiao-hub first stored the invoice. */
            createdAt: components["schemas"]["EpochMillis"];
            createdAtIso: components["schemas"]["IsoDateTime"];
            /** @description When a push last changed the invoice (or first stored it). */
            updatedAt: components["schemas"]["EpochMillis"];
            updatedAtIso: components["schemas"]["IsoDateTime"];
        };
        /** @description A stored detail row, every field of `InvoiceDetail`, `null` where the row did not have it. */
        InvoiceDetailRecord: {
            billNumber: string;
            detailRowNo: string;
            goodsCost: components["schemas"]["Decimal"];
            goodsName: string;
            goodsNum: components["schemas"]["NullableDecimal"];
            goodsPrice: components["schemas"]["NullableDecimal"];
            goodsPriceWithTax: components["schemas"]["NullableDecimal"];
            goodsSpecification: string | null;
            goodsSum: components["schemas"]["NullableDecimal"];
            goodsUnit: string | null;
            goodsVat: components["schemas"]["Decimal"];
            /** @enum {unknown} */
            invRowType: 0 | 1 | 2 | null;
            preferPolicyName: string | null;
            preferPolicySign: string | null;
            taxTaxonomyCode: string | null;
            taxRate: components["schemas"]["NullableDecimal"];
            zeroTaxSign: string | null;
        };
        /** @description One receipt of the invoice in a push, and what it did. */
        InvoiceHistoryEntry: {
            /** @description fapiao-hub's id of the push. */
            pushId: string;
            recordedAt: components["schemas"]["EpochMillis"];
            recordedAtIso: components["schemas"]["IsoDateTime"];
            /**
             * @description `ignored`: a push that would have un-voided a voided invoice.
             * @enum {string}
             */
            change: "created" | "updated" | "voided" | "unchanged" | "ignored";
            /**
             * @description The invoice's status after this receipt.
             * @enum {string}
             */
            invoicingStatus: "00" | "03";
            channelCode: string;
            serialNo: string | null;
            /** @description The app whose token made the push. */
            appName: string;
        };
        /** @description Another invoice, in short. */
        InvoiceRef: {
            id: components["schemas"]["InvoiceId"];
            invoiceCode: string;
            invoiceNumber: string;
            invoiceDate: components["schemas"]["EpochMillis"];
            invoiceDateIso: components["schemas"]["IsoDateTime"];
            /** @enum {string} */
            invoicingStatus: "00" | "03";
            invoiceTotalPriceTax: components["schemas"]["NullableDecimal"];
        };
        /** @description A red invoice that points at this blue invoice. */
        LinkedRedInvoice: {
            id: components["schemas"]["InvoiceId"];
            invoiceCode: string;
            invoiceNumber: string;
            invoiceDate: components["schemas"]["EpochMillis"];
            invoiceDateIso: components["schemas"]["IsoDateTime"];
            /** @enum {string} */
            invoicingStatus: "00" | "03";
            /** @description As pushed (often positive, sometimes negative). */
            invoiceTotalPriceTax: components["schemas"]["NullableDecimal"];
            /** @description What it red-flushes: the absolute value of its 价税合计 (or of 发票金额 + 发票税额 when 价税合计 is absent). */
            amount: components["schemas"]["Decimal"];
            /** @description False for a voided red invoice: it does not count in `redFlushedTotal`. */
            counted: boolean;
        };
        /**
         * @description The red-flush view of a blue invoice, computed from the stored
         *     invoices when asked. Red invoices link to it by
         *     `originalInvoiceCode` + `originalInvoiceNumber` (an absent
         *     `originalInvoiceCode` matches the empty code of a 数电 invoice),
         *     whichever of the two arrived first.
         */
        RedFlushOfBlue: {
            /** @constant */
            side: "blue";
            /** @enum {string} */
            status: "none" | "partial" | "full" | "voided";
            /** @description 价税合计 of this invoice (发票金额 + 发票税额 when 价税合计 is absent). */
            totalPriceTax: components["schemas"]["Decimal"];
            /** @description The sum of `amount` of its red invoices that are not voided (0 when none). */
            redFlushedTotal: components["schemas"]["Decimal"];
            /** @description `totalPriceTax` − `redFlushedTotal`: what can still be red-flushed (negative when the red invoices exceed it). */
            remaining: components["schemas"]["Decimal"];
            /** @description Every red invoice that points at it, voided ones included, oldest `invoiceDate` first. */
            reds: components["schemas"]["LinkedRedInvoice"][];
        };
        /** @description The red-flush view of a red invoice. */
        RedFlushOfRed: {
            /** @constant */
            side: "red";
            /** @enum {string} */
            status: "linked" | "unlinked";
            originalInvoiceCode: string | null;
            originalInvoiceNumber: string | null;
            /** @description What it red-flushes (absolute value of its 价税合计). */
            amount: components["schemas"]["Decimal"];
            /** @description The blue invoice it points at; `null` when that invoice is not stored (yet), or belongs to a seller the app may not read. */
            blue: components["schemas"]["InvoiceRef"] | null;
        };
        InvoiceView: {
            invoice: components["schemas"]["InvoiceRecord"];
            /** @description The detail rows in the order pushed. */
            details: components["schemas"]["InvoiceDetailRecord"][];
            /** @description Every receipt of the invoice, oldest first. */
            history: components["schemas"]["InvoiceHistoryEntry"][];
            redFlush: components["schemas"]["RedFlushOfBlue"] | components["schemas"]["RedFlushOfRed"];
            /**
             * @description What the checks found wrong with the invoice as stored: first the
             *     findings of the invoice alone, in check order, then those of a red
             *     invoice against its blue invoice.
             */
            findings: components["schemas"]["Finding"][];
        };
        InvoiceViewResponse: {
            value: components["schemas"]["InvoiceView"];
        };
        InvoicePage: {
            value: {
                items: components["schemas"]["InvoiceRecord"][];
                /** @description Pass it as `cursor` (with the same filters) for the next page; `null` on the last page. */
                nextCursor: string | null;
            };
        };
        /** @description How many invoices of the push were created, updated, voided, left unchanged, or ignored (a push that would have un-voided them). */
        HistoryChanges: {
            created: number;
            updated: number;
            voided: number;
            unchanged: number;
            ignored: number;
        };
        /** @description One push received for the batch. */
        BatchPush: {
            pushId: string;
            receivedAt: components["schemas"]["EpochMillis"];
            receivedAtIso: components["schemas"]["IsoDateTime"];
            /** @description The app whose token made the push. */
            appName: string;
            /**
             * @description The `result` the push said.
             * @enum {integer}
             */
            result: 0 | 1 | 2;
            rejectMsg: string | null;
            /** @description The request id it was received under (`X-Request-Id`). */
            requestId: string | null;
            changes: components["schemas"]["HistoryChanges"];
        };
        Batch: {
            channelCode: string;
            serialNo: string;
            /**
             * @description The batch state: 0 succeeded, 1 rejected, 2 in progress.
             * @enum {integer}
             */
            result: 0 | 1 | 2;
            /** @description 开票驳回原因 of the push that set the state. */
            rejectMsg: string | null;
            /** @description When the first push of the batch was stored. */
            createdAt: components["schemas"]["EpochMillis"];
            createdAtIso: components["schemas"]["IsoDateTime"];
            /** @description When the last push of the batch was stored. */
            updatedAt: components["schemas"]["EpochMillis"];
            updatedAtIso: components["schemas"]["IsoDateTime"];
            /** @description Every push stored for the batch, oldest first. */
            pushes: components["schemas"]["BatchPush"][];
            /** @description True when the batch had more than the 1,000 pushes listed (the oldest are listed). */
            pushesTruncated: boolean;
            /** @description The invoices the batch's pushes carried, newest `invoiceDate` first. */
            invoices: components["schemas"]["InvoiceRecord"][];
            /** @description True when the batch carried more than the 1,000 invoices listed. */
            invoicesTruncated: boolean;
        };
        BatchResponse: {
            value: components["schemas"]["Batch"];
        };
        PushResponse: {
            /** @constant */
            value: true;
        };
        AccessTokenRequest: {
            appKey: string;
            appSecurity: string;
        };
        AccessTokenResponse: {
            value: {
                accessToken: string;
                refreshToken: string;
                /** @description When both tokens stop working, in ms since epoch. */
                expireTime: number;
            };
        };
        /** @description RFC 9457 problem details. */
        Problem: {
            /** @description A URI naming the kind of problem (`about:blank` or `urn:fapiao-hub:problem:<code>`). */
            type: string;
            /** @description A short summary of the kind of problem. */
            title: string;
            /** @description The HTTP status. */
            status: number;
            /**
             * @description A stable machine-readable code.
             * @enum {string}
             */
            code: "bad_json" | "validation_failed" | "unsupported_media_type" | "payload_too_large" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "findings_rejected" | "rate_limited" | "unavailable" | "internal";
            /** @description What went wrong in this request. */
            detail?: string;
            /** @description Quote it when asking for support; it is in the server's logs. */
            requestId: string;
            /** @description Every failing field (validation failures and refused findings), at most 100. A `bad_json` answer has one too when it can say where: a missing body (pointer `""`), nesting too deep (the pointer of the first value nested too deep). */
            errors?: {
                /** @description JSON Pointer into the request body, such as `/data/0/details/1/goodsVat`. */
                pointer?: string;
                /** @description The failing query parameter, such as `limit`. */
                parameter?: string;
                message: string;
                /** @description For `findings_rejected`: the code of the finding that the channel refuses. */
                finding?: components["schemas"]["FindingCode"];
            }[];
            /** @description True when there were more failing fields than `errors` lists. */
            truncated?: boolean;
        };
    };
    responses: {
        /** @description The request is malformed or fails validation; nothing was changed. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The access token is missing, unknown, expired or revoked. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Wrong credentials, or the token's app may not do this. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The push conflicts with stored data (an invoice owned by another channel); nothing was changed. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is over the limit (`BODY_LIMIT`, 10 MB by default). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The body is not JSON in UTF-8. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description Too many failed `getAccessToken`/`refreshToken` calls from this client address
         *     (`AUTH_RATE_LIMIT` per `AUTH_RATE_WINDOW_SECONDS`); `Retry-After` says when to try again.
         */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description There is no such thing, or the app may not see it. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The database cannot be reached; nothing was stored. Retry after `Retry-After` seconds. */
        Unavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        /** @description The access token (as the spec sends it). Either this or the header is required. */
        AccessTokenQuery: string;
        /** @description The access token, for clients that keep it out of URLs. */
        AccessTokenHeader: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to take pushes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description Not ready (database unreachable or migrations pending); `Retry-After` says when to ask again. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Prometheus text format. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    getAccessToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AccessTokenRequest"];
            };
        };
        responses: {
            /** @description A new token pair. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessTokenResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            403: components["responses"]["Forbidden"];
            415: components["responses"]["UnsupportedMediaType"];
        };
    };
    refreshToken: {
        parameters: {
            query: {
                accessToken: string;
                refreshToken: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A new token pair. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessTokenResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
        };
    };
    pushInvoicingResult: {
        parameters: {
            query?: {
                /** @description The access token (as the spec sends it). Either this or the header is required. */
                accessToken?: components["parameters"]["AccessTokenQuery"];
            };
            header?: {
                /** @description The access token, for clients that keep it out of URLs. */
                accessToken?: components["parameters"]["AccessTokenHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PushRequest"];
            };
        };
        responses: {
            /** @description The push is stored (committed). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PushResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            503: components["responses"]["Unavailable"];
        };
    };
    listInvoices: {
        parameters: {
            query?: {
                /** @description The access token (as the spec sends it). Either this or the header is required. */
                accessToken?: components["parameters"]["AccessTokenQuery"];
                filters?: components["schemas"]["InvoiceListQuery"];
            };
            header?: {
                /** @description The access token, for clients that keep it out of URLs. */
                accessToken?: components["parameters"]["AccessTokenHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of invoices. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoicePage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    exportInvoices: {
        parameters: {
            query?: {
                /** @description The access token (as the spec sends it). Either this or the header is required. */
                accessToken?: components["parameters"]["AccessTokenQuery"];
                filters?: components["schemas"]["InvoiceExportQuery"];
            };
            header?: {
                /** @description The access token, for clients that keep it out of URLs. */
                accessToken?: components["parameters"]["AccessTokenHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The CSV file (`Content-Disposition` names it `invoices.csv`). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    lookupInvoice: {
        parameters: {
            query: {
                /** @description The access token (as the spec sends it). Either this or the header is required. */
                accessToken?: components["parameters"]["AccessTokenQuery"];
                identity: components["schemas"]["InvoiceLookupQuery"];
            };
            header?: {
                /** @description The access token, for clients that keep it out of URLs. */
                accessToken?: components["parameters"]["AccessTokenHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The invoice, its detail rows, its history and its red-flush view. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceViewResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    getInvoice: {
        parameters: {
            query?: {
                /** @description The access token (as the spec sends it). Either this or the header is required. */
                accessToken?: components["parameters"]["AccessTokenQuery"];
            };
            header?: {
                /** @description The access token, for clients that keep it out of URLs. */
                accessToken?: components["parameters"]["AccessTokenHeader"];
            };
            path: {
                id: components["schemas"]["InvoiceId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The invoice, its detail rows, its history and its red-flush view. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvoiceViewResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    getBatch: {
        parameters: {
            query: {
                /** @description The access token (as the spec sends it). Either this or the header is required. */
                accessToken?: components["parameters"]["AccessTokenQuery"];
                batch: components["schemas"]["BatchQuery"];
            };
            header?: {
                /** @description The access token, for clients that keep it out of URLs. */
                accessToken?: components["parameters"]["AccessTokenHeader"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The batch. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    docs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The HTML page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    openapiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document, as the server reads it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": string;
                };
            };
        };
    };
}
