"""Licence sources: distributor billing (what is bought and at what price) and Microsoft 365 seat reports.

Distributor/billing lines create licence rows (client, product, month, seats purchased, unit cost). Microsoft 365
reports are per tenant (the client is not in the file: ``--client NAME``) and per user: users are counted per
product (``+``-joined lists split; names matched case- and edition-insensitively) and, in the usage report, users
with any activity date are active. They only update ``seats_assigned`` / ``seats_active`` of licence lines that a
billing file brought for that client and product (in the report's month, else the latest month loaded): they never
create purchases or prices.
"""

from __future__ import annotations

from moat.ingest.sources.model import PerClient, PerUserSeats, Source

_M365_ACTIVITY = tuple(f"{w} Last Activity Date" for w in ("Exchange", "OneDrive", "SharePoint", "Skype For Business", "Yammer", "Teams"))

# Microsoft's published "Product names and service plan identifiers for licensing" (string id -> product name), the
# common SMB/enterprise SKUs: subscribedSkus gives only the part number.
SKU_NAMES = {
    "SPB": "Microsoft 365 Business Premium", "O365_BUSINESS_PREMIUM": "Microsoft 365 Business Standard",
    "O365_BUSINESS_ESSENTIALS": "Microsoft 365 Business Basic", "O365_BUSINESS": "Microsoft 365 Apps for business",
    "OFFICESUBSCRIPTION": "Microsoft 365 Apps for enterprise", "EXCHANGESTANDARD": "Exchange Online (Plan 1)",
    "EXCHANGEENTERPRISE": "Exchange Online (Plan 2)", "EXCHANGEDESKLESS": "Exchange Online Kiosk",
    "STANDARDPACK": "Office 365 E1", "ENTERPRISEPACK": "Office 365 E3", "ENTERPRISEPREMIUM": "Office 365 E5",
    "SPE_E3": "Microsoft 365 E3", "SPE_E5": "Microsoft 365 E5", "SPE_F1": "Microsoft 365 F3",
    "MDE_SMB": "Microsoft Defender for Business", "ATP_ENTERPRISE": "Microsoft Defender for Office 365 (Plan 1)",
    "AAD_PREMIUM": "Microsoft Entra ID P1", "AAD_PREMIUM_P2": "Microsoft Entra ID P2", "EMS": "Enterprise Mobility + Security E3",
    "INTUNE_A": "Microsoft Intune Plan 1", "POWER_BI_PRO": "Power BI Pro", "POWER_BI_STANDARD": "Microsoft Fabric (Free)",
    "FLOW_FREE": "Microsoft Power Automate Free", "TEAMS_EXPLORATORY": "Microsoft Teams Exploratory",
    "VISIOCLIENT": "Visio Plan 2", "PROJECTPROFESSIONAL": "Project Plan 3", "Microsoft_Teams_Premium": "Microsoft Teams Premium",
}

# Pax8's billing-term suffixes, longest first within a family ("before:" cuts at the first occurrence of the text)
PAX8_TERMS = tuple(f"before: - {t}" for t in (
    "NCE", "Monthly", "Month to Month", "Month-to-Month", "Annual", "Yearly", "1 Year", "1-Year", "2 Year", "2-Year",
    "3 Year", "3-Year", "Triennial", "Trial", "One-Time", "One Time"))

SOURCES = [
    Source(
        "pax8_billing", "Pax8", "billing export", "licenses",
        {
            # the API's invoice items (Get-Pax8InvoiceItem | Export-Csv) name the billing period `startPeriod`/`endPeriod`
            "month": ("invoice_date", "Invoice Date", "startPeriod", "Start Period"), "client_name": ("company_name", "Company Name", "company"),
            "product": ("description", "Description", "product_name"), "seats_purchased": ("quantity", "Quantity"),
            "unit_cost": ("cost", "Cost"), "unit_price": ("price", "Price"), "total_cost": ("cost_total", "Cost Total"),
            "vendor": ("vendor_name", "Vendor"),
            # the charge's own period end: an Annual-term charge (startPeriod..endPeriod a year) is spread over it (h41 D1)
            "end_date": ("endPeriod", "End Period", "end_period"),
            "currency": ("currencyCode", "currency_code", "Currency Code", "currency"),  # a Canadian account bills CAD (D16)
        },
        ("month", "client_name", "product", "seats_purchased", "unit_cost"),
        ("subtotal", "sku", "term", "billing_term", "start_period", "end_period", "invoice_id"),
        # the description ends in the billing term ("... - Monthly [options: ...]"): only the term is cut, since product
        # names have dashes of their own ("Dynamics 365 Business Central - Premium" is not "... - Essentials")
        priority=1, clean={"product": ("drop_brackets", *PAX8_TERMS)},
        merge_charges=True,  # a credit (negative quantity) and a prorated addition are more charges of the month's line
        cannot_supply="seats assigned/active (load the Microsoft 365 reports with --client)",
    ),
    Source(
        "ingram_billing", "Ingram Micro", "cloud marketplace billing", "licenses",
        {
            "client_name": ("CUSTOMER_NAME",), "product": ("CUSTOMER_RESOURCE_NAME",),
            "seats_purchased": ("CUSTOMER_DETAIL_QTY",), "unit_price": ("CUSTOMER_DETAIL_UNIT_PRICE",),
            "unit_cost": ("RESELLER_DETAIL_UNIT_PRICE",), "total_cost": ("RESELLER_DETAIL_TOTAL",),
            "month": ("RESELLER_DETAIL_START_DATE", "RESELLER_INVOICE_DATE"), "end_date": ("RESELLER_DETAIL_END_DATE",),
        },
        ("client_name", "product", "seats_purchased", "unit_cost", "month"),
        ("CUSTOMER_DETAIL_DESCRIPTION", "CUSTOMER_DETAIL_TOTAL", "RESELLER_INVOICE_DATE", "CUSTOMER_RESOURCE_NAME"),
        merge_charges=True,  # an annual prepaid line (START..END a year apart) is spread over its months
        cannot_supply="seats assigned/active (load the Microsoft 365 reports with --client)",
    ),
    Source(
        # Sherweb's Distributor API `GET /billing/payable-charges` (sherweb/Public-Apis, Sherweb.Apis.Distributor.OpenAPI.json,
        # schema Charge), flattened one charge per row; the customer is one of the charge's `tags` (name/value pairs that
        # the spec says carry "customer information"), pulled out as a column by whoever flattens the JSON.
        "sherweb_billing", "Sherweb", "payable charges (billing)", "licenses",
        {
            "client_name": ("customerName", "tags.customerName", "Customer", "Customer Name", "Client"),
            "product": ("productName", "Product", "Product Name"),
            "seats_purchased": ("quantity", "Quantity", "Qty"),
            "unit_cost": ("netPriceProrated", "Net Price Prorated"),
            "total_cost": ("subTotal", "Sub Total", "SubTotal"),
            "month": ("periodFrom", "Period From", "Billing Period Start"), "end_date": ("periodTo", "Period To", "Billing Period End"),
            "sku": ("sku", "SKU"), "billing_cycle": ("billingCycleType", "Billing Cycle Type", "chargeType", "Charge Type"),
            "currency": ("currency", "Currency"),
        },
        ("client_name", "product", "seats_purchased", "unit_cost|total_cost", "month", "sku|billing_cycle"),
        ("productId", "chargeId", "chargeName", "chargeType", "listPrice", "netPrice", "currency", "isBilled",
         "isProratable", "invoice.number", "invoice.date", "invoice.periodFrom", "invoice.periodTo"),
        merge_charges=True,  # a mid-month addition is a second, prorated charge of the same client, product and month
        cannot_supply="the client's price (listPrice is Sherweb's list price, not yours) and seats assigned/active (load the "
                      "Microsoft 365 reports with --client); cost = subTotal = quantity x netPriceProrated (after deductions)",
    ),
    Source(
        "partner_center_recon", "Microsoft Partner Center", "invoice reconciliation (licence-based)", "licenses",
        {
            # h69 D13: the legacy (pre-NCE) licence-based file names the product OfferName and gives no
            # EffectiveUnitPrice: its cost is Subtotal (after TotalOtherDiscount; UnitPrice is the list price)
            "client_name": ("CustomerName",), "product": ("ProductName", "OfferName"), "seats_purchased": ("Quantity",),
            "unit_cost": ("EffectiveUnitPrice",), "start_date": ("ChargeStartDate",), "end_date": ("ChargeEndDate",),
            "vendor_name": ("PublisherName",), "charge_type": ("ChargeType",), "total_cost": ("Subtotal",),
            "currency": ("Currency",),  # the billing currency (PricingCurrency is the price list's)
        },
        ("client_name", "product", "seats_purchased", "unit_cost|total_cost", "start_date", "charge_type"),
        ("PartnerId", "CustomerId", "CustomerDomainName", "InvoiceNumber", "MpnId", "OrderId", "OrderDate", "SkuId", "AvailabilityId",
         "TaxTotal", "Total", "Currency", "SubscriptionId", "TermAndBillingCycle", "BillingFrequency", "PublisherName"),
        # a yearly-billed line's charge period is a year (ChargeStartDate..ChargeEndDate): spread over it; a
        # removeQuantity credit is one more charge of the line's month
        merge_charges=True,
        cannot_supply="the client's price (unit_price) and seats assigned/active; unit cost = EffectiveUnitPrice (after discounts)",
    ),
    Source(
        "cw_agreement_additions", "ConnectWise Manage", "agreement additions", "licenses",
        {
            "client_name": ("agreement.company.name", "Company", "company_name", "Company Name"),
            "product": ("description", "Description"),
            "seats_purchased": ("quantity", "Quantity", "Qty"), "unit_cost": ("unitCost", "Unit Cost", "unit_cost"),
            "unit_price": ("unitPrice", "Unit Price", "unit_price"), "start_date": ("effectiveDate", "Effective Date", "effective_date"),
            "end_date": ("cancelledDate", "Cancelled Date", "cancelled_date"), "agreement": ("agreement.name", "Agreement", "agreement_name"),
        },
        ("client_name", "product", "seats_purchased", "unit_cost", "start_date", "agreement"),
        ("billCustomer", "taxableFlag", "invoiceDescription", "agreementStatus", "lessIncluded", "extPrice", "extCost"),
        cannot_supply="seats assigned/active; an addition is a subscription billed every month from its effective date",
    ),
    Source(
        "cw_agreements", "ConnectWise Manage", "agreements", "clients",
        {
            "client_name": ("company.name", "Company", "company_name"), "agreement_type": ("type.name", "Agreement Type", "agreement_type"),
            "monthly_fee": ("billAmount", "Bill Amount", "bill_amount"), "start_date": ("startDate", "Start Date", "start_date"),
            "end_date": ("endDate", "End Date", "end_date"), "agreement": ("name", "Agreement", "Agreement Name"),
            "billing_cycle": ("billingCycle.name", "Billing Cycle"), "status": ("agreementStatus", "Agreement Status"),
            "cancelled": ("cancelledFlag",),
        },
        ("client_name", "agreement_type", "monthly_fee|billing_cycle"),
        ("id", "type.id", "company.id", "company.identifier", "dateCancelled", "noEndingDateFlag",
         "billingCycle.id", "billOneTimeFlag", "location.name", "department.name", "customerPO"),
        per_cycle=("monthly_fee", "billing_cycle"),
        # ConnectWise's agreement statuses are Active, Cancelled, Expired and Inactive (the status now, at export time)
        per_client=PerClient(
            "a client's monthly fee is the sum of its agreements with status Active and cancelledFlag not true; "
            "Cancelled, Expired and Inactive agreements add nothing (a client with none active is churned, fee 0.00)",
            flag="cancelled"),
        cannot_supply="one row per agreement: a client's agreements are summed into one client row (active ones "
                      "only); billAmount is per billing cycle, so the monthly fee = billAmount / the cycle's months",
    ),
    Source(
        "m365_usage_active_users_detail", "Microsoft 365", "usage report: Active users detail", "licenses",
        {
            "refresh": ("Report Refresh Date",), "user": ("User Principal Name",), "display": ("Display Name",),
            "deleted": ("Is Deleted",), "products": ("Assigned Products",),
            **{f"activity_{i}": (h,) for i, h in enumerate(_M365_ACTIVITY)},
        },
        ("refresh", "user", "products"),
        ("Deleted Date", "Has Exchange License", "Has OneDrive License", "Has SharePoint License", "Has Teams License",
         "Exchange License Assign Date", "Teams License Assign Date"),
        needs_client=True, verified="sample file",
        seats=PerUserSeats("products", "+", tuple(f"activity_{i}" for i in range(len(_M365_ACTIVITY))), deleted="deleted", refresh="refresh"),
        value_names={"products": SKU_NAMES},
        cannot_supply="the client (one tenant per file: --client NAME), purchased seats and prices (from billing)",
    ),
    Source(
        "m365_active_users", "Microsoft 365", "admin centre Active users export", "licenses",
        {"user": ("User principal name", "User Principal Name"), "display": ("Display name",), "products": ("Licenses",),
         "blocked": ("Block credential",)},
        ("user", "products"),
        ("First name", "Last name", "Usage location", "When created", "Department", "Office", "Title"),
        needs_client=True, seats=PerUserSeats("products", "+"), value_names={"products": SKU_NAMES},
        cannot_supply="the client (--client NAME), activity (use the usage report), purchased seats and prices",
    ),
    Source(
        "m365_subscriptions", "Microsoft 365", "subscriptions / licences", "licenses",
        {"product": ("Product name", "Product", "skuPartNumber", "Subscription name"),
         "seats_assigned": ("Assigned licenses", "Assigned", "consumedUnits"),
         "seats_total": ("Total licenses", "Purchased", "prepaidUnits.enabled", "Licenses")},
        ("product", "seats_assigned", "seats_total"),
        ("Available licenses", "Status", "Billing frequency", "skuId", "capabilityStatus", "appliesTo", "prepaidUnits.suspended",
         "prepaidUnits.warning"),
        needs_client=True, seats=PerUserSeats("products"), value_names={"product": SKU_NAMES},
        cannot_supply="the client (--client NAME) and prices; purchased seats stay those of the billing lines",
    ),
]
