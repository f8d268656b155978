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
         *       integer fields accept strings of digits (`"1"`); text fields
         *       accept no JSON number, whatever its size.
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
         *     One row per invoice (`exportInvoiceDetails` exports the detail
         *     rows). Columns, in order: ID, 发票代码, 发票号码, 发票日期, 发票类型,
         *     发票类型代码, 发票种类, 开票状态, 红冲状态, 销方税号, 销方名称,
         *     购方单位税号, 购方单位名称, 发票金额, 发票税率, 发票税额, 价税合计,
         *     校验结果, 渠道编码, 批次号, 来源单号, 原发票代码, 原发票号码, then
         *     every other field of the invoice (开票日期, 收款人, …, 扩展字段 as
         *     JSON) and the times it was stored, updated and voided.
         *
         *     - **Words, not codes**: 发票类型 (蓝字发票/红字发票), 开票状态
         *       (正常/作废), 红冲状态 (未红冲, 部分红冲, 全额红冲, 已作废, 已关联蓝票,
         *       未关联蓝票), 是否有发票原件 (没有/有), 清单标志 (非清单/清单); 发票种类
         *       is the name of 发票类型代码 (which stays the code).
         *     - **校验结果**: each finding code with its Chinese name, `；`-separated
         *       (`HEADER_SUM_MISMATCH 发票金额 + 发票税额 ≠ 价税合计`); empty without findings.
         *     - **Red invoices are negative**: every amount of a red invoice
         *       (发票金额, 发票税额, 价税合计) is written negative whatever sign the
         *       channel sent, so that a SUM over the file is right; rates
         *       positive. Blue invoices as stored. The API keeps the values as
         *       received.
         *     - Amounts are otherwise written exactly as stored (`828.30` stays `828.30`).
         *     - Times are Beijing time (UTC+8) as `2026-10-01 16:30:00`, which
         *       Excel reads as a date and time.
         *     - **Codes stay text** (`excel=true`, the default): a text cell Excel
         *       would read as a number or date (`011002100111`, a 20-digit 数电
         *       number, a tax number of digits, `1-2`) is written as `="011002100111"`,
         *       which Excel and WPS show as that text when the file is opened by
         *       double-click; `excel=false` writes it as it is.
         *     - Any other text cell starting with `=`, `+`, `-`, `@`, tab or
         *       carriage return gets a leading `'`, so that a spreadsheet never
         *       runs it as a formula (amounts are never changed).
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
    "/api/openapi/v2/invoices/export-details.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the detail rows of the filtered invoices as CSV
         * @description One row per detail row of the invoices `exportInvoices` would export
         *     with the same filters, in the same order (each invoice's rows in
         *     their order), streamed while it is read (invoices 1,000 at a time,
         *     their rows 100 invoices at a time). Same file conventions as
         *     `exportInvoices` (BOM, CRLF, Chinese words, codes as text, red
         *     invoices negative).
         *
         *     Columns: the invoice's identity (ID, 发票代码, 发票号码, 发票日期,
         *     发票类型, 发票类型代码, 发票种类, 开票状态, 红冲状态, 销方税号,
         *     销方名称, 购方单位税号, 购方单位名称, 渠道编码), then the row: 行号
         *     (1, 2, … in the invoice), 行序号, 唯一标识, 发票行性质 (正常行, 折扣行,
         *     被折扣行), 商品名称, 规格型号, 单位, 商品数量, 不含税单价, 含税单价,
         *     不含税金额, 税率, 税额, 含税金额, 税收分类编码, 优惠政策名称,
         *     优惠政策标识, 零税率标识. On a red invoice the amounts and the
         *     quantity are negative, unit prices and the rate positive.
         */
        get: operations["exportInvoiceDetails"];
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
    "/api/openapi/v2/invoicing/batch-list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The batches, last updated first, filtered by state and time (support, the console's 推送记录)
         * @description Every batch stored (`channelCode` + `serialNo`), the one whose last
         *     push was stored most recently first (ties by channel and batch
         *     number), with its state and how many pushes it had. `result=1,2`
         *     with `updatedFrom` today lists today's rejected or in-progress
         *     batches, which the console's 推送记录 shows first. One batch in full
         *     (its pushes and invoices): `GET /api/openapi/v2/invoicing/batches`.
         *
         *     **Pages.** Keyset pages as the invoice list: pass `nextCursor` as
         *     `cursor` with the same filters; it is `null` on the last page.
         *
         *     **Sellers.** An app limited to some sellers sees a batch only when
         *     it carried at least one invoice of those sellers (as `getBatch`).
         */
        get: operations["listBatches"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/invoicing/pushes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The pushes received, newest first, filtered (support)
         * @description Every push stored, newest first (`receivedAt`, ties by id), with what
         *     it changed: how many invoices it created, updated, voided, left
         *     unchanged or ignored, and what it did to its batch. A push that
         *     changed nothing says so (`outcome: unchanged` and a `summary` such as
         *     `未改变任何内容：重复推送无变化 1 张；批次状态已是开票成功，不能回退到开票中`). A push
         *     refused with a 4xx stored nothing and is not listed (its request id
         *     is in the server log). Pushes without a `serialNo` (the spec's own
         *     example has none) are found here by channel and time.
         *
         *     **Pages.** Keyset pages as the invoice list: pass `nextCursor` as
         *     `cursor` with the same filters; it is `null` on the last page.
         *
         *     **Sellers.** An app limited to some sellers sees only the pushes
         *     that carried an invoice of those sellers, and counts only those
         *     invoices.
         */
        get: operations["listPushes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/invoicing/pushes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One push, what it changed, and its body as received
         * @description The push (as listed), every invoice it carried with what it did to
         *     each (its history entries, in the push's order), and the body
         *     exactly as received (`body`, the text; `push.contentType`, the
         *     Content-Type header it came with). The body is also served alone,
         *     byte for byte with that Content-Type, at `…/pushes/{id}/body`.
         *
         *     **Sellers.** An app limited to some sellers sees a push only when it
         *     carried an invoice of those sellers (else 404), and only those
         *     invoices' entries; the body holds every invoice of the push, so it
         *     is shown only when all are of its sellers (`bodyWithheld: true`
         *     otherwise).
         */
        get: operations["getPush"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/invoicing/pushes/{id}/body": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A push's body, byte for byte, with the Content-Type it came with
         * @description The body as the channel sent it (decoded as UTF-8 when received and
         *     encoded again: the same bytes, but for a leading byte order mark,
         *     which is not kept), with the Content-Type header it came with
         *     (`application/json` for pushes stored before that was kept). 403 for
         *     an app limited to sellers when the push carried other sellers'
         *     invoices.
         */
        get: operations["getPushBody"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/invoicing/oneKeyRedPunch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 一键红冲 — ask to red-flush a stored blue invoice, fully or partly
         * @description Seed 000's "销项开票-一键红冲", on fapiao-hub's stored invoices. The
         *     request is checked against the rules below, then recorded in one
         *     transaction with its rows and its first event; it starts `accepted`
         *     (`info_sheet_required` for tax-control special invoices, 004 and
         *     028) and holds its total against the blue invoice until it ends. A
         *     refusal stores nothing. The job that asks the invoice's channel (a
         *     红字确认单 for 数电 invoices, the red invoice itself for 007/026)
         *     commits with the request.
         *
         *     **The answer waits for the channel** up to `REDFLUSH_SYNC_WAIT_MS`
         *     (default 3 s) for its first answer, then gives the request's state
         *     as it is: `submitted` with `data.msg` 红字确认单申请成功… (the channel
         *     took it), `awaiting_confirmation`, `issued` (同步红字发票信息成功…),
         *     or, for a slower channel, `submitted` (or `accepted`, not yet taken)
         *     with the outcome following in the request's state. A request the
         *     channel refused ends `refused` and is answered 400 with the
         *     channel's message in `msg` (`data.reason` `channel_refused`, its
         *     id, state and the channel's code beside it); its amount is free
         *     again. One that could not be sent (no adapter for the channel, the
         *     channel unreachable through every retry) ends `failed`: 502.
         *
         *     **Authentication.** `accessToken` in the query string (as seed 000
         *     sends it) or in an `accessToken` header. The token's app needs the
         *     `redflush` scope; an app limited to channels may only red-flush
         *     their invoices, an app limited to sellers only theirs.
         *
         *     **Body** (`RedFlushRequest`), normalised as the push is (one place,
         *     before validation): `reason` may be a number or a string of digits
         *     (`"2"`); `sellerTaxno` is `sellerTaxNo`, `invoiceSpecil` is
         *     `invoiceSpecial` (seed 000 documents one spelling, its example sends
         *     the other); `""` or `null` in an optional field means absent (the
         *     example sends `"invoiceCode": ""` for a 数电 invoice); fields this
         *     document does not name are ignored (the stored body keeps them).
         *     `invoiceTypeCode` takes seed 000's names (or the codes they stand
         *     for) and must be the stored invoice's type. `cpyType`, `isSeller`,
         *     `reqMemo` and `invoiceType` (sent by seed 000's example, not
         *     documented there) are kept as sent, as are `plx` and `appid`.
         *
         *     **Extensions**: `details` makes it a partial red flush (see
         *     `RedFlushDetailRequest`); `orderNo`, the caller's own reference;
         *     the `Idempotency-Key` header.
         *
         *     **Rules** (seed 002; exact decimal arithmetic):
         *     - The invoice (`invoiceCode` + `invoiceNumber`) is stored (else
         *       404), blue, not voided, of the named channel, seller and type
         *       (else 400 naming the field).
         *     - What is left = the blue 价税合计 − the red invoices linked to it
         *       that are not voided − the open requests of it. A full red flush
         *       asks for all that is left; a partial one for the sum of its rows,
         *       tax included. It must fit, else 400 `insufficient_remaining`
         *       with Kingdee's words: 剩余可红冲金额不足. Concurrent requests for
         *       one invoice are decided one after the other (they take the same
         *       lock as pushes touching that invoice), so they never together ask
         *       for more than is left.
         *     - A tax-control invoice (004, 007, 026, 028) is red-flushed whole:
         *       the channel asks for its red invoice by the blue invoice's code
         *       and number, or its 红字信息表 (seed 002: 税控发票快速红冲仅支持全额红冲).
         *       A partial request of one, or a full one of an invoice red-flushed
         *       in part already, is 400 `whole_invoice_only`.
         *     - Partial rows: see `RedFlushDetailRequest`.
         *
         *     **Idempotency.** With an `Idempotency-Key` header, a request sent
         *     again with the same key and the same body (whatever its spelling)
         *     answers the same request (in its state now; header
         *     `Idempotent-Replayed: true`) and records nothing new; the same key
         *     with another body answers 409. Keys are per app. A refused request
         *     stores nothing, so sending it again is decided again.
         *
         *     **Answers** are seed 000's envelope, HTTP status and `code` agreeing:
         *     `{"code":"200","success":true,"data":{…},"msg":"操作成功"}`, or
         *     `{"code":"400","success":false,"data":{"reason":…},"msg":"…"}` with
         *     the reason in Chinese in `msg` and for machines in `data.reason`
         *     (also for a missing token, 401, and an unreachable database, 503).
         */
        post: operations["oneKeyRedPunch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/invoicing/redPunchBatch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * 批量红冲 — up to 10 one-key red flushes in one call
         * @description `{"items": […]}`, 1 to 10 bodies of `oneKeyRedPunch`. More than 10
         *     is refused whole (400 `too_many_items`, Kingdee's words:
         *     一次最多只能批量红冲10张) and nothing is stored. Otherwise each item
         *     is decided on its own, in order, exactly as `oneKeyRedPunch`
         *     decides it (its own transaction: an item sees what the items before
         *     it hold), and answered in order in `data.items`, each in the single
         *     call's envelope: the ones that cannot be red-flushed say why, the
         *     others go ahead. With an `Idempotency-Key` header, item *i* is held
         *     to the key `<key>#<i>`.
         */
        post: operations["redPunchBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/red-flushes/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What a one-key red flush would be, computed, storing nothing
         * @description The body of `oneKeyRedPunch`, decided by the same rules and the
         *     same code (refused the same way), but nothing is stored and no lock
         *     is held: the rows, amount, tax and total the request would have,
         *     the state it would start in, and what is left of the invoice before
         *     and after. A console shows it before the user confirms; money is
         *     computed here, never in the browser. `redflush` scope.
         */
        post: operations["previewRedFlush"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/red-flushes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List red-flush requests, newest first, filtered
         * @description Requests sorted by creation time, newest first (ties by `id`),
         *     filtered by any of `state`, `channelCode`, `sellerTaxNo`,
         *     `invoiceNumber`, `createdFrom`/`createdTo`; keyset pages as the
         *     invoice list (`nextCursor` → `cursor`). `read` scope; an app limited
         *     to sellers sees only their requests (asking `sellerTaxNo` of another
         *     seller answers 403). Answers as the invoice list does (`{"value": …}`,
         *     errors as problem documents).
         */
        get: operations["listRedFlushes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/red-flushes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One red-flush request with its rows, its history and its invoices
         * @description The request (`redFlushId` of the answer), its state, every
         *     transition with its time and cause (and what the channel answered),
         *     every call made to the channel, the blue invoice, the rows and
         *     amounts, and the red invoice once linked. `read` scope; another
         *     seller's request answers 404.
         */
        get: operations["getRedFlush"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/red-confirm-forms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List 红字确认单 (red confirmation forms) of both sides, newest first, filtered
         * @description The forms fapiao-hub knows: ours (applied for by a red-flush
         *     request) and the counterparty's (a buyer's form against our blue
         *     invoice, found by the periodic sync or a callback). Sorted by when
         *     fapiao-hub first recorded them, newest first (ties by `id`),
         *     filtered by any of `state` (a bureau code, or `waiting`: 02 and
         *     03), `enteredBy`, `origin`, `sellerTaxNo`, `channelCode`,
         *     `redFlushId`, `deadlineBefore`; keyset pages (`nextCursor` → `cursor`). `read`
         *     scope (a console viewer reads); an app limited to sellers sees only
         *     their forms (asking `sellerTaxNo` of another seller answers 403).
         *     Errors are problem documents, in Chinese unless `Accept-Language: en`.
         */
        get: operations["listRedConfirmForms"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/red-confirm-forms/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One 红字确认单 with its rows, every state seen and every call made about it
         * @description `read` scope; another seller's form (for an app limited to sellers) answers 404.
         */
        get: operations["getRedConfirmForm"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/red-confirm-forms/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm (同意) a buyer's form waiting for us (03)
         * @description Only a form entered by the buyer (`enteredBy=buyer`) in 03. Nuonuo `confirm` with `confirmAgreement` 1. A confirmed form (04) holds its total against the blue invoice (`held`) until its red invoice comes. Confirming commits the seller to the red invoice: decided under the blue invoice's lock, it is refused 409 when what is left (open requests and held forms counted) does not cover the form's total (`…剩余可红冲金额不足，不能确认：…`, with the figures), and then nothing is recorded or sent. `redflush` scope (a console operator or admin, with the
         *     session's `X-CSRF-Token`; a viewer is refused 403). Who asked and
         *     when is recorded as an event of the form (and in the audit log);
         *     the call to the channel in its calls. The answer is the form after
         *     the channel answered (200), or, when the channel's answer did not
         *     come within `REDFLUSH_SYNC_WAIT_MS`, the form as it is (202: the
         *     job goes on, and an answer whose outcome is unknown is resolved by
         *     asking the channel for the form, never by sending again). A state
         *     that does not allow it: 409, saying the state. While the channel
         *     says an operation it took on the form is under way
         *     (`operationStatus` 03 确认中 or 01 撤销中: the bureau has not
         *     decided yet), 409 as well (`…，渠道正在确认中，不能确认`): a second
         *     confirm, reject or revoke would send the same decision twice; only
         *     refresh is allowed.
         */
        post: operations["confirmRedConfirmForm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/red-confirm-forms/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject (拒绝) a buyer's form waiting for us (03), with the reason
         * @description Only a form entered by the buyer in 03. Nuonuo `confirm` with `confirmAgreement` 0 and the reason. The form becomes 06 作废（购方录入销方否认）. `redflush` scope (a console operator or admin, with the
         *     session's `X-CSRF-Token`; a viewer is refused 403). Who asked and
         *     when is recorded as an event of the form (and in the audit log);
         *     the call to the channel in its calls. The answer is the form after
         *     the channel answered (200), or, when the channel's answer did not
         *     come within `REDFLUSH_SYNC_WAIT_MS`, the form as it is (202: the
         *     job goes on, and an answer whose outcome is unknown is resolved by
         *     asking the channel for the form, never by sending again). A state
         *     that does not allow it: 409, saying the state. While the channel
         *     says an operation it took on the form is under way
         *     (`operationStatus` 03 确认中 or 01 撤销中: the bureau has not
         *     decided yet), 409 as well (`…，渠道正在确认中，不能确认`): a second
         *     confirm, reject or revoke would send the same decision twice; only
         *     refresh is allowed.
         */
        post: operations["rejectRedConfirmForm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/red-confirm-forms/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke (撤销) a form we entered
         * @description Only a form entered by us (`enteredBy=seller`) in 02, or 01/04 before its red invoice (the channel decides then). Nuonuo `confirmInfoCancel`. A form of ours revoked ends its red-flush request `cancelled`. `redflush` scope (a console operator or admin, with the
         *     session's `X-CSRF-Token`; a viewer is refused 403). Who asked and
         *     when is recorded as an event of the form (and in the audit log);
         *     the call to the channel in its calls. The answer is the form after
         *     the channel answered (200), or, when the channel's answer did not
         *     come within `REDFLUSH_SYNC_WAIT_MS`, the form as it is (202: the
         *     job goes on, and an answer whose outcome is unknown is resolved by
         *     asking the channel for the form, never by sending again). A state
         *     that does not allow it: 409, saying the state. While the channel
         *     says an operation it took on the form is under way
         *     (`operationStatus` 03 确认中 or 01 撤销中: the bureau has not
         *     decided yet), 409 as well (`…，渠道正在确认中，不能确认`): a second
         *     confirm, reject or revoke would send the same decision twice; only
         *     refresh is allowed.
         */
        post: operations["revokeRedConfirmForm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/red-confirm-forms/{id}/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask the channel about a form now, and record what it says
         * @description Any form that is not final. `redflush` scope (a console operator or admin, with the
         *     session's `X-CSRF-Token`; a viewer is refused 403). Who asked and
         *     when is recorded as an event of the form (and in the audit log);
         *     the call to the channel in its calls. The answer is the form after
         *     the channel answered (200), or, when the channel's answer did not
         *     come within `REDFLUSH_SYNC_WAIT_MS`, the form as it is (202: the
         *     job goes on, and an answer whose outcome is unknown is resolved by
         *     asking the channel for the form, never by sending again). A state
         *     that does not allow it: 409, saying the state.
         */
        post: operations["refreshRedConfirmForm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi/v2/red-flushes/{id}/info-sheet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give the 红字信息表 number a tax-control special invoice's red flush waits for
         * @description A red flush of a tax-control special invoice (`004`, `028`) starts in
         *     `info_sheet_required`: the bureau must issue a 红字信息表 first.
         *     Its number (16 digits) given here is stored with the request
         *     (`infoSheetNo`), the request moves to `accepted` and its channel
         *     call is queued: the channel is asked for the red invoice with the
         *     number (Nuonuo `fastInvoiceRed`, `billInfoNo`), and the red invoice
         *     pushed back closes the request as on the other paths. `redflush`
         *     scope (console users: operator or admin, with the CSRF header);
         *     recorded as an event with who gave it (and in the audit log for a
         *     console user). Only in `info_sheet_required`: 409 otherwise, in
         *     Chinese. Answers the request as `getRedFlush` does, after the
         *     commit (the channel's answer follows in its state). Errors are
         *     problem documents with a Chinese `detail` unless
         *     `Accept-Language: en`.
         */
        post: operations["giveRedFlushInfoSheet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/callbacks/nuonuo/{channelCode}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Nuonuo's callbacks (a form or an invoice order changed)
         * @description Where a Nuonuo channel posts its callbacks (`operater` =
         *     `redConfirmCallback`, `callback`, `invoiceRedCallback`, …;
         *     `application/x-www-form-urlencoded`). No token (the channel calls;
         *     Nuonuo signs nothing), rate limited per client address
         *     (`CALLBACK_RATE_LIMIT` per `CALLBACK_RATE_WINDOW_SECONDS`), at most
         *     256 KiB. Each callback is stored as received (the body as text, its
         *     content type, the SHA-256 of its bytes) in a transaction of its own,
         *     and answered `{"status":"0000","message":"同步成功"}` only after that
         *     commit. A repeat (the same body) stores nothing and is answered the
         *     same; a body that cannot be read is stored as `unparsable` with why,
         *     and answered the same (sending it again would not help; admins see
         *     it in `GET /api/console/admin/callbacks`). Nothing in a callback is
         *     trusted: a job finds the red-flush request it names and asks the
         *     channel about it now. A channel code that is not a configured
         *     Nuonuo channel answers 404; a callback that could not be stored,
         *     503 (the channel sends it again).
         */
        post: operations["nuonuoCallback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The current session (who am I, and the CSRF token)
         * @description The session of the cookie, or `null` when there is none (no cookie,
         *     or a session that has expired or ended, whose cookie is then
         *     cleared): the console asks this first, so nobody signed in is an
         *     answer, not an error. Each request in a session moves its idle
         *     expiry forward (never past its absolute expiry), this one too.
         */
        get: operations["consoleSession"];
        put?: never;
        /**
         * Sign in to the console
         * @description Checks the name (any case) and password and starts a session: the
         *     answer sets the `fh_console` cookie and carries the session's CSRF
         *     token. Wrong name, wrong password and a disabled user all answer
         *     the same 401. Failed attempts are limited per client address like
         *     `getAccessToken` (`AUTH_RATE_LIMIT` per `AUTH_RATE_WINDOW_SECONDS`,
         *     then 429). A user whose password is one-time (`mustChangePassword`)
         *     gets a session whose only use is to change it.
         */
        post: operations["consoleSignIn"];
        /**
         * Sign out
         * @description Ends the session and clears the cookie. Without a live session it only clears the cookie (204 as well).
         */
        delete: operations["consoleSignOut"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/session/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change one's own password
         * @description The current password must be right; the new one 8 to 200
         *     characters, not the login name, not the current one. The user's
         *     other sessions end; this one goes on, now with the role's scopes.
         *     Wrong current passwords count as failed attempts (429 beyond the limit).
         */
        post: operations["consoleChangePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every console user (admin) */
        get: operations["consoleListUsers"];
        put?: never;
        /**
         * Make a console user (admin)
         * @description Answers the user and a one-time password, shown this once (only its
         *     hash is kept); the user must change it at the first sign-in. Names
         *     are unique whatever their case (409). Audited as `user.create`.
         */
        post: operations["consoleCreateUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Give a user another role (admin)
         * @description Applies to the user's next request. Taking the admin role from the
         *     last admin who can sign in is refused (409). Audited as `user.role`.
         */
        patch: operations["consoleSetUserRole"];
        trace?: never;
    };
    "/api/console/admin/users/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disable a user (admin)
         * @description The user's sessions end at once and they cannot sign in. An admin
         *     cannot disable themselves, nor the last admin who can sign in (409).
         *     Audited as `user.disable`.
         */
        post: operations["consoleDisableUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/admin/users/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enable a disabled user (admin)
         * @description Audited as `user.enable`.
         */
        post: operations["consoleEnableUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/admin/users/{id}/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give a user a new one-time password (admin)
         * @description Answers the new one-time password, shown this once. The user's
         *     sessions end; they must change it at the next sign-in. Audited as
         *     `user.reset_password`.
         */
        post: operations["consoleResetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log (admin)
         * @description Every action that changed something, newest first, keyset-paged
         *     like the invoice list (pass `nextCursor` as `cursor`).
         */
        get: operations["consoleAuditLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/admin/red-confirm-forms/syncs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run the 红字确认单 sync now (admin)
         * @description Queues one run of the sync (every channel with an adapter, the forms
         *     entered in the last `REDFLUSH_FORM_SYNC_DAYS` days), as `cli forms
         *     sync` does. A console admin's session with its `X-CSRF-Token`;
         *     audited. `queued: false`: a run is waiting already.
         */
        post: operations["consoleSyncRedConfirmForms"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/admin/findings/rechecks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The re-checks, newest first, with their progress (admin) */
        get: operations["consoleListFindingsRechecks"];
        put?: never;
        /**
         * Re-check the findings of stored invoices (admin)
         * @description Runs the invoice's own checks (`FindingCode`, but the red-flush ones,
         *     which every push of a group recomputes) again on the stored
         *     invoices dated from `since` (all without it), as a job in batches
         *     of 200 invoices: an invoice whose findings differ gets the new ones
         *     (and its `findingCodes`), unless a push changed it meanwhile (that
         *     push stored its own). Pushes are not held up: invoices are read
         *     without locks, and each one written is locked alone, briefly. The
         *     re-check goes on after a restart where it stopped. Answers 202 with
         *     the re-check (`queued`); follow it with `GET …/rechecks/{id}`. One
         *     at a time: 409 while another is queued or running. The same as
         *     `npm run -s cli -- findings recheck [--since DATE]`. Audited
         *     (`findings.recheck`).
         */
        post: operations["consoleStartFindingsRecheck"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/admin/findings/rechecks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One re-check and its progress (admin) */
        get: operations["consoleGetFindingsRecheck"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/admin/callbacks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The channels' callbacks, newest first, with their state (admin)
         * @description Each callback as stored (`POST /api/callbacks/nuonuo/{channelCode}`):
         *     when, from which channel, its kind (`operater`), size and SHA-256,
         *     its state (`received`: waiting for its job; `processed`: the
         *     request it names was asked about; `ignored`: it names nothing of
         *     ours; `unparsable`: it could not be read, `error` says why) and the
         *     request it led to. Never the body. Keyset pages of `limit` (pass
         *     `nextCursor` as `cursor`).
         */
        get: operations["consoleListCallbacks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/admin/apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every app (admin)
         * @description The apps that call the API, oldest first, revoked ones too; never a secret.
         */
        get: operations["consoleListApps"];
        put?: never;
        /**
         * Make an app (admin)
         * @description As `cli app create`: answers the app with its `appKey` and its
         *     `appSecurity`, shown this once (only its hash is kept). Names are
         *     unique (409). Audited as `app.create`.
         */
        post: operations["consoleCreateApp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/admin/apps/{name}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke an app (admin)
         * @description As `cli app revoke`; its credentials and every token it holds stop working at once. Audited as `app.revoke`.
         */
        post: operations["consoleRevokeApp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/admin/apps/{name}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give an app a new appSecurity (admin)
         * @description As `cli app rotate`; the old appSecurity and every token issued stop working. The new one is shown this once. Audited as `app.rotate`.
         */
        post: operations["consoleRotateApp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/admin/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every channel's settings (admin)
         * @description As `cli channel list`; secrets are shown as `set` or `missing`, never their value.
         */
        get: operations["consoleListChannels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/console/admin/channels/{channelCode}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a channel's settings (admin)
         * @description As `cli channel set`: only what is given changes (a channel not
         *     configured yet is made). A channel with an adapter has, after the
         *     change, an endpoint, an app key and both secrets, or nothing
         *     changes (400 naming what is missing). Secrets are written (encrypted
         *     with `SECRETS_KEY`) and replaced, never read back: the answer says
         *     `set`. Audited as `channel.set` (a secret only as `replaced`).
         */
        patch: operations["consoleSetChannel"];
        trace?: never;
    };
    "/console/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The operator console (a single-page app)
         * @description `GET /` redirects here. Every `/console/…` path that is not a file
         *     answers the app's page; its Content-Security-Policy allows scripts
         *     and API calls only from this server, and styles from it or with the
         *     page load's nonce.
         */
        get: operations["console"];
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
            /**
             * @description What is wrong, with the figures written out, in Chinese (`价税合计 107.00，但发票金额 100.00 + 发票税额
             *     6.00 = 106.00（差 1.00）`), or in English when the request prefers it (`Accept-Language: en`). It is
             *     written from `code` and `figures` when answered, so programs should read those: they are stable.
             */
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
        FindingCode: "HEADER_SUM_MISMATCH" | "DETAILS_AMOUNT_MISMATCH" | "DETAILS_TAX_MISMATCH" | "ROW_TAX_ROUNDING" | "INVOICE_TAX_ROUNDING" | "INVOICE_CODE_FORMAT" | "INVOICE_NUMBER_FORMAT" | "TAX_NO_FORMAT" | "USCC_CHECK_CHARACTER" | "INVOICE_DATE_IMPLAUSIBLE" | "DISCOUNT_ROW_ORPHAN" | "DISCOUNT_ROW_MISSING" | "DISCOUNT_ROW_TAX_RATE" | "DISCOUNT_ROW_NOT_NEGATIVE" | "DISCOUNT_ROW_TOO_LARGE" | "RED_ROW_TYPE" | "RED_ORIGINAL_MISSING" | "RED_EXCEEDS_REMAINING" | "RED_BUYER_MISMATCH" | "RED_SELLER_MISMATCH" | "RED_BLUE_VOIDED";
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
        /**
         * @description fapiao-hub's id of a stored invoice (a 64-bit integer, written as a string).
         * @example 1
         */
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
            /**
             * @description 销方税号.
             * @example 91110105MA01G6XXX5
             */
            sellerTaxNo?: string;
            /**
             * @description 购方单位税号.
             * @example 91110105MA01G6XX1E
             */
            buyerTaxNo?: string;
            /**
             * @description A part of 购方单位名称 (case-insensitive substring: `文化` finds 北京文化产业有限公司).
             * @example 文化
             */
            buyerName?: string;
            /**
             * @description 发票代码; empty (`invoiceCode=`) finds 数电 invoices, which have none.
             * @example 011002100111
             * @example
             */
            invoiceCode?: string;
            /**
             * @description 发票号码.
             * @example 00000001
             */
            invoiceNumber?: string;
            /**
             * @description 0 blue, 1 red.
             * @example 0
             * @example 1
             * @enum {integer}
             */
            invoiceType?: 0 | 1;
            /**
             * @example 026
             * @enum {string}
             */
            invoiceTypeCode?: "004" | "007" | "026" | "028" | "01" | "02";
            /**
             * @description 00 issued, 03 voided.
             * @example 00
             * @example 03
             * @enum {string}
             */
            invoicingStatus?: "00" | "03";
            /**
             * @description The channel that pushed the invoice.
             * @example jcsk
             */
            channelCode?: string;
            /**
             * @description The batch whose push last stored the invoice's content (`serialNo` of an invoice).
             * @example demo-1
             */
            serialNo?: string;
            /**
             * @description 来源单号.
             * @example SO-20260101-001
             */
            orderNo?: string;
            /**
             * @description Invoices dated at or after this instant (a date: from its start, Beijing time).
             * @example 2026-01-01
             * @example 2026-01-01T00:00:00+08:00
             * @example 1767196800000
             */
            invoiceDateFrom?: components["schemas"]["DateBound"];
            /**
             * @description Invoices dated at or before this instant (a date: up to its end, Beijing time).
             * @example 2026-01-31
             */
            invoiceDateTo?: components["schemas"]["DateBound"];
            /**
             * @description A `RedFlushStatus`, or several separated by commas for any of
             *     them: `none,partial` lists the blue invoices that may still have
             *     something left to red-flush (with `invoiceType=0` and
             *     `invoicingStatus=00`, the console's 发票红冲 list).
             * @example none
             * @example none,partial
             * @example unlinked
             */
            redFlushStatus?: string;
            /**
             * @description `true`: invoices with at least one finding (see `FindingCode`); `false`: invoices without any.
             * @example true
             * @example false
             */
            hasFindings?: boolean;
            /**
             * @description Invoices with a finding of this code.
             * @example HEADER_SUM_MISMATCH
             * @example INVOICE_DATE_IMPLAUSIBLE
             */
            findingCode?: components["schemas"]["FindingCode"];
        };
        /** @description The query parameters of `listInvoices` (besides `accessToken`). */
        InvoiceListQuery: {
            /**
             * @description Invoices per page.
             * @default 50
             * @example 100
             */
            limit: number;
            /** @description The `nextCursor` of the previous page. */
            cursor?: string;
        } & components["schemas"]["InvoiceFilters"];
        /** @description The query parameters of `exportInvoices` and `exportInvoiceDetails` (besides `accessToken`). */
        InvoiceExportQuery: {
            /**
             * @description `true` (the default): a text cell that Excel would read as a number or a date (codes, invoice and tax
             *     numbers, bank accounts: all digits) is written as the formula `="01100210"`, which Excel and WPS show
             *     as that text when the file is opened by double-click (leading zeros kept, 20 digits not rounded).
             *     `false`: written as it is, for programs.
             * @default true
             * @example false
             */
            excel: boolean;
        } & components["schemas"]["InvoiceFilters"];
        /** @description The query of an operation that takes no query parameter besides `accessToken` (any other is refused with 400). */
        EmptyQuery: Record<string, unknown>;
        /** @description The query parameters of `lookupInvoice` (besides `accessToken`). */
        InvoiceLookupQuery: {
            /**
             * @description 发票代码; empty for 数电 invoices (send `invoiceCode=`).
             * @example 011002100111
             * @example
             */
            invoiceCode: string;
            /**
             * @description 发票号码.
             * @example 00000001
             * @example 26312000000000000042
             */
            invoiceNumber: string;
        };
        /** @description The query parameters of `getBatch` (besides `accessToken`). */
        BatchQuery: {
            /**
             * @description 渠道编码.
             * @example jcsk
             */
            channelCode: string;
            /**
             * @description 批次号.
             * @example demo-1
             */
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
            /** @description The sum of the totals of its open red-flush requests (`openRequests`; 0 when none): asked for, not issued yet; and of the counterparty 红字确认单 that hold against it (a buyer's form we confirmed or asked to confirm, until it ends or its red invoice comes). */
            heldByOpenRequests: components["schemas"]["Decimal"];
            /** @description `totalPriceTax` − `redFlushedTotal` − `heldByOpenRequests`: what can still be red-flushed, what a new red-flush request may ask for (negative when the red invoices exceed it). */
            remaining: components["schemas"]["Decimal"];
            /** @description Its open red-flush requests (not in a final state), oldest first; each holds its total. */
            openRequests: components["schemas"]["OpenRedFlushRequest"][];
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
        /**
         * @description fapiao-hub's id of a stored push (a 64-bit integer, written as a string).
         * @example 1
         */
        PushId: string;
        /** @description The query parameters of `listPushes` (besides `accessToken`). */
        PushListQuery: {
            /**
             * @description 渠道编码: pushes of this channel.
             * @example jcsk
             */
            channelCode?: string;
            /**
             * @description 批次号: pushes of this batch number.
             * @example demo-1
             */
            serialNo?: string;
            /**
             * @description The `result` the push said: 0 succeeded, 1 rejected, 2 in progress.
             * @example 0
             * @example 2
             * @enum {integer}
             */
            result?: 0 | 1 | 2;
            /**
             * @description Pushes received at or after this instant (a date: from its start, Beijing time).
             * @example 2026-10-01
             */
            receivedFrom?: components["schemas"]["DateBound"];
            /**
             * @description Pushes received at or before this instant (a date: up to its end, Beijing time).
             * @example 2026-10-31
             */
            receivedTo?: components["schemas"]["DateBound"];
            /**
             * @description `changed`: it created, updated or voided an invoice, or created or moved its batch; `unchanged`: it changed nothing (only unchanged or ignored invoices, a batch it kept or could not move back).
             * @example unchanged
             * @example changed
             * @enum {string}
             */
            outcome?: "changed" | "unchanged";
            /**
             * @default 50
             * @example 100
             */
            limit: number;
            /** @description The `nextCursor` of the previous page. */
            cursor?: string;
        };
        /** @description A push as stored, and what it changed. */
        PushRecord: {
            id: components["schemas"]["PushId"];
            receivedAt: components["schemas"]["EpochMillis"];
            receivedAtIso: components["schemas"]["IsoDateTime"];
            channelCode: string;
            serialNo: string | null;
            /**
             * @description The `result` the push said.
             * @enum {integer}
             */
            result: 0 | 1 | 2;
            rejectMsg: string | null;
            /** @description The app whose token made the push. */
            appName: string;
            /** @description The request id it was received under (`X-Request-Id`). */
            requestId: string | null;
            /** @description How many invoices the push carried (all of them, whatever the app's sellers). */
            invoiceCount: number;
            /** @description The Content-Type header it came with (`null` for pushes stored before migration 0008). */
            contentType: string | null;
            /** @description The size of the body as received, in bytes (UTF-8). */
            bodyBytes: number;
            changes: components["schemas"]["HistoryChanges"];
            /** @description What it did to its batch (`channelCode` + `serialNo`); `null` without a `serialNo`. */
            batch: null | {
                /**
                 * @description `created`: the first push of the batch; `moved`: it moved the state on (2 → 1 or 0, 1 → 0); `kept`: the state was already its result; `not_moved_back`: its result would have moved the state back, so the state stayed.
                 * @enum {string}
                 */
                effect: "created" | "moved" | "kept" | "not_moved_back";
                /**
                 * @description The batch state before it (null when it created the batch).
                 * @enum {integer|null}
                 */
                resultBefore: 0 | 1 | 2 | null;
                /**
                 * @description The batch state after it.
                 * @enum {integer}
                 */
                resultAfter: 0 | 1 | 2;
            };
            /**
             * @description `unchanged` when it changed nothing (see `PushListQuery.outcome`).
             * @enum {string}
             */
            outcome: "changed" | "unchanged";
            /** @description What it did, in Chinese, for support: `新增 1 张；批次新建：开票成功`, `未改变任何内容：重复推送无变化 1 张`. */
            summary: string;
        };
        /** @description What the push did to one invoice it carried (its history entry). */
        PushEntry: {
            invoiceId: components["schemas"]["InvoiceId"];
            invoiceCode: string;
            invoiceNumber: string;
            /** @description The invoice's index in the push's `data`. */
            position: number;
            /** @enum {string} */
            change: "created" | "updated" | "voided" | "unchanged" | "ignored";
            /** @description The invoice's 开票状态 after the push. */
            invoicingStatus: string;
        };
        PushView: {
            push: components["schemas"]["PushRecord"];
            /** @description Every invoice it carried (of the app's sellers), in the push's order. */
            entries: components["schemas"]["PushEntry"][];
            /** @description The body exactly as received (text); `null` when withheld. */
            body: string | null;
            /** @description True for an app limited to sellers when the push carried other sellers' invoices. */
            bodyWithheld: boolean;
        };
        PushViewResponse: {
            value: components["schemas"]["PushView"];
        };
        PushPage: {
            value: {
                items: components["schemas"]["PushRecord"][];
                nextCursor: string | null;
            };
        };
        /**
         * @description fapiao-hub's id of a re-check (digits).
         * @example 1
         */
        RecheckId: string;
        /** @description What to re-check; `{}` re-checks every stored invoice. */
        FindingRecheckRequest: {
            /**
             * @description Only invoices dated (`invoiceDate`) at or after this instant (a date: from its start, Beijing time).
             * @example 2026-01-01
             */
            since?: components["schemas"]["DateBound"];
        };
        /** @description A re-check of stored invoices' findings, and how far it got. */
        FindingRecheck: {
            id: string;
            /**
             * @description `queued` until its first batch runs; `failed` when a batch failed through every retry (`error` says why).
             * @enum {string}
             */
            state: "queued" | "running" | "done" | "failed";
            /** @description Invoices dated from this instant (ms); null: all. */
            since: number | null;
            sinceIso: string | null;
            /** @description Who asked: a console user's name, or `cli`. */
            requestedBy: string;
            /** @description Invoices to check, counted when it was asked (invoices pushed after that are checked too when their id comes). */
            total: number;
            /** @description Invoices checked so far. */
            checked: number;
            /** @description Invoices whose findings it replaced. */
            changed: number;
            /** @description The id of the last invoice checked (`0` before the first batch): the next batch starts after it. */
            lastInvoiceId: string;
            error: string | null;
            createdAt: components["schemas"]["EpochMillis"];
            createdAtIso: components["schemas"]["IsoDateTime"];
            updatedAt: components["schemas"]["EpochMillis"];
            updatedAtIso: components["schemas"]["IsoDateTime"];
            finishedAt: number | null;
            finishedAtIso: string | null;
        };
        FindingRecheckResponse: {
            value: components["schemas"]["FindingRecheck"];
        };
        FindingRecheckList: {
            value: {
                items: components["schemas"]["FindingRecheck"][];
            };
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
        /** @description The query parameters of `listBatches` (besides `accessToken`). */
        BatchListQuery: {
            /**
             * @description 渠道编码: batches of this channel.
             * @example jcsk
             */
            channelCode?: string;
            /**
             * @description The batch state (0 succeeded, 1 rejected, 2 in progress), or several separated by commas: `1,2` lists the batches that are rejected or still in progress.
             * @example 1,2
             * @example 1
             */
            result?: string;
            /**
             * @description Batches whose last push was stored at or after this instant (a date: from its start, Beijing time).
             * @example 2026-10-01
             */
            updatedFrom?: components["schemas"]["DateBound"];
            /**
             * @description Batches whose last push was stored at or before this instant (a date: up to its end, Beijing time).
             * @example 2026-10-31
             */
            updatedTo?: components["schemas"]["DateBound"];
            /**
             * @default 50
             * @example 20
             */
            limit: number;
            /** @description The `nextCursor` of the previous page. */
            cursor?: string;
        };
        /** @description A batch as listed (its state; its pushes and invoices at `getBatch`). */
        BatchSummary: {
            channelCode: string;
            serialNo: string;
            /**
             * @description The batch state: 0 succeeded, 1 rejected, 2 in progress.
             * @enum {integer}
             */
            result: 0 | 1 | 2;
            /** @description 开票驳回原因 of the push that set the state. */
            rejectMsg: string | null;
            /** @description How many pushes were stored for the batch. */
            pushCount: number;
            /** @description The push that last updated the batch. */
            lastPushId: components["schemas"]["PushId"];
            /** @description When the first push of the batch was stored. */
            createdAt: components["schemas"]["EpochMillis"];
            createdAtIso: components["schemas"]["IsoDateTime"];
            /** @description When the last push of the batch was stored. */
            updatedAt: components["schemas"]["EpochMillis"];
            updatedAtIso: components["schemas"]["IsoDateTime"];
        };
        BatchPage: {
            value: {
                items: components["schemas"]["BatchSummary"][];
                nextCursor: string | null;
            };
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
        /**
         * 一键红冲请求
         * @description Seed 000's body, as documented and as its example sends it, with
         *     fapiao-hub's extensions (`details`, `orderNo`). Each field's `title`
         *     is the Chinese name a refusal uses (`销方税号(sellerTaxNo)：必填`).
         */
        RedFlushRequest: {
            /**
             * 渠道编码
             * @description The channel that issued the blue invoice (its `channelCode` as stored).
             */
            channelCode: string;
            /**
             * 红冲原因
             * @description 1 销货退回, 2 开票有误, 3 服务终止, 4 销售折让. A string of digits (`"2"`, as seed 000's example sends it) is the same.
             * @enum {integer}
             */
            reason: 1 | 2 | 3 | 4;
            /**
             * 发票类型代码
             * @description Seed 000's names: `VATSpecialInvoice` 004 增值税专用发票,
             *     `VATOrdinaryInvoice` 007 增值税普通发票, `VATElectronicInvoice` 026
             *     增值税电子发票, `VATElectronicSpecialInvoice` 028 增值税电子专用发票,
             *     `FullDigitalSpecial` 01 全电发票（增值税专用发票）, `FullDigitalNormal`
             *     02 全电发票（普通发票）; or the code itself. Must be the stored
             *     invoice's `invoiceTypeCode`.
             * @enum {string}
             */
            invoiceTypeCode: "VATSpecialInvoice" | "VATOrdinaryInvoice" | "VATElectronicInvoice" | "VATElectronicSpecialInvoice" | "FullDigitalSpecial" | "FullDigitalNormal" | "004" | "007" | "026" | "028" | "01" | "02";
            /**
             * 特殊票种
             * @description `00` 正常, `16` 矿产品. Seed 000 documents it as `invoiceSpecil`, its example sends `invoiceSpecial`: both are accepted. Kept.
             * @enum {string}
             */
            invoiceSpecial?: "00" | "16";
            /**
             * 销方税号
             * @description The stored invoice's seller. Also accepted as `sellerTaxno` (seed 000's example).
             */
            sellerTaxNo: string;
            /**
             * 发票代码
             * @description Tax-control invoices: required. 数电 invoices (01, 02) have none: absent or empty.
             */
            invoiceCode?: string;
            /** 发票号码 */
            invoiceNumber: string;
            /**
             * 设备盘类型
             * @description The channel device's type (seed 000), passed on to the channel. Kept.
             */
            plx?: string;
            /**
             * 设备id
             * @description The channel device's id (seed 000), passed on to the channel. Kept.
             */
            appid?: string;
            /**
             * cpyType
             * @description Sent by seed 000's example, not documented there. Kept as sent (a number as written).
             */
            cpyType?: string | number;
            /**
             * isSeller
             * @description Sent by seed 000's example, not documented there. Kept as sent (a number as written).
             */
            isSeller?: string | number;
            /**
             * reqMemo
             * @description Sent by seed 000's example, not documented there. Kept as sent (a number as written).
             */
            reqMemo?: string | number;
            /**
             * invoiceType
             * @description Sent by seed 000's example (`"82"`), not documented there. Kept as sent (it is not the push's 0/1 `invoiceType`).
             */
            invoiceType?: string | number;
            /**
             * 业务单号
             * @description fapiao-hub's extension: the caller's own reference, shown with the request. (The channel gets an order number of fapiao-hub's own for the red invoice, 20 characters, unique per request, shown in the request's `submitted` event: a caller's reference need not be unique.)
             */
            orderNo?: string;
            /**
             * 部分红冲明细
             * @description fapiao-hub's extension. Absent: a full red flush (all that is left). Present: a partial one, of these rows.
             */
            details?: components["schemas"]["RedFlushDetailRequest"][];
        };
        /**
         * 部分红冲明细行
         * @description A row of the blue invoice to reverse (partly), named by its
         *     `detailRowNo`, with the tax-exclusive amount to reverse written
         *     positive, as a person says it. fapiao-hub computes the rest:
         *     the row's tax at its rate (the invoice's rate when the row has
         *     none), rounded half up to the fen (reversing all that is left of a
         *     row takes all of its tax that is left), and the negative figures
         *     the channel needs (`RedFlushRow`). Rows go to the channel in the
         *     blue invoice's order. A discount row (`invRowType` 1) cannot be
         *     named: name its discounted row (2), which is reversed net of the
         *     discount. A row cannot be reversed beyond what earlier partial red
         *     flushes (open or issued requests) left of it.
         */
        RedFlushDetailRequest: {
            /**
             * 明细行序号
             * @description The blue row's `detailRowNo` (`"1"`, or 1).
             */
            detailRowNo: string | number;
            /**
             * 红冲金额
             * @description Tax-exclusive amount to reverse: positive, at most two decimals (`"30.00"`; a JSON number is kept as written).
             */
            amount: components["schemas"]["Decimal"];
            /**
             * 数量
             * @description Optional, positive, at most 8 decimals: the quantity returned. The red row then carries it negative, and a unit price = amount ÷ quantity (8 decimals).
             */
            quantity?: components["schemas"]["Decimal"];
        };
        RedFlushBatchRequest: {
            /**
             * 红冲请求
             * @description 1 to 10 bodies of `oneKeyRedPunch`, each decided on its own.
             */
            items: components["schemas"]["RedFlushRequest"][];
        };
        /** @description A red-flush request's id: 32 lowercase hex digits (a UUIDv7 without dashes, so ids sort by creation time). Sent to the channel as Nuonuo's `billId`. */
        RedFlushId: string;
        /**
         * @description Open states hold the request's total against its blue invoice;
         *     final ones do not (an issued request counts through its red invoice).
         * @enum {string}
         */
        RedFlushState: "accepted" | "submitted" | "awaiting_confirmation" | "info_sheet_required" | "issued" | "refused" | "failed" | "cancelled";
        RedFlushAccepted: {
            /** @description What happened, in Chinese. */
            msg: string;
            redFlushId: components["schemas"]["RedFlushId"];
            state: components["schemas"]["RedFlushState"];
            /** @description The state's Chinese label (已受理 …). */
            stateLabel: string;
            /** @enum {string} */
            kind: "full" | "partial";
            /** @description Tax-exclusive amount reversed, positive. */
            amount: components["schemas"]["Decimal"];
            /** @description Tax reversed, positive. */
            tax: components["schemas"]["Decimal"];
            /** @description amount + tax: what the request holds against the blue invoice while open. */
            total: components["schemas"]["Decimal"];
        };
        /** @description Seed 000's success envelope. */
        RedFlushAnswer: {
            /** @constant */
            code: "200";
            /** @constant */
            success: true;
            data: components["schemas"]["RedFlushAccepted"];
            /** @constant */
            msg: "操作成功";
        };
        /** @description Seed 000's failure envelope: refused, nothing stored; or (`channel_refused`, `cancelled`, `failed`) the request ended at the channel without a red invoice, with its `redFlushId`, `state`, amounts and the channel's `channelCode`, `channelMessage` and `formState` in `data`. */
        RedFlushRefusal: {
            /**
             * @description The HTTP status.
             * @enum {string}
             */
            code: "400" | "401" | "403" | "404" | "409" | "413" | "415" | "500" | "502" | "503";
            /** @constant */
            success: false;
            /** @description Why, in Chinese (`发票号码：… 剩余可红冲金额不足：…`). */
            msg: string;
            data: {
                /** @enum {string} */
                reason: "validation_failed" | "bad_json" | "unsupported_media_type" | "payload_too_large" | "unauthorized" | "forbidden" | "invoice_not_found" | "not_blue" | "invoice_mismatch" | "voided" | "insufficient_remaining" | "whole_invoice_only" | "idempotency_conflict" | "too_many_items" | "unavailable" | "internal" | "channel_refused" | "cancelled" | "failed";
                errors?: {
                    /** @description The field's place in the body (`sellerTaxNo`, `details[0].amount`). */
                    field: string;
                    /** @description Its Chinese name. */
                    label: string;
                    /** @description Why, in Chinese (in English with `Accept-Language: en`). */
                    message: string;
                    /** @description The value received, where there was one, shortened as in `Problem` (never a secret). */
                    value?: unknown;
                }[];
            };
        };
        RedFlushBatchAnswer: {
            /** @constant */
            code: "200";
            /** @constant */
            success: true;
            /** @description 操作成功：受理 N 张，拒绝 M 张 */
            msg: string;
            data: {
                accepted: number;
                refused: number;
                /** @description One answer per item, in order, each as `oneKeyRedPunch` would answer it. */
                items: (components["schemas"]["RedFlushAnswer"] | components["schemas"]["RedFlushRefusal"])[];
            };
        };
        /** @description A row of a partial red flush as the channel gets it (seed 003's `detail`). */
        RedFlushRow: {
            /** @description The blue row reversed (`blueDetailIndex`). */
            detailRowNo: string;
            goodsName: string;
            /** @description The blue row's `taxTaxonomyCode`. */
            goodsCode: string | null;
            specification: string | null;
            unit: string | null;
            taxRate: components["schemas"]["Decimal"];
            /** @description Negative; null when not asked. */
            quantity: components["schemas"]["NullableDecimal"];
            /** @description Positive, tax-exclusive; with a quantity only. */
            unitPrice: components["schemas"]["NullableDecimal"];
            /** @description Tax-exclusive, negative, two decimals. */
            amount: components["schemas"]["Decimal"];
            /** @description Negative (or 0.00), two decimals. */
            tax: components["schemas"]["Decimal"];
        };
        /** @description What is left of a blue invoice to red-flush, and why. */
        RedFlushFigures: {
            /** @description 价税合计 (发票金额 + 发票税额 when absent). */
            totalPriceTax: components["schemas"]["Decimal"];
            /** @description The red invoices linked to it that are not voided. */
            redFlushedTotal: components["schemas"]["Decimal"];
            /** @description The totals of its open requests and of the counterparty forms that hold against it. */
            heldByOpenRequests: components["schemas"]["Decimal"];
            /** @description `totalPriceTax` − `redFlushedTotal` − `heldByOpenRequests`. */
            remaining: components["schemas"]["Decimal"];
        };
        RedFlushPreview: {
            invoiceId: components["schemas"]["InvoiceId"];
            /** @enum {string} */
            kind: "full" | "partial";
            path: components["schemas"]["RedFlushPath"];
            /** @description The state the request would start in. */
            state: components["schemas"]["RedFlushState"];
            /** @description The invoice before the request. */
            figures: components["schemas"]["RedFlushFigures"];
            /** @description A partial red flush's rows (empty for a full one). */
            rows: components["schemas"]["RedFlushRow"][];
            amount: components["schemas"]["Decimal"];
            tax: components["schemas"]["Decimal"];
            total: components["schemas"]["Decimal"];
            /** @description What would be left after the request. */
            remainingAfter: components["schemas"]["Decimal"];
        };
        RedFlushPreviewAnswer: {
            /** @constant */
            code: "200";
            /** @constant */
            success: true;
            data: components["schemas"]["RedFlushPreview"];
            /** @constant */
            msg: "操作成功";
        };
        /**
         * @description How the channel is asked, decided by the invoice kind (seed 002):
         *     `confirmation_form` — a 红字确认单 is applied for (数电, 01 and 02);
         *     `direct` — the red invoice is asked for directly (tax-control
         *     ordinary, 007 and 026); `info_sheet` — a 红字信息表 number is needed
         *     first (tax-control special, 004 and 028).
         * @enum {string}
         */
        RedFlushPath: "confirmation_form" | "direct" | "info_sheet";
        /** @description A red-flush request, in short (as listed). */
        RedFlushRecord: {
            id: components["schemas"]["RedFlushId"];
            state: components["schemas"]["RedFlushState"];
            stateLabel: string;
            /** @enum {string} */
            kind: "full" | "partial";
            /**
             * @description 红冲原因: 1 销货退回, 2 开票有误, 3 服务终止, 4 销售折让.
             * @enum {integer}
             */
            reason: 1 | 2 | 3 | 4;
            /** @description The reason's Chinese label (销售折让 …). */
            reasonLabel: string;
            path: components["schemas"]["RedFlushPath"];
            channelCode: string;
            sellerTaxNo: string;
            invoiceCode: string;
            invoiceNumber: string;
            /** @enum {string} */
            invoiceTypeCode: "004" | "007" | "026" | "028" | "01" | "02";
            blueInvoiceId: components["schemas"]["InvoiceId"];
            amount: components["schemas"]["Decimal"];
            tax: components["schemas"]["Decimal"];
            total: components["schemas"]["Decimal"];
            orderNo: string | null;
            /** @description The 红字信息表 number given for a tax-control special invoice (`…/info-sheet`); null otherwise. */
            infoSheetNo: string | null;
            /** @description The red invoice once linked. */
            redInvoiceId: string | null;
            /** @description The app that asked (its access token); null when a console user asked. */
            appName: string | null;
            /** @description The console user (operator or admin) who asked through the console; null when an app asked. */
            userName: string | null;
            createdAt: components["schemas"]["EpochMillis"];
            createdAtIso: components["schemas"]["IsoDateTime"];
            updatedAt: components["schemas"]["EpochMillis"];
            updatedAtIso: components["schemas"]["IsoDateTime"];
        };
        /** @description A state change of a request, and what caused it. */
        RedFlushEvent: {
            at: components["schemas"]["EpochMillis"];
            atIso: components["schemas"]["IsoDateTime"];
            /** @description null for the event that created the request. */
            fromState: components["schemas"]["RedFlushState"] | null;
            toState: components["schemas"]["RedFlushState"];
            /**
             * @description `deadline`: its 红字确认单 passed its confirmation deadline unconfirmed.
             * @enum {string}
             */
            source: "api" | "job" | "push" | "poll" | "callback" | "deadline" | "sync";
            /** @description What caused it: the app (`appName`) or console user (`userName`) and the request id (api), the channel's code and message (job, poll, callback), the red invoice (push). */
            detail: {
                [key: string]: unknown;
            };
        };
        /** @description A call made to the channel for the request (never a secret). */
        ChannelCall: {
            /** @description The channel's method (`nuonuo.OpeMplatform.saveInvoiceRedConfirm` …). */
            method: string;
            startedAt: components["schemas"]["EpochMillis"];
            startedAtIso: components["schemas"]["IsoDateTime"];
            /** @description null while in flight. */
            durationMs: number | null;
            /**
             * @description The adapter's outcome: `ok`, `refused` (the channel said no), `duplicate` (the id is known to the channel: read back), `unknown` (sent, no answer: looked up before anything else), `unavailable` (certainly not sent: retried); `pending` while in flight, or when the process died during the call (then taken as unknown).
             * @enum {string}
             */
            outcome: "pending" | "ok" | "refused" | "duplicate" | "unknown" | "unavailable";
            httpStatus: number | null;
            /** @description The channel's code (`E0000` …). */
            answerCode: string | null;
            answerMessage: string | null;
        };
        RedFlushView: {
            request: components["schemas"]["RedFlushRecord"];
            /** @description The fields of seed 000 kept as sent (null when absent). */
            fields: {
                invoiceSpecial: string | null;
                plx: string | null;
                appid: string | null;
                cpyType: string | null;
                isSeller: string | null;
                reqMemo: string | null;
                invoiceType: string | null;
            };
            /** @description The channel's 红字确认单, once it has one. */
            form: {
                billId: string;
                /** @description The bureau state as last seen (01–16). */
                state: string | null;
            } | null;
            /** @description The channel's last answer, once it answered; for an ended request, why it ended (kept, whatever the channel says after). */
            lastAnswer: {
                /** @description The channel's code; null when the deadline or the sync ended the request (the reason is then fapiao-hub's own). */
                code: string | null;
                message: string | null;
                at: components["schemas"]["EpochMillis"];
                atIso: components["schemas"]["IsoDateTime"];
            } | null;
            /** @description The invoice red-flushed. */
            blueInvoice: components["schemas"]["InvoiceRef"];
            /** @description What is left of the blue invoice now (all requests and red invoices counted). */
            figures: components["schemas"]["RedFlushFigures"];
            /** @description A partial red flush's rows, in the blue invoice's order (empty for a full one). */
            rows: components["schemas"]["RedFlushRow"][];
            /** @description The red invoice, once linked. */
            redInvoice: components["schemas"]["InvoiceRef"] | null;
            /** @description Every state change, oldest first. */
            events: components["schemas"]["RedFlushEvent"][];
            /** @description Every call to the channel, oldest first. */
            channelCalls: components["schemas"]["ChannelCall"][];
        };
        RedFlushViewResponse: {
            value: components["schemas"]["RedFlushView"];
        };
        /** @description The 红字信息表 number the bureau issued for a tax-control special invoice's red flush. */
        RedFlushInfoSheet: {
            /** @example 4403012612000123 */
            infoSheetNo: string;
        };
        /** @description What Nuonuo waits for (anything else, and it sends the callback again). */
        CallbackAnswer: {
            /** @constant */
            status: "0000";
            /** @constant */
            message: "同步成功";
        };
        /** @enum {string} */
        CallbackState: "received" | "processed" | "unparsable" | "ignored";
        /** @description The query parameters of `consoleListCallbacks`. */
        CallbackListQuery: {
            state?: components["schemas"]["CallbackState"];
            /** @default 50 */
            limit: number;
            /** @description The `nextCursor` of the previous page. */
            cursor?: string;
        };
        Callback: {
            id: string;
            channelCode: string;
            /** @description ms since epoch */
            receivedAt: number;
            contentType: string | null;
            bodyBytes: number;
            /** @description SHA-256 of the body's bytes (hex); a repeat has the same. */
            bodyHash: string;
            /** @description Nuonuo's kind of callback (`redConfirmCallback`, `callback`, …); null when unreadable. */
            operater: string | null;
            state: components["schemas"]["CallbackState"];
            /** @description Why it was not processed (Chinese). */
            error: string | null;
            /** @description The red-flush request it named. */
            redFlushId: string | null;
            /** @description The 红字确认单 it named. */
            formId: string | null;
            processedAt: number | null;
        };
        CallbackPage: {
            value: {
                items: components["schemas"]["Callback"][];
                nextCursor: string | null;
            };
        };
        /** @description The query parameters of `listRedFlushes` (besides `accessToken`). */
        RedFlushListQuery: {
            /** @example accepted */
            state?: components["schemas"]["RedFlushState"];
            /** @example jcsk */
            channelCode?: string;
            /** @example 91110105MA01G6XXX5 */
            sellerTaxNo?: string;
            /** @example 00000001 */
            invoiceNumber?: string;
            /**
             * @description Requests made at or after this instant (a date: from its start, Beijing time).
             * @example 2026-10-01
             */
            createdFrom?: components["schemas"]["DateBound"];
            /**
             * @description Requests made at or before this instant (a date: up to its end, Beijing time).
             * @example 2026-10-31
             */
            createdTo?: components["schemas"]["DateBound"];
            /**
             * @default 50
             * @example 100
             */
            limit: number;
            /** @description The `nextCursor` of the previous page. */
            cursor?: string;
        };
        RedFlushPage: {
            value: {
                items: components["schemas"]["RedFlushRecord"][];
                nextCursor: string | null;
            };
        };
        /** @description A 红字确认单's id in fapiao-hub (a positive integer, as a string). */
        RedConfirmFormId: string;
        /** @description The query parameters of `listRedConfirmForms` (besides `accessToken`). */
        RedConfirmFormListQuery: {
            /**
             * @description A bureau state code, `01` to `16` (`03`), or `waiting`: 02 and 03.
             * @example 03
             * @example waiting
             */
            state?: string;
            /**
             * @example buyer
             * @enum {string}
             */
            enteredBy?: "seller" | "buyer";
            /**
             * @example counterparty
             * @enum {string}
             */
            origin?: "ours" | "counterparty";
            /** @example 91110105MA01G6XXX5 */
            sellerTaxNo?: string;
            /** @example sim */
            channelCode?: string;
            /** @description The form of this red-flush request of ours (at most one; the console links a request to its form with it). */
            redFlushId?: components["schemas"]["RedFlushId"];
            /**
             * @description Forms whose confirmation deadline is before this instant.
             * @example 2026-12-01T00:00:00Z
             */
            deadlineBefore?: components["schemas"]["DateBound"];
            /**
             * @default 50
             * @example 100
             */
            limit: number;
            /** @description The `nextCursor` of the previous page. */
            cursor?: string;
        };
        /** @description No fields. */
        RedConfirmFormActionBody: Record<string, unknown>;
        RedConfirmFormRejectBody: {
            /** @description 处理理由, sent to the channel. */
            reason: string;
        };
        /** @enum {string} */
        RedConfirmFormAction: "confirm" | "reject" | "revoke" | "refresh";
        RedConfirmFormParty: {
            taxNo: string | null;
            name: string | null;
        };
        NullableIsoDateTime: components["schemas"]["IsoDateTime"] | null;
        /** @description A 红字确认单 as fapiao-hub knows it. */
        RedConfirmForm: {
            id: components["schemas"]["RedConfirmFormId"];
            channelCode: string;
            /** @description The channel's id of the form (ours: the red-flush request's id). */
            billId: string | null;
            /** @description 红字确认单编号 (the bureau's number). */
            billNo: string | null;
            billUuid: string | null;
            /**
             * @description `ours`: applied for by a red-flush request; `counterparty`: by the other side.
             * @enum {string}
             */
            origin: "ours" | "counterparty";
            /**
             * @description 录入方.
             * @enum {string}
             */
            enteredBy: "seller" | "buyer";
            /** @description The bureau state as last seen (01–16), or 07 once the deadline passed while it waited. */
            state: string;
            /** @description Its Chinese label (the code when unknown). */
            stateLabel: string;
            /** @description 05–13, 16, or its red invoice issued: nothing more will happen. */
            final: boolean;
            /** @description The deadline passed while it waited for confirmation (07). */
            expired: boolean;
            /** @description An operation under way or failed (Nuonuo requestStatus: 01 撤销中, 02 撤销失败, 03 确认中, 04 确认失败). */
            operationStatus: string | null;
            /** @description The channel's word on it. */
            message: string | null;
            /** @description Our red-flush request, for `origin=ours`. */
            redFlushId: string | null;
            blueInvoice: {
                /** @description null: not stored in fapiao-hub. */
                id: string | null;
                invoiceCode: string;
                invoiceNumber: string;
            } | null;
            seller: components["schemas"]["RedConfirmFormParty"];
            buyer: components["schemas"]["RedConfirmFormParty"];
            /** @description Tax-exclusive, positive (a decimal string). */
            amount: string | null;
            tax: string | null;
            total: string | null;
            /** @description 冲红原因 as the channel wrote it (1 销货退回, 2 开票有误, 3 服务中止, 4 销售折让). */
            reason: string | null;
            enteredAt: components["schemas"]["NullableIsoDateTime"];
            /** @description enteredAt + 72 hours (REDFLUSH_CONFIRM_HOURS). */
            deadlineAt: components["schemas"]["NullableIsoDateTime"];
            confirmedAt: components["schemas"]["NullableIsoDateTime"];
            /** @description Whether it holds its total against the blue invoice (counted in what is left): a counterparty form in 01 or 04, one the seller entered in 02 or 15, and a buyer's form in 03 from our confirm's ask until the channel refuses it; until it ends or its red invoice comes. */
            held: boolean;
            redInvoice: {
                /** @description null: not stored (pushed) yet. */
                id: string | null;
                invoiceNumber: string;
            } | null;
            /** @description What this caller may do now (role and state). */
            actions: components["schemas"]["RedConfirmFormAction"][];
            createdAt: components["schemas"]["IsoDateTime"];
            updatedAt: components["schemas"]["IsoDateTime"];
        };
        RedConfirmFormEvent: {
            at: components["schemas"]["IsoDateTime"];
            /** @description null: the event that recorded the form. */
            fromState: string | null;
            toState: string;
            /**
             * @description `action`: someone asked (who: `actor`); `api`: the channel's answer to a call.
             * @enum {string}
             */
            source: "api" | "poll" | "callback" | "sync" | "deadline" | "push" | "action";
            action: components["schemas"]["RedConfirmFormAction"] | null;
            actor: {
                /** @enum {string} */
                type: "app" | "user";
                id: string;
                name: string;
            } | null;
            detail: Record<string, unknown>;
        };
        RedConfirmFormCall: {
            operation: string | null;
            method: string;
            /** @enum {string} */
            outcome: "pending" | "ok" | "refused" | "duplicate" | "unknown" | "unavailable";
            startedAt: components["schemas"]["IsoDateTime"];
            durationMs: number | null;
            code: string | null;
            message: string | null;
        };
        RedConfirmFormDetail: {
            /** @description The form's rows as the channel sent them (red signs: negative amounts). */
            rows: Record<string, unknown>[];
            /** @description Every state seen and every action asked, oldest first. */
            events: components["schemas"]["RedConfirmFormEvent"][];
            /** @description Every call to the channel about it (ours: its request's too), oldest first. */
            calls: components["schemas"]["RedConfirmFormCall"][];
        } & components["schemas"]["RedConfirmForm"];
        RedConfirmFormResponse: {
            value: components["schemas"]["RedConfirmFormDetail"];
        };
        RedConfirmFormPage: {
            value: {
                items: components["schemas"]["RedConfirmForm"][];
                nextCursor: string | null;
            };
        };
        /** @description An open red-flush request of a blue invoice, and what it holds. */
        OpenRedFlushRequest: {
            id: components["schemas"]["RedFlushId"];
            state: components["schemas"]["RedFlushState"];
            stateLabel: string;
            /** @enum {string} */
            kind: "full" | "partial";
            total: components["schemas"]["Decimal"];
            orderNo: string | null;
            createdAt: components["schemas"]["EpochMillis"];
            createdAtIso: components["schemas"]["IsoDateTime"];
        };
        /** @description RFC 9457 problem details. */
        Problem: {
            /** @description A URI naming the kind of problem (`about:blank` or `urn:fapiao-hub:problem:<code>`). */
            type: string;
            /** @description A short summary of the kind of problem (in Chinese, unless `Accept-Language: en`). */
            title: string;
            /** @description The HTTP status. */
            status: number;
            /**
             * @description A stable machine-readable code.
             * @enum {string}
             */
            code: "bad_json" | "validation_failed" | "unsupported_media_type" | "payload_too_large" | "unauthorized" | "forbidden" | "not_found" | "method_not_allowed" | "conflict" | "findings_rejected" | "rate_limited" | "unavailable" | "internal";
            /** @description What went wrong in this request (in Chinese, unless `Accept-Language: en`; a validation failure lists the first five fields' messages, `；`-separated). */
            detail?: string;
            /** @description Quote it when asking for support; it is in the server's logs. */
            requestId: string;
            /** @description Every failing field (validation failures and refused findings), at most 100. A `bad_json` answer has one too when it can say where: a missing body (pointer `""`), nesting too deep (the pointer of the first value nested too deep). */
            errors?: {
                /** @description JSON Pointer into the request body, such as `/data/0/details/1/goodsVat`. */
                pointer?: string;
                /** @description The failing query parameter, such as `limit`, or path parameter (`in: path`), such as `id`. */
                parameter?: string;
                /**
                 * @description `path` when `parameter` is a path parameter (absent for query parameters).
                 * @enum {string}
                 */
                in?: "path";
                /**
                 * @description In Chinese unless the request prefers English (`Accept-Language: en`), naming the field by its
                 *     seed name (where it has one, else its name) and its place: `销方税号(data[0].sellerTaxNo)：必填`,
                 *     `limit：不能大于 500`. In English: the reason alone, `is required`.
                 */
                message: string;
                /** @description The field's Chinese name as the seed's field table gives it (`销方税号`); on the Ekuaibao-compatible endpoints. */
                label?: string;
                /**
                 * @description The value received, where there was one: numbers, booleans and null as sent; a string of at most
                 *     40 characters as sent; a longer string, an object or an array as its text cut at 40 characters with
                 *     `…（共 N 个字符）`. Never shown for a secret (`appSecurity`, `accessToken`, `refreshToken`).
                 */
                value?: unknown;
                /** @description For `findings_rejected`: the code of the finding that the channel refuses. */
                finding?: components["schemas"]["FindingCode"];
            }[];
            /** @description True when there were more failing fields than `errors` lists. */
            truncated?: boolean;
        };
        /**
         * @description viewer: reads; operator: also red-flushes and answers forms; admin: also manages apps, channels and users.
         * @enum {string}
         */
        ConsoleRole: "viewer" | "operator" | "admin";
        /** @description A login name (letters, digits, `.`, `_`, `@`, `-`), unique whatever its case. */
        ConsoleUserName: string;
        /** @description fapiao-hub's id of a console user (digits). */
        ConsoleUserId: string;
        ConsoleSignIn: {
            name: string;
            password: string;
        };
        ConsolePasswordChange: {
            currentPassword: string;
            /** @description 8 to 200 characters; not the login name; not the current password. */
            newPassword: string;
        };
        ConsoleNewUser: {
            name: components["schemas"]["ConsoleUserName"];
            role: components["schemas"]["ConsoleRole"];
        };
        ConsoleUserPatch: {
            role: components["schemas"]["ConsoleRole"];
        };
        ConsoleSession: {
            user: {
                id: components["schemas"]["ConsoleUserId"];
                name: string;
                role: components["schemas"]["ConsoleRole"];
                /** @description True while the password is a one-time password: the session's only use is to change it. */
                mustChangePassword: boolean;
            };
            /** @description What the user may do now (their role's scopes; none while `mustChangePassword`). */
            scopes: string[];
            /** @description Send it in `X-CSRF-Token` with every request that may change something. */
            csrfToken: string;
            /** @description The absolute end of the session. */
            expiresAt: components["schemas"]["EpochMillis"];
            expiresAtIso: components["schemas"]["IsoDateTime"];
            /** @description When the session ends unless another request comes first. */
            idleExpiresAt: components["schemas"]["EpochMillis"];
            idleExpiresAtIso: components["schemas"]["IsoDateTime"];
        };
        ConsoleSessionResponse: {
            value: components["schemas"]["ConsoleSession"];
        };
        ConsoleSessionOrNoneResponse: {
            value: components["schemas"]["ConsoleSession"] | null;
        };
        ConsoleUser: {
            id: components["schemas"]["ConsoleUserId"];
            name: string;
            role: components["schemas"]["ConsoleRole"];
            mustChangePassword: boolean;
            createdAt: components["schemas"]["EpochMillis"];
            createdAtIso: components["schemas"]["IsoDateTime"];
            passwordChangedAt: number | null;
            /** Format: date-time */
            passwordChangedAtIso: string | null;
            /** @description When the user was disabled; null while they can sign in. */
            disabledAt: number | null;
            /** Format: date-time */
            disabledAtIso: string | null;
            /** @description The last request of the user's latest session; null: never signed in. */
            lastSeenAt: number | null;
            /** Format: date-time */
            lastSeenAtIso: string | null;
        };
        ConsoleUserResponse: {
            value: components["schemas"]["ConsoleUser"];
        };
        ConsoleUserListResponse: {
            value: {
                items: components["schemas"]["ConsoleUser"][];
            };
        };
        ConsoleUserWithPasswordResponse: {
            value: {
                user: components["schemas"]["ConsoleUser"];
                /** @description The one-time password, shown this once. */
                password: string;
            };
        };
        /** @description The query parameters of `consoleAuditLog`. */
        AuditLogQuery: {
            /**
             * @description Only this action, such as `user.create`.
             * @example user.create
             */
            action?: string;
            /**
             * @description Only entries of this actor (a user's or an app's name, or `cli`).
             * @example admin
             */
            actorName?: string;
            /**
             * @description Only entries on this target, such as `user:alice`.
             * @example user:admin
             */
            target?: string;
            /**
             * Format: date
             * @description Entries from this day on (Beijing time), such as `2026-10-01`.
             * @example 2026-10-01
             */
            from?: string;
            /**
             * Format: date
             * @description Entries up to the end of this day (Beijing time).
             * @example 2026-10-31
             */
            to?: string;
            /**
             * @default 50
             * @example 100
             */
            limit: number;
            /** @description The `nextCursor` of the previous page. */
            cursor?: string;
        };
        /** @description An app's name (unique). */
        ConsoleAppName: string;
        ConsoleNewApp: {
            name: components["schemas"]["ConsoleAppName"];
            /** @description push: push invoicing results; read: the query API; redflush: ask for red flushes. */
            scopes: ("push" | "read" | "redflush")[];
            /** @description The channel codes the app may push for and red-flush; null or absent, any. */
            channels?: string[] | null;
            /** @description The sellers whose invoices the app may read and red-flush; null or absent, any. */
            sellers?: string[] | null;
        };
        ConsoleApp: {
            name: string;
            appKey: string;
            scopes: string[];
            /** @description null: any channel. */
            channels: string[] | null;
            /** @description null: any seller. */
            sellers: string[] | null;
            createdAt: components["schemas"]["EpochMillis"];
            createdAtIso: components["schemas"]["IsoDateTime"];
            revokedAt: number | null;
            revokedAtIso: string | null;
        };
        ConsoleAppResponse: {
            value: components["schemas"]["ConsoleApp"];
        };
        ConsoleAppListResponse: {
            value: {
                items: components["schemas"]["ConsoleApp"][];
            };
        };
        ConsoleAppCredentialsResponse: {
            value: {
                app: components["schemas"]["ConsoleApp"];
                /** @description Shown this once. */
                appSecurity: string;
            };
        };
        ConsoleChannel: {
            channelCode: string;
            /** @description Findings that refuse the channel's pushes. */
            rejectFindings: components["schemas"]["FindingCode"][];
            /** @description How fapiao-hub calls the channel; null when it does not (the channel only pushes). */
            adapter: null | {
                /** @enum {string} */
                kind: "nuonuo";
                endpoint: string;
                appKey: string;
                userTax: string | null;
                /** @description Whether each secret is stored; never its value. */
                secrets: {
                    /** @enum {string} */
                    appSecret: "set" | "missing";
                    /** @enum {string} */
                    accessToken: "set" | "missing";
                };
            };
            updatedAt: components["schemas"]["IsoDateTime"];
        };
        ConsoleChannelResponse: {
            value: components["schemas"]["ConsoleChannel"];
        };
        ConsoleChannelListResponse: {
            value: {
                items: components["schemas"]["ConsoleChannel"][];
            };
        };
        /** @description What changes (what is absent stays). Secrets are write-only. */
        ConsoleChannelPatch: {
            /** @description Findings that refuse the channel's pushes (empty: none). */
            rejectFindings?: components["schemas"]["FindingCode"][];
            /**
             * @description `none` removes the adapter with its settings and secrets (give no other adapter setting with it).
             * @enum {string}
             */
            adapter?: "nuonuo" | "none";
            /** @description The channel's base URL (http or https), such as https://sdk.nuonuo.com. */
            endpoint?: string;
            appKey?: string;
            /** @description The seller's tax number sent as Nuonuo's userTax (15 to 20 digits and capital letters); `none` removes it. */
            userTax?: string;
            /** @description Replaces the stored app secret. */
            appSecret?: string;
            /** @description Replaces the stored access token. */
            accessToken?: string;
        };
        AuditEntry: {
            id: string;
            at: components["schemas"]["EpochMillis"];
            atIso: components["schemas"]["IsoDateTime"];
            /**
             * @description Who did it: a console user, an app (by its token), the CLI, or fapiao-hub itself.
             * @enum {string}
             */
            actorType: "user" | "app" | "cli" | "system";
            actorId: string | null;
            actorName: string;
            /**
             * @description What was done: `session.login`, `session.logout`,
             *     `user.change_password`, `user.create`, `user.role`,
             *     `user.disable`, `user.enable`, `user.reset_password`,
             *     `app.create`, `app.revoke`, `app.rotate`, `channel.set`,
             *     `red_flush.request` (and the actions of other capabilities as
             *     they are added).
             */
            action: string;
            /** @description What it was done to, as `kind:name` (`user:alice`). */
            target: string | null;
            /** @description What changed (never a secret). */
            details: Record<string, unknown>;
            /** @description The request it was done in (`X-Request-Id`). */
            requestId: string | null;
        };
        AuditPageResponse: {
            value: {
                items: components["schemas"]["AuditEntry"][];
                nextCursor: string | null;
            };
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
        /** @description The form is final, or its red invoice was issued (the state is named in `detail`); nothing was changed. */
        FormStateConflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /**
         * @description Nothing was changed. The form's state does not allow this action
         *     (the state is named in `detail`: `红字确认单状态为「04 购销双方已确认」，不能确认`),
         *     or the channel says an operation it took on the form is under way
         *     (`operationStatus` 03 确认中 or 01 撤销中), so another confirm,
         *     reject or revoke would send the same decision twice
         *     (`红字确认单状态为「03 购方录入待销方确认」，渠道正在确认中，不能确认`);
         *     refresh the form until the channel decides.
         */
        FormActionConflict: {
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
        /**
         * @description Refused (nothing was stored), or ended at the channel without a red
         *     invoice (`channel_refused`, `cancelled`, `failed`: the request is
         *     stored, its amount free again): seed 000's failure envelope, `code`
         *     the HTTP status, `msg` the reason in Chinese, `data.reason` for
         *     machines.
         */
        RedFlushRefused: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RedFlushRefusal"];
            };
        };
    };
    parameters: {
        /**
         * @description Makes retrying safe: the same key with the same body answers the same
         *     request (nothing new is recorded); with another body, 409. 1–128
         *     visible ASCII characters, per app (a UUID does).
         */
        IdempotencyKey: string;
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
            query?: never;
            header?: never;
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
                filters?: components["schemas"]["InvoiceListQuery"];
            };
            header?: never;
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
                filters?: components["schemas"]["InvoiceExportQuery"];
            };
            header?: never;
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
    exportInvoiceDetails: {
        parameters: {
            query?: {
                filters?: components["schemas"]["InvoiceExportQuery"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The CSV file (`Content-Disposition` names it `invoice-details.csv`). */
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
                identity: components["schemas"]["InvoiceLookupQuery"];
            };
            header?: never;
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
            query?: never;
            header?: never;
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
                batch: components["schemas"]["BatchQuery"];
            };
            header?: never;
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
    listBatches: {
        parameters: {
            query?: {
                filters?: components["schemas"]["BatchListQuery"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of batches. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    listPushes: {
        parameters: {
            query?: {
                filters?: components["schemas"]["PushListQuery"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of pushes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PushPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    getPush: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["schemas"]["PushId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The push. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PushViewResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    getPushBody: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["schemas"]["PushId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The body as received. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    oneKeyRedPunch: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes retrying safe: the same key with the same body answers the same
                 *     request (nothing new is recorded); with another body, 409. 1–128
                 *     visible ASCII characters, per app (a UUID does).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "channelCode": "jcsk",
                 *       "reason": "2",
                 *       "invoiceTypeCode": "FullDigitalSpecial",
                 *       "invoiceSpecial": "00",
                 *       "cpyType": "1",
                 *       "isSeller": "00000001000",
                 *       "reqMemo": "0",
                 *       "invoiceType": "82",
                 *       "sellerTaxno": "91310000MA1FL0XX2Y",
                 *       "invoiceCode": "",
                 *       "invoiceNumber": "24112000000044545961",
                 *       "plx": "QD",
                 *       "appid": "8151bbc4-7d52-4023-xxxx"
                 *     }
                 */
                "application/json": components["schemas"]["RedFlushRequest"];
            };
        };
        responses: {
            /** @description The request is recorded (committed). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedFlushAnswer"];
                };
            };
            400: components["responses"]["RedFlushRefused"];
            401: components["responses"]["RedFlushRefused"];
            403: components["responses"]["RedFlushRefused"];
            404: components["responses"]["RedFlushRefused"];
            409: components["responses"]["RedFlushRefused"];
            502: components["responses"]["RedFlushRefused"];
            503: components["responses"]["RedFlushRefused"];
        };
    };
    redPunchBatch: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes retrying safe: the same key with the same body answers the same
                 *     request (nothing new is recorded); with another body, 409. 1–128
                 *     visible ASCII characters, per app (a UUID does).
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RedFlushBatchRequest"];
            };
        };
        responses: {
            /** @description Every item decided, in order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedFlushBatchAnswer"];
                };
            };
            400: components["responses"]["RedFlushRefused"];
            401: components["responses"]["RedFlushRefused"];
            403: components["responses"]["RedFlushRefused"];
            503: components["responses"]["RedFlushRefused"];
        };
    };
    previewRedFlush: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RedFlushRequest"];
            };
        };
        responses: {
            /** @description The request as it would be. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedFlushPreviewAnswer"];
                };
            };
            400: components["responses"]["RedFlushRefused"];
            401: components["responses"]["RedFlushRefused"];
            403: components["responses"]["RedFlushRefused"];
            404: components["responses"]["RedFlushRefused"];
            503: components["responses"]["RedFlushRefused"];
        };
    };
    listRedFlushes: {
        parameters: {
            query?: {
                filters?: components["schemas"]["RedFlushListQuery"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of requests. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedFlushPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    getRedFlush: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["schemas"]["RedFlushId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedFlushViewResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    listRedConfirmForms: {
        parameters: {
            query?: {
                filters?: components["schemas"]["RedConfirmFormListQuery"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of forms. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedConfirmFormPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    getRedConfirmForm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["schemas"]["RedConfirmFormId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The form. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedConfirmFormResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    confirmRedConfirmForm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["schemas"]["RedConfirmFormId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RedConfirmFormActionBody"];
            };
        };
        responses: {
            /** @description The form after the channel answered. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedConfirmFormResponse"];
                };
            };
            /** @description The form as it is; the channel has not answered yet (the job goes on). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedConfirmFormResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["FormActionConflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    rejectRedConfirmForm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["schemas"]["RedConfirmFormId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RedConfirmFormRejectBody"];
            };
        };
        responses: {
            /** @description The form after the channel answered. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedConfirmFormResponse"];
                };
            };
            /** @description The form as it is; the channel has not answered yet (the job goes on). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedConfirmFormResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["FormActionConflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    revokeRedConfirmForm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["schemas"]["RedConfirmFormId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RedConfirmFormActionBody"];
            };
        };
        responses: {
            /** @description The form after the channel answered. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedConfirmFormResponse"];
                };
            };
            /** @description The form as it is; the channel has not answered yet (the job goes on). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedConfirmFormResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["FormActionConflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    refreshRedConfirmForm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["schemas"]["RedConfirmFormId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RedConfirmFormActionBody"];
            };
        };
        responses: {
            /** @description The form after the channel answered. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedConfirmFormResponse"];
                };
            };
            /** @description The form as it is; the channel has not answered yet (the job goes on). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedConfirmFormResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["FormStateConflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    giveRedFlushInfoSheet: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["schemas"]["RedFlushId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RedFlushInfoSheet"];
            };
        };
        responses: {
            /** @description The request, `accepted` (or further, if the channel was quick). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedFlushViewResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            /** @description The request is not waiting for a 红字信息表 (its state is named in `detail`); nothing was changed. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    nuonuoCallback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                channelCode: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": {
                    /** @example redConfirmCallback */
                    operater?: string;
                    billId?: string;
                    orderno?: string;
                    /** @description The form or the invoice order as JSON text. */
                    content?: string;
                };
            };
        };
        responses: {
            /** @description Stored (or stored before). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallbackAnswer"];
                };
            };
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session, or null. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleSessionOrNoneResponse"];
                };
            };
            503: components["responses"]["Unavailable"];
        };
    };
    consoleSignIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConsoleSignIn"];
            };
        };
        responses: {
            /** @description Signed in; `Set-Cookie` holds the session. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleSessionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleSignOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleChangePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConsolePasswordChange"];
            };
        };
        responses: {
            /** @description Changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleSessionResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleListUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The users, oldest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleUserListResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleCreateUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConsoleNewUser"];
            };
        };
        responses: {
            /** @description Made. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleUserWithPasswordResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleSetUserRole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["schemas"]["ConsoleUserId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConsoleUserPatch"];
            };
        };
        responses: {
            /** @description The user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleUserResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    consoleDisableUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["schemas"]["ConsoleUserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleUserResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
        };
    };
    consoleEnableUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["schemas"]["ConsoleUserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleUserResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    consoleResetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["schemas"]["ConsoleUserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user and the one-time password. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleUserWithPasswordResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    consoleAuditLog: {
        parameters: {
            query?: {
                filters?: components["schemas"]["AuditLogQuery"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of entries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPageResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleSyncRedConfirmForms: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RedConfirmFormActionBody"];
            };
        };
        responses: {
            /** @description Queued (or one was waiting already). */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: {
                            queued: boolean;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleListFindingsRechecks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The 50 newest re-checks. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FindingRecheckList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
        };
    };
    consoleStartFindingsRecheck: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FindingRecheckRequest"];
            };
        };
        responses: {
            /** @description The re-check, queued. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FindingRecheckResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleGetFindingsRecheck: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: components["schemas"]["RecheckId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The re-check. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FindingRecheckResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
        };
    };
    consoleListCallbacks: {
        parameters: {
            query?: {
                filter?: components["schemas"]["CallbackListQuery"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of callbacks. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CallbackPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleListApps: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The apps. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleAppListResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleCreateApp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConsoleNewApp"];
            };
        };
        responses: {
            /** @description Made. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleAppCredentialsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleRevokeApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The app, revoked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleAppResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleRotateApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The app and its new appSecurity. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleAppCredentialsResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleListChannels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The channels, by code. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleChannelListResponse"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    consoleSetChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                channelCode: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConsoleChannelPatch"];
            };
        };
        responses: {
            /** @description The channel's settings now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsoleChannelResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            503: components["responses"]["Unavailable"];
        };
    };
    console: {
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
            /** @description The console is not built (`npm run build:console`). */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
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
