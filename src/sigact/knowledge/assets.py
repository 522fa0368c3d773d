"""Weapon systems, platforms and units: knowledge lookup, mention finding and counts.

Knowledge comes from ``sigact/knowledge/data/assets/*.yaml`` (loader format; schema in
``data/assets/_schema.json``).  Matching is a spaCy ``PhraseMatcher`` over every alias:

* aliases match case-insensitively, except single alphabetic words of a named system
  ("Patriot", "BUFF", "Tomahawk"), which match as written so "buff" or "a patriot" do not;
* designators get their spelling variants ("B-52" → "B52", "B 52") and plurals
  ("B-52s", "F-15Es", "B52s"); possessives need nothing ("B-52's" tokenises as "B-52" + "'s");
* a named system directly followed by a category word becomes one mention
  ("two B-52 bombers" → "B-52 bombers", kb_id ``b-52h``);
* overlapping matches keep the longest span; on a tie a named system beats a category word.

Counts: ``Mention.count`` / ``Mention.count_text`` from a numeric modifier or the words
before the mention ("two B-52 bombers" → 2, "six of the aircraft" → 6, "a pair of" → 2,
"hundreds of missiles" → None with count_text "hundreds of").

``find_quantities`` finds counted things ("85 air strikes", "killed three", "scores of PMF
fighters"): label QUANTITY, ``text`` the whole expression, ``count``/``count_text`` the
amount, and ``kb_id`` the normalised noun of what is counted ("strikes", "dead",
"fighters", …); ``quantity_for`` turns one into a :class:`sigact.model.Quantity`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

from sigact.knowledge.loader import load_kind
from sigact.model import Asset, Mention, Quantity, Sentence

UNIT_CATEGORIES = {"unit", "command"}


# --------------------------------------------------------------------------- knowledge
@lru_cache(maxsize=1)
def _entries() -> tuple[dict[str, Any], ...]:
    return tuple(load_kind("assets"))


@lru_cache(maxsize=1)
def entries_by_id() -> dict[str, dict[str, Any]]:
    return {str(e["id"]): e for e in _entries()}


def get(kb_id: str) -> dict[str, Any] | None:
    return entries_by_id().get(kb_id)


_DESIGNATOR = re.compile(r"\b([A-Z][A-Za-z]{0,3})-(\d)")
_SINGLE_WORD = re.compile(r"^[A-Za-z]+$")


def alias_variants(alias: str, generic: bool = False) -> tuple[list[str], list[str]]:
    """(case-insensitive variants, case-sensitive variants) of one alias."""
    alias = str(alias).strip()
    if not alias:
        return [], []
    if generic:
        return [alias], []
    base = {alias}
    if _DESIGNATOR.search(alias):
        base.add(_DESIGNATOR.sub(r"\1\2", alias))
        base.add(_DESIGNATOR.sub(r"\1 \2", alias))
    out = set(base)
    for b in base:
        last = b[-1]
        if last.isalnum():
            if b.endswith(("s", "x", "ch", "sh")) and not last.isupper():
                out.add(b + "es")
            else:
                out.add(b + "s")
    if _SINGLE_WORD.match(alias):
        return [], sorted(out)
    return sorted(out), []


class _Matchers:
    def __init__(self, vocab):
        import spacy
        from spacy.matcher import PhraseMatcher

        self.vocab = vocab
        tok = spacy.blank("en", vocab=vocab).tokenizer
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.orth = PhraseMatcher(vocab, attr="ORTH")
        self.key_of: dict[int, str] = {}
        for e in _entries():
            eid = str(e["id"])
            key = "ASSET::" + eid
            self.key_of[vocab.strings.add(key)] = eid
            ci: set[str] = set()
            cs: set[str] = set()
            for a in [e["name"], *e.get("aliases", [])]:
                x, y = alias_variants(str(a), bool(e.get("generic")))
                ci.update(x)
                cs.update(y)
            if ci:
                self.lower.add(key, list(tok.pipe(sorted(ci))))
            if cs:
                self.orth.add(key, list(tok.pipe(sorted(cs))))


_MATCHERS: dict[int, _Matchers] = {}


def _matchers(vocab) -> _Matchers:
    m = _MATCHERS.get(id(vocab))
    if m is None or m.vocab is not vocab:
        m = _Matchers(vocab)
        _MATCHERS[id(vocab)] = m
    return m


# --------------------------------------------------------------------------- numbers
_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_FIXED = {"a pair of": 2, "pair of": 2, "a couple of": 2, "a dozen": 12, "dozen": 12,
          "a brace of": 2, "a single": 1, "single": 1, "both": 2, "twin": 2}
VAGUE = ("hundreds of", "thousands of", "dozens of", "scores of", "tens of", "several",
         "multiple", "numerous", "a number of", "a handful of", "a few", "many", "a slew of",
         "a wave of", "waves of", "a barrage of", "barrages of", "a salvo of", "salvos of",
         "a swarm of", "swarms of", "a fleet of", "fleets of", "a series of", "a squadron of",
         "a flight of", "a group of", "a large number of", "large numbers of", "a host of",
         "countless", "various", "a string of")
_APPROX = ("more than", "less than", "fewer than", "at least", "at most", "up to", "about",
           "around", "nearly", "almost", "some", "over", "roughly", "approximately",
           "as many as", "an estimated", "estimated", "only", "just", "a total of", "a further",
           "another", "an additional", "additional")


def parse_number(text: str) -> int | float | None:
    """'12' → 12, '1,200' → 1200, 'two' → 2, 'twenty-five' → 25, 'two hundred' → 200,
    '1.5 million' → 1500000, 'a dozen' → 12; None when it is not a number."""
    t = text.lower().strip().replace("\u2013", "-")
    if not t:
        return None
    if t in _FIXED:
        return _FIXED[t]
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)
    try:
        if re.fullmatch(r"\d+", t):
            return int(t)
        if re.fullmatch(r"\d+\.\d+", t):
            return float(t)
    except ValueError:
        return None
    total, cur, seen = 0, 0, False
    for w in re.split(r"[\s-]+", t):
        if w in ("and", "a", "an"):
            if w in ("a", "an"):
                cur = max(cur, 1)
            continue
        if re.fullmatch(r"\d+(\.\d+)?", w):
            cur += float(w) if "." in w else int(w)
        elif w in _UNITS:
            cur += _UNITS[w]
        elif w in _TENS:
            cur += _TENS[w]
        elif w in _SCALES:
            cur = max(cur, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, cur = total + cur, 0
        else:
            return None
        seen = True
    if not seen:
        return None
    val = total + cur
    return int(val) if float(val).is_integer() else val


def _is_num_token(tok) -> bool:
    if tok.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL"):
        return False
    if tok.like_num and not re.search(r"(st|nd|rd|th)$", tok.lower_):
        return parse_number(tok.text) is not None
    return tok.lower_ in _SCALES


def _number_span(doc, i: int) -> tuple[int, int]:
    """Token range [a, b) of the whole number expression that token i belongs to."""
    a = b = i
    while a - 1 >= 0 and (_is_num_token(doc[a - 1]) or doc[a - 1].text == "-" and a - 2 >= 0
                          and _is_num_token(doc[a - 2])):
        a -= 1
    while b + 1 < len(doc) and (_is_num_token(doc[b + 1]) or doc[b + 1].lower_ == "dozen"):
        b += 1
    return a, b + 1


_BY_LAST_WORD: dict[int, dict[str, list[list[str]]]] = {}


def _phrases_by_last_word(phrases: Iterable[str]) -> dict[str, list[list[str]]]:
    # the phrase lists are module constants: index each once by its last word, so a
    # lookup compares only the phrases that can end at this token (a hot path)
    key = id(phrases)
    table = _BY_LAST_WORD.get(key)
    if table is None:
        table = {}
        for p in phrases:
            words = p.split()
            if words:
                table.setdefault(words[-1], []).append(words)
        _BY_LAST_WORD[key] = table
    return table


def _match_phrase_before(doc, end: int, phrases: Iterable[str]) -> int | None:
    """Start token index if one of the phrases ends exactly at token `end` (exclusive)."""
    if end <= 0:
        return None
    best = None
    for words in _phrases_by_last_word(phrases).get(doc[end - 1].lower_, ()):
        n = len(words)
        if end - n < 0:
            continue
        if [t.lower_ for t in doc[end - n:end]] == words:
            if best is None or end - n < best:
                best = end - n
    return best


_SKIPPABLE_POS = {"ADJ", "PROPN", "NOUN", "ADV", "NUM"}
_DETS = {"the", "its", "their", "his", "her", "our", "these", "those", "of"}


def count_before(doc, start: int, *, max_skip: int = 4) -> tuple[int | float | None, str | None, int | None]:
    """(count, count_text, start token of the count expression) for a mention starting at
    token `start`, or (None, None, None)."""
    j = start
    skipped = 0
    while True:
        # fixed phrases and vague amounts ending here
        a = _match_phrase_before(doc, j, _FIXED)
        if a is not None:
            return _FIXED[doc[a:j].text.lower()], doc[a:j].text, a
        a = _match_phrase_before(doc, j, VAGUE)
        if a is not None:
            return None, doc[a:j].text, a
        # "six of the aircraft", "two of its B-52s"
        k = j
        if k - 1 >= 0 and doc[k - 1].lower_ in _DETS - {"of"}:
            k -= 1
        if k - 1 >= 0 and doc[k - 1].lower_ == "of" and k - 2 >= 0 and _is_num_token(doc[k - 2]):
            na, nb = _number_span(doc, k - 2)
            v = parse_number(doc[na:nb].text)
            if v is not None:
                qa = _match_phrase_before(doc, na, _APPROX)
                s0 = qa if qa is not None else na
                return v, doc[s0:nb].text, s0
        # a number right here
        if j - 1 >= 0 and _is_num_token(doc[j - 1]):
            na, nb = _number_span(doc, j - 1)
            v = parse_number(doc[na:nb].text)
            if v is not None:
                qa = _match_phrase_before(doc, na, _APPROX)
                s0 = qa if qa is not None else na
                return v, doc[s0:nb].text, s0
        if j - 1 >= 0 and doc[j - 1].lower_ in ("a", "an", "one") and skipped <= 2:
            return 1, doc[j - 1].text, j - 1
        # skip over modifiers ("two US Air Force B-52 bombers", "two nuclear-capable B-52s")
        if j - 1 >= 0 and skipped < max_skip and (
                doc[j - 1].pos_ in _SKIPPABLE_POS or doc[j - 1].text in ("-", ".", "'s")) \
                and not _is_num_token(doc[j - 1]) and doc[j - 1].lower_ not in ("of", "and", "or"):
            j -= 1
            skipped += 1
            continue
        return None, None, None


def count_for_span(doc, start: int, end: int) -> tuple[int | float | None, str | None]:
    """Count of the noun phrase doc[start:end]: a nummod child of its root, else the words
    before it."""
    span = doc[start:end]
    root = span.root
    for child in root.children:
        if child.dep_ == "nummod" and child.i < start and _is_num_token(child):
            na, nb = _number_span(doc, child.i)
            v = parse_number(doc[na:nb].text)
            if v is not None:
                qa = _match_phrase_before(doc, na, _APPROX)
                s0 = qa if qa is not None else na
                return v, doc[s0:nb].text
    v, txt, _ = count_before(doc, start)
    return v, txt


# --------------------------------------------------------------------------- mentions
def _sentence_index(sentences: list[Sentence], offset: int) -> int:
    for s in sentences:
        if s.start <= offset < s.end:
            return s.index
    # between sentences (whitespace): the previous one
    prev = 0
    for s in sentences:
        if s.start <= offset:
            prev = s.index
    return prev


def _asset_spans(doc) -> list[tuple[int, int, str]]:
    """Non-overlapping (start_tok, end_tok, kb_id) asset matches in a spaCy Doc."""
    m = _matchers(doc.vocab)
    byid = entries_by_id()
    raw = [(s, e, m.key_of[k]) for k, s, e in m.lower(doc)]
    raw += [(s, e, m.key_of[k]) for k, s, e in m.orth(doc)]
    named = [r for r in raw if not byid[r[2]].get("generic")]
    generic = [r for r in raw if byid[r[2]].get("generic")]
    # named system + directly following category word → one mention of the named system
    gen_by_start: dict[int, list[tuple[int, int, str]]] = {}
    for g in generic:
        gen_by_start.setdefault(g[0], []).append(g)
    merged = []
    for s, e, kid in named:
        ext = gen_by_start.get(e)
        if ext:
            e = max(x[1] for x in ext)
        merged.append((s, e, kid))
    cands = merged + generic
    # longest first; named before generic on ties; then leftmost
    cands.sort(key=lambda r: (-(r[1] - r[0]), bool(byid[r[2]].get("generic")), r[0]))
    taken = [False] * len(doc)
    out = []
    for s, e, kid in cands:
        if any(taken[s:e]):
            continue
        for i in range(s, e):
            taken[i] = True
        out.append((s, e, kid))
    out.sort()
    return out


def find_asset_mentions(doc, article_id: str, sentences: list[Sentence]) -> list[Mention]:
    """ASSET / UNIT mentions of the knowledge base in a spaCy Doc, with counts."""
    byid = entries_by_id()
    out: list[Mention] = []
    for s, e, kid in _asset_spans(doc):
        entry = byid[kid]
        span = doc[s:e]
        label = "UNIT" if entry.get("category") in UNIT_CATEGORIES else "ASSET"
        count, count_text = (None, None)
        root = span.root
        modifier_only = root.dep_ == "compound" and not (s <= root.head.i < e)
        if label == "ASSET" and not modifier_only:
            count, count_text = count_for_span(doc, s, e)
        out.append(Mention(article_id=article_id, start=span.start_char, end=span.end_char,
                           text=span.text, label=label,
                           sentence_index=_sentence_index(sentences, span.start_char),
                           source="ruler", kb_id=kid,
                           count=int(count) if isinstance(count, (int, float)) and count is not None
                           and float(count).is_integer() else None,
                           count_text=count_text))
    return out


def asset_for(mention: Mention) -> Asset:
    """The `asset` record of a mention (canonical name and category from the knowledge base)."""
    entry = get(mention.kb_id) if mention.kb_id else None
    if entry is None:
        return Asset(name=mention.text, text=mention.text, kb_id=None, category=None,
                     count=mention.count)
    return Asset(name=str(entry["name"]), text=mention.text, kb_id=str(entry["id"]),
                 category=entry.get("category"), count=mention.count)


# --------------------------------------------------------------------------- quantities
#: lemma of the counted noun (or of the governing verb) → normalised `what`
_WHAT = {
    "strike": "strikes", "airstrike": "strikes", "raid": "strikes", "sortie": "sorties",
    "bombardment": "strikes", "attack": "attacks", "assault": "attacks",
    "rocket": "rockets", "katyusha": "rockets", "mortar": "mortars", "shell": "shells",
    "missile": "missiles", "projectile": "projectiles", "interceptor": "interceptors",
    "drone": "drones", "uav": "drones", "bomb": "bombs", "munition": "munitions",
    "aircraft": "aircraft", "jet": "aircraft", "plane": "aircraft", "warplane": "aircraft",
    "bomber": "aircraft", "fighter": "fighters", "helicopter": "helicopters",
    "ship": "ships", "warship": "ships", "vessel": "ships", "destroyer": "ships",
    "boat": "boats", "tanker": "tankers", "tank": "tanks", "vehicle": "vehicles",
    "soldier": "troops", "troop": "troops", "marine": "troops", "sailor": "troops",
    "personnel": "troops", "militant": "militants", "gunman": "militants", "member": "members",
    "civilian": "civilians", "people": "people", "person": "people", "child": "children",
    "death": "dead", "body": "dead", "casualty": "casualties", "fatality": "dead",
    "injury": "injured", "prisoner": "prisoners", "hostage": "hostages", "detainee": "detained",
    "protester": "protesters", "demonstrator": "protesters", "target": "targets",
    "site": "sites", "village": "villages", "house": "houses", "home": "houses",
    "building": "buildings", "round": "rounds", "launcher": "launchers",
}
_KILL_VERBS = {"kill", "die", "slay", "execute", "claim", "murder", "assassinate", "behead", "shoot"}
_WOUND_VERBS = {"wound", "injure", "hurt", "maim"}
_ARREST_VERBS = {"arrest", "detain", "capture", "abduct", "kidnap", "seize"}
_VAGUE_NOUNS = {"hundreds", "thousands", "dozens", "scores", "tens", "millions"}
_PEOPLE = {"people", "person", "civilian", "soldier", "troop", "member", "fighter", "militant",
           "child", "woman", "man", "resident", "gunman", "combatant", "policeman", "officer",
           "protester", "demonstrator", "worker", "student", "guard", "personnel", "marine",
           "sailor", "pilgrim", "farmer", "shepherd", "fisherman", "insurgent", "rebel",
           "militiaman", "jihadist", "recruit", "police", "family", "individual", "other"}


def _verb_what(verb) -> str | None:
    lem = verb.lemma_.lower()
    if lem in _KILL_VERBS:
        if lem == "shoot" and not any(c.lower_ == "dead" for c in verb.children):
            return "shot"
        return "dead"
    if lem in _WOUND_VERBS:
        return "injured"
    if lem in _ARREST_VERBS:
        return "detained"
    return None


def _what_for_noun(noun, asset_cat: str | None) -> str:
    lem = noun.lemma_.lower()
    head = noun.head
    if lem in _PEOPLE:
        # "three people were killed", "killed three soldiers", "12 civilians died"
        if noun.dep_ in ("nsubjpass", "dobj", "nsubj") and head.pos_ in ("VERB", "AUX"):
            w = _verb_what(head)
            if w:
                return w
        # "three people killed" (reduced relative)
        for c in noun.children:
            if c.dep_ in ("acl", "amod", "relcl") and _verb_what(c):
                return _verb_what(c)  # type: ignore[return-value]
    if asset_cat:
        return {"bomber": "aircraft", "fighter": "aircraft", "attack aircraft": "aircraft",
                "tanker": "aircraft", "AWACS": "aircraft", "surveillance aircraft": "aircraft",
                "transport aircraft": "aircraft", "aircraft": "aircraft",
                "ballistic missile": "missiles", "missile": "missiles",
                "anti-ship missile": "missiles", "interceptor missile": "interceptors",
                "rocket": "rockets", "drone": "drones", "loitering munition": "drones",
                "ship": "ships", "aircraft carrier": "ships", "submarine": "submarines",
                "helicopter": "helicopters", "attack helicopter": "helicopters",
                "tank": "tanks", "bomb": "bombs"}.get(asset_cat, asset_cat)
    if lem in _WHAT:
        return _WHAT[lem]
    return noun.lower_


def _noun_phrase_start(noun) -> int:
    i = noun.i
    for c in noun.lefts:
        if c.dep_ in ("compound", "amod") and c.i < i:
            i = min(i, c.left_edge.i)
    return i


def find_quantities(doc, article_id: str, sentences: list[Sentence]) -> list[Mention]:
    """QUANTITY mentions: `text` the expression ("more than 50 rocket attacks"), `count` the
    value (None for vague amounts), `count_text` the amount as written, `kb_id` what is
    counted, normalised ("attacks", "dead", "injured", "aircraft", "fighters", …)."""
    assets = _asset_spans(doc)
    asset_at: dict[int, tuple[int, int, str]] = {}
    for a in assets:
        for i in range(a[0], a[1]):
            asset_at[i] = a
    byid = entries_by_id()
    out: list[Mention] = []
    used: set[int] = set()

    def emit(s: int, e: int, value, ctext: str | None, what: str):
        if any(i in used for i in range(s, e)):
            return
        for i in range(s, e):
            used.add(i)
        span = doc[s:e]
        out.append(Mention(article_id=article_id, start=span.start_char, end=span.end_char,
                           text=span.text, label="QUANTITY",
                           sentence_index=_sentence_index(sentences, span.start_char),
                           source="rules", kb_id=what,
                           count=int(value) if isinstance(value, (int, float)) and value is not None
                           and float(value).is_integer() else None,
                           count_text=ctext))

    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if i in used:
            i += 1
            continue
        # vague: "scores of PMF fighters", "hundreds of missiles"
        if tok.lower_ in _VAGUE_NOUNS and i + 1 < n and doc[i + 1].lower_ == "of":
            pobj = next((c for c in doc[i + 1].children if c.dep_ == "pobj"), None)
            if pobj is None:
                # parser miss: the next noun
                pobj = next((t for t in doc[i + 2:i + 7] if t.pos_ in ("NOUN", "PROPN")
                             and (t.i + 1 >= n or doc[t.i + 1].pos_ not in ("NOUN",))), None)
            if pobj is not None:
                a = asset_at.get(pobj.i)
                end = max(pobj.i + 1, a[1] if a else 0)
                cat = byid[a[2]].get("category") if a else None
                emit(i, end, None, doc[i:i + 2].text, _what_for_noun(pobj, cat))
                i = end
                continue
        if not _is_num_token(tok) or tok.i in asset_at:
            i += 1
            continue
        na, nb = _number_span(doc, i)
        value = parse_number(doc[na:nb].text)
        if value is None:
            i = nb
            continue
        qa = _match_phrase_before(doc, na, _APPROX)
        s0 = qa if qa is not None else na
        ctext = doc[s0:nb].text
        last = doc[nb - 1]
        head = last.head
        # "2,000-pound", years etc.
        if nb < n and doc[nb].text == "-":
            i = nb
            continue
        # "six of the aircraft"
        if nb + 1 < n and doc[nb].lower_ == "of":
            k = nb + 1
            if k < n and doc[k].lower_ in _DETS:
                k += 1
            pobj = next((c for c in doc[nb].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                a = asset_at.get(pobj.i)
                end = max(pobj.i + 1, a[1] if a else 0)
                cat = byid[a[2]].get("category") if a else None
                emit(s0, end, value, ctext, _what_for_noun(pobj, cat))
                i = end
                continue
        # "85 air strikes", "two B-52 bombers", "three people killed"
        if last.dep_ in ("nummod", "quantmod", "compound") and head.i > last.i and \
                head.pos_ in ("NOUN", "PROPN"):
            a = asset_at.get(head.i)
            end = max(head.i + 1, a[1] if a else 0)
            cat = byid[a[2]].get("category") if a else None
            emit(s0, end, value, ctext, _what_for_noun(head, cat))
            i = end
            continue
        # number right before an asset mention ("two B-52s" when the parse is odd)
        if nb in asset_at:
            a = asset_at[nb]
            cat = byid[a[2]].get("category")
            emit(s0, a[1], value, ctext, _what_for_noun(doc[a[1] - 1], cat))
            i = a[1]
            continue
        # "killed three", "wounding 12": the number is the verb's object
        if last.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "appos", "conj") and \
                head.pos_ in ("VERB", "AUX"):
            w = _verb_what(head)
            if w:
                if head.i < s0:
                    emit(head.i, nb, value, ctext, w)
                else:
                    emit(s0, nb, value, ctext, w)
                i = nb
                continue
        i = nb
    # counted assets the loop did not reach ("a pair of F-15Es", "an MQ-9 Reaper" is not counted)
    for s, e, kid in assets:
        if any(i in used for i in range(s, e)):
            continue
        root = doc[s:e].root
        if root.dep_ == "compound" and not (s <= root.head.i < e):
            continue
        v, txt, a = count_before(doc, s)
        if txt is None or a is None or txt.lower() in ("a", "an", "one"):
            continue
        emit(a, e, v, txt, _what_for_noun(doc[e - 1], byid[kid].get("category")))
    out.sort(key=lambda m: m.start)
    return out


def quantity_for(mention: Mention) -> Quantity:
    """The `quantities` item of EVENT_RECORD.md for a QUANTITY (or counted ASSET) mention."""
    if mention.label == "QUANTITY":
        return Quantity(what=mention.kb_id or mention.text, value=mention.count, text=mention.text)
    entry = get(mention.kb_id) if mention.kb_id else None
    what = entry.get("category") if entry else mention.text
    return Quantity(what=str(what), value=mention.count,
                    text=f"{mention.count_text} {mention.text}" if mention.count_text else mention.text)
