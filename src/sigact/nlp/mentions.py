"""The ``mentions`` stage: the spans of text the knowledge layer cares about.

Sources, merged per article:

* **actor KB ruler** - PhraseMatchers built from every alias, demonym and capital metonym
  of ``knowledge/data/actors`` (case-sensitive for short acronyms: "US" matches, "us" does
  not; an alias written with capitals never matches all-lowercase text).  A match is
  extended over a following head noun ("Israeli" + "forces", "Iran" + "-backed militias")
  or role phrase ("US" + "Defense Secretary", "Pentagon" + "spokesman") when no name follows.
* **role phrases** - "the president", "the defence secretary" (not followed by a name),
  resolved to the office holder on the article's anchor date when the country is known
  (``[stages.mentions] country`` or the article's ``metadata["country"]``), else kept
  with the abstention reason.
* **spaCy NER** - PERSON, ORG, NORP (actors) and GPE/LOC/FAC (places, only when the
  places module is not there), each resolved through the actor resolver.
* **assets, units, quantities, places** - ``sigact.knowledge.assets.find_asset_mentions``,
  ``find_quantities`` and ``sigact.knowledge.places.find_place_mentions`` when present.

Overlaps among ACTOR / PERSON / UNIT / PLACE spans: the explained span (resolved, or a KB
construction with a reason) beats a bare NER span, then the longest span wins, then KB over
NER.  ASSET and QUANTITY mentions are kept alongside (they may contain an actor modifier:
"US B-52 bombers").  A country or capital after a locative preposition ("in Iran",
"to Washington") is a PLACE; elsewhere ("Iran said", "Washington warned") it is an ACTOR.
"""
from __future__ import annotations

import bisect
import logging
from typing import Any

from sigact.knowledge.actors import ActorResolver, get_resolver, normalise
from sigact.model import Entity, Mention
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline.registry import FunctionStage, stage

log = logging.getLogger(__name__)

ACTOR_LABELS = {"ORG": "ACTOR", "NORP": "ACTOR", "PERSON": "PERSON"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
LOCATIVE = {"in", "at", "from", "to", "into", "near", "over", "across", "inside", "around",
            "toward", "towards", "within", "outside", "throughout", "via", "through", "above",
            "off", "onto", "between", "visited", "visit", "reached", "arrived"}
_GROUP_A = {"ACTOR", "PERSON", "PLACE", "UNIT"}
_LABEL_RANK = {"PERSON": 3, "ACTOR": 3, "UNIT": 2, "PLACE": 1}


class _Rulers:
    """PhraseMatchers over the actor KB for one spaCy vocab."""

    def __init__(self, vocab, resolver: ActorResolver):
        from spacy.lang.en import English
        from spacy.matcher import PhraseMatcher

        tok = English(vocab=vocab)
        self.ci = PhraseMatcher(vocab, attr="LOWER")
        self.cs = PhraseMatcher(vocab, attr="ORTH")
        self.roles = PhraseMatcher(vocab, attr="LOWER")
        ci_docs, cs_docs = {}, {}
        self.lower_ok: set[str] = set()          # aliases written in lower case in the KB
        for alias, _eid, cs in resolver.patterns():
            if cs:
                cs_docs.setdefault(alias, None)
            else:
                # tokenise the alias as written ("U.S." is one token, "u.s." may not be)
                ci_docs.setdefault(alias, None)
                if alias == alias.lower():
                    self.lower_ok.add(normalise(alias))
        self.ci.add("ACTOR", list(tok.tokenizer.pipe(ci_docs)))
        self.cs.add("ACTOR", list(tok.tokenizer.pipe(cs_docs)))
        from sigact.knowledge.actors import ORG_ROLES
        standalone = [p for p, roles in resolver.lexicon.role_phrases.items()
                      if not (roles & ORG_ROLES) and len(p) > 3]
        self.roles.add("ROLE", list(tok.tokenizer.pipe(standalone)))
        self.role_phrases = set(resolver.lexicon.role_phrases)
        self.heads = set(resolver.lexicon.heads)
        self.backers = set(resolver.lexicon.backers)


_RULERS: dict[int, _Rulers] = {}


def rulers_for(vocab, resolver: ActorResolver) -> _Rulers:
    key = id(vocab) ^ id(resolver)
    r = _RULERS.get(key)
    if r is None:
        r = _RULERS[key] = _Rulers(vocab, resolver)
    return r


def _sentence_index(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _phrase_after(doc, i: int, phrases: set[str], max_len: int = 4) -> int | None:
    """End token index of the longest phrase in ``phrases`` starting at token ``i``."""
    best = None
    for n in range(1, max_len + 1):
        if i + n > len(doc):
            break
        tok = doc[i + n - 1]
        if tok.is_punct and tok.text not in ("-", "–") or tok.is_space or tok.lower_ == "the" \
                or tok.lower_ in ("'s", "’s", "'", "’") \
                or tok.is_sent_start and n > 1 or (n == 1 and tok.is_sent_start):
            break
        if normalise(doc[i:i + n].text) in phrases:
            best = i + n
    return best


def _names_follow(doc, i: int) -> bool:
    return i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper()


def _is_locative(doc, start: int) -> bool:
    j = start - 1
    while j >= 0 and doc[j].lower_ in ("the", "southern", "northern", "eastern", "western",
                                       "central"):
        j -= 1
    return j >= 0 and doc[j].lower_ in LOCATIVE


def _extend(doc, start: int, end: int, r: _Rulers) -> int:
    """Extend an actor match over "-backed militias", "forces", "Defense Secretary"."""
    j = end
    if j + 1 < len(doc) and doc[j].text in ("-", "–") and doc[j + 1].lower_ in r.backers:
        k = _phrase_after(doc, j + 2, r.heads)
        if k is not None:
            return k
        return end
    k = _phrase_after(doc, j, r.heads)
    if k is not None and not _names_follow(doc, k):
        return k
    k = _phrase_after(doc, j, r.role_phrases)
    if k is not None and not _names_follow(doc, k):
        return k
    return end


def find_actor_mentions(d: ArticleDoc, resolver: ActorResolver, *, context: dict | None = None,
                        places_available: bool = False) -> list[Mention]:
    doc = d.doc
    r = rulers_for(doc.vocab, resolver)
    starts = [s.start for s in d.sentences]
    ctx = dict(context or {})
    when = d.anchor
    out: list[Mention] = []

    def add(start_tok: int, end_tok: int, source: str, label_hint: str | None = None) -> None:
        while end_tok - start_tok > 1 and doc[end_tok - 1].lower_ in ("'s", "’s", "'", "’"):
            end_tok -= 1                      # "Qassim Suleimani's" → "Qassim Suleimani"
        span = doc[start_tok:end_tok]
        text = span.text
        if not text.strip():
            return
        ent = resolver.resolve(text, when=when, context=ctx)
        ent.start, ent.end = span.start_char, span.end_char
        label = label_hint or "ACTOR"
        if ent.type == "person":
            label = "PERSON"
        if ent.kb_id is not None and ent.type == "country" and ent.sector is None \
                and _is_locative(doc, start_tok) and not resolver.is_demonym(ent.kb_id, text):
            label = "PLACE"
        m = Mention(d.article_id, span.start_char, span.end_char, text, label,
                    _sentence_index(starts, span.start_char), source=source,
                    kb_id=ent.kb_id if label != "PLACE" else None,
                    entity=ent if label != "PLACE" else None)
        if label == "PLACE" and source == "ruler":
            m.kb_id = None
        out.append(m)

    # 1. KB rulers
    seen: set[tuple[int, int]] = set()
    for matcher, is_cs in ((r.cs, True), (r.ci, False)):
        for _mid, s, e in matcher(doc):
            text = doc[s:e].text
            if not is_cs and text == text.lower() and normalise(text) not in r.lower_ok:
                continue            # "national guard" in running text is not the National Guard
            e2 = _extend(doc, s, e, r)
            if (s, e2) in seen:
                continue
            seen.add((s, e2))
            add(s, e2, "ruler")
    # 2. standalone role phrases: "the president", "the defence secretary"
    for _mid, s, e in r.roles(doc):
        if s == 0 or doc[s - 1].lower_ != "the" or _names_follow(doc, e):
            continue
        if any(a <= s < b for a, b in seen):
            continue
        seen.add((s - 1, e))
        add(s - 1, e, "ruler", "PERSON")
    # 3. spaCy NER (lower-case "names" come from URLs and markup, not from prose)
    for ent in doc.ents:
        if ent.text == ent.text.lower() and normalise(ent.text) not in r.lower_ok:
            continue
        if ent.label_ in ACTOR_LABELS:
            add(ent.start, ent.end, "ner", ACTOR_LABELS[ent.label_])
        elif ent.label_ in PLACE_LABELS:
            res = resolver.resolve(ent.text, when=when, context=ctx)
            if res.kb_id is not None and not _is_locative(doc, ent.start):
                add(ent.start, ent.end, "ner")
            elif not places_available:
                out.append(Mention(d.article_id, ent.start_char, ent.end_char, ent.text, "PLACE",
                                   _sentence_index(starts, ent.start_char), source="ner"))
    # unresolved NORP ("Shiite", "Muslims") is not an actor by itself, nor is a bare head
    # noun tagged by NER ("Air Force")
    return [m for m in out if not (
        m.source == "ner" and m.entity is not None and m.entity.kb_id is None and (
            (m.label == "ACTOR" and _ner_label(doc, m) == "NORP")
            or (m.entity.reason or "").startswith("generic description")))]


def _ner_label(doc, m: Mention) -> str | None:
    span = doc.char_span(m.start, m.end)
    return span.label_ if span is not None and span.label_ else (
        span.ents[0].label_ if span is not None and span.ents else None)


def _explained(m: Mention) -> bool:
    return m.kb_id is not None or m.source != "ner"


def merge_mentions(mentions: list[Mention]) -> list[Mention]:
    """Resolve overlaps among ACTOR/PERSON/PLACE/UNIT spans (see the module docstring);
    other labels are kept as they are.  Result in text order."""
    b = [m for m in mentions if m.label not in _GROUP_A]
    # an unresolved NER name on top of a KB asset/unit ("B-52s" tagged PERSON) is the asset
    a = [m for m in mentions if m.label in _GROUP_A and not (
        m.source == "ner" and m.kb_id is None
        and any(m.start < x.end and x.start < m.end and x.kb_id for x in b))]
    a.sort(key=lambda m: (not _explained(m), -(m.end - m.start), m.source == "ner",
                          -_LABEL_RANK.get(m.label, 0), m.start))
    kept: list[Mention] = []
    for m in a:
        if any(m.start < k.end and k.start < m.end for k in kept):
            continue
        kept.append(m)
    out = kept + b
    out.sort(key=lambda m: (m.start, -(m.end - m.start)))
    return out


def _external(module: str, fn: str):
    try:
        mod = __import__(module, fromlist=[fn])
    except ImportError:
        return None
    return getattr(mod, fn, None)


def mentions_for(d: ArticleDoc, resolver: ActorResolver | None = None, *,
                 settings: dict[str, Any] | None = None) -> list[Mention]:
    """All mentions of one article (requires ``d.doc`` and ``d.sentences``)."""
    settings = settings or {}
    resolver = resolver or get_resolver(settings.get("extra_dirs", ()))
    ctx: dict[str, Any] = {}
    country = settings.get("country") or (d.article.metadata or {}).get("country")
    if country:
        ctx["country"] = country
    find_places = _external("sigact.knowledge.places", "find_place_mentions")
    mentions = find_actor_mentions(d, resolver, context=ctx, places_available=find_places is not None)
    for module, fn in (("sigact.knowledge.places", "find_place_mentions"),
                       ("sigact.knowledge.assets", "find_asset_mentions"),
                       ("sigact.knowledge.assets", "find_quantities")):
        f = _external(module, fn)
        if f is None:
            continue
        try:
            got = f(d.doc, d.article_id, d.sentences) or []
        except Exception:  # noqa: BLE001 - a sibling module's bug must not sink the article
            log.warning("%s.%s failed on %s", module, fn, d.article_id, exc_info=True)
            continue
        for m in got:
            if m.label == "PLACE" and _claimed_by_actor(m, mentions, d):
                continue
            mentions.append(m)
    return merge_mentions(mentions)


def _claimed_by_actor(place: Mention, mentions: list[Mention], d: ArticleDoc) -> bool:
    """A gazetteer PLACE on exactly the span of a non-locative country/capital actor."""
    for m in mentions:
        if m.start == place.start and m.end == place.end and m.label == "ACTOR" and m.kb_id:
            return True
    return False


@stage("mentions", requires=["doc", "sentences"], assigns=["mentions"])
def make_mentions(settings: dict[str, Any], context: dict[str, Any]):
    extra = list(settings.get("extra_dirs", ())) + list(
        (context.get("knowledge") or {}).get("extra_dirs", ()))
    stage_settings = {**settings, "extra_dirs": tuple(extra)}

    def run(docs: list[ArticleDoc]) -> list[ArticleDoc]:
        resolver = get_resolver(stage_settings["extra_dirs"])
        for d in docs:
            if d.doc is None:
                d.mentions = []
                continue
            d.mentions = mentions_for(d, resolver, settings=stage_settings)
        return docs

    return FunctionStage(run)


__all__ = ["make_mentions", "mentions_for", "find_actor_mentions", "merge_mentions", "Entity"]
