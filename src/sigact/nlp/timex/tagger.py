"""Rule-based temporal tagger and normaliser for news English.

Two passes over the text:

1. *recognise*: every pattern of :data:`PATTERNS` proposes candidate spans; a span is
   dropped by its guard when the context says it is no date ("B-52", "May" the modal,
   "2000 troops"); overlapping candidates are resolved leftmost-longest.
2. *normalise*: candidates are resolved in text order against the publication date
   (anchor), the clause's tense, and — for anaphoric expressions such as "the previous
   day" — the last day-precision date mentioned before them (the reference time).

Values are TIMEX3 values as TempEval-3 gold writes them; ``Timex.date`` carries the
EVENT_RECORD date object where the expression denotes a date or an interval.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Callable

from sigact.model import DateValue, Timex
from sigact.nlp.timex import calendar_math as cm
from sigact.nlp.timex.lexicon import lexicon

# ---------------------------------------------------------------- vocabulary → regex


def _alt(words, *, abbrev_dot: bool = False) -> str:
    """Alternation of ``words``, longest first; spaces match any whitespace."""
    out = []
    for w in sorted(set(words), key=len, reverse=True):
        pat = re.escape(w).replace(r"\ ", r"\s+").replace(" ", r"\s+")
        if abbrev_dot:
            pat += r"\.?"
        out.append(pat)
    return "(?:" + "|".join(out) + ")"


@dataclass
class Vocab:
    months: dict[str, int]
    ambiguous_months: set[str]
    weekdays: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    numbers: dict[str, float]
    vague: list[str]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, bool]]
    position_mods: dict[str, str]
    duration_mods: dict[str, str]
    present_ref: list[str]
    past_ref: list[str]
    future_ref: list[str]
    set_adverbs: dict[str, str]
    holidays: dict[str, tuple[int, int]]
    future_cues: list[str]


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    lx = lexicon()
    return Vocab(
        months=dict(lx["months"]), ambiguous_months=set(lx["ambiguous_months"]),
        weekdays=dict(lx["weekdays"]), seasons=dict(lx["seasons"]),
        parts_of_day=dict(lx["parts_of_day"]), numbers=dict(lx["number_words"]),
        vague=list(lx["vague_numbers"]), ordinals=dict(lx["ordinals"]),
        units={k: (v[0], bool(v[1])) for k, v in lx["units"].items()},
        position_mods=dict(lx["position_mods"]), duration_mods=dict(lx["duration_mods"]),
        present_ref=list(lx["present_ref"]), past_ref=list(lx["past_ref"]),
        future_ref=list(lx["future_ref"]), set_adverbs=dict(lx["set_adverbs"]),
        holidays={k: (v[0], v[1]) for k, v in lx["holidays"].items()},
        future_cues=list(lx["future_cues"]),
    )


# ---------------------------------------------------------------- candidates


@dataclass
class Cand:
    start: int
    end: int
    type: str
    value: str
    mod: str | None = None
    date: DateValue | None = None
    priority: int = 0
    #: anaphoric expressions: (reference date) -> (value, DateValue | None), run in pass 2
    resolve_ref: Callable[[date], tuple[str, DateValue | None]] | None = None
    #: tense-sensitive expressions: (tense) -> Cand fields, run in pass 2
    resolve_tense: Callable[[str | None], tuple[str, DateValue | None]] | None = None
    is_time_of_day: bool = False
    hhmm: str | None = None


@dataclass
class Ctx:
    text: str
    anchor: date | None
    doc: Any = None
    tense_cache: dict[int, str | None] = field(default_factory=dict)


Handler = Callable[[re.Match, Ctx], "Cand | list[Cand] | None"]

PREP_BEFORE = re.compile(
    r"(?:\b(?:on|in|at|since|by|during|until|till|from|through|throughout|before|after|"
    r"between|of|for|to|and|or|early|late|mid|since|around|about|circa|fiscal|year|"
    r"summer|spring|winter|autumn|fall|the|this|last|next|past|than|—|–|-)\s*[,(]?\s*$)",
    re.I)


def _word_before(text: str, start: int) -> str:
    m = re.search(r"(\w+)\W*$", text[max(0, start - 30):start])
    return m.group(1).lower() if m else ""


def _number(word: str) -> float | None:
    w = re.sub(r"\s+", " ", word.strip().lower())
    v = vocab()
    if w in v.vague:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", w.replace(",", "")):
        return float(w.replace(",", ""))
    if w in v.numbers:
        return float(v.numbers[w])
    parts = re.split(r"[-\s]+", w)
    if len(parts) == 2 and parts[0] in v.numbers and parts[1] in v.numbers:
        return float(v.numbers[parts[0]] + v.numbers[parts[1]])
    return None


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


def _unit(word: str) -> tuple[str, bool]:
    w = word.lower().rstrip("s")
    if w == "centurie":
        w = "century"
    return vocab().units[w]


def _duration_value(n: float | None, unit: str, is_time: bool) -> str:
    if n is not None and n != int(n):
        # fractional units are written in the next smaller unit (1.5 years → P18M)
        smaller = {"Y": ("M", 12, False), "H": ("M", 60, True), "D": ("H", 24, True),
                   "M": ("D", 30, False), "W": ("D", 7, False)}
        if unit in smaller:
            u2, k, t2 = smaller[unit]
            return _duration_value(n * k, u2, t2)
    num = "X" if n is None else _fmt_num(n)
    if unit == "W2":
        num, unit = ("X" if n is None else _fmt_num(2 * n)), "W"
    if unit == "DE":
        num, unit = ("X" if n is None else _fmt_num(10 * n)), "Y"
    if unit == "CE":
        num, unit = ("X" if n is None else _fmt_num(100 * n)), "Y"
    if unit == "Q":
        num, unit = ("X" if n is None else _fmt_num(3 * n)), "M"
    return f"PT{num}{unit}" if is_time else f"P{num}{unit}"


def _month_num(word: str) -> int:
    return vocab().months[word.lower().rstrip(".")]


def _year2(y: str) -> int:
    n = int(y)
    if len(y) == 2:
        return 1900 + n if n >= 50 else 2000 + n
    return n


def _dv(value: str, precision: str, source: str = "relative") -> DateValue:
    return DateValue(value=value, precision=precision, text=None, source=source)


def _day(d: date) -> str:
    return d.isoformat()


# ---------------------------------------------------------------- tense


_FUTURE_CUE_RE: re.Pattern | None = None


def _future_cue_re() -> re.Pattern:
    global _FUTURE_CUE_RE
    if _FUTURE_CUE_RE is None:
        _FUTURE_CUE_RE = re.compile(r"(?<!\w)" + _alt(vocab().future_cues) + r"(?!\w)", re.I)
    return _FUTURE_CUE_RE


#: a past-tense verb right before the expression ("resumed in January"); past-tense
#: words elsewhere in the sentence ("said") say nothing about the expression itself
_LOCAL_PAST_RE = re.compile(
    r"\b(?:\w{3,}ed|was|were|had|did|began|came|went|took|fell|rose|saw|met|hit|struck|"
    r"shot|won|lost|gave|held|flew|sent|led|left|spoke|broke|became|fought|fled|sank|"
    r"overran|seized|stole|drove|wrote|told|said|made)\b(?:\s+[\w,'’-]+){0,3}\s*$", re.I)


#: "by February", "through January", "effective Feb. 1": a deadline or a start, ahead
_DEADLINE_BEFORE = re.compile(
    r"\b(?:by|until|till|through|effective|as\s+soon\s+as|as\s+early\s+as|starting|"
    r"beginning)\s+(?:early|mid|late|the\s+end\s+of)?[\s-]*$", re.I)

_NOT_PAST_BEFORE = re.compile(
    r"\b(?:be|been|being|is|are|am|to|will|would|could|should|may|might|must|can|not)\s+$",
    re.I)


#: a period after "Mr", "Gen", "Feb", "U.S" or an initial is an abbreviation, not the end
_CLAUSE_END = re.compile(r"(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z][a-z])(?<!\bSept)"
                         r"(?<!\bCorp)\.(?=\s)|[;?!\n]")
#: tense cues are looked for at most this far from the expression (bounded work per
#: expression even in text without punctuation)
_CLAUSE_REACH = 300


def _clause(text: str, pos: int) -> tuple[int, int]:
    lo_bound = max(0, pos - _CLAUSE_REACH)
    before = text[lo_bound:pos]
    last = None
    for last in _CLAUSE_END.finditer(before):
        pass
    lo = lo_bound + last.end() if last else lo_bound
    m = _CLAUSE_END.search(text, pos, min(len(text), pos + _CLAUSE_REACH))
    return lo, (m.start() if m else min(len(text), pos + _CLAUSE_REACH))


def tense_at(ctx: Ctx, pos: int) -> str | None:
    """'future', 'past' (from the parse), 'past_weak' (a past-tense word right before
    the expression) or None for the clause around ``pos``: the spaCy Doc's verb
    morphology when a Doc is given, else lexical cues in the sentence."""
    if pos in ctx.tense_cache:
        return ctx.tense_cache[pos]
    result = None
    if ctx.doc is not None:
        result = _tense_from_doc(ctx.doc, pos)
    if result is None:
        lo, hi = _clause(ctx.text, pos)
        # the clause up to just after the expression: a "will" in a later clause
        # ("…announced Wednesday; they will appeal") is about something else
        window = ctx.text[lo:min(hi, pos + 25)]
        # only future cues: past-tense words are everywhere in news ("said") and would
        # push dates that are still ahead ("payable Dec. 21") into last year
        if _future_cue_re().search(window) or _DEADLINE_BEFORE.search(ctx.text[lo:pos]):
            result = "future"
        else:
            pm = _LOCAL_PAST_RE.search(ctx.text[max(lo, pos - 60):pos])
            # a participle after "be"/"to"/a modal is passive or infinitival, not past
            if pm and not _NOT_PAST_BEFORE.search(ctx.text[max(lo, pos - 60):pos][:pm.start()]):
                result = "past_weak"
    ctx.tense_cache[pos] = result
    return result


def _tense_from_doc(doc: Any, pos: int) -> str | None:
    try:
        span = doc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        tok = span[0]
        for _ in range(8):       # up to the governing verb
            if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
                break
            tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        for c in tok.children:
            if c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "'ll", "shall", "wo"):
                return "future"
            if c.dep_ in ("aux",) and c.lower_ in ("going",):
                return "future"
        if tok.tag_ in ("VBD",) or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD"
                                       for c in tok.children):
            return "past"
        if tok.tag_ == "VBN" and any(c.lower_ in ("has", "have", "had") for c in tok.children):
            return "past"
    except Exception:   # a Doc that does not cover the text: fall back to lexical cues
        return None
    return None


# ---------------------------------------------------------------- resolution helpers


def _weekday_date(anchor: date, wd: int, direction: str) -> date:
    """``direction``: 'past' = on or before, 'before' = strictly before,
    'future' = on or after, 'after' = strictly after."""
    delta = (anchor.isoweekday() - wd) % 7
    if direction == "past":
        return anchor - timedelta(days=delta)
    if direction == "before":
        return anchor - timedelta(days=delta or 7)
    ahead = (wd - anchor.isoweekday()) % 7
    if direction == "future":
        return anchor + timedelta(days=ahead)
    return anchor + timedelta(days=ahead or 7)


def _month_year(anchor: date, month: int, tense: str | None, rel: str | None) -> int:
    y = anchor.year
    if rel in ("last", "this past", "the previous", "past"):
        return y if month < anchor.month else y - 1
    if rel in ("next", "this coming", "the coming", "coming", "the following"):
        return y if month > anchor.month else y + 1
    if rel == "this":
        return y
    if tense == "future":
        return y if month >= anchor.month else y + 1
    if tense == "past":
        return y if month <= anchor.month else y - 1
    if tense == "past_weak":     # lexical cue: a month ahead is still more likely this year's
        return y if month <= anchor.month + 1 else y - 1
    # no cue: the occurrence from nine months back to two months ahead ("January" in a
    # November article is the coming one, "December" in a March article the last one)
    delta = (month - anchor.month) % 12
    if delta > 2:
        delta -= 12
    return y + (anchor.month - 1 + delta) // 12


def _month_day_year(anchor: date, month: int, day: int, tense: str | None) -> int:
    y = anchor.year
    if not cm.valid_day(y, month, day):
        y -= 1 if month == 2 else 0
    try:
        cand = date(y, month, day)
    except ValueError:
        return y
    if tense == "future":
        return y if cand >= anchor - timedelta(days=1) else y + 1
    if tense == "past":
        return y if cand <= anchor + timedelta(days=1) else y - 1
    if tense == "past_weak":
        return y if cand <= anchor + timedelta(days=31) else y - 1
    return y if cand <= anchor + timedelta(days=60) else y - 1


# ---------------------------------------------------------------- pattern handlers

def _mon_re() -> str:
    # only abbreviations take a dot: "February." ends a sentence, "Feb." is the month
    names = vocab().months
    full = _alt([w for w in names if len(w) > 4 or w in ("may", "june", "july")])
    abbr = _alt([w for w in names if len(w) <= 4 and w not in ("may", "june", "july")],
                abbrev_dot=True)
    return r"(?P<mon>" + full + "|" + abbr + r")(?!\w)"


def _wd_re() -> str:
    return r"(?P<wd>" + _alt(vocab().weekdays, abbrev_dot=False) + r")(?!\w)"


def _month_ok(m: re.Match, ctx: Ctx, backed: bool) -> bool:
    """Month names must be capitalised; ambiguous ones ("May", "March") need a day, a
    year or a temporal word in front of them."""
    word = m.group("mon")
    if not word[0].isupper():
        return False
    base = word.lower().rstrip(".")
    if len(base) <= 4 and base not in vocab().months:
        return False
    if base in ("sep", "mar", "jan", "jun", "dec", "apr", "jul", "aug", "nov", "oct", "feb",
                "sept") and not word.endswith(".") and not backed:
        return False
    if base in vocab().ambiguous_months and not backed:
        prev = ctx.text[max(0, m.start("mon") - 25):m.start("mon")]
        if not PREP_BEFORE.search(prev):
            return False
    return True


def h_iso(m: re.Match, ctx: Ctx):
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not (1000 <= y <= 2999 and cm.valid_day(y, mo, d)):
        return None
    val = f"{y:04d}-{mo:02d}-{d:02d}"
    if m["hh"]:
        return Cand(m.start(), m.end(), "TIME", f"{val}T{m['hh']}:{m['mm']}",
                    date=_dv(val, "day", "explicit"))
    return Cand(m.start(), m.end(), "DATE", val, date=_dv(val, "day", "explicit"))


def h_slash(m: re.Match, ctx: Ctx):
    a, b, y = int(m["a"]), int(m["b"]), _year2(m["y"])
    mo, d = (a, b) if a <= 12 else (b, a)      # US order unless the first cannot be a month
    if not cm.valid_day(y, mo, d):
        return None
    val = f"{y:04d}-{mo:02d}-{d:02d}"
    return Cand(m.start(), m.end(), "DATE", val, date=_dv(val, "day", "explicit"))


def h_mdy(m: re.Match, ctx: Ctx):
    if not _month_ok(m, ctx, backed=True):
        return None
    mo, d = _month_num(m["mon"]), int(m["d"])
    if not 1 <= d <= 31:
        return None
    start = m.start("wd") if m.groupdict().get("wd") else m.start()
    if m.groupdict().get("wd") and not m["wd"][0].isupper():
        return None
    if m["y"]:
        y = int(m["y"])
        if not cm.valid_day(y, mo, d):
            return None
        val = f"{y:04d}-{mo:02d}-{d:02d}"
        return Cand(start, m.end(), "DATE", val, date=_dv(val, "day", "explicit"), priority=2)
    if ctx.anchor is None:
        val = f"XXXX-{mo:02d}-{d:02d}"
        return Cand(start, m.end(), "DATE", val, priority=2)
    end = m.end()

    def resolve(tense):
        y = _month_day_year(ctx.anchor, mo, d, tense)
        if not cm.valid_day(y, mo, d):
            return f"XXXX-{mo:02d}-{d:02d}", None
        val = f"{y:04d}-{mo:02d}-{d:02d}"
        return val, _dv(val, "day")
    return Cand(start, end, "DATE", "", priority=2, resolve_tense=resolve)


def h_dmy(m: re.Match, ctx: Ctx):
    if not _month_ok(m, ctx, backed=True):
        return None
    mo, d = _month_num(m["mon"]), int(m["d"])
    if not 1 <= d <= 31:
        return None
    if m["y"]:
        y = int(m["y"])
        if not cm.valid_day(y, mo, d):
            return None
        val = f"{y:04d}-{mo:02d}-{d:02d}"
        return Cand(m.start(), m.end(), "DATE", val, date=_dv(val, "day", "explicit"), priority=2)
    if ctx.anchor is None:
        return Cand(m.start(), m.end(), "DATE", f"XXXX-{mo:02d}-{d:02d}", priority=2)

    def resolve(tense):
        y = _month_day_year(ctx.anchor, mo, d, tense)
        val = f"{y:04d}-{mo:02d}-{d:02d}"
        return val, _dv(val, "day")
    return Cand(m.start(), m.end(), "DATE", "", priority=2, resolve_tense=resolve)


def _pos_mod(word: str | None) -> str | None:
    if not word:
        return None
    w = re.sub(r"\s+", " ", word.lower()).strip(" -")
    return vocab().position_mods.get(w) or vocab().position_mods.get(w + "-")


def h_month_year(m: re.Match, ctx: Ctx):
    if not _month_ok(m, ctx, backed=True):
        return None
    mo, y = _month_num(m["mon"]), int(m["y"])
    val = f"{y:04d}-{mo:02d}"
    return Cand(m.start(), m.end(), "DATE", val, mod=_pos_mod(m["pos"]),
                date=_dv(val, "month", "explicit"), priority=1)


def h_month_rel_year(m: re.Match, ctx: Ctx):
    if not _month_ok(m, ctx, backed=True):
        return None
    mo = _month_num(m["mon"])
    if ctx.anchor is None:
        return Cand(m.start(), m.end(), "DATE", f"XXXX-{mo:02d}", mod=_pos_mod(m["pos"]))
    y = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    val = f"{y:04d}-{mo:02d}"
    return Cand(m.start(), m.end(), "DATE", val, mod=_pos_mod(m["pos"]),
                date=_dv(val, "month"), priority=1)


def h_month(m: re.Match, ctx: Ctx):
    rel = re.sub(r"\s+", " ", m["rel"].lower()) if m["rel"] else None
    if not _month_ok(m, ctx, backed=bool(rel or m["pos"])):
        return None
    mo = _month_num(m["mon"])
    mod = _pos_mod(m["pos"])
    if ctx.anchor is None:
        return Cand(m.start(), m.end(), "DATE", f"XXXX-{mo:02d}", mod=mod)

    def resolve(tense):
        y = _month_year(ctx.anchor, mo, tense, rel)
        val = f"{y:04d}-{mo:02d}"
        return val, _dv(val, "month")
    return Cand(m.start(), m.end(), "DATE", "", mod=mod, resolve_tense=resolve)


_YEAR_TRAILING_NOUN = re.compile(r"\s+(?:[a-z]\w*)")
_YEAR_OK_NEXT = re.compile(
    r"\s+(?:and|or|to|through|until|when|after|before|as|at|in|on|from|for|with|but|while|"
    r"that|which|the|a|was|is|were|are|had|has|have|will|would|it|he|she|they|we|i|his|her|"
    r"their|its|said|elections?|election|season|budget|levels?|census|report|olympics|"
    r"world|general|presidential|war|crisis|law|act|agreement|accord|deal|campaign|"
    r"attack|attacks|summit|vote|revolution|invasion|uprising|coup|offensive)\b", re.I)


#: "its 1988 recapitalization", "that 1978 resolution": a determiner makes the year an
#: attribute of the noun after it (counts are caught by the plural-noun check first)
_DETERMINER_BEFORE = re.compile(r"(?:\b(?:its|his|her|their|our|that|this|these|those)|['’]s)\s*$",
                                re.I)


def h_year(m: re.Match, ctx: Ctx):
    y = int(m["y"])
    pos = m["pos"]
    fiscal = m["fiscal"]
    start = m.start()
    backed = bool(pos or fiscal)
    text = ctx.text
    if not backed:
        before = text[max(0, start - 25):start]
        after = text[m.end():m.end() + 30]
        if re.search(r"(?:\$|€|£|US|No\.|#|\bnumber|\bpage|\bp\.|\b(?:Route|Highway|Road|"
                     r"Flight|Resolution|Hill|Unit|Brigade|Regiment|Division|Squadron|"
                     r"Battalion|Article|Section|Room|Building|Block|Gate|Post|Checkpoint|"
                     r"Height|Bus|Line|Model|Type|Project|Operation|Exercise|Camp|Base))\s*$",
                     before):
            return None
        if re.match(r"\s+(?:[a-z]+s|more|people|of|men|women|children|civilians|"
                    r"personnel|strong|km|kg|miles|metres|meters|feet|mm|ft|m|tonnes?)\b",
                    after) and not _YEAR_OK_NEXT.match(after):
            return None     # "2000 troops", "1500 vehicles": a count, not a year
        if PREP_BEFORE.search(before) or _DETERMINER_BEFORE.search(before):
            backed = True
        elif not _YEAR_TRAILING_NOUN.match(after) or _YEAR_OK_NEXT.match(after):
            backed = True
        if not backed:
            return None
    if not 1000 <= y <= 2100:
        return None
    val = f"{y:04d}"
    return Cand(start, m.end(), "DATE", val, mod=_pos_mod(pos),
                date=_dv(val, "year", "explicit"), priority=1)


def h_decade(m: re.Match, ctx: Ctx):
    if m["c"]:
        val = f"{m['c']}{m['d']}"
    else:
        d = int(m["d2"])
        val = f"19{d}" if d >= 3 else f"20{d}"      # "the '90s", "the '10s"
    lo, hi = int(val) * 10, int(val) * 10 + 9
    return Cand(m.start(), m.end(), "DATE", val, mod=_pos_mod(m["pos"]),
                date=_dv(f"{lo:04d}/{hi:04d}", "interval", "explicit"))


def h_century(m: re.Match, ctx: Ctx):
    n = int(m["n"])
    if not 1 <= n <= 22:
        return None
    val = f"{n - 1:02d}"
    lo = (n - 1) * 100
    return Cand(m.start(), m.end(), "DATE", val, mod=_pos_mod(m["pos"]),
                date=_dv(f"{lo:04d}/{lo + 99:04d}", "interval", "explicit"))


def h_quarter(m: re.Match, ctx: Ctx):
    q = vocab().ordinals.get((m["ord"] or "").lower())
    rel = (m["rel"] or "").lower().replace(" ", "-")
    text = ctx.text
    if re.match(r"[-–]|\s+of\b", text[m.end():m.end() + 4]) or \
            text[max(0, m.start() - 1):m.start()] in ("-", "–"):
        return None     # "quarter-century", "four-quarter", "a quarter of the market"
    if q is None and not rel and not m.group(0).lower().startswith("the"):
        return None     # a bare "quarter"
    a = ctx.anchor
    if m["y"] or m["y0"]:
        y = int(m["y"] or m["y0"])
        if q is None:
            return None
        return Cand(m.start(), m.end(), "DATE", f"{y}-Q{q}",
                    date=_dv(cm.quarter_interval(y, q), "interval", "explicit"))
    if a is None:
        return Cand(m.start(), m.end(), "DATE", f"XXXX-Q{q or 'X'}")
    cur = cm.quarter_of(a)
    if q is None:
        if rel in ("next", "coming"):
            yq = (a.year + (cur == 4), cur % 4 + 1)
        elif rel in ("current", "this"):
            yq = (a.year, cur)
        else:   # "the quarter", "the latest quarter", "last quarter": the last completed one
            yq = (a.year - (cur == 1), (cur - 2) % 4 + 1)
    else:
        y = a.year if 3 * q - 2 <= a.month else a.year - 1
        if rel in ("year-earlier", "year-ago"):
            y -= 1
        yq = (y, q)
    y, q = yq
    return Cand(m.start(), m.end(), "DATE", f"{y}-Q{q}",
                date=_dv(cm.quarter_interval(y, q), "interval"))


def h_relday(m: re.Match, ctx: Ctx):
    w = re.sub(r"\s+", " ", m["w"].lower())
    offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
              "the day before yesterday": -2, "the day after tomorrow": 2,
              "last night": -1, "this morning": 0, "this afternoon": 0, "this evening": 0,
              "earlier today": 0, "later today": 0}[w]
    pod = m["pod"].lower() if m["pod"] else None
    if w == "tonight":
        pod = "night"
    elif w == "last night":
        pod = "night"
    elif w.startswith("this "):
        pod = w.split()[1]
    a = ctx.anchor
    mod = _pos_mod(m["pos"])
    if a is None:
        base = "XXXX-XX-XX"
        dv = None
    else:
        d = a + timedelta(days=offset)
        base = _day(d)
        dv = _dv(base, "day")
    if pod:
        code = vocab().parts_of_day[pod]
        return Cand(m.start(), m.end(), "TIME", f"{base}T{code}", mod=mod, date=dv, priority=1)
    return Cand(m.start(), m.end(), "DATE", base, mod=mod, date=dv, priority=1)


def h_weekday(m: re.Match, ctx: Ctx):
    word = m["wd"]
    if not word[0].isupper():
        return None
    if len(word) <= 4 and not ctx.text[m.end("wd"):m.end("wd") + 1] == ".":
        # "Sun", "Sat", "Wed" are words/newspapers too; only take the dotted abbreviation
        if word.lower() not in ("thurs", "tues"):
            return None
    wd = vocab().weekdays[word.lower()]
    rel = re.sub(r"\s+", " ", m["rel"].lower()) if m["rel"] else None
    pod = m["pod"].lower() if m["pod"] else None
    a = ctx.anchor
    typ = "TIME" if pod else "DATE"
    suffix = f"T{vocab().parts_of_day[pod]}" if pod else ""
    mod = {"early": "START", "earlier": "START", "late": "END", "later": "END"}.get(
        (m["pos"] or "").lower())
    if a is None:
        return Cand(m.start(), m.end(), typ, f"XXXX-WXX-{wd}{suffix}", mod=mod)

    def resolve(tense):
        if rel in ("last", "this past", "past", "the previous"):
            d = _weekday_date(a, wd, "before")
        elif rel in ("next", "this coming", "coming", "the following"):
            d = _weekday_date(a, wd, "after")
        elif tense == "future":
            d = _weekday_date(a, wd, "future")
        else:
            d = _weekday_date(a, wd, "past")
        return _day(d) + suffix, _dv(_day(d), "day")
    return Cand(m.start(), m.end(), typ, "", mod=mod, resolve_tense=resolve, priority=1)


_REL_UNIT_WORDS = {"week", "weekend", "month", "year", "decade", "century", "quarter",
                   "spring", "summer", "fall", "autumn", "winter", "fiscal year"}


def h_rel_unit(m: re.Match, ctx: Ctx):
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = re.sub(r"\s+", " ", m["unit"].lower())
    pos = re.sub(r"\s+", " ", m["pos"].lower()) if m["pos"] else None
    mod = {"early": "START", "earlier": "START", "mid": "MID", "late": "END", "later": "END",
           "the end of": "END", "the beginning of": "START", "the start of": "START",
           "the middle of": "MID"}.get(pos) if pos else None
    if pos and pos.startswith("the "):
        pos = {"START": "early", "END": "late", "MID": "mid"}[mod]
    a = ctx.anchor
    step = {"last": -1, "this past": -1, "the past": -1, "the last": -1, "past": -1,
            "the previous": -1,
            "next": 1, "the next": 1, "the coming": 1, "this coming": 1, "coming": 1,
            "the following": 1,
            "this": 0, "the current": 0, "current": 0, "the same": 0, "that": 0}.get(rel)
    if step is None:
        return None
    start, end = m.start(), m.end()
    if unit == "fiscal year":
        unit = "year"
    if a is None:
        return Cand(start, end, "DATE", "XXXX", mod=mod)
    # "the past year", "the next decade": spans of time up to/from now, not calendar units
    if rel in ("the past", "the last", "the next", "the coming", "past") and unit in (
            "year", "month", "week", "decade", "century") and pos is None:
        u = {"year": "Y", "month": "M", "week": "W", "decade": "DE", "century": "CE"}[unit]
        dur = _duration_value(1, u, False)
        other = cm.shift(a, step, u)
        lo, hi = (other, a) if step < 0 else (a, other)
        return Cand(start, end, "DURATION", dur,
                    date=_dv(f"{_day(lo)}/{_day(hi)}", "interval"))
    if rel in ("the following", "the previous", "the same", "that"):
        return _anaphoric_unit(start, end, unit, step, mod)
    if unit == "week":
        d = a + timedelta(days=7 * step)
        v = cm.iso_week(d)
        if pos in ("earlier", "early", "later", "late") and step == 0:
            lo, hi = (d - timedelta(days=d.weekday()), a) if pos in ("earlier", "early") else \
                (a, d - timedelta(days=d.weekday()) + timedelta(days=6))
            return Cand(start, end, "DATE", v, mod=mod,
                        date=_dv(f"{_day(lo)}/{_day(hi)}", "interval"))
        return Cand(start, end, "DATE", v, mod=mod, date=_dv(v, "week"))
    if unit == "weekend":
        d = a + timedelta(days=7 * step)
        if step == 0 and a.isoweekday() < 6 and tense_at(ctx, start) != "future":
            d = a - timedelta(days=7)
        sat, sun = cm.weekend_of_week(d)
        v = cm.iso_week(d) + "-WE"
        return Cand(start, end, "DATE", v, date=_dv(f"{_day(sat)}/{_day(sun)}", "interval"))
    if unit == "month":
        d = cm.add_months(a, step)
        v = cm.month_value(d)
        if pos in ("earlier", "early", "later", "late") and step == 0:
            lo, hi = (v + "-01", _day(a)) if pos in ("earlier", "early") else (_day(a), v)
            return Cand(start, end, "DATE", v, mod=mod, date=_dv(f"{lo}/{hi}", "interval"))
        return Cand(start, end, "DATE", v, mod=mod, date=_dv(v, "month"))
    if unit == "year":
        y = a.year + step
        v = f"{y:04d}"
        if pos in ("earlier", "early", "later", "late") and step == 0:
            lo, hi = (f"{y:04d}-01-01", _day(a)) if pos in ("earlier", "early") else \
                (_day(a), f"{y:04d}-12-31")
            return Cand(start, end, "DATE", v, mod=mod, date=_dv(f"{lo}/{hi}", "interval"))
        return Cand(start, end, "DATE", v, mod=mod, date=_dv(v, "year"))
    if unit == "decade":
        dec = a.year // 10 + step
        return Cand(start, end, "DATE", f"{dec:03d}", mod=mod,
                    date=_dv(f"{dec * 10:04d}/{dec * 10 + 9:04d}", "interval"))
    if unit == "century":
        c = a.year // 100 + step
        return Cand(start, end, "DATE", f"{c:02d}", mod=mod,
                    date=_dv(f"{c * 100:04d}/{c * 100 + 99:04d}", "interval"))
    if unit == "quarter":
        cur = cm.quarter_of(a) - 1 + step
        y, q = a.year + cur // 4, cur % 4 + 1
        return Cand(start, end, "DATE", f"{y}-Q{q}", mod=mod,
                    date=_dv(cm.quarter_interval(y, q), "interval"))
    # seasons
    code = vocab().seasons[unit]
    cy, ccode = cm.season_of(a)
    order = ["WI", "SP", "SU", "FA"]
    y = a.year if code != "WI" else (a.year if a.month == 12 else a.year - 1)
    # the season of this name in the current season-year, then step
    idx_cur = order.index(ccode) + 4 * (cy if ccode != "WI" else cy + 1)
    idx_same = order.index(code) + 4 * (y if code != "WI" else y + 1)
    if step < 0:
        while idx_same >= idx_cur:
            idx_same -= 4
    elif step > 0:
        while idx_same <= idx_cur:
            idx_same += 4
    sy = idx_same // 4 - (1 if code == "WI" else 0)
    return Cand(start, end, "DATE", f"{sy:04d}-{code}", mod=mod,
                date=_dv(cm.season_interval(sy, code), "interval"))


def _anaphoric_unit(start, end, unit, step, mod):
    def resolve(ref: date):
        if unit in ("day", "night", "morning", "evening", "afternoon"):
            d = ref + timedelta(days=step)
            v = _day(d)
            if unit != "day":
                code = vocab().parts_of_day.get(unit, "NI")
                return f"{v}T{code}", _dv(v, "day")
            return v, _dv(v, "day")
        if unit == "week":
            v = cm.iso_week(ref + timedelta(days=7 * step))
            return v, _dv(v, "week")
        if unit == "month":
            v = cm.month_value(cm.add_months(ref, step))
            return v, _dv(v, "month")
        if unit == "year":
            v = f"{ref.year + step:04d}"
            return v, _dv(v, "year")
        return "XXXX", None
    typ = "TIME" if unit in ("night", "morning", "evening", "afternoon") else "DATE"
    return Cand(start, end, typ, "", mod=mod, resolve_ref=resolve)


def h_anaphoric(m: re.Match, ctx: Ctx):
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    step = {"previous": -1, "preceding": -1, "before": -1, "prior": -1, "next": 1,
            "following": 1, "after": 1, "same": 0, "that": 0}[rel]
    if unit == "year" and rel == "next":
        return None     # "the next year" is anchored on now (h_rel_unit)
    return _anaphoric_unit(m.start(), m.end(), unit, step, None)


def h_ago(m: re.Match, ctx: Ctx):
    n = _number(m["num"])
    u, is_t = _unit(m["unit"])
    direction = re.sub(r"\s+", " ", m["dir"].lower())
    if is_t and direction in ("later", "earlier"):
        return None     # "an hour later": the duration is the timex (TE-3)
    sign = -1 if direction in ("ago", "earlier", "before") else 1
    a = ctx.anchor
    if n is None:
        return Cand(m.start(), m.end(), "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    mod = vocab().duration_mods.get(re.sub(r"\s+", " ", m["mod"].lower())) if m["mod"] else None
    if mod:
        # "almost two years ago" is (after) the date two years ago
        mod = {"LESS_THAN": "AFTER", "MORE_THAN": "BEFORE", "EQUAL_OR_MORE": "ON_OR_BEFORE",
               "EQUAL_OR_LESS": "ON_OR_AFTER"}.get(mod, mod)
    if u in ("S", "M", "H") and _unit(m["unit"])[1]:
        if a is None:
            return Cand(m.start(), m.end(), "DATE", "XXXX-XX-XX")
        return Cand(m.start(), m.end(), "DATE", _day(a), date=_dv(_day(a), "day"))

    def at(ref: date):
        d = cm.shift(ref, sign * n, u)
        if u in ("D",):
            return _day(d), _dv(_day(d), "day")
        if u in ("W", "W2"):
            return cm.iso_week(d), _dv(cm.iso_week(d), "week")
        if u in ("M", "Q"):
            return cm.month_value(d), _dv(cm.month_value(d), "month")
        return f"{d.year:04d}", _dv(f"{d.year:04d}", "year")
    if direction in ("ago", "from now", "hence"):
        if a is None:
            return Cand(m.start(), m.end(), "DATE", "XXXX")
        v, dv = at(a)
        return Cand(m.start(), m.end(), "DATE", v, mod=mod, date=dv, priority=1)
    # "two days later/earlier": relative to the reference time
    return Cand(m.start(), m.end(), "DATE", "", mod=mod, resolve_ref=at, priority=1)


def h_duration(m: re.Match, ctx: Ctx):
    numtxt = m["num"]
    n = _number(numtxt)
    if n is None and re.sub(r"\s+", " ", numtxt.lower()) not in vocab().vague:
        return None
    if m["half"]:
        n = (n or 0) + 0.5
    u, is_t = _unit(m["unit"])
    if m["unit"].lower().startswith("quarter") and (m["hy"] or n is None):
        return None
    if n is not None and 1900 <= n <= 2100 and u in ("S", "Q"):
        return None     # "the 1992 second quarter"
    after = ctx.text[m.end():m.end() + 12]
    if re.match(r"\s+(?:old|of\s+age)\b", after, re.I):
        return None     # "37 years old" is an age
    if u == "S" and numtxt.lower() in ("a", "an"):
        return None     # "a second group", "a second betrayal": an ordinal
    if u == "Q" and re.match(r"\s+of\b", after):
        return None     # "a quarter of the market"
    # "1,000km", "85 air strikes": a bare digit string must be followed by a unit word,
    # which the regex guarantees; reject ranges of money/percent in front
    start = m.start()
    modtxt = m["mod"]
    mod = vocab().duration_mods.get(re.sub(r"\s+", " ", modtxt.lower())) if modtxt else None
    if modtxt and mod == "APPROX":
        start = m.start("rest")    # TE-3 keeps "about"/"some" outside the extent
        mod = None
    rel = (m["rel"] or "").lower()
    if "-" in (m["hy"] or "") and not rel and m["rest"].lower().startswith("the"):
        start = m.start("num")      # "the 30-day ceasefire": TE-3 tags "30-day"
    value = _duration_value(n, u, is_t)
    dv = None
    a = ctx.anchor
    if a is not None and rel in ("past", "last", "previous", "recent", "next", "coming",
                                 "following") and not is_t:
        k = 3 if n is None else n
        sign = -1 if rel in ("past", "last", "previous", "recent") else 1
        if rel in ("past", "last", "recent", "next", "coming"):
            other = cm.shift(a, sign * k, u)
            lo, hi = (other, a) if sign < 0 else (a, other)
            if n is None and u in ("M", "Y"):
                fmt = cm.month_value if u == "M" else (lambda d: f"{d.year:04d}")
                dv = _dv(f"{fmt(lo)}/{fmt(hi)}", "interval")
            else:
                dv = _dv(f"{_day(lo)}/{_day(hi)}", "interval")
    if numtxt.lower() in ("a", "an") and not m["rest"].lower().startswith("the") and not modtxt:
        before = ctx.text[max(0, m.start() - 25):m.start()]
        # "$1.76 a year", "700 seats a week", "24 hours a day": a rate, i.e. a SET
        if re.search(r"(?:\d|%|\b(?:percent|cents|dollars|seats|barrels|tons|units|times|"
                     r"flights|hours|days|people|shares|each))\s+$", before, re.I):
            return Cand(m.start(), m.end(), "SET", _duration_value(1, u, is_t))
    return Cand(start, m.end(), "DURATION", value, mod=mod, date=dv)


def h_bare_units(m: re.Match, ctx: Ctx):
    pre = re.sub(r"\s+", " ", m["pre"].lower())
    u, is_t = _unit(m["unit"])
    value = _duration_value(None, u, is_t)
    start = m.start()
    if pre in ("for", "in", "within", "over", "after", "take", "takes", "took", "last",
               "lasted", "spent"):
        start = m.start("unit")
    if pre == "recent" and u == "Y":
        return Cand(start, m.end(), "DATE", "PAST_REF")
    dv = None
    a = ctx.anchor
    if a is not None and pre in ("recent", "the past", "past", "the last", "the coming",
                                 "coming", "the next") and not is_t:
        sign = -1 if pre in ("recent", "the past", "past", "the last") else 1
        other = cm.shift(a, sign * 3, u)
        lo, hi = (other, a) if sign < 0 else (a, other)
        if u in ("M", "Y", "DE"):
            dv = _dv(f"{cm.month_value(lo)}/{cm.month_value(hi)}", "interval")
        else:
            dv = _dv(f"{_day(lo)}/{_day(hi)}", "interval")
    return Cand(start, m.end(), "DURATION", value, date=dv)


def h_set(m: re.Match, ctx: Ctx):
    unit = m["unit"].lower()
    v = vocab()
    n = m["num"]
    k = 1
    if n:
        if n.lower() == "other":
            k = 2
        else:
            k = int(_number(n) or 1)
    if unit in v.parts_of_day:
        return Cand(m.start(), m.end(), "SET", f"XXXX-XX-XXT{v.parts_of_day[unit]}")
    if unit in v.weekdays:
        return Cand(m.start(), m.end(), "SET", f"XXXX-WXX-{v.weekdays[unit]}")
    if unit == "weekend":
        return Cand(m.start(), m.end(), "SET", "XXXX-WXX-WE")
    u, is_t = _unit(unit)
    return Cand(m.start(), m.end(), "SET", _duration_value(k, u, is_t))


def h_set_times(m: re.Match, ctx: Ctx):
    u, is_t = _unit(m["unit"])
    return Cand(m.start(), m.end(), "SET", _duration_value(1, u, is_t))


def h_set_adverb(m: re.Match, ctx: Ctx):
    return Cand(m.start(), m.end(), "SET", vocab().set_adverbs[m.group(0).lower()])


def h_ref(kind: str):
    def handler(m: re.Match, ctx: Ctx):
        w = re.sub(r"\s+", " ", m.group(0).lower())
        if w in ("for now",):
            return Cand(m.start() + 4, m.end(), "DATE", kind)
        if w in ("in the past", "in the future"):
            return Cand(m.start() + 3, m.end(), "DATE", kind)
        return Cand(m.start(), m.end(), "DATE", kind)
    return handler


def h_time(m: re.Match, ctx: Ctx):
    h = int(m["h"])
    mi = int(m["mi"]) if m["mi"] else 0
    ap = (m["ap"] or "").lower().replace(".", "")
    if m["sec"] and not ap:
        # "3:07:35" without a.m./p.m. is a race time, i.e. a duration
        return Cand(m.start(), m.end(), "DURATION",
                    f"PT{h}H{mi}M{int(m['sec'])}S")
    if ap == "pm" and h < 12:
        h += 12
    if ap == "am" and h == 12:
        h = 0
    if h > 24 or mi > 59:
        return None
    if not ap and not m["tz"] and not m["mi"]:
        return None
    return _clock(m.start(), m.end(), f"{h:02d}:{mi:02d}")


def _clock(start: int, end: int, hhmm: str) -> Cand:
    """A clock time is on the day last talked about (the reference time), which is the
    publication day until the text names another."""
    def on(ref: date):
        return f"{_day(ref)}T{hhmm}", _dv(_day(ref), "day")
    return Cand(start, end, "TIME", "", is_time_of_day=True, hhmm=hhmm, resolve_ref=on)


def h_military_time(m: re.Match, ctx: Ctx):
    return _clock(m.start(), m.end(), f"{m['hh']}:{m['mm']}")


def h_noon(m: re.Match, ctx: Ctx):
    return _clock(m.start(), m.end(), "12:00" if m.group(0).lower() == "noon" else "24:00")


def h_holiday(m: re.Match, ctx: Ctx):
    name = re.sub(r"\s+", " ", m["hol"].lower()).replace("’", "'")
    if not m["hol"][0].isupper():
        return None
    mo, d = vocab().holidays[name]
    if m["y"]:
        y = int(m["y"])
        v = f"{y:04d}-{mo:02d}-{d:02d}"
        return Cand(m.start(), m.end(), "DATE", v, date=_dv(v, "day", "explicit"), priority=1)
    if ctx.anchor is None:
        return Cand(m.start(), m.end(), "DATE", f"XXXX-{mo:02d}-{d:02d}", priority=1)

    def resolve(tense):
        y = _month_day_year(ctx.anchor, mo, d, tense)
        v = f"{y:04d}-{mo:02d}-{d:02d}"
        return v, _dv(v, "day")
    return Cand(m.start(), m.end(), "DATE", "", resolve_tense=resolve, priority=1)


_TENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
         "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
         "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9}
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


def h_spelled_year(m: re.Match, ctx: Ctx):
    """Broadcast transcripts: "nineteen ninety-six", "two thousand and one"."""
    if m["c"]:
        y = 100 * _TENS[m["c"].lower()] + _TENS[m["t"].lower()] + \
            (_ONES[m["o"].lower()] if m["o"] else 0)
    else:
        y = 2000 + (_ONES[m["o2"].lower()] if m["o2"] else 0)
    val = f"{y:04d}"
    if m["mon"]:
        mo = _month_num(m["mon"])
        val = f"{y:04d}-{mo:02d}"
        return Cand(m.start(), m.end(), "DATE", val, date=_dv(val, "month", "explicit"),
                    priority=3)
    return Cand(m.start(), m.end(), "DATE", val, date=_dv(val, "year", "explicit"), priority=1)


def h_decade_word(m: re.Match, ctx: Ctx):
    c = "20" if (m["cent"] or "").lower().startswith("two") else "19"
    val = f"{c}{_DECADE_WORDS[m['dw'].lower()]}"
    lo = int(val) * 10
    return Cand(m.start(), m.end(), "DATE", val, mod=_pos_mod(m["pos"]),
                date=_dv(f"{lo:04d}/{lo + 9:04d}", "interval", "explicit"))


def h_the_weekend(m: re.Match, ctx: Ctx):
    a = ctx.anchor
    if a is None:
        return Cand(m.start(), m.end(), "DATE", "XXXX-WXX-WE")
    future = tense_at(ctx, m.start()) == "future"
    d = a if (future or a.isoweekday() >= 6) else a - timedelta(days=7)
    sat, sun = cm.weekend_of_week(d)
    return Cand(m.start(), m.end(), "DATE", cm.iso_week(d) + "-WE",
                date=_dv(f"{_day(sat)}/{_day(sun)}", "interval"))


def h_period_edge(m: re.Match, ctx: Ctx):
    """"the end of the year", "year-end", "the beginning of the month": the current one."""
    unit = (m["unit"] or "year").lower()
    mod = {"end": "END", "beginning": "START", "start": "START", "middle": "MID"}[
        (m["edge"] or "end").lower()]
    a = ctx.anchor
    if a is None:
        return Cand(m.start(), m.end(), "DATE", "XXXX", mod=mod)
    if unit == "month":
        v = cm.month_value(a)
        return Cand(m.start(), m.end(), "DATE", v, mod=mod, date=_dv(v, "month"))
    if unit == "week":
        v = cm.iso_week(a)
        return Cand(m.start(), m.end(), "DATE", v, mod=mod, date=_dv(v, "week"))
    v = f"{a.year:04d}"
    return Cand(m.start(), m.end(), "DATE", v, mod=mod, date=_dv(v, "year"))


# ---------------------------------------------------------------- the pattern table


@lru_cache(maxsize=1)
def patterns() -> list[tuple[str, re.Pattern, Handler, re.Pattern | None]]:
    v = vocab()
    MON = _mon_re()
    WD = _wd_re()
    POS = (r"(?P<pos>early|mid|late|the\s+(?:beginning|start|middle|end)\s+of|"
           r"(?:beginning|start|middle|end)\s+of)")
    NUMW = _alt([w for w in v.numbers if " " not in w and w not in ("a", "an")])
    NUM = (rf"(?:{NUMW}(?:[-\s]{NUMW})?|\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|a|an|"
           rf"{_alt(v.vague)}|a\s+dozen|a\s+hundred|half\s+an?|a\s+half)")
    UNITS_SG = _alt(v.units)
    UNIT = rf"(?P<unit>{UNITS_SG}|centuries)s?"
    DMOD = _alt(v.duration_mods)
    I = re.I
    table: list[tuple[str, str, int, Handler]] = [
        ("iso", r"(?<![\w-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
                r"(?:T(?P<hh>\d{2}):(?P<mm>\d{2})(?::\d{2})?)?(?![\w-])", 0, h_iso),
        ("slash", r"(?<![\w/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\w/])", 0,
         h_slash),
        ("mdy", rf"(?:{WD},?\s+)?\b{MON}\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\w|:\d|,\d)"
                rf"(?:,?\s+(?P<y>\d{{4}})(?![\w-]))?", I, h_mdy),
        ("dmy", rf"(?<![\w.,])(?:(?P<wd2>{_alt(v.weekdays)}),?\s+)?(?:the\s+)?(?P<d>\d{{1,2}})"
                rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{MON}(?:,?\s+(?P<y>\d{{4}})(?!\w))?", I, h_dmy),
        ("month_rel_year", rf"\b(?:{POS}[\s-]+)?{MON}\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b", I,
         h_month_rel_year),
        ("month_year", rf"\b(?:{POS}[\s-]+)?{MON},?\s+(?:of\s+)?(?P<y>\d{{4}})(?!\w)", I,
         h_month_year),
        ("month", rf"\b(?:{POS}[\s-]+)?(?:(?P<rel>last|next|this\s+past|this\s+coming|this|"
                  rf"the\s+previous|the\s+following|the\s+coming|past|coming)\s+)?{MON}", I,
         h_month),
        ("year", rf"(?:\b{POS}[\s-]+|(?<![\w$#/.,:'’-]))(?P<fiscal>(?:fiscal|calendar)\s+)?"
                 rf"(?P<y>1\d{{3}}|20\d\d|2100)(?![\w%°]|[-–/]\d|[.,:]\d|\s*(?:%|percent|per\s+cent))",
         I, h_year),
        ("decade", r"\b(?:the\s+)?(?:(?P<pos>early|mid|late)[\s-]+)?(?:(?P<c>1[0-9]|20)(?P<d>\d)0s"
                   r"|['’](?P<d2>\d)0s)\b", I, h_decade),
        ("century", rf"\b(?:the\s+)?(?:(?P<pos>early|mid|late)[\s-]+)?(?P<n>\d{{1,2}})"
                    rf"(?:st|nd|rd|th)[\s-]+century\b", I, h_century),
        ("century_w", r"\b(?:the\s+)?(?:(?P<pos>early|mid|late)[\s-]+)?(?P<n>twentieth|"
                      r"twenty-first|nineteenth|eighteenth)[\s-]+century\b", I,
         lambda m, c: h_century(_Fake(m, n={"eighteenth": "18", "nineteenth": "19",
                                            "twentieth": "20", "twenty-first": "21"}
                                      [m["n"].lower()]), c)),
        ("quarter", r"\b(?:the\s+)?(?:(?P<rel>latest|last|past|previous|current|this|next|"
                    r"coming|year[-\s]earlier|year[-\s]ago|same)\s+)?(?:fiscal\s+)?"
                    r"(?:(?P<y0>\d{4})\s+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?)?"
                    r"quarter\b(?:\s+of\s+(?:fiscal\s+)?(?P<y>\d{4}))?", I, h_quarter),
        ("relday", r"\b(?:(?P<pos>early|late|later|earlier)\s+)?(?P<w>the\s+day\s+before\s+"
                   r"yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow|"
                   r"last\s+night|this\s+(?:morning|afternoon|evening))"
                   r"(?:\s+(?P<pod>morning|afternoon|evening|night))?\b", I, h_relday),
        ("weekday", rf"\b(?:(?P<pos>early|late|earlier|later)\s+)?(?:(?P<rel>last|next|this\s+past|this\s+coming|this|coming|"
                    rf"the\s+previous|the\s+following|past)\s+)?{WD}"
                    rf"(?:(?:\s+|,\s*)(?P<pod>morning|afternoon|evening|night))?", I, h_weekday),
        ("rel_unit", r"\b(?:(?P<pos>early|earlier|mid|late|later|the\s+(?:end|beginning|start|"
                     r"middle)\s+of)\s+)?(?P<rel>last|next|"
                     r"this\s+past|this\s+coming|this|the\s+past|the\s+last|the\s+previous|"
                     r"the\s+following|the\s+next|the\s+coming|the\s+current|the\s+same|"
                     r"coming|past|that)\s+(?P<unit>fiscal\s+year|week(?:end)?|month|year|"
                     r"decade|century|spring|summer|fall|autumn|winter)\b(?![-\s]old)", I,
         h_rel_unit),
        ("anaphoric", r"\b(?:the|that)\s+(?P<rel>previous|preceding|prior|next|following|"
                      r"same)\s+(?P<unit>day|night|morning|evening|afternoon|week|month|year)\b",
         I, h_anaphoric),
        ("anaphoric2", r"\b(?P<rel>that)\s+(?P<unit>day|night|morning|evening|afternoon)\b", I,
         h_anaphoric),
        ("day_before", r"\bthe\s+(?P<unit>day|night)\s+(?P<rel>before|after)(?!\s+(?:yesterday|"
                       r"tomorrow))\b", I, h_anaphoric),
        ("ago", rf"\b(?:(?P<mod>{DMOD})\s+)?(?P<num>{NUM})[\s-]+(?P<unit>{UNITS_SG}|centuries)s?\s+(?P<dir>ago|"
                rf"earlier|later|from\s+now|hence)\b", I, h_ago),
        ("duration", rf"\b(?:(?P<mod>{DMOD})\s+(?!the\b))?(?P<rest>(?:the\s+(?:(?P<rel>past|last|"
                     rf"next|first|coming|previous|following|final|recent|latest|remaining|"
                     rf"ensuing|past\s+several|last\s+several|next\s+several|past\s+few|"
                     rf"last\s+few|next\s+few)\s+)?)?(?P<num>{NUM})(?P<half>\s+and\s+a\s+half|\s+1/2|½)?"
                     rf"(?P<hy>[\s-]+|(?<=\d))(?:(?P<other>full|straight|consecutive|long|more|additional|further|extra)\s+)?"
                     rf"{UNIT}(?!\w|-old|-\w))", I, h_duration),
        ("bare_units", r"\b(?P<pre>recent|the\s+past|past|the\s+last|the\s+coming|coming|"
                       r"the\s+next|for|in|within|over|after|took|lasted|spent)\s+"
                       r"(?P<unit>seconds|minutes|hours|days|weeks|months|years|decades)\b", I,
         h_bare_units),
        ("set", r"\b(?:every|each|per)\s+(?:(?P<num>other|two|three|four|six|\d+)\s+)?"
                r"(?P<unit>seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|"
                r"decades?|morning|afternoon|evening|night|weekend|monday|tuesday|wednesday|"
                r"thursday|friday|saturday|sunday)\b", I, h_set),
        ("set_times", r"\b(?:once|twice|three\s+times|four\s+times|\w+\s+times)\s+(?:a|an|per|"
                      r"every)\s+(?P<unit>second|minute|hour|day|week|month|year)\b", I,
         h_set_times),
        ("set_adverb", r"\b(?:" + "|".join(v.set_adverbs) + r")\b", I, h_set_adverb),
        ("present", r"\b" + _alt(v.present_ref) + r"\b", I, h_ref("PRESENT_REF")),
        ("past", r"\b" + _alt(v.past_ref) + r"\b", I, h_ref("PAST_REF")),
        ("future", r"\b" + _alt(v.future_ref) + r"\b", I, h_ref("FUTURE_REF")),
        ("time", r"(?<![\w:.])(?P<h>[012]?\d)(?::(?P<mi>[0-5]\d))?(?::(?P<sec>[0-5]\d))?"
                 r"(?:\s*(?P<ap>a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b))?"
                 r"(?:\s+(?P<tz>GMT|UTC|EST|EDT|CET|CEST|BST|PST|PDT|ET|PT|local\s+time|"
                 r"Moscow\s+time|Baghdad\s+time|Tehran\s+time|Kyiv\s+time|Gaza\s+time|"
                 r"Israel\s+time|local))?(?![\w:])", 0, h_time),
        ("military", r"(?<![\w:])(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d)\s*(?:GMT|UTC|hours|hrs|"
                     r"local\s+time)\b", 0, h_military_time),
        ("noon", r"\b(?:noon|midnight)\b", I, h_noon),
        ("spelled_year", rf"(?:{MON}\s+)?\b(?:(?P<c>nineteen|eighteen)[\s-]+"
                         r"(?P<t>" + "|".join(_TENS) + r")(?:[\s-]+(?P<o>" + "|".join(_ONES) +
                         r"))?|two\s+thousand(?:\s+and)?(?:[\s-]+(?P<o2>" + "|".join(_ONES) +
                         r"))?)\b(?![\s-]+(?:" + "|".join(_ONES) + r"|hundred|thousand|percent|"
                         r"people|dollars|\w+s\b))", I, h_spelled_year),
        ("decade_word", r"\bthe\s+(?:(?P<pos>early|mid|late)[\s-]+)?(?:(?P<cent>nineteen|"
                        r"two\s+thousand)\s+)?(?P<dw>" + "|".join(_DECADE_WORDS) + r")\b", I,
         h_decade_word),
        ("the_weekend", r"\bthe\s+weekend\b", I, h_the_weekend),
        ("period_edge", r"\b(?:the\s+(?P<edge>end|beginning|start|middle)\s+of\s+the\s+"
                        r"(?P<unit>year|month|week)|year[-\s]end|year['’]s\s+end)\b", I,
         h_period_edge),
        ("holiday", r"\b(?P<hol>" + _alt(v.holidays).replace("'", "['’]") +
         r")(?:,?\s+(?P<y>\d{4}))?\b", I, h_holiday),
    ]
    # a pattern whose key word is absent from the text need not run at all (most
    # articles name no month, no century, no spelled-out year)
    month_key = r"\b(?:" + "|".join(sorted(v.months, key=len, reverse=True)) + r")"
    keys = {"mdy": month_key, "dmy": month_key, "month_rel_year": month_key,
            "month_year": month_key, "month": month_key, "spelled_year": r"nineteen|eighteen|thousand",
            "ago": r"\b(?:ago|earlier|later|now|hence)\b", "quarter": r"quarter",
            "century": r"century", "century_w": r"century", "decade": r"0s\b",
            "decade_word": r"ties\b", "set_times": r"times|once|twice",
            "anaphoric": r"previous|preceding|prior|next|following|same",
            "day_before": r"before|after", "military": r"\d{4}\s*(?:GMT|UTC|h)"}
    return [(name, re.compile(rx, flags), fn, re.compile(keys[name], re.I) if name in keys
             else None) for name, rx, flags, fn in table]


class _Fake:
    """A match whose named groups can be overridden (word forms of a number)."""

    def __init__(self, m: re.Match, **over: str):
        self._m, self._over = m, over

    def __getitem__(self, k):
        return self._over[k] if k in self._over else self._m[k]

    def __getattr__(self, k):
        return getattr(self._m, k)


# ---------------------------------------------------------------- main entry


def _select(cands: list[Cand], length: int) -> list[Cand]:
    """Longest first (then priority, then leftmost), non-overlapping."""
    cands.sort(key=lambda c: (-(c.end - c.start), -c.priority, c.start))
    taken: list[Cand] = []
    occupied = bytearray(length + 1)
    for c in cands:
        if c.end <= c.start or c.start < 0 or c.end > length:
            continue
        if any(occupied[c.start:c.end]):
            continue
        taken.append(c)
        occupied[c.start:c.end] = b"\x01" * (c.end - c.start)
    taken.sort(key=lambda c: c.start)
    return taken


_MERGE_GAP = re.compile(r"\s*(?:,|on|at)?\s*$", re.I)


def _merge_times(cands: list[Cand], text: str) -> list[Cand]:
    """"15:00 GMT Saturday", "Saturday, 09:25": one TIME on that day."""
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if nxt is not None and (c.is_time_of_day ^ nxt.is_time_of_day):
            t, d = (c, nxt) if c.is_time_of_day else (nxt, c)
            gap = text[c.end:nxt.start]
            if gap is not None and len(gap) <= 4 and _MERGE_GAP.match(gap) and \
                    re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.value or "x"):
                out.append(Cand(c.start, nxt.end, "TIME", f"{d.value}T{t.hhmm}",
                                date=d.date))
                i += 2
                continue
        out.append(c)
        i += 1
    return out


_OFFSET_GAP = re.compile(r"\s+(after|before)\s+(?:the\s+)?$", re.I)
_DURATION_VALUE = re.compile(r"P(\d+)([DWMY])$")


def _date_offset_durations(cands: list[Cand], text: str) -> None:
    """"two days after Oct. 1": the duration dates the day it points at."""
    for c, nxt in zip(cands, cands[1:]):
        if c.type != "DURATION" or nxt.date is None or nxt.date.precision != "day":
            continue
        gap = _OFFSET_GAP.match(text[c.end:nxt.start])
        dm = _DURATION_VALUE.match(c.value)
        if not gap or not dm:
            continue
        try:
            ref = date.fromisoformat(nxt.date.value)
            sign = 1 if gap.group(1).lower() == "after" else -1
            d = cm.shift(ref, sign * int(dm.group(1)), dm.group(2))
        except (ValueError, OverflowError):
            continue
        c.date = _dv(_day(d), "day", nxt.date.source)


_PREPS = re.compile(r"\b(on|in|at|since|by|during|from|until|over|within)\s+$", re.I)


def tag(text: str, anchor: date | None, *, doc: Any = None) -> list[Timex]:
    """Temporal expressions of ``text`` resolved against ``anchor`` (publication date).

    ``doc``, an optional spaCy Doc over the same text, gives tense cues for bare
    weekdays and months ("will meet on Friday" → the coming Friday)."""
    if not text:
        return []
    ctx = Ctx(text=text, anchor=anchor, doc=doc)
    cands: list[Cand] = []
    for _name, rx, fn, key in patterns():
        if key is not None and not key.search(text):
            continue
        for m in rx.finditer(text):
            try:
                got = fn(m, ctx)
            except (ValueError, KeyError, OverflowError, IndexError):
                got = None      # a value the calendar cannot hold: not a date
            if got is not None:
                cands.append(got)
    chosen = _select(cands, len(text))
    # pass 2: tense- and reference-dependent values, in text order
    ref, ref_from_text = anchor, False
    for c in chosen:
        try:
            if c.resolve_tense is not None:
                c.value, c.date = c.resolve_tense(tense_at(ctx, c.start))
            elif c.resolve_ref is not None:
                if ref is None:
                    c.value = "XXXX-XX-XX" + (f"T{c.hhmm}" if c.hhmm else "")
                    c.date = None
                else:
                    c.value, c.date = c.resolve_ref(ref)
                    if c.date is not None:
                        c.date.source = "inferred" if ref_from_text else "relative"
        except (ValueError, OverflowError):
            c.value, c.date = "XXXX-XX-XX", None
        if c.type in ("DATE", "TIME") and re.match(r"\d{4}-\d{2}-\d{2}", c.value):
            try:
                ref, ref_from_text = date.fromisoformat(c.value[:10]), True
            except ValueError:
                pass
    chosen = _merge_times(chosen, text)
    _date_offset_durations(chosen, text)
    out = []
    for c in chosen:
        dv = c.date
        if dv is not None:
            prep = _PREPS.search(text[max(0, c.start - 12):c.start])
            s = c.start - (len(prep.group(0)) if prep else 0)
            dv.text = text[s:c.end]
        out.append(Timex(text=text[c.start:c.end], start=c.start, end=c.end, type=c.type,
                         value=c.value, date=dv, mod=c.mod))
    return out
