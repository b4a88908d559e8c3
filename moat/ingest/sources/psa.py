"""Time-entry sources (ConnectWise, Autotask, HaloPSA, Syncro, Kaseya BMS; Harvest and FreshBooks time tracking): where
hours, people and billability are.

Billable rules, written once (DESIGN.md's glossary refers here):
- ConnectWise ``billableOption``: Billable = billable; DoNotBill, NoCharge = worked but not billable; NoDefault (the
  entry never chose, so the work type's default applies and that default is not in the export) = not billable,
  so billable utilisation is never overstated. UI/report grids: B = billable, NB / NC = not billable.
- Autotask: billable = not ``isNonBillable``; without that column, billable = ``hoursToBill`` > 0.
- HaloPSA: billable unless the charge type's name says otherwise (non-billable, non-chargeable, unbillable, not
  billable, no charge, internal, warranty, goodwill, free); charge types for holiday, vacation, leave, sick or
  break are not work and are skipped.
- Time charged to a ConnectWise ChargeCode, or to the MSP's own company (setting ``own_company``), is internal:
  overhead, never a client; it is skipped and reported with its hours.
"""

from __future__ import annotations

from moat.ingest.sources.model import Billable, Documents, Lookup, Source, States

CW_BILLABLE = Billable(
    {"billable": True, "b": True, "donotbill": False, "nb": False, "nocharge": False, "nc": False, "nodefault": False},
    "Billable/B = billable; DoNotBill/NB, NoCharge/NC = not billable; NoDefault = not billable (the default is not in the file)",
)
NOT_WORK = ("holiday", "vacation", "annual leave", "leave", "sick", "break", "lunch", "pto", "time off")

SOURCES = [
    Source(
        "cw_time_api", "ConnectWise Manage", "time entries (API)", "time_entries",
        {
            "entry_id": ("id",), "client_name": ("company.name", "company/name", "company_name", "company"),
            "technician_name": ("member.name", "member/name", "member_name", "member"), "date": ("timeStart", "time_start"),
            "hours": ("actualHours", "actual_hours"), "billable": ("billableOption", "billable_option"),
            "work_type": ("workType.name", "workType/name", "work_type_name", "workType"), "notes": ("notes",),
            "bill_rate": ("hourlyRate", "hourly_rate"), "charge_to_type": ("chargeToType", "charge_to_type"),
            "member_identifier": ("member.identifier", "member/identifier"),
        },
        ("client_name", "technician_name", "date", "hours", "billable"),
        ("chargeToId", "company.id", "company.identifier", "member.id", "workRole.name", "timeEnd", "hoursDeduct",
         "hoursBilled", "internalNotes", "enteredBy", "dateEntered", "status", "agreement.name"),
        billable=CW_BILLABLE, internal={"charge_to_type": ("chargecode",)}, compose={"technician_name": ("member_identifier",)},
        # `Get-CWMTimeEntry | Export-Csv` (PowerShell, unflattened) writes each reference as "@{id=19300; identifier=...; name=...}"
        clean={"client_name": ("ps:name",), "technician_name": ("ps:name",), "work_type": ("ps:name",)},
        cannot_supply="technicians' hourly cost (load a technicians file)",
    ),
    Source(
        "cw_time_report", "ConnectWise Manage", "time report (v_rpt_Time / time grid)", "time_entries",
        {
            "entry_id": ("Time_RecID", "Time RecID", "Time Entry ID", "TimeEntry ID"), "client_name": ("company_name", "Company Name", "Company"),
            "technician_name": ("member_name", "Member Name", "Member"), "first_name": ("first_name",),
            "last_name": ("last_name",), "date": ("Date_Start", "Date Start"), "hours": ("hours_actual", "Hours Actual", "Actual Hours"),
            "billable": ("Billable_Option", "Billable Option", "Billable_Flag", "BillableOption", "Billable", "Bill"),
            "billable_hours": ("Billable_Hrs", "Billable Hrs", "Billable Hours"), "work_type": ("work_type", "Work Type"),
            "notes": ("Notes", "notes"), "charge_to_type": ("Charge_To_Type", "ChargeToType", "Charge To Type"),
            "member_id": ("member_id", "Member ID"),
        },
        ("client_name", "technician_name|first_name|member_id", "date", "hours", "billable|billable_hours"),
        ("member_recid", "Company_RecID", "time_start", "time_end", "date_entered_utc", "SR_Service_RecID", "sr_summary", "sr_status"),
        billable=CW_BILLABLE, internal={"charge_to_type": ("chargecode", "charge code")},
        compose={"technician_name": ("first_name", "last_name")},
        cannot_supply="technicians' hourly cost; member_id alone is a login, so first_name/last_name are used when present",
    ),
    Source(
        "autotask_time_ui", "Autotask (Datto PSA)", "time entries (UI export)", "time_entries",
        {
            "entry_id": ("Time Entry ID", "Time Entry Id"), "technician_name": ("Resource", "Resource Name", "Worked By"),
            "client_name": ("Account", "Account Name", "Company", "Organization"), "date": ("Date Worked", "Date"),
            "hours": ("Hours Worked", "Worked Hours"), "billable_hours": ("Hours to Bill", "Hours Billed", "Billable Hours"),
            "non_billable": ("Non-Billable", "Non Billable", "Is Non-Billable"), "billable": ("Billable",),
            "work_type": ("Work Type", "Billing Code", "Role"), "notes": ("Summary Notes", "Description", "Notes"),
        },
        ("technician_name", "client_name", "date", "hours", "non_billable|billable|billable_hours"),
        ("Ticket Number", "Ticket Title", "Task", "Project", "Contract", "Start Time", "End Time", "Internal Notes"),
        billable=Billable({}, "not Non-Billable; without that column, Hours to Bill > 0"),
        cannot_supply="technicians' hourly cost; UI exports stop at 5,000 rows (export by month)",
        verified="assumed", export_cap=5000,
    ),
    Source(
        "autotask_time_api", "Autotask (Datto PSA)", "time entries (REST, ids)", "time_entries",
        {
            "entry_id": ("id",), "resource_id": ("resourceID",), "ticket_id": ("ticketID",), "company_id": ("companyID",),
            "date": ("dateWorked",), "hours": ("hoursWorked",), "billable_hours": ("hoursToBill",),
            "non_billable": ("isNonBillable",), "notes": ("summaryNotes",), "task_id": ("taskID",),
        },
        ("resource_id", "ticket_id|company_id|task_id", "date", "hours", "non_billable|billable_hours"),
        ("startDateTime", "roleID", "billingCodeID", "contractID", "endDateTime", "offsetHours", "showOnInvoice", "internalNotes",
         "timeEntryType", "createDateTime"),
        billable=Billable({}, "billable = not isNonBillable; without it, hoursToBill > 0"),
        internal={"company_id": ("0",)},  # Autotask's company 0 is the owner: the MSP itself
        lookups=(
            Lookup("resource_id", "technician_name", "Resources", ("id", "resourceID"),
                   (("firstName", "First Name"), ("lastName", "Last Name"))),
            Lookup("company_id", "client_name", "Companies", ("id", "companyID"), (("companyName", "Company Name", "Account Name"),)),
            Lookup("ticket_id", "client_name", "Tickets", ("id", "ticketID"), (("companyID",),),
                   via=Lookup("company_id", "client_name", "Companies", ("id", "companyID"), (("companyName", "Company Name", "Account Name"),))),
        ),
        cannot_supply="names: resourceID, ticketID and companyID are ids (give --lookup Resources, Tickets, Companies exports)",
    ),
    Source(
        "autotask_invoices_api", "Autotask (Datto PSA)", "invoices (REST, ids)", "invoices",
        {
            # the REST `Invoices` entity (h98): the company is an id, `invoiceTotal` includes `totalTaxValue`, and a
            # voided invoice keeps its amounts with `isVoided` true
            "invoice_number": ("invoiceNumber",), "company_id": ("companyID",), "date": ("invoiceDateTime",),
            "total": ("invoiceTotal",), "tax_total": ("totalTaxValue",), "voided": ("isVoided",), "due_date": ("dueDate",),
        },
        ("invoice_number", "company_id", "date", "total", "voided"),
        ("id", "batchID", "paidDate", "voidedDate", "comments", "createDateTime", "creatorResourceID", "fromDate", "toDate", "invoiceEditorTemplateID", "orderNumber",
         "paymentTerm", "taxGroup", "taxRegionName", "voidedByResourceID", "webServiceDate"),
        documents=Documents(total="total", tax_total="tax_total"),
        status=States("voided", (), {"true": "voided", "1": "voided", "yes": "voided"}),
        lookups=(Lookup("company_id", "client_name", "Companies", ("id", "companyID"), (("companyName", "Company Name", "Account Name"),)),),
        cannot_supply="names: companyID is an id (give --lookup Companies export); credits are separate invoices of negative total",
    ),
    Source(
        "syncro_invoices_api", "Syncro", "invoices (API, flattened)", "invoices",
        {
            # `GET /invoices` as an API client's model lists it (h101, h98 L3): `total` includes `tax`; the customer's
            # name is `customer_business_then_name` (`customer_id` an id); `hardwarecost` is the MSP's own cost
            "invoice_number": ("number",), "client_name": ("customer_business_then_name",), "date": ("date",),
            "total": ("total",), "tax_total": ("tax",), "due_date": ("due_date",), "open_balance": ("balance_due",),
        },
        ("invoice_number", "client_name", "date", "total", "tax_total"),
        ("id", "customer_id", "subtotal", "verified_paid", "tech_marked_paid", "ticket_id", "is_paid", "location_id", "po_number",
         "contact_id", "note", "hardwarecost", "pdf_url", "created_at", "updated_at"),
        documents=Documents(total="total", tax_total="tax_total"),
        cannot_supply="costs: `hardwarecost` is what the MSP paid for the hardware sold, not read; credits are refunds in Syncro",
    ),
    Source(
        "halo_timesheets", "HaloPSA", "timesheet events", "time_entries",
        {
            "entry_id": ("id",), "technician_name": ("agent_name", "Agent", "Agent Name"),
            "client_name": ("client_name", "Client", "Client Name", "Customer"), "date": ("start_date", "Start Date", "Date"),
            "hours": ("timetaken", "Time Taken", "time_taken"), "charge_type": ("charge_type_name", "Charge Type", "chargetype_name"),
            "notes": ("note", "subject", "Note", "Subject"), "work_type": ("event_type_name",),
        },
        ("technician_name", "client_name", "date", "hours", "charge_type"),
        ("agent_id", "ticket_id", "end_date", "client_id", "site_name", "event_type"),
        # charge types are names each MSP defines (UK wording is "chargeable / non-chargeable"): any negative wording
        billable=Billable({}, "billable unless the charge type says non-billable / non-chargeable / unbillable / not "
                          "billable / no charge / internal / warranty / goodwill / free",
                          false_if_contains=("non-billable", "non billable", "nonbillable", "no charge", "no-charge", "internal",
                                             "warranty", "free", "non-chargeable", "non chargeable", "nonchargeable",
                                             "unbillable", "un-billable", "not billable", "not chargeable", "unchargeable",
                                             "goodwill"),
                          default=True),
        not_work={"charge_type": NOT_WORK, "work_type": NOT_WORK},
    ),
    Source(
        "syncro_time", "Syncro", "ticket timer entries", "time_entries",
        {
            "entry_id": ("Timer ID", "id"), "technician_name": ("Technician", "User", "Tech", "user_name"),
            "client_name": ("Customer", "Customer Business Name", "customer_business_then_name", "Business Name"),
            "date": ("Start Time", "start_time", "Date"), "hours": ("Hours", "Duration (hours)", "billable_time_hours"),
            "minutes": ("Duration (minutes)", "Minutes", "duration_minutes"), "billable": ("Billable", "billable"),
            "notes": ("Notes", "notes"), "work_type": ("Labor Type", "Product", "Labor Product", "Charge"),
            "ticket_number": ("Ticket Number", "Ticket #", "ticket_number"), "ticket_subject": ("Ticket Subject",),
        },
        ("technician_name", "client_name", "date", "hours|minutes", "billable", "ticket_number|ticket_subject"),
        ("End Time", "Subject", "Status", "Recorded"),
        billable=Billable({"billable": True, "true": True, "yes": True, "false": False, "no": False, "nonbillable": False},
                          "Billable true/yes = billable"),
        verified="assumed",
    ),
    Source(
        "kaseya_bms_time", "Kaseya BMS", "time log export", "time_entries",
        {
            "entry_id": ("Time Log ID", "TimeLogId", "Id"), "technician_name": ("Resource", "Employee", "Resource Name"),
            "client_name": ("Account", "Account Name", "Customer"), "date": ("Date", "Work Date", "Start Date"),
            # Kaseya BMS splits worked time into Billable / Non-Billable Hours beside their Total Hours (h41 D13)
            "hours": ("Hours", "Worked Hours", "Actual Hours", "Total Hours"), "billable_hours": ("Billable Hours", "Billed Hours"),
            "billable": ("Billable", "Is Billable"), "work_type": ("Work Type", "Rate Type"), "notes": ("Description", "Notes"),
            "ticket_number": ("Ticket #", "Ticket Number", "Ticket No"),
        },
        ("technician_name", "client_name", "date", "hours", "billable|billable_hours", "ticket_number"),
        ("Project", "Contract", "Queue", "Status", "Start Time", "End Time"),
        billable=Billable({}, "Billable yes/no; without it, Billable Hours > 0"),
        verified="assumed",
    ),
    # Harvest's Detailed Time report: the person is First Name + Last Name; `Employee?` (Yes/No: employee or
    # contractor) is never the person (h41 D25)
    Source(
        "harvest_detailed_time", "Harvest", "detailed time report", "time_entries",
        {
            "client_name": ("Client",), "first_name": ("First Name",), "last_name": ("Last Name",), "date": ("Date",),
            "hours": ("Hours",), "billable": ("Billable?",), "notes": ("Notes",), "work_type": ("Task",),
            "cost_rate": ("Cost Rate",), "bill_rate": ("Billable Rate",),
            "currency": ("Currency",),  # the rates' currency (`British Pound - GBP`): never read as base money (h60 F3)
        },
        ("client_name", "first_name", "date", "hours", "billable"),
        ("Project", "Project Code", "Hours Rounded", "Invoiced?", "Approved?", "Roles", "Employee?", "Billable Amount",
         "Cost Amount", "External Reference URL"),
        compose={"technician_name": ("first_name", "last_name")},
        cannot_supply="technicians' weekly capacity (load a technicians file); `Hours Rounded` is not read (Hours is "
                      "the time worked)",
    ),
    # FreshBooks Reports > Time Entry Details (h69 D27): the person is `Team Member`, hours are decimal; `Billable?` says
    # whether the hour may be billed, `Billed?` only whether it is on an invoice yet, so it is never read as billable
    # (an unbilled billable hour is billable work); `Rate` is what the hour is billed at, never a cost.
    Source(
        "freshbooks_time_entry_details", "FreshBooks", "time entry details report", "time_entries",
        {
            "client_name": ("Client",), "technician_name": ("Team Member",), "date": ("Date",), "hours": ("Hours",),
            "billable": ("Billable?", "Billable"), "notes": ("Note", "Notes"), "work_type": ("Service", "Task", "Service / Task"),
            "bill_rate": ("Rate",), "currency": ("Currency",),
        },
        ("client_name", "technician_name", "date", "hours", "billable"),
        ("Project", "Billed?", "Amount", "Billable Amount"),
        billable=Billable({}, "Billable? Yes = billable; Billed? (already on an invoice) is not read"),
        verified="assumed",
        cannot_supply="technicians' hourly cost and weekly capacity (load a technicians file); `Rate` is the billing "
                      "rate, never a cost",
    ),
]
