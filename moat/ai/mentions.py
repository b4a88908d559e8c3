"""Finding what a question names: folding, typo correction, the vocabulary of this database, mentions, unknown names.

Names resolve as names in uploads do: ``moat.names.normalize`` (case, punctuation, accents, "&", legal suffixes)
plus the confirmed aliases, so a client a file can name, a question can name too. Fuzzy matching (typos,
"Centre"/"Center") applies only to name-like spans: a word of ordinary English ("change", "exchange", "red") is
never read as a name by similarity, only by an exact match of a name written as a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher, get_close_matches
from typing import Any

from moat.ai import lexicon as lx
from moat.ai.arrows import arrows_as_two_periods
from moat.ai.calendar_days import without_calendar_days
from moat.ai.edit_distance import edits
from moat.ai.first_word_names import settled_by_next_word
from moat.ai.name_runs import with_name_runs
from moat.ai.periods import MONTHS, NUMBER_WORDS
from moat.ai.range_membership import as_membership
from moat.ai.unplaced_names import GUESS_SCORE, one_edit_owner
from moat.ai.word_not_name import word_not_name
from moat.names import LEGAL_SUFFIXES, normalize

_TOKEN = re.compile(r"[^\W_][\w&'.-]*")
_SUFFIX_WORDS = {w for s in LEGAL_SUFFIXES for w in s.split()}


def contracts(short: str, word: str) -> bool:
    """h29: whether ``short`` is ``word`` itself or a shortened form of it, as names are abbreviated in writing: a
    prefix of 3 letters or more ("eng", "manuf", "assoc") or a contraction that keeps the first letter and some later
    letters in order ("mfg", "svcs", "intl", "engg"). A rule, not a list of abbreviations."""
    if short == word:
        return True
    if len(short) < 3 or len(short) >= len(word) or short[0] != word[0] or not short.isalpha():
        return False
    rest = iter(word[1:])
    return word.startswith(short) or all(ch in rest for ch in short[1:])


# Short words of chat and time that are never a product's initials ("hm, BP cost?", "3 pm")
_CHAT = {"hm", "hmm", "ok", "pm", "am", "ps", "fyi", "btw", "np", "ty", "thx", "asap", "eta", "tbh", "imo", "lol"}


def _settled_by_other_mention(claimed: list[Mention]) -> list[Mention]:
    """h39: a shared word ("Maria") is settled when another word of the question names exactly one of its people or
    clients ("Wong, Maria": the surname written first, a comma, then the first name): that one, never asked back."""
    out = []
    for m in claimed:
        if m.ambiguous:
            named = {n for c in claimed if c is not m and not c.ambiguous and c.kind == m.kind for n in c.names}
            settled = named & set(m.names)
            if len(settled) == 1:
                m = Mention(m.kind, tuple(settled), 0.9, m.span)
        out.append(m)
    return out


def _narrowed_family(claimed: list[Mention], text: str) -> list[Mention]:
    """h39: a product family followed by a short form of one of its products ("M365 BP") is that one product, never the
    family and the product added together."""
    out: list[Mention] = []
    for m in sorted(claimed, key=lambda c: c.span):
        prev = out[-1] if out else None
        if prev is not None and prev.kind == m.kind == "product" and not prev.ambiguous and not m.ambiguous \
                and not text[prev.span[1]:m.span[0]].strip() and set(m.names) < set(prev.names):
            out[-1] = Mention("product", m.names, m.score, (prev.span[0], m.span[1]))
            continue
        out.append(m)
    return out


def _holds_run(toks: list[str], run: list[str]) -> bool:
    """Whether the words ``run`` appear, in order and together, among a name's words ``toks``."""
    return f" {' '.join(run)} " in f" {' '.join(toks)} "


def _text_of(tokens: list[tuple[str, int, int]]) -> str:
    """The words of ``tokens`` joined by single spaces, lower-cased."""
    return " ".join(t[0].lower() for t in tokens)


def _contracted_run(window: list[str], name: list[str]) -> bool:
    """Whether the words of ``window`` are, in order, consecutive words of ``name``, each itself or a shortened form of
    it (``contracts``), with at least one shortened: "bus premium" of "microsoft 365 business premium"."""
    n = len(window)
    for i in range(len(name) - n + 1):
        run = name[i:i + n]
        if all(contracts(w, t) for w, t in zip(window, run, strict=True)) and window != run:
            return True
    return False


_MAGNITUDE_AFTER = re.compile(r"\s+(?:thousand|grand|million)\b")


_LAST_N_BARE = re.compile(r"\b(?P<lead>(?:out )?of|in|over|during|for) the (?P<rel>last|past|previous|prior) "
                          r"(?P<n>\d{1,2}|" + "|".join(("twelve", "eleven", "ten", "nine", "eight", "seven", "six", "five",
                                                         "four", "three", "two", "eighteen", "twenty four", "twenty-four"))
                          + r")\b(?! ?(?:whole |full |calendar |complete )?(?:months?|weeks?|days?|quarters?|years?|"
                          r"clients?|technicians?|products?|invoices?|hours?)\b)")


def _last_n_of_months(text: str) -> str:
    """h29: "the last twelve" with no unit, in a question about months ("how many months ... out of the last twelve"),
    is the last twelve months: the unit is the one the question counts (it fell back to the default 3 months)."""
    if not re.search(r"\bmonths?\b", text):
        return text
    from moat.ai.numbers import _value

    def months(m: re.Match[str]) -> str:
        n = m["n"] if m["n"].isdigit() else _value(m["n"])
        return f"{m['lead']} the {m['rel']} {n} months"

    return _LAST_N_BARE.sub(months, text)


_CAPACITY_USED = re.compile(r"\b(?:how much|what (?:share|part|portion|percent(?:age)?|fraction|proportion)) of "
                            r"(?P<who>(?:[\w-]+ ){0,2}?)(?:capacity|availability|available hours)\b(?P<verb>(?: [\w-]+){0,4}? "
                            r"(?:use|used|using|fill|filled|taken|get used|got used))\b")
_ALL_HOURS = re.compile(r"[\s,(-]*(?:counting |incl(?:uding)? |with )?(?:all (?:of )?(?:their |his |her |the )?(?:hours|time)|"
                        r"every hour)(?: incl(?:uding)? non-?billable)?\)?|[\s,(-]*incl(?:uding)? non-?billable(?: hours| time)?\)?")


def _capacity_used(text: str) -> str:
    """h29: the part of a capacity that was used, counting all hours ("how much of Tom's capacity did he use, all
    hours incl non-billable") is total utilisation (hours worked / available hours); it was read as available hours.
    Without "all hours" the existing readings stand (billable utilisation for "capacity used")."""
    m = _CAPACITY_USED.search(text)
    if m is None or not _ALL_HOURS.search(text, m.end()):
        return text
    rest = _ALL_HOURS.sub(" ", text[m.end():], count=1)
    subject = re.sub(r"\b(?:did|does|do|got|get|gets|was|were|is|are|been|be|use|used|using|fill|filled|taken)\b", " ",
                     m["verb"])  # h94: "did Mei Okafor fill": the name stays to be read (it was dropped)
    who = re.sub(r"\b(?:his|her|their|available|full|total) ", "", m["who"])  # h94: the technician is named after it;
    who = re.sub(r"\b(our|the) (?:technician|team|engineer|staff) ", r"\1 ", who)  # "our tech capacity": the company's
    return f"{text[:m.start()]}total utilization of {who}{subject}{rest}"


def _words_before_magnitude(text: str) -> str:
    """h29: a whole run of number words before a magnitude ("two hundred and twenty thousand", "forty five grand") is
    one number: written as digits here, so that no later rule reads a part of it ("two 100 and 20 thousand")."""
    from moat.ai.numbers import _RUN, _value

    def whole(m: re.Match[str]) -> str:
        value = _value(m.group(0))
        return m.group(0) if value is None else str(value)

    out, last = [], 0
    for m in _RUN.finditer(text):
        if _MAGNITUDE_AFTER.match(text, m.end()) and re.search(r"[\s-]", m.group(0).strip()):
            out.append(text[last:m.start()] + whole(m))
            last = m.end()
    return "".join(out) + text[last:]


def fold(text: str) -> str:
    """Lower-case, unify spellings and punctuation (``lexicon.FOLD``)."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"\b(what|who|that|there|it|where|how|here)'s\b", r"\1 is", text)
    text = re.sub(r"'s\b|(?<=s)'(?=\s|$)", "", text)
    text = re.sub(r"\s&\s", " and ", text)
    text = re.sub(r"[?!;:\"()\[\]]", " ", text)
    # h39: a compound modifier on a licence word ("unused-seat cost", "per-licence", "idle-licence spend") is its two
    # words: the hyphen joins words the rules read apart, it is never a product's name
    text = re.sub(r"\b(?!(?:non|sub|co|re|pre|post|multi|anti|un|self|semi|mid|over|under)-)(?P<a>[a-z]+)-"
                  r"(?P<b>seats?|licen[cs]es?|subscriptions?|users?)\b", r"\g<a> \g<b>", text)  # "non-licence" stays one word
    text = re.sub(r"\b(?P<a>unused|idle|spare|inactive|wasted|empty|unassigned)-(?P<b>[a-z]+)\b", r"\g<a> \g<b>", text)
    # h39: going "into the red" in a period is being in the red in it (a state, never a change between two periods)
    text = re.sub(r"\b(?:went|go|goes|going|gone|slipped|slips|slid|sank|sunk|dipped|fell|fallen|dropped|tipped|moved|"
                  r"ended up|ran|turned|were|was|are|is) (?:into|in to) (?:the )?red\b", "in the red", text)
    text = arrows_as_two_periods(text)  # h29: "feb -> mar" is two periods and the change, never one summed range
    for pattern, repl in lx.FOLD:
        text = re.sub(pattern, repl, text)
    text = _words_before_magnitude(text)  # h29: "two hundred (and) twenty thousand" is 220 thousand
    text = _last_n_of_months(text)  # h29: "how many months ... out of the last twelve": the last 12 months
    text = _capacity_used(text)  # h29: "how much of Tom's capacity did he use (all hours)": total utilisation
    # h21: "two hundred thousand" is 200 thousand (the bare "hundred" below would leave "two 100 thousand")
    text = re.sub(r"\b(one|two|three|four|five|six|seven|eight|nine) hundred\b(?= (?:thousand|grand)\b)",
                  lambda m: str(100 * ("one two three four five six seven eight nine".split().index(m.group(1)) + 1)), text)
    text = lx.TENS.sub(lambda m: lx.TENS_WORDS[m.group(1)], text)  # "between zero and ten percent"
    text = re.sub(r"(?<=\w)\.(?=\s|$)|,(?=\s)", " ", text)
    text = as_membership(text)  # h89: "fell within the 70 to 90% range" is where the value lies, never a fall
    return re.sub(r"\s+", " ", text).strip()


def correct_typos(text: str, protected: set[str]) -> tuple[str, list[str]]:
    """Replace words that are near-misses of metric keywords (never names from the data, never short words)."""
    fixes = []

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if len(word) < 4 or word in lx.KEYWORDS or word in protected or word in lx.STOP or word in lx.VALID_WORDS \
                or word in lx.FILLER or word in lx.NEGATION:  # "never" is not a typo of "every"
            return word
        if any(len(k) >= 6 and k in word for k in lx.KEYWORDS):  # "overutilized", "nonprofit": a real word around a keyword
            return word
        close = get_close_matches(word, lx.KEYWORDS, n=1, cutoff=0.8)
        if close and close[0].rstrip("s") != word.rstrip("s") and close[0] not in (word + "d", word + "ed"):
            fixes.append(f"{word} -> {close[0]}")
            return close[0]
        return word

    return re.sub(r"[a-z]+", fix, text), fixes


def token_spans(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _one_of_the_family(claimed: list[Mention], text: str) -> list[Mention]:
    """A word naming one client right before a phrase several clients' names share is that one client: "trident
    medical centre" is Trident Medical Center, not the four "Medical Center" clients summed (the family rule, h30,
    took the shared phrase while the first word matched alone, spelt "centre")."""
    out = list(claimed)
    for family in [m for m in claimed if m.kind == "client" and len(m.names) >= 2]:
        for one in [m for m in out if m.kind == "client" and len(m.names) == 1 and m.names[0] in family.names]:
            if one.span[1] <= family.span[0] and not text[one.span[1]:family.span[0]].strip():
                out = [m for m in out if m is not family and m is not one]
                out.append(Mention("client", one.names, max(one.score, family.score), (one.span[0], family.span[1])))
                break
    return sorted(out, key=lambda m: m.span[0]) if out != claimed else claimed


@dataclass(frozen=True)
class Vocabulary:
    """The names a question may mention, read from the current data (via the safe connection)."""

    clients: tuple[str, ...]
    technicians: tuple[str, ...]
    products: tuple[tuple[str, str], ...]  # (product, vendor)
    segments: tuple[str, ...]
    aliases: tuple[tuple[str, str, str], ...] = ()  # (kind, alias as typed, target name): confirmed in Upload
    cost_categories: tuple[str, ...] = ()  # h23: categories of client costs (lower-cased): "subcontractor", "travel"

    @classmethod
    def load(cls, con: Any, aliases: tuple[tuple[str, str, str], ...] = ()) -> Vocabulary:
        from moat.db import rows

        clients = tuple(r[0] for r in rows(con, "SELECT DISTINCT client_name FROM cur_clients ORDER BY 1"))
        techs = tuple(r[0] for r in rows(con, "SELECT DISTINCT technician_name FROM cur_technicians ORDER BY 1"))
        products = tuple((r[0], r[1] or "") for r in rows(
            con, "SELECT product, any_value(vendor) FROM cur_licenses GROUP BY product ORDER BY 1"))
        segments = tuple(r[0] for r in rows(
            con, "SELECT DISTINCT lower(segment) FROM cur_clients WHERE segment IS NOT NULL ORDER BY 1"))
        categories = tuple(r[0] for r in rows(
            con, "SELECT DISTINCT lower(trim(category)) FROM cur_costs WHERE client_key IS NOT NULL AND category IS NOT "
                 "NULL ORDER BY 1"))
        return cls(clients, techs, products, segments, aliases, categories)


def confirmed_aliases(con: Any) -> tuple[tuple[str, str, str], ...]:
    """The aliases confirmed on the Upload page (read from the app's database, not the sandbox)."""
    from moat.db import rows

    try:
        return tuple((k, a, t) for k, a, t in rows(con, "SELECT kind, alias_name, target_name FROM aliases ORDER BY 1, 2"))
    except Exception:  # a database without the table (older file) simply has no aliases
        return ()


@dataclass
class Mention:
    kind: str  # client | technician | product | segment
    names: tuple[str, ...]
    score: float
    span: tuple[int, int]
    ambiguous: tuple[str, ...] = ()


class NameIndex:
    """The vocabulary prepared for matching (built once per data version)."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.names: list[tuple[str, str, list[str]]] = []  # (kind, display name, normalised tokens)
        for name in vocab.clients:
            self.names.append(("client", name, normalize(name).split()))
        for name in vocab.technicians:
            self.names.append(("technician", name, normalize(name).split()))
        for product, _vendor in vocab.products:
            self.names.append(("product", product, normalize(product).split()))
        known = set(vocab.clients) | set(vocab.technicians)
        for kind, alias, target in vocab.aliases:
            if kind in ("client", "technician") and target in known and normalize(alias):
                self.names.append((kind, target, normalize(alias).split()))
        token_owners: dict[str, set[str]] = {}
        for kind, name, toks in self.names:
            for tok in toks:
                token_owners.setdefault(tok, set()).add(f"{kind}:{name}")
        self.unique_token = {
            tok: next(iter(owners)) for tok, owners in token_owners.items()
            if len(owners) == 1 and tok not in lx.GENERIC and tok not in lx.STOP and len(tok) >= 2 and not tok.isdigit()
        }
        self.shared_token = {tok: owners for tok, owners in token_owners.items() if len(owners) > 1 and tok not in lx.GENERIC
                             and tok not in lx.STOP and len(tok) >= 3 and not tok.isdigit()}
        self.vendors: dict[str, tuple[str, ...]] = {}
        for product, vendor in vocab.products:
            if vendor:
                self.vendors.setdefault(normalize(vendor), ())
                self.vendors[normalize(vendor)] += (product,)
        for short, vendor in lx.VENDOR_SHORT.items():  # "MS licences": only for a vendor this data has
            if vendor in self.vendors and short not in self.vendors:
                self.vendors[short] = self.vendors[vendor]
        self.known_words = {tok for _, _, toks in self.names for tok in toks} | set(self.vendors)
        self.product_keys = [(p, normalize(p)) for p, _ in vocab.products]
        self.vendor_display = {normalize(v): v for _p, v in vocab.products if v}
        # h39: the initials of two or more consecutive words of a product's name ("bp" = Business Premium)
        self.initials: dict[str, set[str]] = {}
        for product, key in self.product_keys:
            toks = [t for t in key.split() if t.isalpha()]
            for i in range(len(toks)):
                for j in range(i + 2, len(toks) + 1):
                    self.initials.setdefault("".join(t[0] for t in toks[i:j]), set()).add(product)

    # ------------------------------------------------------------------ finding
    def mentions(self, text: str, capitalised: set[str] = frozenset()) -> list[Mention]:
        """Names in ``text`` (folded), non-overlapping, longer and better first; ``capitalised``: words the user
        wrote with a capital (inside the sentence), which may be names even when they are ordinary words."""
        tokens = token_spans(text)
        words = [normalize(t[0].strip(".'")) for t in tokens]
        found = self._full_names(tokens, words, capitalised)
        found += self._families(tokens, words, capitalised)
        found += self._distinctive(tokens, capitalised)
        found += self._short_forms(tokens, words, capitalised)
        for segment in self.vocab.segments:
            pattern = lx.SEGMENT_WORDS.get(segment, re.escape(segment))
            for m in re.finditer(r"\b(?:" + pattern + r")\b", text):
                if named := self._said_as_one(m.group(0), text[:m.start()], text[m.end():]):  # h132: "the medical center"
                    found.append(Mention("client", named, 0.9 if len(named) == 1 else 0.5, m.span(),
                                         ambiguous=named if len(named) > 1 else ()))
                    continue
                family = self._client_family(m.group(0))
                found.append(Mention("client", family, 0.9, m.span()) if family else Mention("segment", (segment,), 0.96, m.span()))
            # "helthcare": a segment's typo (same first letter; "finances" is a word, not a typo of "finance")
            for word, start, end in token_spans(text) if len(segment) >= 6 else ():
                tok = normalize(word)
                if len(tok) >= 6 and tok[0] == segment[0] and not tok.startswith(segment[:-1]) \
                        and self._name_like([tok], capitalised) and get_close_matches(tok, [segment], n=1, cutoff=0.88):
                    found.append(Mention("segment", (segment,), 0.85, (start, end)))
            narrower = lx.SEGMENT_NARROWER.get(segment)
            for m in re.finditer(r"\b(?:" + narrower + r")\b", text) if narrower else ():
                found.append(Mention("segment", (segment,), lx.NARROWER_SCORE, m.span()))
        found.sort(key=lambda m: (-(m.span[1] - m.span[0]), -m.score))
        sets = self._name_word_sets(tokens, words)  # h50: first, over a fuzzy name or a segment's narrower word
        claimed: list[Mention] = []
        for m in [s for s, _ in sets] + found:
            if all(m.span[1] <= c.span[0] or m.span[0] >= c.span[1] for c in claimed):
                claimed.append(m)
        words_only = {id(m): span for m, span in sets}  # the group noun stays for "each / per client" to read
        claimed = [Mention(m.kind, m.names, m.score, words_only[id(m)], m.ambiguous) if id(m) in words_only else m
                   for m in claimed]
        claimed = _one_of_the_family(claimed, text)
        claimed = _narrowed_family(claimed, text)
        claimed = _settled_by_other_mention(claimed)
        claimed = with_name_runs(claimed, tokens, contracts)  # h89: "maple retail": the name's next word, never also a segment
        claimed = [settled_by_next_word(m, tokens, contracts) for m in claimed]  # h96: "ironclad archit": Ironclad Architects
        return [self._with_suffix(self._with_contraction(m, tokens), tokens) for m in claimed]

    def _name_word_sets(self, tokens: list[tuple[str, int, int]],
                        words: list[str]) -> list[tuple[Mention, tuple[int, int]]]:
        """h50: a word (or two) that several clients' names share, right before a group noun: with a plural one
        ("dental clients", "the Ironclad accounts") it names that set of clients, counted together (or per client
        when asked); with a singular one ("the dental client") it names one of them, asked back. Never one of them
        by a fuzzy score or the first match, never the whole segment; a segment's own word ("manufacturing
        clients") stays the segment, and a client's full name before the noun ("Falcon Dental clients") that client."""
        clients = [(name, toks) for kind, name, toks in self.names if kind == "client"]
        found = []
        for k, (noun, _start, end) in enumerate(tokens):
            noun = noun.lower().strip(".'")
            plural = noun in lx.CLIENT_GROUP_PLURAL
            if k == 0 or not plural and noun not in lx.CLIENT_GROUP_SINGULAR:
                continue
            for n in (2, 1):
                run = words[k - n:k] if k >= n else []
                if not run or not all(w.isalpha() and len(w) >= 3 and w not in lx.STOP for w in run):
                    continue
                owners = tuple(dict.fromkeys(name for name, toks in clients if _holds_run(toks, run)))
                if len(owners) < 2:
                    continue
                phrase = _text_of(tokens[k - n:k])
                with_noun = _text_of(tokens[k - n:k + 1])  # h57: "law firms" is the legal segment's own word
                if any(re.fullmatch(lx.SEGMENT_WORDS.get(seg, re.escape(seg)), said) for seg in self.vocab.segments
                       for said in (phrase, with_noun)):
                    break  # "manufacturing clients": the segment
                if k > n and any(_holds_run(toks, [words[k - n - 1], *run]) for _name, toks in clients):
                    break  # "Falcon Dental clients": the client so named
                before = tokens[k - n - 1][0].lower() if k > n else ""
                several = plural or before in ("each", "every")  # "each Ironclad customer": all of them, one by one
                span = (tokens[k - n][1], end)
                found.append((Mention("client", owners, 0.95, span) if several else
                              Mention("client", owners, 0.5, span, ambiguous=owners), (span[0], tokens[k - 1][2])))
                break
        return found

    def _client_family(self, phrase: str) -> tuple[str, ...]:
        """h30: a segment word of two or more words that is also a run of words in several clients' names ("medical
        center" = Crescent / Sterling / Sunrise Medical Center): those clients, never the whole segment silently."""
        words = [re.sub(r"tre(s?)$", r"ter\1", w) for w in normalize(phrase).split()]  # "centre" as "center"
        if len(words) < 2:
            return ()
        singular = words[:-1] + [words[-1][:-1] if words[-1].endswith("s") else words[-1]]
        found = []
        for kind, name, toks in self.names:
            if kind != "client" or name in found:
                continue
            joined = " " + " ".join(toks) + " "
            if any(" " + " ".join(w) + " " in joined for w in (words, singular)):
                found.append(name)
        return tuple(found) if len(found) >= 2 else ()

    def _said_as_one(self, phrase: str, before: str, after: str) -> tuple[str, ...]:
        """h132 (h121 N): "the medical center's margin": a segment phrase said as ONE thing ("the", singular, no
        "clients" after it) that is a run of words in clients' names: the one client so named (Westgate Medical
        Center), or those clients to choose from when several are ("which one did you mean"); never the segment, nor
        several clients summed. Else ()."""
        if not re.search(r"\bthe\s+$", before) or phrase.endswith("s") \
                or re.match(r"\s+(?:clients|accounts|customers|practices|offices|ones)\b", after):
            return ()
        words = [re.sub(r"tre$", "ter", w) for w in normalize(phrase).split()]  # "centre" as "center"
        if len(words) < 2:
            return ()
        return tuple(name for kind, name, toks in self.names
                     if kind == "client" and " " + " ".join(words) + " " in " " + " ".join(toks) + " ")

    @staticmethod
    def _name_like(words: list[str], capitalised: set[str]) -> bool:
        """A span may be fuzzily matched only when it is not ordinary English (or the user capitalised it)."""
        return any(w not in lx.COMMON_WORDS and w not in lx.FILLER and w not in lx.VALID_WORDS and w not in lx.KEYWORDS
                   or w in capitalised for w in words)

    def _full_names(self, tokens: list[tuple[str, int, int]], words: list[str], capitalised: set[str]) -> list[Mention]:
        """Whole names, exactly or with typos ("Meridan Dentl Group"); cheap bounds first for long vocabularies."""
        windows: dict[int, list[str]] = {}
        found = []
        for kind, name, toks in self.names:
            n = len(toks)
            target = " ".join(toks)
            if n not in windows:
                windows[n] = [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]
            for i, window in enumerate(windows[n]):
                if not window or (n == 1 and window[0] != target[0]):
                    continue
                score = 1.0 if window == target else self._similarity(window, target)
                if score < 1.0 and not self._name_like(words[i:i + n], capitalised):
                    continue
                if score < 1.0 and not all(self._name_like([w], capitalised) for w, t in zip(words[i:i + n], toks, strict=False)
                                           if w != t):
                    continue  # h30: "on manufacturing" is not "Horizon Manufacturing": a misspelt word must look like a name
                if score < 1.0 and any(w != t and w in lx.CLIENT_GROUP_PLURAL | lx.CLIENT_GROUP_SINGULAR
                                       for w, t in zip(words[i:i + n], toks, strict=False)):
                    continue  # h50: "the Ironclad account" is not "Ironclad Accounting": a group noun is no name's typo
                if score < 1.0 and not all(w == t or contracts(w, t) or SequenceMatcher(None, w, t).ratio() >= 0.5
                                           for w, t in zip(words[i:i + n], toks, strict=False)):
                    continue  # h39: "microsoft 365 bp" is not "Microsoft 365 E3": a word swapped whole is another name
                if score >= 0.86:
                    found.append(Mention(kind, (name,), score, (tokens[i][1], tokens[i + n - 1][2])))
        return found

    @staticmethod
    def _similarity(window: str, target: str) -> float:
        if abs(len(window) - len(target)) > 0.3 * len(target):
            return 0.0
        matcher = SequenceMatcher(None, window, target)
        if matcher.real_quick_ratio() < 0.86 or matcher.quick_ratio() < 0.86:
            return 0.0
        return matcher.ratio()

    def _families(self, tokens: list[tuple[str, int, int]], words: list[str],
                  capitalised: set[str] = frozenset()) -> list[Mention]:
        """Product families ("microsoft 365" = every product whose name starts with those words) and vendors."""
        found = []
        for i in range(len(words)):
            for n in (3, 2, 1):
                if i + n > len(words):
                    continue
                phrase = " ".join(words[i:i + n])
                family = tuple(p for p, key in self.product_keys if key.startswith(phrase + " ") or key == phrase)
                if n >= 2 and not family and not set(words[i:i + n]) & lx.STOP:
                    family = tuple(p for p, key in self.product_keys if f" {phrase} " in f" {key} ")  # "Business Premium"
                if n >= 2 and family:
                    found.append(Mention("product", family, 0.97, (tokens[i][1], tokens[i + n - 1][2])))
                    break
                if n == 1 and phrase in self.vendors:
                    found.append(Mention("product", self.vendors[phrase], 0.95, (tokens[i][1], tokens[i][2])))
                elif n == 1 and len(phrase) >= 4 and phrase not in self.known_words and self._name_like([phrase], set()):
                    near = self._near_vendors(phrase, capitalised)  # "microsft", "dato": a vendor's typo; two as close: asked
                    span = (tokens[i][1], tokens[i][2])
                    if len(near) == 1:
                        found.append(Mention("product", self.vendors[near[0]], 0.85, span))
                    elif near:
                        shown = tuple(self.vendor_display.get(v, v) for v in near)
                        found.append(Mention("product", tuple(p for v in near for p in self.vendors[v]), 0.5, span,
                                             ambiguous=shown))
        return found

    def _near_vendors(self, word: str, capitalised: set[str] = frozenset()) -> list[str]:
        """h39: the vendors a word is a typo of, by the rule names' typos follow elsewhere: the same first letter and one
        edit (a letter left out, doubled, swapped or changed: "dato", "dattto", "datta" for Datto), two for a vendor of
        nine letters or more; or the close spelling of a long one ("microsft"). Short forms ("ms") are not typo targets."""
        from moat.ai.period_typos import english_words

        if word not in capitalised and word in english_words():
            return []  # "ditto" is a word, not a typo of Datto (written "Ditto" inside a sentence it may be a name)
        names = [v for v in self.vendors if v not in lx.VENDOR_SHORT and len(v) >= 4 and v[0] == word[0]]
        near = [v for v in names if edits(word, v) <= (2 if len(v) >= 9 else 1)]
        near += [v for v in get_close_matches(word, [v for v in names if len(v) >= 6], n=1, cutoff=0.88) if v not in near]
        return near

    def _short_forms(self, tokens: list[tuple[str, int, int]], words: list[str], capitalised: set[str]) -> list[Mention]:
        """h39: a product named by a short form, as names are shortened in writing: the initials of two or more of its
        words ("BP" = Business Premium) or each word a shortened form of the next word of its name ("bus premium",
        "business prem"). Only a span that is not ordinary English; two products that fit are asked back."""
        found = []
        for i, word in enumerate(words):
            if 2 <= len(word) <= 4 and word.isalpha() and word not in self.known_words and word not in _CHAT and \
                    self._name_like([word], capitalised) and word in self.initials:
                products = tuple(sorted(self.initials[word]))
                span = (tokens[i][1], tokens[i][2])
                found.append(Mention("product", products, 0.85, span) if len(products) == 1 else
                             Mention("product", products, 0.5, span, ambiguous=products))
        for i in range(len(words) - 1):
            for n in (3, 2):
                window = words[i:i + n]
                if len(window) < n or all(w in self.known_words for w in window) or set(window) & lx.STOP:
                    continue
                products = tuple(p for p, key in self.product_keys if _contracted_run(window, key.split()))
                if products:
                    span = (tokens[i][1], tokens[i + n - 1][2])
                    found.append(Mention("product", products, 0.85, span) if len(products) == 1 else
                                 Mention("product", products, 0.5, span, ambiguous=products))
                    break
        return found

    def _distinctive(self, tokens: list[tuple[str, int, int]], capitalised: set[str]) -> list[Mention]:
        """One distinctive word ("Meridian", "Priya", "Defender"); a shared one ("Olga") is asked back; two words
        written apart that are one name ("sentinel one" = SentinelOne)."""
        found = []
        for (a, start, _), (b, _, end) in zip(tokens, tokens[1:], strict=False):
            joined = normalize(a) + normalize(b)
            if joined in self.vendors:
                found.append(Mention("product", self.vendors[joined], 0.9, (start, end)))
            elif joined in self.unique_token:
                kind, name = self.unique_token[joined].split(":", 1)
                found.append(Mention(kind, (name,), 0.9, (start, end)))
        for word, start, end in tokens:
            tok = normalize(word)
            if not self._name_like([tok], capitalised) and not self._heads_its_names(tok):
                continue
            owner = self.unique_token.get(tok)
            score = 0.92
            if owner is None and tok.endswith("s") and len(tok) >= 4 and tok not in self.known_words \
                    and tok[:-1] in self.unique_token:  # h5: "toms hours": a possessive typed without its apostrophe
                owner, score = self.unique_token[tok[:-1]], 0.9
            if owner is None and len(tok) >= 5:
                close = get_close_matches(tok, list(self.unique_token), n=1, cutoff=0.85)
                owner = self.unique_token[close[0]] if close and not word_not_name(tok, close[0]) else None  # h128
                score = 0.85
            if owner is None and (guess := one_edit_owner(tok, self.unique_token)) is not None:
                owner, score = guess, GUESS_SCORE  # h68: "Pirya", "Prya": one letter off one name, flagged as a guess
            if owner is not None:
                kind, name = owner.split(":", 1)
                found.append(Mention(kind, (name,), score, (start, end)))
            elif tok in self.shared_token:
                settled = self._settled_by_neighbour(tok, tokens, start, end) or self._settled_by_later_words(tok, tokens, start)
                if settled is not None:
                    found.append(settled)
                    continue
                owners = sorted(self.shared_token[tok])
                kinds = {o.split(":", 1)[0] for o in owners}
                if len(kinds) == 1 and next(iter(kinds)) in ("client", "technician"):
                    names = tuple(dict.fromkeys(o.split(":", 1)[1] for o in owners))
                    found.append(Mention(next(iter(kinds)), names, 0.5, (start, end), ambiguous=names))
        return found

    def _heads_its_names(self, tok: str) -> bool:
        """h23: an ordinary English word that is the first word of every client or technician name holding it ("harbor"
        of Harbor Logistics; Harborview is another word; "summit" of three Summit clients, then asked back) names them,
        even written in lower case; keywords, filler and words the parser reads ("group", "capital") never do."""
        if tok in lx.FILLER or tok in lx.VALID_WORDS or tok in lx.KEYWORDS or tok in lx.STOP or len(tok) < 4:
            return False
        owners = [self.unique_token[tok]] if tok in self.unique_token else sorted(self.shared_token.get(tok, ()))
        if not owners:
            return False
        kinds_names = [o.split(":", 1) for o in owners]
        return all(kind in ("client", "technician") and normalize(name).split()[0] == tok for kind, name in kinds_names)

    def _settled_by_later_words(self, tok: str, tokens: list[tuple[str, int, int]], start: int) -> Mention | None:
        """h30: a shared word settled by the word after it when that word is the initials of the rest of exactly one
        of its names ("Acme CU" = Acme Credit Union) or one of that name's later words that the others lack ("Zenith
        clinic" = Zenith Family Clinic, not Zenith Manufacturing)."""
        at = next((i for i, t in enumerate(tokens) if t[1] == start), None)
        if at is None or at + 1 >= len(tokens):
            return None
        following = normalize(tokens[at + 1][0].strip(".'"))
        if not following.isalpha() or len(following) < 2:
            return None
        fits = []
        for owner in sorted(self.shared_token[tok]):
            kind, name = owner.split(":", 1)
            words = normalize(name).split()
            rest = words[words.index(tok) + 1:] if tok in words else []
            initials = "".join(w[0] for w in rest)
            singular = following[:-1] if following.endswith("s") else following
            if rest and (len(rest) >= 2 and following == initials or following in rest or singular in rest):
                fits.append((kind, name))
        if len({name for _, name in fits}) != 1:
            return None
        kind, name = fits[0]
        return Mention(kind, (name,), 0.9, (start, tokens[at + 1][2]))

    def _settled_by_neighbour(self, tok: str, tokens: list[tuple[str, int, int]], start: int, end: int) -> Mention | None:
        """A word two names share ("Westgate") settled by the word written next to it when only one of those names
        has that word there ("Westgate Law" = Westgate Law Partners, not Westgate Accounting)."""
        at = next((i for i, t in enumerate(tokens) if t[1] == start), None)
        if at is None or at + 1 >= len(tokens):
            return None
        following = normalize(tokens[at + 1][0].strip(".'"))
        fits = []
        for owner in sorted(self.shared_token[tok]):
            kind, name = owner.split(":", 1)
            words = normalize(name).split()
            if any(w == tok and i + 1 < len(words) and contracts(following, words[i + 1]) for i, w in enumerate(words)):
                fits.append((kind, name))
        if len({name for _, name in fits}) != 1:
            return None
        kind, name = fits[0]
        return Mention(kind, (name,), 0.93, (start, tokens[at + 1][2]))

    @staticmethod
    def _with_contraction(m: Mention, tokens: list[tuple[str, int, int]]) -> Mention:
        """h29: "Brightpath Mfg": the word after a one-name mention that shortens the name's next word (``contracts``)
        belongs to the name (it was left over and refused as an unknown name); h116: so do the initials of the rest of
        the name ("Beacon MC" = Beacon Medical Center), as for a shared first word."""
        if len(m.names) != 1 or m.ambiguous or m.kind not in ("client", "technician"):
            return m
        words = normalize(m.names[0]).split()
        said = [i for i, t in enumerate(tokens) if t[1] >= m.span[0] and t[2] <= m.span[1]]
        if not said or said[-1] + 1 >= len(tokens):
            return m
        last = normalize(tokens[said[-1]][0].strip(".'"))
        word, start, stop = tokens[said[-1] + 1]
        following = normalize(word.strip(".'"))
        if start - m.span[1] > 2 or last not in words:
            return m
        at = words.index(last)
        if at + 1 < len(words) and following != words[at + 1] and contracts(following, words[at + 1]):
            return Mention(m.kind, m.names, m.score, (m.span[0], stop), m.ambiguous)
        if len(words) - at - 1 >= 2 and following == "".join(w[0] for w in words[at + 1:]):
            return Mention(m.kind, m.names, m.score, (m.span[0], stop), m.ambiguous)  # h116: "Beacon MC"
        return m

    @staticmethod
    def _with_suffix(m: Mention, tokens: list[tuple[str, int, int]]) -> Mention:
        """A client's legal suffix after its name ("Acme Engineering Inc.") belongs to the name, as in uploads."""
        if m.kind != "client":
            return m
        end = m.span[1]
        for word, start, stop in tokens:
            if start >= end and start - end <= 2 and normalize(word) in _SUFFIX_WORDS | {"co"}:
                end = stop
        return Mention(m.kind, m.names, m.score, (m.span[0], end), m.ambiguous)

    # ------------------------------------------------------------------ unknown names
    def unknown_names(self, question: str) -> list[str]:
        """Capitalised words that name something we do not know ("Apple", "Google") — never answered as totals."""
        allowed = {"i", "q1", "q2", "q3", "q4", "h1", "h2", "ehr", "msp", "sku", "skus", "ytd", "usd", "ehrs", "microsoft", "m365",
                   "o365", "office", "what", "which", "who", "how", "show", "list", "give", "tell", "top", "bottom", "our",
                   "in", "for", "the", "and", "is", "was", "did", "does", "do", "are", "were", "ceo", "please", "yoy", "mom",
                   "vs", "why", "gimme"}
        allowed |= set(NUMBER_WORDS) | set(MONTHS) | lx.FILLER
        question = without_calendar_days(question)  # h136: "since New Year's Day" is a date, no name
        unknown = []
        for m in re.finditer(r"\b[A-Z][a-zA-Z0-9&'-]+", question):
            if m.start() == 0 or question[:m.start()].rstrip().endswith((".", "?", "!", ":", '"')):
                continue
            word = re.sub(r"'s$", "", m.group(0)).lower()
            if all(part in allowed for part in word.split("-") if part):  # "Oct-Dec"
                continue
            if fold(m.group(0)) != word:  # an abbreviation or spelling the lexicon reads ("GM", "QTD", "FY26", "Q3'26")
                continue
            if m.group(0).isupper() and len(word) > 1 and (word in lx.STOP or word in lx.COMMON_WORDS or word in lx.VALID_WORDS):
                continue  # h30: "did we NOT bill", "ONLY Harbor": an ordinary word in capitals is emphasis, not a name
            if re.fullmatch(r"[qh][1-4][-/]?(?:19|20)?\d\d", word):
                continue  # h30: "Q4-2024", "H1-25": a period, read by the period rules
            if word in allowed or word in self.known_words or normalize(word) in self.known_words \
                    or normalize(word) in _SUFFIX_WORDS:
                continue
            unknown.append(m.group(0))
        return unknown


def capitalised_words(question: str) -> set[str]:
    """Words written with a capital inside the sentence (a person writing a name), lower-cased."""
    out = set()
    for m in re.finditer(r"\b[A-Z][\w'-]*", question):
        if m.start() == 0 or question[:m.start()].rstrip().endswith((".", "?", "!", ":")):
            continue
        out.add(normalize(m.group(0)))
    return out
