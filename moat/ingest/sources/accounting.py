"""Accounting sources (QuickBooks Online/Desktop, Xero): revenue as documents, signed, net of tax.

Rules written once:
- QuickBooks reports put the customer on a row of its own above its lines and close it with ``Total for <name>``
  (Desktop: ``Total <name>``): the customer is carried down; ``Account`` (the income account) is never a client.
- Lines sharing a document number are one document: a repeated document total counts once; without one the lines
  are summed. Credit notes / credit memos / refunds count negative whatever sign the file gives them.
- Drafts, voided, deleted and awaiting-approval documents are not revenue: excluded and counted in the report.
- Revenue is net of tax where the file separates it: Xero ``Total - TaxTotal`` (its API ``Total - TotalTax``);
  QuickBooks Online's API ``TotalAmt - TxnTaxDetail.TotalTax``; QuickBooks invoice CSV item amounts
  (its tax is in ``ItemTaxAmount``); QuickBooks sales reports show income amounts, which exclude sales tax.
  QuickBooks Invoice List and Transaction List show document totals that may include tax: the report says so.
"""

from __future__ import annotations

from moat.ingest.sources.model import Documents, Source, States

CREDITS = ("credit memo", "credit note", "sales credit note", "refund receipt", "refund", "accreccredit", "credit")
EXCLUDED = {"draft": "draft", "voided": "voided", "void": "voided", "deleted": "deleted", "awaiting approval": "awaiting approval",
            "submitted": "awaiting approval"}
NOT_REVENUE = {"payment": "payment (not revenue)", "receive payment": "payment (not revenue)", "estimate": "estimate (not posted)",
               "deposit": "deposit (not revenue)", "journal entry": "journal entry (not a sale)", "transfer": "transfer (not revenue)",
               "bill": "bill (a cost)", "bill payment": "bill payment (a cost)", "expense": "expense (a cost)", "check": "check (a cost)",
               "purchase order": "purchase order (not revenue)", "delayed charge": "delayed charge (not invoiced)",
               "delayed credit": "delayed credit (not invoiced)", "down payment": "deposit (not revenue)",
               "general journal": "journal entry (not a sale)"}

# Xero's invoice export: the Type values that are sales (the API's codes too). Anything else in that layout is not
# revenue: "Bill" (the Bills export has the same columns), "Sales overpayment", "Sales prepayment" (payments).
XERO_SALES = ("sales invoice", "accrec", "sales credit note", "accreccredit")

# The report's blank-headed first column (the reader names it column_N by position; any position, first found wins).
GROUP_LABEL = tuple(f"column_{i}" for i in range(1, 10))

SOURCES = [
    Source(
        "qbo_sales_customer_detail", "QuickBooks Online", "Sales by Customer Detail", "invoices",
        {
            "group_label": GROUP_LABEL, "date": ("Date",), "doc_type": ("Transaction Type", "Type"),
            "invoice_number": ("Num", "No.", "Ref #", "Ref No."), "category": ("Product/Service", "Product/Service full name", "Item"),
            "line_amount": ("Amount",), "client_name": ("Customer", "Customer full name"),
        },
        # the customer on a group row of its own, or (the report customised: Customer column shown, no grouping) a
        # Customer column on every row (h41 D24)
        ("group_label|client_name", "date", "line_amount", "invoice_number", "doc_type"),
        ("Memo/Description", "Qty", "Sales Price", "Balance", "Account"),
        group_rows="client_name", documents=Documents(line_amount="line_amount"),
        doc_type=States("doc_type", CREDITS, EXCLUDED), not_revenue=NOT_REVENUE, priority=1,
        cannot_supply="tax: sales report amounts are income, already net of sales tax",
    ),
    Source(
        "qbd_sales_customer_detail", "QuickBooks Desktop", "Sales by Customer Detail", "invoices",
        {
            "group_label": GROUP_LABEL, "date": ("Date",), "doc_type": ("Type",), "invoice_number": ("Num",),
            "client_name": ("Name",), "category": ("Item",), "line_amount": ("Amount",),
        },
        # a list export (Type, Date, Num, Name, Memo, Amount) has no group rows: Name is on every row (h41 D22)
        ("date", "line_amount", "doc_type", "invoice_number", "client_name"),
        ("Memo", "Qty", "Sales Price", "Balance", "column_2", "column_3"),
        group_rows="client_name", documents=Documents(line_amount="line_amount"),
        doc_type=States("doc_type", CREDITS, EXCLUDED), not_revenue=NOT_REVENUE, clean={"client_name": ("before::",)},
        cannot_supply="tax: sales report amounts are income, already net of sales tax; jobs (Customer:Job) count for their customer",
        verified="assumed",
    ),
    Source(
        "qbo_sales_customer_summary", "QuickBooks Online", "Sales by Customer Summary", "invoices",
        {"group_label": ("column_1", "Customer"), "amount": ("Total",)},
        ("group_label", "amount"), (), period_from_title=True, priority=-1,
        # a parent with sub-customers: its name on a row of its own, the sub-customers' rows, "Total for <parent>"
        group_rows="client_name", group_label_is_client=True,
        cannot_supply="dates and documents: one total per customer, dated at the end of the period the title rows name",
    ),
    Source(
        "qbo_transactions_by_customer", "QuickBooks Online", "Transaction List by Customer", "invoices",
        {
            "group_label": GROUP_LABEL, "date": ("Date",), "doc_type": ("Transaction Type",), "invoice_number": ("Num", "No."),
            "posting": ("Posting",), "line_amount": ("Amount",),
        },
        ("group_label", "date", "doc_type", "line_amount", "posting"),
        ("Memo/Description", "Account", "Split", "Open Balance"),
        group_rows="client_name", documents=Documents(line_amount="line_amount"),
        doc_type=States("doc_type", CREDITS, EXCLUDED), not_revenue=NOT_REVENUE, priority=2,
        cannot_supply="tax: amounts are document totals; tax is not separated in this report",
        verified="sample file",
    ),
    Source(
        "qbo_invoice_list", "QuickBooks Online", "Invoice List", "invoices",
        {
            "date": ("Date", "Invoice Date"), "invoice_number": ("Num", "No.", "Invoice No."), "client_name": ("Customer", "Name", "Customer full name"),
            "line_amount": ("Amount", "Total"), "doc_type": ("Transaction Type",), "due_date": ("Due Date",),
            "open_balance": ("Open Balance",), "status": ("Status", "Invoice Status"),
        },
        ("date", "invoice_number", "client_name", "line_amount", "due_date|open_balance"),
        ("Memo/Description", "Terms", "Email"),
        documents=Documents(line_amount="line_amount"), doc_type=States("doc_type", CREDITS, EXCLUDED),
        status=States("status", (), EXCLUDED), not_revenue=NOT_REVENUE,
        cannot_supply="tax: the Invoice List shows invoice totals, which include sales tax when it was charged",
        verified="assumed",
    ),
    Source(
        "qbo_invoice_csv", "QuickBooks Online", "invoice CSV (import/export)", "invoices",
        {
            "invoice_number": ("InvoiceNo", "Invoice No"), "client_name": ("Customer",), "date": ("InvoiceDate", "Invoice Date"),
            "category": ("Item(Product/Service)", "Item (Product/Service)", "Product/Service"), "line_amount": ("ItemAmount", "Item Amount"),
            "line_tax": ("ItemTaxAmount", "Item Tax Amount"), "currency": ("Currency",), "quantity": ("ItemQuantity",),
            "unit_amount": ("ItemRate",),
        },
        ("invoice_number", "client_name", "date", "line_amount"),
        ("DueDate", "Terms", "Memo", "ItemDescription", "ItemTaxCode", "Location", "Sales Rep"),
        documents=Documents(line_amount="line_amount", line_tax="line_tax", quantity="quantity", unit_amount="unit_amount"),
        cannot_supply="credit memos (a separate import); ItemAmount excludes tax (ItemTaxAmount holds it)",
    ),
    Source(
        "xero_invoices", "Xero", "invoice export", "invoices",
        {
            "client_name": ("ContactName", "Contact Name"), "invoice_number": ("InvoiceNumber", "Invoice Number"),
            "date": ("InvoiceDate", "Invoice Date"), "total": ("Total",), "tax_total": ("TaxTotal", "Tax Total"),
            "line_amount": ("LineAmount", "Line Amount"), "line_tax": ("TaxAmount", "Tax Amount"),
            "doc_type": ("Type",), "status": ("Status",), "currency": ("Currency",), "category": ("AccountCode", "Account Code"),
        },
        ("client_name", "invoice_number", "date", "line_amount", "doc_type", "status"),
        ("EmailAddress", "Reference", "DueDate", "PlannedDate", "InvoiceAmountPaid", "InvoiceAmountDue", "InventoryItemCode",
         "Description", "Quantity", "UnitAmount", "Discount", "TaxType", "TrackingName1", "TrackingOption1", "Sent"),
        documents=Documents(total="total", tax_total="tax_total", line_amount="line_amount", line_tax="line_tax", lines_include_tax=False),
        # Xero's Bills export has this very layout (Type "Bill"), and overpayments/prepayments appear as rows of it
        doc_type=States("doc_type", CREDITS, EXCLUDED, only=XERO_SALES), status=States("status", (), EXCLUDED),
        verified="sample file", priority=1,
    ),
    Source(
        "xero_sales_import", "Xero", "sales invoice import template", "invoices",
        {
            "client_name": ("*ContactName",), "invoice_number": ("*InvoiceNumber",), "date": ("*InvoiceDate",),
            "quantity": ("*Quantity",), "unit_amount": ("*UnitAmount",), "discount_pct": ("Discount",),
            "line_tax": ("TaxAmount",), "category": ("*AccountCode",), "currency": ("Currency",),
            "line_amount": ("LineAmount",), "doc_type": ("Type",), "status": ("Status",),
        },
        ("client_name", "invoice_number", "date", "quantity|line_amount", "unit_amount|line_amount"),
        ("*DueDate", "*Description", "*TaxType", "Reference", "InventoryItemCode", "EmailAddress", "BrandingTheme"),
        documents=Documents(line_amount="line_amount", line_tax="line_tax", quantity="quantity", unit_amount="unit_amount",
                            discount_pct="discount_pct"),
        doc_type=States("doc_type", CREDITS, EXCLUDED), status=States("status", (), EXCLUDED), priority=2,
        cannot_supply="whether unit amounts include tax (chosen at import in Xero): read as tax-exclusive, the default",
        verified="sample file",
    ),
    Source(
        "xero_invoices_api", "Xero", "Invoices / CreditNotes (API, flattened)", "invoices",
        {
            # GET /Invoices and GET /CreditNotes as json_normalize / a flattening script writes them (h98): the
            # contact nested (`Contact.Name`), `DateString` beside the `/Date(ms)/` form, bills (ACCPAY) and suppliers'
            # credit notes (ACCPAYCREDIT) in the same pull as the sales
            "client_name": ("Contact.Name", "Contact Name"), "invoice_number": ("InvoiceNumber", "CreditNoteNumber"),
            "date": ("DateString", "Date"), "total": ("Total",), "tax_total": ("TotalTax",),
            "doc_type": ("Type",), "status": ("Status",), "currency": ("CurrencyCode",), "due_date": ("DueDateString", "DueDate"),
        },
        ("client_name", "invoice_number", "date", "total", "tax_total", "doc_type", "status"),
        ("InvoiceID", "CreditNoteID", "Reference", "Contact.ContactID", "LineAmountTypes", "SubTotal", "AmountDue", "AmountPaid",
         "AmountCredited", "RemainingCredit", "CurrencyRate", "UpdatedDateUTC", "HasAttachments", "SentToContact"),
        documents=Documents(total="total", tax_total="tax_total"),
        doc_type=States("doc_type", CREDITS, EXCLUDED, only=XERO_SALES), status=States("status", (), EXCLUDED),
        cannot_supply="other currencies need rates (`/Date(ms)/` dates are read as UTC days, h101)",
    ),
    Source(
        "qbo_invoices_api", "QuickBooks Online", "Invoice entity (API, flattened)", "invoices",
        {
            # the Invoice entity as json_normalize writes it (h98): `TotalAmt` includes the sales tax
            # (`TxnTaxDetail.TotalTax`), so revenue is their difference, never TotalAmt
            "invoice_number": ("DocNumber",), "client_name": ("CustomerRef.name",), "date": ("TxnDate",),
            "total": ("TotalAmt",), "tax_total": ("TxnTaxDetail.TotalTax",), "currency": ("CurrencyRef.value",),
            "due_date": ("DueDate",), "open_balance": ("Balance",),
        },
        ("invoice_number", "client_name", "date", "total", "tax_total"),
        ("Id", "CustomerRef.value", "CurrencyRef.name", "EmailStatus", "PrivateNote", "SyncToken", "MetaData.CreateTime", "MetaData.LastUpdatedTime",
         "PrintStatus", "DepositToAccountRef.value", "ExchangeRate"),
        documents=Documents(total="total", tax_total="tax_total"),
        cannot_supply="credit memos (the API's CreditMemo entity, a pull of its own); a voided invoice reads 0.00",
        credit_pull="pull the CreditMemo entity with its `RemainingCredit` column (only credit memos have it): it then "
                    "loads as credit memos, each counted negative; or, with this file as it is, name it as credit memos "
                    "(e.g. `credit_memos_2026-10.csv`) and load it with a mapping (`--mapping`: `DocNumber`: "
                    "invoice_number, `TxnDate`: date, `CustomerRef.name`: client_name, `TotalAmt`: amount, "
                    "`TxnTaxDetail.TotalTax`: tax), which counts each negative",
        # headings only the Invoice entity has: `DueDate` (QBO API reference: the CreditMemo entity lists none) and the
        # Invoice's own fields beside the ones every sales transaction shares (Intuit's data-services schema, as the
        # `Invoice extends SalesTransaction` model types it: Deposit, AllowIPNPayment, AllowOnline*Payment,
        # InvoiceLink, EInvoiceStatus; CreditMemo adds only RemainingCredit and InvoiceRef, h124 L3)
        kind_proof=("DueDate", "Deposit", "AllowIPNPayment", "AllowOnlinePayment", "AllowOnlineCreditCardPayment",
                    "AllowOnlineACHPayment", "InvoiceLink", "EInvoiceStatus"),
    ),
    Source(
        "harvest_invoices_api", "Harvest", "invoices (API v2, flattened)", "invoices",
        {
            # `GET /v2/invoices` flattened (h111): `amount` is "the total amount for the invoice, including any discounts
            # and taxes", `tax_amount` and `tax2_amount` the two taxes in it; the client is nested (`client.name`);
            # `state` is draft, open, paid or closed (Harvest API v2 Invoice object, as the docs.rs `harvest-api` crate
            # and Harvest SDKs repeat it)
            "invoice_number": ("number",), "client_name": ("client.name",), "date": ("issue_date",),
            "total": ("amount",), "tax_total": ("tax_amount",), "tax_total2": ("tax2_amount",), "status": ("state",),
            "currency": ("currency",), "due_date": ("due_date",), "open_balance": ("due_amount",),
        },
        ("invoice_number", "client_name", "date", "total", "tax_total", "status", "due_date", "open_balance"),
        ("id", "client_key", "client.id", "purchase_order", "tax", "tax2", "discount", "discount_amount", "subject", "notes",
         "period_start", "period_end", "payment_term", "sent_at", "paid_at", "paid_date", "closed_at", "created_at", "updated_at"),
        documents=Documents(total="total", tax_total="tax_total", tax_total2="tax_total2"),
        # `closed` is Harvest's write-off: "mark an open invoice as closed (writing an invoice off)", "a closed
        # (written-off) invoice" (Harvest API reference, invoice messages); a write-off "records the unpaid balance of
        # the invoice as part of your outstanding debts" (Harvest help, recording invoice payments and write-offs). The
        # invoice was issued (revenue by the glossary: not draft, not void); its unpaid part is a bad debt (h124 L5)
        status=States("status", (), EXCLUDED, written_off={"closed": "Harvest closes an invoice to write off its unpaid balance"}),
        cannot_supply="credit notes (Harvest has none: a credit is an invoice of negative amount); a `closed` invoice "
                      "(written off) counts as issued, with a warning naming it and its `due_amount`",
    ),
    Source(
        "qbo_credit_memos_api", "QuickBooks Online", "CreditMemo entity (API, flattened)", "invoices",
        {
            # the CreditMemo entity pulled on its own (h101): the Invoice's fields (DocNumber, TxnDate, CustomerRef,
            # TotalAmt with its TxnTaxDetail.TotalTax) plus `RemainingCredit`, amounts written positive; each is a credit
            "invoice_number": ("DocNumber",), "client_name": ("CustomerRef.name",), "date": ("TxnDate",),
            "total": ("TotalAmt",), "tax_total": ("TxnTaxDetail.TotalTax",), "currency": ("CurrencyRef.value",),
            "remaining_credit": ("RemainingCredit",), "open_balance": ("Balance",),
            # the invoice a credit memo was issued against: only the CreditMemo entity has it (h124 L3)
            "invoice_ref": ("InvoiceRef.value", "InvoiceRef"),
        },
        ("invoice_number", "client_name", "date", "total", "tax_total", "remaining_credit|invoice_ref"),
        ("Id", "CustomerRef.value", "CurrencyRef.name", "EmailStatus", "PrivateNote", "SyncToken", "MetaData.CreateTime",
         "MetaData.LastUpdatedTime", "PrintStatus", "ExchangeRate"),
        documents=Documents(total="total", tax_total="tax_total"), all_credits=True,
        cannot_supply="invoices (the Invoice entity, a pull of its own: qbo_invoices_api); every row counts negative",
    ),
]
