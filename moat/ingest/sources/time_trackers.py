"""Time trackers' detailed reports (Toggl Track, Clockify): one row per time entry, the person in ``User`` (h74 D5).

These are the two most common time trackers small MSPs use beside (or instead of) a PSA. Their "Detailed report"
CSV names the person ``User`` (no PSA says so, so the header synonyms never read it as the technician) and Clockify
writes the hours as ``Duration (decimal)`` beside ``Duration (h)`` (h:mm:ss, or a decimal when the workspace's
duration format is "decimal"); without these declarations both were refused although every column is there.

What is read and what is not (both exports):
- the entry is dated by its start (``Start date`` / ``Start Date``): an entry crossing midnight counts on the day it
  began, as every other time source's;
- ``Billable`` is Yes / No (Clockify's German export: Ja / Nein);
- ``Amount (USD)`` (Toggl) and ``Billable Rate`` / ``Billable Amount`` (Clockify) are what the tracker would bill at
  the rates set in it: never revenue and never read (revenue is invoices); the rate's currency sits in the heading;
- an entry without a client (internal time) is held in the quarantine naming the missing client, as every time
  source's row without a client is; ``Project`` is read as the work type.

Provenance (headers verbatim, public):
- Toggl Track Detailed report "Download as CSV": ``User,Email,Client,Project,Task,Description,Billable,Start date,
  Start time,End date,End time,Duration,Tags,Amount (USD)`` with a UTF-8 BOM: Toggl's support article "Editing and
  uploading a CSV file" (support.toggl.com/en/articles/2216070) lists the import header, the same minus ``Amount``;
  public parsers' tests check the exported header verbatim (a ``TogglDetailedCsvValidator`` unit test with the BOM
  and ``Amount ()`` when no currency is set; a Java import bean with ``Amount (EUR)``).
- Clockify Detailed report CSV: ``Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,
  End Date,End Time,Duration (h),Duration (decimal),Billable Rate (USD),Billable Amount (USD)`` (public import code
  and tests quote it verbatim, with ``(EUR)`` / ``(CHF)`` headings too; newer exports may add ``Cost Rate``,
  ``Cost Amount``, ``Date of creation`` and a ``Kiosk`` column). German interface: ``Projekt,Kunde,Beschreibung,
  Aufgabe,Benutzer,Gruppe,Email,Tags,Abrechenbar,Startdatum,Startzeit,Enddatum,Endzeit,Dauer (h),Dauer (dezimal),
  Abrechenbarer Tarif (CHF),Rechnungsbetrag (CHF)`` (a public converter's column list), Abrechenbar Ja / Nein.
  Dates follow the workspace's format (MM/DD/YYYY, DD/MM/YYYY, DD.MM.YYYY): a file whose dates cannot tell the
  order is refused asking for ``--dayfirst`` / ``--monthfirst`` (``moat.ingest.date_orders``), never guessed.
"""

from __future__ import annotations

from moat.ingest.sources.model import Billable, Source

YES_NO = Billable({"yes": True, "no": False, "ja": True, "nein": False},
                  "Billable Yes = billable, No = not billable (German exports: Ja / Nein)")
NOT_READ = ("amounts and rates are what the tracker would bill, never revenue (load invoices); technicians' hourly "
            "cost (load a technicians file); an entry without a client is held (internal time)")

SOURCES = [
    Source(
        "toggl_detailed", "Toggl Track", "detailed report (CSV)", "time_entries",
        {
            "technician_name": ("User",), "client_name": ("Client",), "date": ("Start date",), "hours": ("Duration",),
            "billable": ("Billable",), "notes": ("Description",), "work_type": ("Project",),
            "contact_email": ("Email",),  # the signature: no PSA export names its person `User` beside an `Email`
        },
        ("technician_name", "client_name", "date", "hours", "billable", "contact_email"),
        ("Task", "Start time", "End date", "End time", "Tags", "Amount ()", "Amount (USD)", "Amount (EUR)",
         "Amount (GBP)", "Amount (CAD)", "Amount (AUD)"),
        billable=YES_NO, verified="sample file", cannot_supply=NOT_READ,
    ),
    Source(
        "clockify_detailed", "Clockify", "detailed report (CSV)", "time_entries",
        {
            "technician_name": ("User", "Benutzer"), "client_name": ("Client", "Kunde"),
            "date": ("Start Date", "Startdatum"),
            # the decimal column first: `Duration (h)` is h:mm:ss or a decimal as the workspace's setting says
            "hours": ("Duration (decimal)", "Dauer (dezimal)", "Duration (h)", "Dauer (h)"),
            "billable": ("Billable", "Abrechenbar"), "notes": ("Description", "Beschreibung"),
            "work_type": ("Project", "Projekt"), "contact_email": ("Email", "E-Mail"),
        },
        ("technician_name", "client_name", "date", "hours", "billable", "contact_email"),
        ("Task", "Aufgabe", "Group", "Gruppe", "Tags", "Start Time", "Startzeit", "End Date", "Enddatum", "End Time",
         "Endzeit", "Duration (h)", "Dauer (h)", "Kiosk", "Activity", "Date of creation", "Billable Rate",
         "Billable Amount", "Billable Rate (USD)", "Billable Amount (USD)", "Billable Rate (EUR)",
         "Billable Amount (EUR)", "Billable Rate (GBP)", "Billable Amount (GBP)", "Billable Rate (CHF)",
         "Billable Amount (CHF)", "Cost Rate (USD)", "Cost Amount (USD)", "Abrechenbarer Tarif (EUR)",
         "Rechnungsbetrag (EUR)", "Abrechenbarer Tarif (CHF)", "Rechnungsbetrag (CHF)"),
        billable=YES_NO, verified="sample file", cannot_supply=NOT_READ,
    ),
]
