"""The ``quotes`` stage: direct and indirect quotes, each with its speaker.

Direct quotes: text between straight (") or curly (“ ”) double quotes — including quotes
that run over several sentences and quotes split by "…," he added, "…" (each part is a
quote of the same speaker).  Single quotes (‘…’) are scare quotes/nested quotes in news
copy and are not quotes of their own.  A direct quote needs at least three words.

Speaker: the subject of the nearest reporting verb outside the quote in the sentences the
quote is part of (also inverted "…," said Gen. X, head of Y → "Gen. X"); a quote with no
reporting verb of its own continues the previous quote's speaker when it follows it in
the same or the next paragraph ("McRaven continued").  "he"/"she" and "the spokesman" →
the nearest earlier person (or the knowledge layer's ``antecedent`` if present).

Indirect quotes: "X said (that) S", "X told Y that S", "according to X, S" — the
complement clause with the subject as speaker.  Quote ids are
``stable_id(article_id, start, end)``.
"""
from __future__ import annotations

import re
from typing import Any

from sigact.model import Entity, Quote, stable_id
from sigact.pipeline.registry import FunctionStage, stage

_DQ = re.compile(r"“([^“”]{2,}?)”|\"([^\"]{2,}?)\"|“([^“”\"]{2,}?)\"|\"([^“”\"]{2,}?)”", re.S)
PRONOUNS = {"he", "she", "they", "it", "we", "i"}


def _raw_quotes(text: str) -> list[tuple[int, int]]:
    """Content spans of double-quoted passages (without the quote marks)."""
    out = []
    for m in _DQ.finditer(text):
        for g in range(1, 5):
            if m.group(g) is not None:
                s, e = m.start(g), m.end(g)
                break
        inner = text[s:e]
        # a quote does not run over a paragraph break unless the next paragraph opens a quote
        if "\n" in inner.strip():
            cut = inner.find("\n")
            e = s + cut
            inner = text[s:e]
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        if len(inner.split()) >= 3:
            out.append((s, e))
    return out


def _ontology():
    from sigact.knowledge.ontology import load_ontology
    return load_ontology()


def _sent_tokens_outside(doc, sent, spans):
    for t in sent:
        if any(s <= t.idx < e for s, e in spans):
            continue
        yield t


def _speaker_np(tok):
    from sigact.nlp.events.syntax import clean_bounds, np_bounds, span_chars, span_text
    a, b = np_bounds(tok)
    a, b = clean_bounds(tok.doc, a, b)
    if a >= b:
        return None
    s, e = span_chars(tok.doc, a, b)
    text = span_text(tok.doc, a, b)
    return Entity(name=text, text=text, start=s, end=e)


class _Speakers:
    def __init__(self, d: Any, onto):
        self.d, self.onto = d, onto
        self.persons: list[Entity] = []
        for ent in d.doc.ents:
            if ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                self.persons.append(Entity(name=ent.text, text=ent.text, type=ent.label_,
                                           start=ent.start_char, end=ent.end_char))
        self.fn = None
        try:
            from sigact.knowledge import actors as _a  # type: ignore
            self.fn = getattr(_a, "antecedent", None)
        except Exception:  # noqa: BLE001
            self.fn = None
        self.speakers: list[Entity] = []

    def antecedent(self, tok) -> Entity | None:
        pos = tok.idx
        if tok.lower_ in ("he", "she", "i") or tok.pos_ == "NOUN":
            # a person named earlier in the same sentence ("According to X, …, he wrote")
            for ent in reversed(list(tok.sent.ents)):
                if ent.label_ == "PERSON" and ent.end_char <= pos and len(ent.text.split()) >= 2:
                    return Entity(name=ent.text, text=ent.text, start=ent.start_char, end=ent.end_char)
            # the last named speaker of a quote is the likeliest "he"
            for sp in reversed(self.speakers):
                if sp.start is not None and sp.start < pos and pos - sp.start < 1500 and \
                        sp.text.split()[0].lower() not in PRONOUNS:
                    return sp
        if self.fn is not None:
            try:
                got = self.fn(self.d.mentions, pos)
                ent = getattr(got, "entity", None) or (got if isinstance(got, Entity) else None)
                if ent is None and got is not None and hasattr(got, "text"):
                    ent = Entity(name=got.text, text=got.text, start=got.start, end=got.end)
                if ent is not None:
                    return ent
            except Exception:  # noqa: BLE001
                pass
        want = {"PERSON"} if tok.lower_ in ("he", "she", "i") or tok.pos_ == "NOUN" else {"ORG", "GPE", "NORP"}
        if "PERSON" in want:
            # the last named speaker of a quote is the likeliest "he"
            for sp in reversed(self.speakers):
                if sp.start is not None and sp.start < pos and pos - sp.start < 1500 and \
                        sp.text.split()[0].lower() not in PRONOUNS:
                    return sp
        best = None
        for s in self.speakers + self.persons:
            if s.start is not None and s.start < pos and (s.type in want or (s.type is None and "PERSON" in want)):
                if best is None or s.start > best.start:
                    best = s
        return best

    def resolve(self, tok) -> Entity | None:
        """Speaker entity for the subject token of a reporting verb."""
        if tok is None:
            return None
        low = tok.lower_
        if tok.pos_ == "PRON" or low in PRONOUNS:
            ent = self.antecedent(tok)
            return Entity(name=ent.name, text=ent.text, start=ent.start, end=ent.end) if ent else None
        det = next((c for c in tok.children if c.dep_ == "det"), None)
        if det is not None and det.lower_ == "the" and tok.lemma_.lower() in (
                "spokesman", "spokeswoman", "spokesperson", "minister", "general", "commander") \
                and not any(c.dep_ in ("compound", "amod", "prep") for c in tok.children):
            ent = self.antecedent(tok)
            if ent is not None:
                return Entity(name=ent.name, text=ent.text, start=ent.start, end=ent.end)
        ent = _speaker_np(tok)
        if ent is not None:
            ent.type = "PERSON" if tok.ent_type_ == "PERSON" else None
            if tok.ent_type_ not in ("GPE", "NORP"):
                self.speakers.append(ent)
        return ent


def _reporting_verb_near(doc, sent_list, qspans, onto, span=None):
    """The reporting verb outside the quotes in these sentences, nearest to the quote."""
    verbs = onto.reporting_verbs | onto.quote_only_verbs
    found = []
    for sent in sent_list:
        for t in _sent_tokens_outside(doc, sent, qspans):
            if (t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in verbs) or \
                    (t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to"):
                if span is None:
                    return t
                dist = span[0] - t.idx if t.idx < span[0] else t.idx - span[1]
                found.append((dist, t.i, t))
    return min(found)[2] if found else None


def _subject(verb):
    if verb.lower_ == "according":
        to = verb.doc[verb.i + 1]
        for c in list(to.children) + list(verb.children):
            if c.dep_ == "pobj":
                return c
        return None
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c
    # fragments: "…," said X — X can hang as dobj/attr/npadvmod after the verb
    for c in verb.rights:
        if c.dep_ in ("dobj", "attr", "npadvmod", "appos", "dep") and c.pos_ in ("PROPN", "NOUN"):
            return c
    return None


def direct_quotes(d: Any, onto=None, sp: "_Speakers | None" = None) -> list[tuple[int, int, Entity | None, str | None]]:
    """(start, end, speaker, cue) for every direct quote of the article."""
    onto = onto or _ontology()
    doc = d.doc
    if doc is None:
        return []
    spans = _raw_quotes(d.text)
    sp = sp or _Speakers(d, onto)
    out = []
    prev: tuple[int, Entity | None, str | None] | None = None
    sents = list(doc.sents)
    for s, e in spans:
        touching = [x for x in sents if x.start_char < e + 2 and x.end_char > s - 2]
        # the sentences that hold the quote, then the one after, then the one before
        # the sentence after counts only for '"…," he added' (the quote ends in a comma or
        # lower-case text follows the closing mark)
        rest = d.text[e + 1:e + 40].lstrip()
        runs_on = d.text[e - 1:e] in (",", "?", "!") or (rest[:1].islower())
        after = [x for x in sents if x.start_char >= e][:1]
        if after and not runs_on:
            # '"…?" Iranian Foreign Minister X said' — a reporting verb early in the next sentence
            head = [t for t in after[0]][:14]
            runs_on = after[0].start_char - e <= 3 and d.text[after[0].start_char:after[0].start_char + 1] \
                not in "\"“" and any(t.lemma_.lower() in onto.reporting_verbs and
                                      not any(c.dep_ == "ccomp" for c in t.children) for t in head)
        cand = [x for x in touching] + (after if runs_on else [])
        verb = _reporting_verb_near(doc, [x for x in cand], spans, onto, (s, e))
        speaker = None
        cue = None
        if verb is not None and (verb.idx < s or verb.idx >= e):
            # the verb must be close to the quote (same or adjacent sentence)
            subj = _subject(verb)
            hops = 0
            while subj is None and verb.dep_ in ("advcl", "conj", "xcomp", "pcomp") and hops < 3:
                verb, hops = verb.head, hops + 1      # "…, adding “…”": the subject of said
                subj = _subject(verb) if verb.pos_ in ("VERB", "AUX") else None
            speaker = sp.resolve(subj) if subj is not None else None
            cue = verb.text if verb.lower_ != "according" else "according to"
        if speaker is None and prev is not None and s - prev[0] < 400:
            speaker, cue = prev[1], prev[2]
        out.append((s, e, speaker, cue))
        prev = (e, speaker, cue)
    return out


def direct_quote_spans(d: Any) -> list[tuple[int, int, str | None]]:
    """(start, end, speaker text) — used by the events stage for attribution."""
    cache = d.scratch.get("_direct_quotes") if hasattr(d, "scratch") else None
    if cache is None:
        cache = direct_quotes(d)
        if hasattr(d, "scratch"):
            d.scratch["_direct_quotes"] = cache
    return [(s, e, sp.text if sp is not None else None) for s, e, sp, _ in cache]


def indirect_quotes(d: Any, onto, direct: list[tuple[int, int]],
                    sp: "_Speakers | None" = None) -> list[tuple[int, int, Entity | None, str]]:
    doc = d.doc
    sp = sp or _Speakers(d, onto)
    out = []
    for sent in doc.sents:
        for t in sent:
            if any(s <= t.idx < e for s, e in direct):
                continue
            cue = None
            comp = None
            subj = None
            if t.pos_ in ("VERB",) and t.lemma_.lower() in onto.reporting_verbs:
                comp = next((c for c in t.children if c.dep_ == "ccomp"), None)
                subj = _subject(t)
                cue = t.text
            elif t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
                subj = _subject(t)
                head = t.head
                if head.pos_ in ("VERB", "AUX"):
                    comp = head
                cue = "according to"
            if comp is None or subj is None:
                continue
            toks = [x for x in comp.subtree if not (t.lower_ == "according" and x.i in range(t.i, t.i + 1 + len(list(subj.subtree)) + 1))]
            if cue == "according to":
                skip = {x.i for x in t.subtree} | {t.i}
                toks = [x for x in comp.subtree if x.i not in skip and x.i not in {y.i for y in doc[t.i + 1].subtree}]
            if len(toks) < 3:
                continue
            a, b = toks[0].i, toks[-1].i + 1
            while a < b and (doc[a].lower_ in ("that",) or doc[a].is_punct):
                a += 1
            while b > a and doc[b - 1].is_punct:
                b -= 1
            if a >= b:
                continue
            s, e = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
            if any(ds <= s < de or ds < e <= de for ds, de in direct):
                continue   # the complement is (part of) a direct quote
            out.append((s, e, sp.resolve(subj), cue))
    return out


def extract_quotes(d: Any, onto=None) -> list[Quote]:
    onto = onto or _ontology()
    if d.doc is None:
        return []
    sp = _Speakers(d, onto)
    direct = direct_quotes(d, onto, sp)
    d.scratch["_direct_quotes"] = direct
    quotes: list[Quote] = []

    def sidx(pos: int) -> int:
        s = d.sentence_at(pos)
        return s.index if s is not None else 0

    for s, e, speaker, cue in direct:
        quotes.append(Quote(quote_id=stable_id(d.article_id, s, e), article_id=d.article_id,
                            text=d.text[s:e], span=(s, e), speaker=speaker, kind="direct", cue=cue,
                            sentence_index=sidx(s)))
    for s, e, speaker, cue in indirect_quotes(d, onto, [(a, b) for a, b, _, _ in direct], sp):
        quotes.append(Quote(quote_id=stable_id(d.article_id, s, e), article_id=d.article_id,
                            text=d.text[s:e], span=(s, e), speaker=speaker, kind="indirect", cue=cue,
                            sentence_index=sidx(s)))
    quotes.sort(key=lambda q: q.span)
    return quotes


@stage("quotes", requires=["doc", "sentences", "mentions"], assigns=["quotes"])
def make_quotes(settings, context):
    def run(docs):
        onto = _ontology()
        for d in docs:
            try:
                d.quotes = extract_quotes(d, onto)
            except Exception as exc:  # noqa: BLE001 - a stage must not raise on odd text
                d.quotes = []
                d.scratch.setdefault("errors", []).append(f"quotes: {type(exc).__name__}: {exc}")
        return docs
    return FunctionStage(run)
