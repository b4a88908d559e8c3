"""h88: one helper moves ``client_name`` off a column that only looks like the client (a ledger account beside the
customer, h60 F8; a legal name beside the display name, h74 D3). ``party_columns.prefer_party`` and
``legal_names.prefer_display_name`` were two copies of the same swap; both now call
``party_columns.prefer_client_column`` and say exactly what they said before."""

from __future__ import annotations

from moat.ingest import legal_names, party_columns


def _keys(*headers: str) -> dict[str, str]:
    return {h: h.lower() for h in headers}


def test_the_helper_moves_the_client_to_the_first_preferred_free_column() -> None:
    keys = _keys("Account", "Contact", "Customer", "Amount")
    chosen, notes = {"Account": "client_name", "Amount": "amount"}, []
    party_columns.prefer_client_column(keys, chosen, notes, {"account"}, ["customer", "contact"], "{taken} -> {named}")
    assert chosen == {"Amount": "amount", "Customer": "client_name"}  # "customer" comes first in the preferred list
    assert notes == ["Account -> Customer"]


def test_the_helper_leaves_the_choice_when_nothing_better_is_free() -> None:
    keys = _keys("Account", "Customer")
    for chosen, wrong in (({"Account": "client_name", "Customer": "ignore"}, {"account"}),  # the customer column is taken
                          ({"Account": "client_name"}, {"gl account"}),  # the heading is not a wrong one
                          ({"Customer": "client_name"}, {"account"})):  # the client is already the right column
        before, notes = dict(chosen), []
        party_columns.prefer_client_column(keys, chosen, notes, wrong, ["customer"], "{taken} -> {named}")
        assert (chosen, notes) == (before, [])
    profile, notes = {"Account": "client_name"}, []  # a profile's own choice: its header is not in ``keys``
    party_columns.prefer_client_column({"Customer": "customer"}, profile, notes, {"account"}, ["customer"], "{taken}")
    assert (profile, notes) == ({"Account": "client_name"}, [])


def test_ledger_account_rule_says_what_it_said_before() -> None:
    keys = _keys("Account", "Name", "Amount")
    chosen, notes = {"Account": "client_name", "Amount": "amount"}, []
    party_columns.prefer_party("invoices", keys, chosen, notes)
    assert chosen == {"Amount": "amount", "Name": "client_name"}
    assert notes == ["`Account` is the ledger account beside the customer column `Name`: the client is `Name`"]
    untouched, notes = {"Account": "client_name"}, []
    party_columns.prefer_party("clients", keys, untouched, notes)  # a CRM's "Account" is the customer
    assert (untouched, notes) == ({"Account": "client_name"}, [])


def test_legal_name_rule_says_what_it_said_before() -> None:
    keys = _keys("Company name", "Customer", "Status")
    chosen, notes = {"Company name": "client_name", "Status": "status"}, []
    legal_names.prefer_display_name("clients", keys, chosen, notes)
    assert chosen == {"Status": "status", "Customer": "client_name"}
    assert notes == ["`Company name` is the legal name beside the display name `Customer`: the client is `Customer`"]
    untouched, notes = {"Company name": "client_name"}, []
    legal_names.prefer_display_name("invoices", keys, untouched, notes)  # only a clients file has a display name
    assert (untouched, notes) == ({"Company name": "client_name"}, [])
