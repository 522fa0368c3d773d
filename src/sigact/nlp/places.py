"""The ``places`` stage: each event's location, geocoded offline.

Place mentions are the PLACE mentions of ``d.mentions`` merged with
:func:`sigact.knowledge.places.find_place_mentions` over ``d.doc`` (own places, spaCy
GPE/LOC/FAC, capitalised names after a locative preposition or before a place noun).

Resolution uses the article as context (:func:`resolve_mentions`): mentions that resolve
without doubt (countries, the project's own places, names found in one country only) give
the article's *country prior* (most frequent first), followed by the countries of the
article's actors ("Houthi" → YEM); ambiguous names are resolved with that prior; names
still unknown are matched fuzzily among small places near a place of the same sentence
("Tamanaah town in southern Idleb").  Names the actor layer resolved ("Hadi", "HTS") are
not places.

Choice of an event's place, in order (documented choices):

1. a place syntactically attached to the trigger: in the trigger's subtree under a
   locative preposition ("in/at/near/over/across/into/to/on/outside/around …", also
   "an air base in Iraq" as a modifier of the object), or the trigger's direct object /
   passive subject ("shelled Douma", "Aleppo was struck").  Among several: a destination
   or locative preposition beats "from" — a flight "from Minot to the Middle East" is
   located in the Middle East, the area of operation, not at the origin; then a specific
   place (point, city, admin1) over a region or country ("Aleppo in Syria" → Aleppo);
   then the closest to the trigger;
2. else the nearest place in the same sentence that is not the trigger's subject (a
   subject place is an actor: "Turkey struck …");
3. else (setting ``context_sentences``, default 1) a place of the previous sentence
   — news leads and ACLED notes name the place once ("In Lahij, … . One was killed.");
   the reason field says so;
4. else none, and ``Event.reasons["location"]`` says why (no place in the sentence, or the
   place could not be geocoded and why).
"""
from __future__ import annotations

from typing import Any

from sigact.knowledge.places import Gazetteer, default_gazetteer, find_place_mentions, haversine_km
from sigact.model import Event, Mention, Place
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline.registry import FunctionStage, stage

LOCATIVE = {"in", "at", "near", "over", "across", "into", "to", "on", "outside", "around",
            "inside", "towards", "toward", "off", "along", "within", "onto", "throughout",
            "through", "upon", "against", "between", "by", "nearby", "beyond", "past",
            "north", "south", "east", "west", "northeast", "northwest", "southeast",
            "southwest", "of"}
ORIGIN = {"from"}
PRECISION_RANK = {"point": 0, "city": 1, "admin1": 2, "region": 3, "country": 4, None: 5}


def _merge_mentions(d: ArticleDoc, gaz: Gazetteer) -> list[Mention]:
    ours: list[Mention] = []
    if d.doc is not None:
        try:
            ours = find_place_mentions(d.doc, d.article_id, d.sentences, gazetteer=gaz)
        except Exception:  # a stage never raises on odd text
            ours = []
    theirs = [m for m in d.mentions if m.label == "PLACE"]
    others = [m for m in d.mentions if m.label in ("ACTOR", "PERSON") and m.kb_id]
    allm = sorted(ours + theirs, key=lambda m: (m.start, -(m.end - m.start),
                                                 0 if m.kb_id else 1))
    out: list[Mention] = []
    last_end = -1
    for m in allm:
        if m.start < last_end:
            continue
        if not m.kb_id:
            # a name the actor layer resolved ("Hadi", "HTS") is not a place
            if any(o.start <= m.start < o.end or m.start <= o.start < m.end for o in others
                   if not (o.entity is not None and getattr(o.entity, "type", None) == "country")):
                continue
        out.append(m)
        last_end = m.end
    return out


def _actor_countries(d: ArticleDoc) -> list[str]:
    counts: dict[str, int] = {}
    for m in d.mentions:
        if m.label in ("ACTOR",) and m.entity is not None and m.entity.country:
            counts[m.entity.country] = counts.get(m.entity.country, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])


_CONTAINER_RADIUS = {"city": 60.0, "admin1": 100.0, "region": 100.0}


def resolve_mentions(mentions: list[Mention], gaz: Gazetteer,
                     extra_prior: list[str] | None = None) -> tuple[list[Place | None], list[str | None], list[str]]:
    """Resolution with the article's context: (places, reasons, country prior).

    1. every mention alone; names resolved without doubt (countries, own places, names
       found in one country) give the country prior (most frequent first), then
       `extra_prior` (e.g. the countries of the article's actors);
    2. ambiguous names again with that prior;
    3. names still unknown: a fuzzy match among small places near a place named in the
       same sentence ("Tamanaah town in southern Idleb" → At Tamani'ah, 40 km around a
       city, 90 km around a province)."""
    first = [gaz.explain(m.text) for m in mentions]
    counts: dict[str, int] = {}
    order: dict[str, int] = {}
    for m, r in zip(mentions, first):
        p = r.place
        if p is None or not p.country:
            continue
        sure = (p.precision == "country" or (p.gazetteer_id or "").startswith("sigact:")
                or not r.ambiguous)
        if sure:
            counts[p.country] = counts.get(p.country, 0) + 1
            order.setdefault(p.country, len(order))
    prior = sorted(counts, key=lambda c: (-counts[c], order[c]))
    for c in extra_prior or []:
        if c not in prior:
            prior.append(c)
    places: list[Place | None] = []
    reasons: list[str | None] = []
    for m, r in zip(mentions, first):
        if prior and (r.place is None or r.ambiguous):
            r = gaz.explain(m.text, country_prior=prior)
        places.append(r.place)
        reasons.append(r.reason)
    for i, m in enumerate(mentions):
        if places[i] is not None:
            p = places[i]
            if p.precision != "city" or p.lat is None:
                continue
            # a city far (> 150 km) from the province or city named with it in the same
            # sentence is the wrong one of its name: look for one near that container
            far = [j for j, o in enumerate(mentions) if o.sentence_index == m.sentence_index
                   and j != i and places[j] is not None and places[j].lat is not None
                   and places[j].precision in ("city", "admin1")
                   and haversine_km(p.lat, p.lon, places[j].lat, places[j].lon) > 150]
            if not far or any(o.sentence_index == m.sentence_index and j != i and places[j] is not None
                              and places[j].lat is not None and places[j].precision in ("city", "admin1")
                              and haversine_km(p.lat, p.lon, places[j].lat, places[j].lon) <= 150
                              for j, o in enumerate(mentions)):
                continue
            c = places[far[0]]
            hit = gaz.near(m.text, c.lat, c.lon, c.country,
                           radius_km=_CONTAINER_RADIUS[c.precision or "city"])
            if hit is not None:
                places[i] = hit
            continue
        # containers: resolved places of the same sentence, the following ones first
        conts = [j for j, o in enumerate(mentions) if o.sentence_index == m.sentence_index
                 and j != i and places[j] is not None and places[j].precision in _CONTAINER_RADIUS
                 and places[j].lat is not None]
        conts.sort(key=lambda j: (mentions[j].start < m.start, abs(mentions[j].start - m.start)))
        for j in conts[:2]:
            c = places[j]
            hit = gaz.near(m.text, c.lat, c.lon, c.country,
                           radius_km=_CONTAINER_RADIUS[c.precision or "city"])
            if hit is not None:
                places[i] = hit
                reasons[i] = None
                break
    return places, reasons, prior


def _token_at(doc, offset: int):
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is not None and len(span):
        return span[0]
    for t in doc:          # offset on whitespace between tokens: the slow, exact way
        if t.idx <= offset < t.idx + max(len(t.text), 1):
            return t
    return None


def _span_root(doc, m: Mention):
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _attachment(trigger, root) -> tuple[int, int] | None:
    """(preposition class, depth) when `root` hangs under `trigger` through a preposition
    or as its object; None when it is not attached (or is the trigger's subject)."""
    depth = 0
    prep_class: int | None = None
    tok = root
    prev = None
    while tok is not None and depth < 12:
        if tok.i == trigger.i:
            if prep_class is not None:
                return prep_class, depth
            if prev is not None and prev.dep_ in ("dobj", "nsubjpass", "obj", "attr", "npadvmod",
                                                  "advmod", "oprd", "pobj"):
                return 0, depth
            return None
        if tok.dep_ == "prep" or tok.pos_ == "ADP":
            low = tok.lower_
            if low in ORIGIN:
                prep_class = 1 if prep_class is None else prep_class
            elif low in LOCATIVE:
                prep_class = 0 if prep_class is None else prep_class
        if tok.head.i == tok.i:
            return None
        prev = tok
        tok = tok.head
        depth += 1
    return None


def _modifier_only(doc, m: Mention, place: Place | None) -> bool:
    """A country or region used as a modifier ("the US recognition", "UAE-backed forces",
    "Yemen's al-Masirah TV") names a participant, not where the event happened."""
    if doc is None or place is None or place.precision not in ("country", "region"):
        return False
    root = _span_root(doc, m)
    if root is None:
        return False
    if root.dep_ in ("compound", "amod", "poss", "nmod"):
        return True
    nxt = doc[root.i + 1] if root.i + 1 < len(doc) else None
    return nxt is not None and nxt.text in ("-", "'s", "’s") or (
        nxt is not None and nxt.lower_ in ("backed", "led", "based", "allied", "supported"))


def locate_event(e: Event, d: ArticleDoc, mentions: list[Mention], places: list[Place | None],
                 reasons: list[str | None], *, context_sentences: int = 1) -> None:
    doc = d.doc
    in_sent = [i for i, m in enumerate(mentions) if e.span[0] <= m.start < e.span[1]
               and not _modifier_only(doc, m, places[i])]
    trigger = None
    if doc is not None and e.trigger_span is not None:
        trigger = _token_at(doc, e.trigger_span[0])
    if in_sent and trigger is not None:
        attached = []
        others = []
        for i in in_sent:
            root = _span_root(doc, mentions[i])
            if root is None:
                continue
            att = _attachment(trigger, root)
            if att is not None:
                prec = PRECISION_RANK.get(places[i].precision if places[i] else None, 5)
                attached.append((att[0], 0 if prec <= 2 else 1, att[1], i))
            else:
                is_subject = False
                t = root
                while t is not None and t.head.i != t.i and t.i != trigger.i:
                    if t.head.i == trigger.i and t.dep_ in ("nsubj", "csubj", "agent"):
                        is_subject = True
                    t = t.head
                if not is_subject:
                    others.append((abs(root.i - trigger.i), i))
        for _, _, _, i in sorted(attached):
            if places[i] is not None:
                e.location = places[i]
                return
        for _, i in sorted(others):
            if places[i] is not None:
                e.location = places[i]
                e.reasons.setdefault("location", "place in the same sentence, not attached to the trigger")
                return
    elif in_sent:
        for i in in_sent:
            if places[i] is not None:
                e.location = places[i]
                e.reasons.setdefault("location", "place in the same sentence (no trigger)")
                return
    # context: a place of the previous sentence(s)
    if context_sentences > 0:
        prev = [i for i, m in enumerate(mentions)
                if e.sentence_index - context_sentences <= m.sentence_index < e.sentence_index
                and m.start < e.span[0]]
        for i in reversed(prev):
            if places[i] is not None:
                e.location = places[i]
                e.reasons["location"] = (f"no place in the event's sentence; taken from "
                                         f"sentence {mentions[i].sentence_index}")
                return
    if not in_sent:
        e.reasons["location"] = "no place mentioned in the event's sentence"
    else:
        why = "; ".join(f"{mentions[i].text!r}: {reasons[i] or 'not geocoded'}" for i in in_sent)
        e.reasons["location"] = f"place mentions could not be geocoded ({why})"


def locate_doc(d: ArticleDoc, gaz: Gazetteer, *, context_sentences: int = 1,
               extra_prior: list[str] | None = None) -> None:
    if not d.events:
        return
    mentions = _merge_mentions(d, gaz)
    prior_extra = list(extra_prior or [])
    prior_extra += [c for c in _actor_countries(d) if c not in prior_extra]
    places, reasons, prior = resolve_mentions(mentions, gaz, prior_extra)
    d.scratch["places"] = {"mentions": mentions, "places": places, "prior": prior}
    for e in d.events:
        try:
            locate_event(e, d, mentions, places, reasons, context_sentences=context_sentences)
        except Exception as exc:  # never raise on odd text
            e.reasons["location"] = f"location failed: {type(exc).__name__}"


@stage("places", requires=["events", "mentions"], assigns=["events.location"])
def make_places(settings: dict[str, Any], context: dict[str, Any]):
    ctx_n = int(settings.get("context_sentences", 1))
    extra_prior = list(settings.get("country_prior", []))
    holder: dict[str, Gazetteer] = {}

    def run(docs: list[ArticleDoc]) -> list[ArticleDoc]:
        gaz = context.get("gazetteer") or holder.get("g")
        if gaz is None:
            gaz = holder["g"] = default_gazetteer()
        for d in docs:
            locate_doc(d, gaz, context_sentences=ctx_n, extra_prior=extra_prior)
        return docs

    return FunctionStage(run)
