"""The deterministic question parser: words -> an ``Intent`` of the catalogue, with a parse confidence.

Order of work, each step removing what it understood from the text so later steps cannot misread it:
1. refusals that need no parsing (changing data, forecasts);
2. the period (``moat.ai.periods``);
3. names: clients, technicians, products/vendors and segments of *this* database, matched fuzzily (typos,
   first names, a distinctive word such as "Meridian") — an ambiguous mention is asked back, never guessed;
4. ranking: top/bottom N (digits or number words), superlatives, thresholds ("above 80%", "over $5k"),
   "lost money", "below target", "over-/under-utilised", "how many";
   risk ("at risk", "riskiest", "churn") and unusual months ("anomalies", "spikes") leave here as their own
   intents, answered by ``moat.analytics.risk`` / ``moat.analytics.anomalies`` (see ``_analytics``);
5. the metric (synonyms) and the grouping.
What it cannot place lowers the confidence; with no metric at all, or an unknown name, it refuses with
suggestions. When several metrics fit equally ("costs", "how is X doing"), it returns the candidates so the
engine can let the model choose among catalogue labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from difflib import SequenceMatcher, get_close_matches
from typing import Any

from moat.ai.catalogue import METRICS, Intent, Threshold, groupings_of, validate
from moat.ai.periods import NUMBER_WORDS, find_period, number
from moat.metrics.periods import Period
from moat.names import normalize

SUGGESTIONS = [
    "Which 5 clients had the lowest gross margin last quarter?",
    "How much do unused Microsoft 365 licences cost us per month?",
    "Who was the busiest technician in March?",
    "What was our revenue in Q1 2026?",
    "Which clients lost money this year?",
]

# Spelling variants folded before matching (British/American, abbreviations).
_FOLD = [
    (r"\blicen[cs]e", "license"), (r"\butili[sz]ation", "utilization"), (r"\butili[sz]ed", "utilized"),
    (r"\blabou?r\b", "labor"), (r"\bm365\b|\bo365\b|\boffice 365\b|\bms 365\b", "microsoft 365"),
    (r"\btechs\b", "technicians"), (r"\btech\b", "technician"), (r"\bcustomers?\b", "clients"),
    (r"\bnon[- ]profits?\b", "nonprofit"), (r"\bhealth care\b", "healthcare"), (r"%", " percent"),
    (r"\bpct\b", "percent"), (r"\byrs?\b", "year"), (r"\bqtr\b", "quarter"), (r"\bmth\b|\bmo\b", "month"),
]
# Metric words a typo may hide ("revnue", "grss profit"): close spellings are corrected before matching.
KEYWORDS = ["revenue", "gross", "profit", "profitable", "margin", "margins", "hours", "utilization", "utilized", "billable",
            "waste", "wasted", "unused", "labor", "license", "licenses", "licensing", "seats", "effective", "hourly",
            "technician", "technicians", "clients", "client", "products", "segment", "monthly", "quarter", "turnover",
            "income", "sales", "invoiced", "busiest", "trend", "costs", "overhead"]

_REFUSE_ACTIONS = re.compile(
    r"^\s*(?:please\s+)?(?:delete|drop|remove|update|insert|truncate|alter|create|rename|email|send|upload|reset|"
    r"change|set|grant|modify|erase|wipe)\b|\b(?:drop|delete|truncate)\s+(?:table|from|all)\b"
)
_REFUSE_FUTURE = re.compile(
    r"\b(?:forecast|predict|prediction|projected|projection|next (?:year|month|quarter|week)|will (?:we|our|it|they)|"
    r"going to be|in the future|tomorrow)\b"
)

# (pattern, metric): the first pattern that matches decides; specific phrases come before general words.
METRIC_PATTERNS: list[tuple[str, str]] = [
    (r"\bhow many (?:unused|idle|inactive|spare) (?:seats|licenses)\b|\bunused seats\b(?! cost)", "seats_unused"),
    (r"\b(?:unused|idle|wasted?|inactive|spare|shelfware|unutilized)\b[\w\s]{0,30}\b(?:licenses?|seats?|subscriptions?)\b|"
     r"\blicenses?[\w\s]{0,20}\b(?:nobody|no one|not) (?:uses?|used)\b|\blicense waste\b|\bwaste\b|\bwasted\b|\bshelfware\b|"
     r"\bwasting\b", "license_waste"),
    (r"\blicense (?:utilization|usage|use|assignment)\b|\bseat (?:utilization|usage|assignment)\b|"
     r"\bshare of (?:seats|licenses) assigned\b", "license_utilization"),
    (r"\blicense activity\b|\bseat activity\b|\bactive (?:seat|license) (?:share|rate)\b|\bshare of seats active\b",
     "license_activity"),
    (r"\bseats?\b|\blicenses? (?:purchased|bought)\b|\bhow many licenses\b|\bnumber of licenses\b", "seats_purchased"),
    (r"\blicense (?:costs?|spend|spending|bill)\b|\blicensing\b|\bsoftware (?:costs?|spend)\b|\bsubscription costs?\b|"
     r"\bspend on licenses\b|\bspent on licenses\b|\blicenses cost\b|\bcost of licenses\b", "license_cost"),
    (r"\btotal utilization\b|\boverall utilization\b|\butilization including non-?billable\b", "total_utilization"),
    (r"\bbillable utilization\b|\butilization\b|\butilized\b|\bover-?utilized\b|\bunder-?utilized\b|\bcapacity used\b",
     "billable_utilization"),
    (r"\bbillable hours\b|\bhours billed\b", "billable_hours"),
    (r"\bavailable hours\b|\bcapacity\b|\bhours available\b", "available_hours"),
    (r"\beffective hourly rate\b|\behr\b|\bhourly rate\b|\brevenue per hour\b|\brate per hour\b|\bper hour\b|"
     r"\beffective rate\b", "ehr"),
    (r"\bmargins?\b", "gross_margin"),
    (r"\bgross profit\b|\bprofits?\b|\bprofitable\b|\bprofitability\b|\bmade (?:the )?most money\b|\bearn(?:ed)? (?:us )?the most\b|"
     r"\bmoney[- ]makers?\b", "gross_profit"),
    (r"\blabor costs?\b|\blabor\b|\bstaff costs?\b|\bpayroll\b|\btechnician costs?\b|\bcost of (?:our )?technicians\b",
     "labour_cost"),
    (r"\bother (?:direct )?costs?\b|\bdirect costs?\b|\bhardware\b|\btravel\b|\bsubcontractors?\b|\bpass-?through costs?\b",
     "other_cost"),
    (r"\brevenue\b|\bsales\b|\bincome\b|\bturnover\b|\binvoic(?:e|ed|es|ing)\b|\bbilled\b|\bbillings?\b|\bpaid us\b|\bpay us\b|\bpays us\b|"
     r"\bbrought in\b|\bbring in\b|\bbiggest clients\b|\blargest clients\b|\bbig(?:gest)? spenders?\b|\bearnings\b", "revenue"),
    (r"\bhours\b|\btime spent\b|\btime logged\b|\bworked\b|\bbusiest\b|\bmost time\b|\bworkload\b|\bhardest working\b|"
     r"\bbusy\b|\btime\b", "hours"),
]
# Words that fit several metrics equally: the candidates are offered to the model (or the first is taken).
VAGUE_PATTERNS: list[tuple[str, list[str]]] = [
    (r"\bcosts?\b|\bexpenses?\b|\bspend(?:ing)?\b|\bspent\b", ["labour_cost", "license_cost", "other_cost"]),
    (r"\bdoing\b|\bperform(?:ing|ance|ed)?\b|\bhealth(?:y)?\b|\bresults?\b|\bbest clients\b|\bworst clients\b",
     ["gross_margin", "gross_profit", "revenue"]),
]

_GROUP_PATTERNS = [
    ("month", r"\b(?:per|by|each|every|a) month\b|\bmonthly\b|\bmonth by month\b|\bmonth[- ]over[- ]month\b|\btrend(?:s|ing)?\b|"
              r"\bover time\b|\btrended\b|\bevolution\b|\bevolved\b|\bdeveloped\b|\bmonth to month\b"),
    ("segment", r"\bsegments?\b|\bindustr(?:y|ies)\b|\bverticals?\b|\bsectors?\b"),
    ("technician", r"\btechnicians?\b|\bengineers?\b|\bstaff\b|\bemployees?\b|\bpeople\b|\bteam members?\b"),
    ("product", r"\bproducts?\b|\bskus?\b|\blicense types?\b|\bwhich licenses\b|\bwhat licenses\b|\bvendors?\b|\bsubscriptions\b"),
    ("client", r"\bclients?\b|\baccounts?\b"),
]

_DESC = r"top|highest|most|biggest|largest|best|busiest|greatest|max(?:imum)?|heaviest|strongest|leading"
_ASC = r"bottom|lowest|least|smallest|worst|fewest|min(?:imum)?|weakest|poorest"
_NUM = r"\d+|" + "|".join(sorted((re.escape(k) for k in NUMBER_WORDS if k not in ("a", "an")), key=len, reverse=True))
_ENTITY_NOUN = r"clients?|technicians?|engineers?|products?|segments?|accounts?|skus?|industr(?:y|ies)|people|staff"

_THRESH = re.compile(
    r"(?P<op>more than|greater than|higher than|larger than|bigger than|over|above|exceeding|in excess of|at least|"
    r"no less than|>=|>|less than|lower than|smaller than|fewer than|under|below|at most|no more than|<=|<)\s*"
    r"(?P<cur>\$|usd\s*)?(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*(?P<mult>k|m|thousand|million)?\s*(?P<pct>percent)?"
)
_OPS = {
    "more than": ">", "greater than": ">", "higher than": ">", "larger than": ">", "bigger than": ">", "over": ">",
    "above": ">", "exceeding": ">", "in excess of": ">", "at least": ">=", "no less than": ">=", ">=": ">=", ">": ">",
    "less than": "<", "lower than": "<", "smaller than": "<", "fewer than": "<", "under": "<", "below": "<",
    "at most": "<=", "no more than": "<=", "<=": "<=", "<": "<",
}

# Words that never identify an entity on their own, even when only one name contains them.
GENERIC = {
    "group", "partners", "law", "family", "clinic", "foundation", "capital", "retail", "dental", "logistics", "accounting",
    "engineering", "realty", "medical", "center", "credit", "union", "architects", "outfitters", "manufacturing",
    "business", "premium", "basic", "online", "plan", "complete", "protection", "managed", "for", "the", "and", "of",
    "services", "saas", "edr", "microsoft", "365", "total", "top", "best", "most", "last", "first", "new", "all",
    "sales", "time", "profit", "margin", "revenue", "hours", "cost", "costs", "client", "clients", "month",
}
_STOP = {
    "what", "whats", "which", "who", "how", "much", "many", "is", "are", "was", "were", "did", "does", "do", "the", "a",
    "an", "our", "us", "we", "in", "on", "for", "of", "to", "by", "with", "and", "or", "me", "show", "list", "give",
    "tell", "from", "at", "per", "have", "has", "had", "it", "its", "this", "that", "there", "their", "my", "i", "you",
    "please", "s", "be", "been", "get", "got", "each", "every", "all", "any", "made", "make", "during", "over", "than",
}


def fold(text: str) -> str:
    """Lower-case, unify spellings and punctuation; keeps character positions meaningful for spans."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[?!;:\"()\[\]]", " ", text)
    for pattern, repl in _FOLD:
        text = re.sub(pattern, repl, text)
    text = re.sub(r"(?<=\w)\.(?=\s|$)|,(?=\s)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_VALID_WORDS = {"hour", "cost", "seat", "month", "year", "week", "rate", "spend", "most", "least", "best", "worst", "over",
                "under", "above", "below", "gross", "total", "with", "which", "much", "many", "have", "more", "less", "than",
                "show", "list", "give", "last", "first", "since", "team", "time", "work", "worked", "logged", "percent"}


def correct_typos(text: str, protected: set[str]) -> tuple[str, list[str]]:
    """Replace words that are near-misses of metric keywords (never names from the data, never short words)."""
    fixes = []

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        if len(word) < 4 or word in KEYWORDS or word in protected or word in _STOP:
            return word
        close = get_close_matches(word, KEYWORDS, n=1, cutoff=0.8)
        if close and close[0].rstrip("s") != word.rstrip("s") and close[0] not in (word + "d", word + "ed"):
            fixes.append(f"{word} -> {close[0]}")
            return close[0]
        return word

    return re.sub(r"[a-z]+", fix, text), fixes


@dataclass(frozen=True)
class Vocabulary:
    """The names a question may mention, read from the current data (via the safe connection)."""

    clients: tuple[str, ...]
    technicians: tuple[str, ...]
    products: tuple[tuple[str, str], ...]  # (product, vendor)
    segments: tuple[str, ...]

    @classmethod
    def load(cls, con: Any) -> Vocabulary:
        from moat.db import rows

        clients = tuple(r[0] for r in rows(con, "SELECT DISTINCT client_name FROM cur_clients ORDER BY 1"))
        techs = tuple(r[0] for r in rows(con, "SELECT DISTINCT technician_name FROM cur_technicians ORDER BY 1"))
        products = tuple((r[0], r[1] or "") for r in rows(
            con, "SELECT product, any_value(vendor) FROM cur_licenses GROUP BY product ORDER BY 1"))
        segments = tuple(r[0] for r in rows(
            con, "SELECT DISTINCT lower(segment) FROM cur_clients WHERE segment IS NOT NULL ORDER BY 1"))
        return cls(clients, techs, products, segments)


@dataclass
class Mention:
    kind: str  # client | technician | product | segment
    names: tuple[str, ...]
    score: float
    span: tuple[int, int]
    ambiguous: tuple[str, ...] = ()


@dataclass
class Parse:
    """The parser's reading of a question: an intent (or a refusal) and how sure it is."""

    question: str
    intent: Intent | None
    confidence: float
    candidates: list[Intent] = field(default_factory=list)  # alternatives for the model, first = our choice
    refusal: str | None = None
    suggestions: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def unsure(self) -> bool:
        return len(self.candidates) > 1


_SEGMENT_WORDS = {
    "healthcare": r"healthcare|medical practices|clinics",
    "legal": r"legal|law firms?",
    "manufacturing": r"manufacturing|manufacturers?",
    "nonprofit": r"nonprofit|charit(?:y|ies)",
    "finance": r"finance|financial|banks|banking",
    "retail": r"retail|retailers?|shops|stores",
}


# "At risk" is the client risk score (moat.analytics.risk) unless a margin is named ("margins at risk") or a
# target is ("below target"): those stay gross margin below the target margin.
RISK_ALERT_SCORE = 30.0  # default of setting risk_alert_score: one full signal (e.g. revenue down 30%) is an alert
_MARGIN_TARGET = re.compile(r"\b(?:below|under|beneath) (?:the |our )?(?:margin )?target\b|\bmiss(?:ed|es|ing)? (?:the |our )?"
                            r"(?:margin )?target\b|\bbelow (?:the )?target margin\b")
_RISK = re.compile(r"\bat risk\b|\brisk(?:y|ier|iest)?\b|\bchurn(?:s|ed|ing)?\b|\blikely to (?:leave|churn|cancel)\b|"
                   r"\bin danger of (?:leaving|churning)\b|\bflight risk\b|\bsafest\b")
_AT_RISK = re.compile(r"\bat risk\b|\bchurn(?:s|ed|ing)?\b|\blikely to (?:leave|churn|cancel)\b|\bin danger of\b|"
                      r"\bflight risk\b")
_ANOMALY = re.compile(r"\banomal(?:y|ies|ous)\b|\bunusual\b|\boutliers?\b|\bspikes?\b|\bspiked\b|\babnormal\b|"
                      r"\bunexpected\b|\bout of the ordinary\b|\bodd (?:months?|changes?|jumps?)\b|\bstrange\b|\birregular\b")
_SERIES_WORDS = {
    "costs": r"\bcosts?\b|\bspend(?:ing)?\b|\bexpenses?\b",
    "hours": r"\bhours\b|\btime\b|\bworkload\b",
    "seats": r"\bseats?\b|\blicenses?\b|\bseat counts?\b",
}


def _token_spans(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[a-z0-9][a-z0-9&'.-]*", text)]


class Parser:
    """Built once per data version (the vocabulary), then ``parse`` is pure and fast."""

    def __init__(self, vocab: Vocabulary, target_margin: float = 0.30, utilization_low: float = 0.70,
                 utilization_high: float = 0.80, default_period: Period | None = None,
                 risk_alert_score: float = RISK_ALERT_SCORE) -> None:
        self.vocab = vocab
        self.risk_alert_score = risk_alert_score
        self.target_margin = target_margin
        self.utilization_low = utilization_low
        self.utilization_high = utilization_high
        self.default_period = default_period
        self._names: list[tuple[str, str, list[str]]] = []  # (kind, display name, normalised tokens)
        for name in vocab.clients:
            self._names.append(("client", name, normalize(name).split()))
        for name in vocab.technicians:
            self._names.append(("technician", name, normalize(name).split()))
        for product, _vendor in vocab.products:
            self._names.append(("product", product, normalize(product).split()))
        token_owners: dict[str, set[str]] = {}
        for kind, name, toks in self._names:
            for tok in toks:
                token_owners.setdefault(tok, set()).add(f"{kind}:{name}")
        self._unique_token = {
            tok: next(iter(owners)) for tok, owners in token_owners.items()
            if len(owners) == 1 and tok not in GENERIC and tok not in _STOP and len(tok) >= 2 and not tok.isdigit()
        }
        self._shared_token = {tok: owners for tok, owners in token_owners.items() if len(owners) > 1 and tok not in GENERIC
                              and tok not in _STOP and len(tok) >= 3 and not tok.isdigit()}
        self._vendors: dict[str, tuple[str, ...]] = {}
        for product, vendor in vocab.products:
            if vendor:
                self._vendors.setdefault(normalize(vendor), ())
                self._vendors[normalize(vendor)] += (product,)
        self._known_words = {tok for _, _, toks in self._names for tok in toks} | set(self._vendors)
        self._product_keys = [(p, normalize(p)) for p, _ in vocab.products]

    # ------------------------------------------------------------------ names
    def _mentions(self, text: str) -> list[Mention]:
        tokens = _token_spans(text)
        words = [normalize(t[0].strip(".'")) for t in tokens]  # normalised once per question
        windows: dict[int, list[str]] = {}
        found: list[Mention] = []
        # full names (fuzzy: typos, "Centre"/"Center"), cheap bounds first so long vocabularies stay fast
        for kind, name, toks in self._names:
            n = len(toks)
            target = " ".join(toks)
            if n not in windows:
                windows[n] = [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]
            for i, window in enumerate(windows[n]):
                if not window or (n == 1 and window[0] != target[0]):
                    continue
                if window == target:
                    score = 1.0
                else:
                    if abs(len(window) - len(target)) > 0.3 * len(target):
                        continue
                    matcher = SequenceMatcher(None, window, target)
                    if matcher.real_quick_ratio() < 0.86 or matcher.quick_ratio() < 0.86:
                        continue
                    score = matcher.ratio()
                if score >= 0.86:
                    found.append(Mention(kind, (name,), score, (tokens[i][1], tokens[i + n - 1][2])))
        # product families ("microsoft 365" = every product whose name starts with those words) and vendors
        for i in range(len(words)):
            for n in (3, 2, 1):
                if i + n > len(words):
                    continue
                phrase = " ".join(words[i:i + n])
                family = tuple(p for p, key in self._product_keys if key.startswith(phrase + " ") or key == phrase)
                if n >= 2 and len(family) >= 1:
                    found.append(Mention("product", family, 0.97, (tokens[i][1], tokens[i + n - 1][2])))
                    break
                if n == 1 and phrase in self._vendors:
                    found.append(Mention("product", self._vendors[phrase], 0.95, (tokens[i][1], tokens[i][2])))
        # one distinctive word ("Meridian", "Priya", "Defender")
        for (word, start, end) in tokens:
            tok = normalize(word)
            owner = self._unique_token.get(tok)
            if owner is None and len(tok) >= 5:
                close = get_close_matches(tok, list(self._unique_token), n=1, cutoff=0.85)
                owner = self._unique_token[close[0]] if close else None
                score = 0.85
            else:
                score = 0.92
            if owner is not None:
                kind, name = owner.split(":", 1)
                found.append(Mention(kind, (name,), score, (start, end)))
            elif tok in self._shared_token:
                owners = sorted(self._shared_token[tok])
                kinds = {o.split(":", 1)[0] for o in owners}
                if len(kinds) == 1 and next(iter(kinds)) in ("client", "technician"):
                    names = tuple(o.split(":", 1)[1] for o in owners)
                    found.append(Mention(next(iter(kinds)), names, 0.5, (start, end), ambiguous=names))
        # segments
        for segment in self.vocab.segments:
            pattern = _SEGMENT_WORDS.get(segment, re.escape(segment))
            for m in re.finditer(r"\b(?:" + pattern + r")\b", text):
                found.append(Mention("segment", (segment,), 0.96, m.span()))
        # claim non-overlapping spans: longer and better first
        found.sort(key=lambda m: (-(m.span[1] - m.span[0]), -m.score))
        claimed: list[Mention] = []
        for m in found:
            if all(m.span[1] <= c.span[0] or m.span[0] >= c.span[1] for c in claimed):
                claimed.append(m)
        return claimed

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _blank(text: str, span: tuple[int, int]) -> str:
        return text[:span[0]] + " " * (span[1] - span[0]) + text[span[1]:]

    def _unknown_names(self, question: str, claimed_raw: list[tuple[int, int]]) -> list[str]:
        """Capitalised words that name something we do not know ("Apple", "Google") — never answered as totals."""
        unknown = []
        allowed = {"i", "q1", "q2", "q3", "q4", "h1", "h2", "ehr", "msp", "sku", "skus", "ytd", "usd", "microsoft", "m365",
                   "o365", "office", "what", "which", "who", "how", "show", "list", "give", "tell", "top", "bottom", "our",
                   "in", "for", "the", "and", "is", "was", "did", "does", "do", "are", "were", "ceo", "please"}
        allowed |= {k for k in NUMBER_WORDS}
        from moat.ai.periods import MONTHS

        allowed |= set(MONTHS)
        for m in re.finditer(r"\b[A-Z][a-zA-Z0-9&'-]+", question):
            if m.start() == 0 or question[:m.start()].rstrip().endswith((".", "?", "!", ":", '"')):
                continue
            word = re.sub(r"'s$", "", m.group(0)).lower()
            if word in allowed or word in self._known_words or normalize(word) in self._known_words:
                continue
            if any(a <= m.start() < b for a, b in claimed_raw):
                continue
            unknown.append(m.group(0))
        return unknown

    # ------------------------------------------------------------------ risk and anomalies
    def _clipped(self, period: Period) -> Period:
        """The period cut at the last month with data (the default period's end), so no empty month is compared."""
        data_end = self.default_period.end if self.default_period is not None else period.end
        return Period(period.start, min(period.end, data_end)) if period.start <= data_end else period

    def _window(self, period: Period) -> Period:
        """The 12-month window (``trend_window``, as the Trends page uses) ending at the period's last month with data."""
        from moat.metrics.trends import trend_window

        return trend_window(self._clipped(period))

    def _analytics(self, raw: str, text: str, period: Period, named: bool, filters: dict[str, tuple[str, ...]],
                   confidence: float, reasons: list[str]) -> Parse | None:
        """Risk-score and unusual-month questions, or None when the question is about neither.

        Risk compares the two halves of a 12-month window ending at the asked period (the Trends page's window),
        so "last quarter" means "the 12 months to the end of last quarter". Unusual months are judged against
        each client's own months of that window and the months inside the asked period are listed (all 12
        when no period is named: a median needs more than one quarter of months to be robust).
        """
        anomaly = _ANOMALY.search(text)
        risk = _RISK.search(text) and not _MARGIN_TARGET.search(text) and not re.search(r"\bmargins?\b", text)
        if not anomaly and not risk:
            return None
        metric = "anomalies" if anomaly else "risk_score"
        count = bool(re.search(r"\b(?:how many|number of|count of|count the)\b", text))
        tm = _THRESH.search(text)
        threshold = None
        if tm and metric == "risk_score":
            threshold = Threshold(_OPS[tm["op"]], float(tm["num"].replace(",", "")))
            text = self._blank(text, tm.span())
        n_match = re.search(r"\b(?:" + _DESC + "|" + _ASC + r"|first)\s+(?P<n>" + _NUM + r")\b", text) or \
            re.search(r"\b(?P<n>" + _NUM + r")\s+(?:\w+\s+){0,2}?(?:" + _DESC + "|" + _ASC + r"|\w+est|clients?|accounts?|"
                      r"anomal(?:y|ies)|months?|spikes?|outliers?)\b", text)
        limit = number(n_match["n"]) if n_match and not count else None
        asc = re.search(r"\b(?:" + _ASC + r"|safest)\b|\bleast risky\b", text)
        order = "asc" if asc and metric == "risk_score" else "desc"
        client = filters.get("client", ())
        if metric == "risk_score":
            window = self._window(period)
            start, end = window.start, window.end
            label = f"12 months to {end.isoformat()}"
            one_client = len(client) == 1 and limit is None and not count
            if threshold is None and _AT_RISK.search(text) and not asc and not one_client:
                threshold = Threshold(">=", self.risk_alert_score)
                reasons.append(f"'at risk' read as a risk score of {self.risk_alert_score:g} or more (risk_alert_score)")
            single = len(client) == 1 and threshold is None and limit is None and not count
            if single:
                order = None
            elif limit is None and threshold is None and not count:
                limit = 5 if re.search(r"\bclients\b|\baccounts\b|\bscores\b", text) else 1
            series: tuple[str, ...] = ()
            reasons.append(f"risk compares the two halves of the 12 months to {end.isoformat()}")
        else:
            window = self._clipped(period) if named else self._window(period)
            start, end = window.start, window.end
            label = "asked period" if named else f"12 months to {end.isoformat()}"
            series = tuple(name for name, pattern in _SERIES_WORDS.items() if re.search(pattern, text))
            if len(series) == len(_SERIES_WORDS):
                series = ()
            order = None
            if not named:
                reasons.append("no period named: listed the unusual months of the last 12 months with data")
        intent = Intent(metric, "client", start, end, label, tuple(sorted((k, tuple(sorted(v))) for k, v in filters.items())),
                        order, limit, threshold, count, tuple(reasons), series)
        problems = validate(intent)
        if problems:
            return Parse(raw, None, 0.0, refusal=f"I can't answer that from your data: {problems[0]}.", suggestions=SUGGESTIONS,
                         reasons=reasons)
        return Parse(raw, intent, round(confidence, 4), reasons=reasons)

    # ------------------------------------------------------------------ parse
    def parse(self, question: str, as_of: date) -> Parse:
        raw = question.strip()
        text = fold(raw)
        reasons: list[str] = []
        if not text:
            return Parse(raw, None, 0.0, refusal="The question is empty.", suggestions=SUGGESTIONS)
        if _REFUSE_ACTIONS.search(text):
            return Parse(raw, None, 0.0, refusal="I only read your data; I cannot change, delete or send anything.",
                         suggestions=SUGGESTIONS)
        if _REFUSE_FUTURE.search(text):
            return Parse(raw, None, 0.0, refusal="I can only report what your data shows, not forecast the future.",
                         suggestions=SUGGESTIONS)
        confidence = 1.0

        # 1. period
        pm = find_period(text, as_of)
        if pm is not None:
            period, period_label = pm.period, pm.label
            text = self._blank(text, pm.span)
            if period.start > as_of:
                return Parse(raw, None, 0.0, refusal=f"{period} lies after the as-of date {as_of}: there is no data yet.",
                             suggestions=SUGGESTIONS)
        else:
            period = self.default_period or Period(date(as_of.year, 1, 1), as_of)
            period_label = "default period (the last 3 months with data)"
            reasons.append("no period named: used the default period")
            confidence *= 0.9

        # 2. names
        mentions = self._mentions(text)
        filters: dict[str, tuple[str, ...]] = {}
        for m in mentions:
            if m.ambiguous:
                return Parse(raw, None, 0.0, refusal=f"Which one did you mean: {', '.join(m.ambiguous)}?",
                             suggestions=[f"{raw} ({name})" for name in m.ambiguous[:3]])
            if m.kind in filters and set(filters[m.kind]) != set(m.names):
                filters[m.kind] = tuple(dict.fromkeys(filters[m.kind] + m.names))
            else:
                filters[m.kind] = m.names
            confidence *= m.score
            text = self._blank(text, m.span)
            if m.score < 1:
                reasons.append(f"read a name as {m.kind} {', '.join(m.names)} (match {m.score:.2f})")
        name_tokens = {t for m in mentions for n in m.names for t in normalize(n).split()}
        unknown = [w for w in self._unknown_names(raw, [])
                   if not get_close_matches(normalize(w), list(name_tokens), n=1, cutoff=0.75)]
        if unknown:
            names = ", ".join(unknown)
            close = get_close_matches(unknown[0], list(self.vocab.clients) + list(self.vocab.technicians), n=3, cutoff=0.5)
            hint = f" Did you mean {' or '.join(close)}?" if close else ""
            return Parse(raw, None, 0.0, refusal=f"I can't answer that from your data: I don't know {names}.{hint}",
                         suggestions=SUGGESTIONS)

        # 3. risk scores and unusual months: answered by moat.analytics, with their own windows
        special = self._analytics(raw, text, period, pm is not None, filters, confidence, reasons)
        if special is not None:
            return special

        # 4. ranking words
        order: str | None = None
        limit: int | None = None
        threshold: Threshold | None = None
        count = False
        forced_metric: str | None = None
        if re.search(r"\b(?:lost|lose|losing) money\b|\bunprofitable\b|\bin the red\b|\bloss[- ]making\b|"
                     r"\b(?:made|make|making) a loss\b|\bnegative (?:gross )?profit\b|\bat a loss\b", text):
            forced_metric, threshold, order = "gross_profit", Threshold("<", 0.0), "asc"
            text = re.sub(r"\b(?:lost|lose|losing) money\b|\bunprofitable\b|\bin the red\b|\bloss[- ]making\b|"
                          r"\b(?:made|make|making) a loss\b|\bnegative (?:gross )?profit\b|\bat a loss\b", " ", text)
        elif re.search(r"\bnegative (?:gross )?margins?\b", text):
            forced_metric, threshold, order = "gross_margin", Threshold("<", 0.0), "asc"
        if _MARGIN_TARGET.search(text) or (_RISK.search(text) and re.search(r"\bmargins?\b", text)):
            forced_metric, threshold, order = "gross_margin", Threshold("<", self.target_margin), "asc"
            reasons.append(f"read as gross margin below the target margin {self.target_margin:.0%}")
        if re.search(r"\bover-?utilized\b|\boverworked\b|\boverloaded\b|\bover capacity\b|\bstretched\b", text):
            forced_metric, threshold, order = "billable_utilization", Threshold(">", self.utilization_high), "desc"
        elif re.search(r"\bunder-?utilized\b|\bunderused\b|\bunder-?used\b|\bunderworked\b|\bunder capacity\b|\bidle\b", text) \
                and not re.search(r"\blicenses?\b|\bseats?\b", text):
            forced_metric, threshold, order = "billable_utilization", Threshold("<", self.utilization_low), "asc"
        if re.search(r"\b(?:how many|number of|count of|count the)\b\s+(?:\w+\s+){0,2}?(?:" + _ENTITY_NOUN + r")\b", text):
            count = True

        tm = _THRESH.search(text)
        threshold_raw = None
        if tm and threshold is None:
            value = float(tm["num"].replace(",", ""))
            mult = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6}.get(tm["mult"] or "", 1.0)
            threshold_raw = (_OPS[tm["op"]], value * mult, bool(tm["pct"]))
            text = self._blank(text, tm.span())

        n_match = re.search(r"\b(?:" + _DESC + "|" + _ASC + r"|first)\s+(?P<n>" + _NUM + r")\b", text) or \
            re.search(r"\b(?P<n>" + _NUM + r")\s+(?:" + _DESC + "|" + _ASC + r"|\w+est)\b", text) or \
            re.search(r"\b(?P<n>" + _NUM + r")\s+(?:\w+\s+)?(?:" + _ENTITY_NOUN + r")\b", text)
        if n_match:
            limit = number(n_match["n"])
        desc = re.search(r"\b(?:" + _DESC + r")\b", text)
        asc = re.search(r"\b(?:" + _ASC + r")\b", text)
        if desc and asc:
            order = "desc" if desc.start() < asc.start() else "asc"
        elif desc:
            order = order or "desc"
        elif asc:
            order = order or "asc"
        superlative_word = (desc or asc).group(0) if (desc or asc) else ""

        # 5. metric (after the ranking phrases are consumed, so "unprofitable" is never "corrected")
        text, fixes = correct_typos(text, self._known_words | _VALID_WORDS)
        if fixes:
            confidence *= 0.95 ** len(fixes)
            reasons.append("corrected " + ", ".join(fixes))
        metric = forced_metric
        metric_span = None
        candidates: list[str] = []
        if metric is None:
            for pattern, name in METRIC_PATTERNS:
                mm = re.search(pattern, text)
                if mm:
                    metric, metric_span = name, mm.span()
                    break
        if metric in ("billable_utilization", "total_utilization") and re.search(r"\blicenses?\b|\bseats?\b", text):
            metric = "license_utilization"  # "licence product with the lowest utilisation"
        if metric is None:
            for pattern, names in VAGUE_PATTERNS:
                if re.search(pattern, text):
                    candidates = names
                    metric = names[0]
                    confidence *= 0.55
                    reasons.append(f"several measures fit: {', '.join(names)}")
                    break
        if metric is None and count:
            metric = "clients"
        if metric is None and order is not None and re.search(r"\b(?:clients?|accounts?)\b", text):
            metric = "revenue"
            confidence *= 0.7
            reasons.append(f"'{superlative_word}' clients read as by revenue")
        if metric is None:
            return Parse(raw, None, 0.0, refusal="I can't answer that from your data.", suggestions=SUGGESTIONS)
        if metric_span:
            text_wo_metric = self._blank(text, metric_span)
        else:
            text_wo_metric = text
        mdef = METRICS[metric]

        # best/worst mean the good/bad end of the metric (for costs and waste, "worst" is the highest)
        if order and not mdef.higher_is_better and re.fullmatch(r"best|worst", superlative_word or "x"):
            order = "asc" if order == "desc" else "desc"

        # threshold values: percentages as fractions for ratio metrics
        if threshold_raw is not None:
            op, value, pct = threshold_raw
            if mdef.kind == "percent" and (pct or value > 1):
                value = value / 100
            threshold = Threshold(op, value)
            if order is None:
                order = "asc" if op.startswith("<") else "desc"

        # 6. grouping
        grouping = None
        ranked = order is not None or threshold is not None or count
        for name, pattern in _GROUP_PATTERNS:
            found = re.search(pattern, text_wo_metric)
            if not found:
                continue
            cue = re.search(r"\b(?:by|per|each|every|which|what|list|all|across|among|show)\s+(?:\w+\s+){0,2}$",
                            text_wo_metric[:found.start()])
            after = re.match(r"\s*(?:by|ranked|sorted|ordered)\b", text_wo_metric[found.end():])
            if name in ("month", "segment") or ranked or cue or after:
                grouping = name
                break
            # a plain noun ("revenue from healthcare clients") describes, it does not ask for a list
        if grouping == "product" and "product" not in mdef.by and re.search(r"\bsubscriptions\b|\blicenses\b", text_wo_metric):
            grouping = None
        if grouping is None and re.search(r"\bwho\b|\bwhom\b", text):
            grouping = "technician" if ("technician" in mdef.by and ("client" not in mdef.by or re.search(
                r"\bworked\b|\bbusiest\b|\blogged\b|\bhardest\b|\butilization\b|\bbusy\b", raw.lower()))) else "client"
        if grouping is None:
            if "technician" in filters:
                grouping = "technician"
            elif "client" in filters:
                grouping = "client"
            elif "product" in filters and "product" in mdef.by and (order is not None or threshold is not None):
                grouping = "product"
            elif "segment" in filters and order is None and threshold is None:
                grouping = "segment" if "segment" in groupings_of(metric) else "company"
            elif order is not None or threshold is not None or count:
                grouping = next(iter(mdef.by), "company")
                if "technician" in mdef.by and "client" in mdef.by and re.search(r"\bbusiest\b|\bhardest\b", text):
                    grouping = "technician"
                reasons.append(f"ranked per {grouping}")
            else:
                grouping = "company"
        if grouping == "client" and "client" not in mdef.by and "technician" in mdef.by:
            grouping = "technician"
        if grouping == "segment" and "segment" in filters and (order is None and threshold is None):
            pass
        if count and grouping == "company":
            grouping = "client"
        if metric == "clients":
            grouping = "segment" if ("segment" in filters or grouping == "segment") and not count else "company"
            if count:
                grouping, metric, count = "company", "clients", False
                mdef = METRICS[metric]

        # singular "which client/who" with a superlative and no number -> one; plural -> five
        if order is not None and limit is None and grouping not in ("company", "month") and threshold is None and not count:
            plural = re.search(r"\b(?:clients|technicians|engineers|products|segments|accounts|skus|people|staff|industries)\b",
                               text)
            limit = 5 if plural else 1
        if grouping in ("company", "month") or count:
            order = None if grouping in ("company", "month") else order
            if grouping in ("company", "month"):
                limit = None
        if limit is not None and order is None:
            order = "desc" if mdef.higher_is_better else "asc"
            if re.search(r"\bbottom\b", text):
                order = "asc"
        if grouping in ("client", "technician", "product") and grouping in filters and order is None and threshold is None:
            pass

        filt = tuple(sorted((k, tuple(sorted(v))) for k, v in filters.items()))
        intent = Intent(metric, grouping, period.start, period.end, period_label, filt, order, limit, threshold, count,
                        tuple(reasons))
        problems = validate(intent)
        if problems:
            return Parse(raw, None, 0.0, refusal=f"I can't answer that from your data: {problems[0]}.", suggestions=SUGGESTIONS,
                         reasons=reasons)
        leftovers = [w for w, _, _ in _token_spans(text_wo_metric) if w not in _STOP and not re.fullmatch(
            r"\w+est|clients?|technicians?|products?|segments?|month|monthly|per|by|" + _DESC + "|" + _ASC, w)]
        if len(leftovers) > 4:
            confidence *= 0.85
            reasons.append("some words were not used: " + " ".join(leftovers[:6]))
        alternatives = [intent]
        for other in candidates[1:]:
            alt = replace(intent, metric=other)
            if not validate(alt):
                alternatives.append(alt)
        return Parse(raw, intent, round(confidence, 4), alternatives if len(alternatives) > 1 else [], reasons=reasons)
