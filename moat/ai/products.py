"""An unknown product or vendor in a licence question is named back, never dropped.

"Webroot licence waste" when no Webroot exists must not become the waste of every product (a confident answer to
a different question). Unknown capitalised names inside a sentence are caught by ``NameIndex.unknown_names``; this
rule also covers the word in a product's place written in lower case or at the start of the question: the word
just before "licences / seats / subscriptions", or just after "licences ... for / of / on", that neither the data
(names of clients, technicians, products, vendors, segments) nor the question lexicon knows.
"""

from __future__ import annotations

import re
from difflib import get_close_matches

from moat.ai import lexicon as lx
from moat.ai.periods import MONTHS, NUMBER_WORDS

_NOUN = r"(?:licenses?|licences?|seats?|subscriptions?|licensing)"
# h91: words naming a kind of product, said between a product's name and "licences" ("<name> backup licences")
PRODUCT_KINDS = ("backup", "security", "email", "endpoint", "antivirus", "av", "edr", "mdr", "xdr", "rmm", "psa",
                 "saas", "cloud", "software", "firewall", "dns", "spam", "mail", "archiving", "m365", "o365")
_SLOTS = [
    re.compile(r"\b(?P<w>[a-z][a-z0-9&+.-]*)\s+" + _NOUN + r"\b"),  # "webroot licenses", "sophos seats"
    # h91: a kind of product between the name and the noun ("acronis backup licences", "sophos endpoint seats")
    re.compile(r"\b(?P<w>[a-z][a-z0-9&+.-]*)\s+(?:" + "|".join(PRODUCT_KINDS) + r")\s+" + _NOUN + r"\b"),
    re.compile(r"\b" + _NOUN + r"\s+(?:\w+\s+){0,3}?(?:for|of|on|from|with)\s+(?P<w>[a-z][a-z0-9&+.-]*)\b"),  # "seats bought for acronis"
    re.compile(r"\b(?:waste[ds]?|wasting|spen[dt]|spending|unused|idle)\s+(?:\w+\s+)?(?:on|for|from|with|of)\s+"
               r"(?P<w>[a-z][a-z0-9&+.-]*)\b"),  # "waste on webroot", "money wasted on sophos" (a licence question)
    # h29: money paid out beside an unknown word is a vendor the data lacks ("sophos costs", "how much did we pay
    # veeam", "what went to ninjaone"), refused by name, never answered as labour cost
    re.compile(r"\b(?P<w>[a-z][a-z0-9&+.-]*)\s+(?:costs?|spend|spending|bills?|fees?|invoices?)\b"),
    re.compile(r"\b(?:pay|paid|paying|pays)\s+(?:out\s+)?(?:to\s+)?(?P<w>[a-z][a-z0-9&+.-]*)\b"),
    re.compile(r"\b(?:went|go|goes|gone|going)\s+(?:out\s+)?to\s+(?P<w>[a-z][a-z0-9&+.-]*)\b"),
]
# Words that describe licences or seats, never name a product.
_LICENCE_QUESTION = re.compile(r"\b(?:licen[cs]es?|licensing|seats?|subscriptions?|waste[ds]?|wasting|unused|idle|"
                               r"costs?|spend|spent|spending|pay|paid|paying|pays|bills?|fees?|invoices?|went|gone)\b")
_VERB_OR_ADVERB = re.compile(r"(?:ing|ed|ly)$")
_LICENCE_WORDS = set("""
unused idle spare wasted waste assigned unassigned active inactive purchased bought paid empty free annual monthly
yearly software saas cloud security backup email endpoint antivirus office productivity user users device devices
mailbox mailboxes named premium basic standard business enterprise extra excess surplus leftover dormant expensive
cheap costly shelfware vendor vendor's product product's products vendors their its his her your dead stale ghost
zombie vacant redundant orphan surplus reclaim recover reduce cut trim save lower remove cancel release drop shed
spare unneeded needless pointless useless extra many more fewer less least most new old current existing renewal
renewals renew seat license subscription per
""".split())


def _lexicon_words() -> frozenset[str]:
    """Every word the question lexicon spells out anywhere (its patterns, phrase tables and word lists)."""
    words: set[str] = set()

    def collect(value: object) -> None:
        if isinstance(value, re.Pattern):
            value = value.pattern
        if isinstance(value, str):
            words.update(re.findall(r"[a-z]{2,}", re.sub(r"\\[a-zA-Z]", " ", value)))
        elif isinstance(value, dict):
            for k, v in value.items():
                collect(k)
                collect(v)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for v in value:
                collect(v)

    for name, value in vars(lx).items():
        if name.isupper():
            collect(value)
    return frozenset(words | set(MONTHS) | set(NUMBER_WORDS) | _LICENCE_WORDS)


_KNOWN = _lexicon_words()


def unknown_product(text: str, names: set[str]) -> str | None:
    """The word in a product's place that names nothing known (``names``: the data's name words), else None."""
    if not _LICENCE_QUESTION.search(text):
        return None
    for slot in _SLOTS:
        for m in slot.finditer(text):
            word = m["w"].strip(".-")
            if len(word) < 3 or word.isdigit() or word in _KNOWN or word in names or re.fullmatch(r"[qh][1-4]", word) \
                    or "-" in word and all(p in _KNOWN or p in names for p in word.split("-")):  # h65: "non-billable"
                continue
            if word.endswith("s") and (word[:-1] in _KNOWN or word[:-1] in names) or _VERB_OR_ADVERB.search(word):
                continue  # plurals of known words; "reclaiming licences", "unneeded seats": verbs, not products
            return word
    return None


def refusal(word: str, products: tuple[tuple[str, str], ...]) -> str:
    """The message for an unknown product: the word, the closest known product or vendor, what exists."""
    choices = sorted({p for p, _ in products} | {v for _, v in products if v})
    close = get_close_matches(word, [c.lower() for c in choices], n=2, cutoff=0.6)
    hint = f" Did you mean {' or '.join(c for c in choices if c.lower() in close)}?" if close else ""
    vendors = sorted({v for _, v in products if v})
    known = f" Your licence data has products of {', '.join(vendors[:8])}." if vendors else " There is no licence data."
    return f"I can't answer that from your data: I don't know the product or vendor '{word}'.{hint}{known}"
