"""The ``actors`` stage: event participants → knowledge-base entities (date-aware).

For every event whose ``actor`` or ``recipient`` has no ``kb_id`` yet, the participant's text
is resolved with :class:`sigact.knowledge.actors.ActorResolver` on the event's date (first
day of ``Event.date`` if set, else the article's anchor date), so "the defence secretary"
in a November 2024 article is that month's office holder.  Pronouns and definite
descriptions ("he", "the group", "the Pentagon spokesman") go to the nearest compatible
preceding resolved mention (:func:`sigact.knowledge.actors.antecedent`).

Rules: the participant's ``text``/``start``/``end`` are kept; a resolved ``kb_id`` is never
replaced; an unresolved participant gains country/sector when the resolver knows them
("Israeli forces" → ISR, MIL) and the abstention reason goes to ``Entity.reason`` and
``Event.reasons["actor"|"recipient"]``.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sigact.knowledge.actors import ActorResolver, antecedent, get_resolver
from sigact.model import Entity, Event
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline.registry import FunctionStage, stage


def _event_day(ev: Event, anchor: date | None) -> date | None:
    if ev.date is not None:
        b = ev.date.bounds()
        if b is not None:
            return b[0]
    return anchor


def resolve_participant(ent: Entity | None, d: ArticleDoc, when: date | None,
                        resolver: ActorResolver, context: dict | None = None) -> tuple[Entity | None, str | None]:
    """The better entity for ``ent`` (same object updated, or a copy from an antecedent),
    and the reason when it stays unresolved."""
    if ent is None or ent.kb_id is not None:
        return ent, None
    text = ent.text or ent.name
    if not text:
        return ent, None
    got = resolver.resolve(text, when=when, context=context)
    if got.kb_id is None and got.reason and got.reason.startswith("reference") and ent.start is not None:
        m = antecedent(d.mentions, ent.start, text)
        if m is not None and m.entity is not None and m.entity.kb_id is not None:
            a = m.entity
            return Entity(name=a.name, text=ent.text, kb_id=a.kb_id, country=a.country,
                          sector=a.sector, type=a.type, reason=None, start=ent.start, end=ent.end), None
    if got.kb_id is not None:
        return Entity(name=got.name, text=ent.text, kb_id=got.kb_id, country=got.country,
                      sector=got.sector, type=got.type, reason=None, start=ent.start, end=ent.end), None
    not_a_participant = _implausible(ent, d)
    if not_a_participant:
        return None, not_a_participant
    # still unresolved: keep the surface, add what the resolver could tell
    ent.country = ent.country or got.country
    ent.sector = ent.sector or got.sector
    ent.type = ent.type or got.type
    ent.reason = ent.reason or got.reason
    return ent, ent.reason


_NON_PARTICIPANT_POS = {"VERB", "AUX", "PRON", "DET", "ADP", "NUM", "ADV", "SCONJ", "CCONJ",
                        "PART", "PUNCT"}


def _implausible(ent: Entity, d: ArticleDoc) -> str | None:
    """Why an unresolved participant is not one at all: a parse slip that made a date
    ("April", "Dec. 27") or a function word ("its", "called") the subject or object.
    Such a field is left empty with this reason rather than filled with noise."""
    if ent.start is None or ent.end is None:
        return None
    for t in d.timexes or []:
        if t.start <= ent.start and ent.end <= t.end:
            return f"not a participant: {ent.text!r} is a time expression"
    doc = d.doc
    if doc is None:
        return None
    span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
    if span is not None and len(span) == 1 and span[0].pos_ in _NON_PARTICIPANT_POS:
        return f"not a participant: {ent.text!r} is a {span[0].pos_.lower()}"
    return None


def resolve_events(d: ArticleDoc, resolver: ActorResolver, context: dict | None = None) -> None:
    for ev in d.events:
        when = _event_day(ev, d.anchor)
        for role in ("actor", "recipient"):
            ent = getattr(ev, role)
            new, why = resolve_participant(ent, d, when, resolver, context)
            if new is not ent:
                setattr(ev, role, new)
            if why:
                ev.reasons.setdefault(role, why)
            elif new is not None and new.kb_id is not None and ev.reasons.get(role, "").startswith(
                    ("unknown", "ambiguous", "role", "reference", "unnamed", "no known")):
                ev.reasons.pop(role, None)


@stage("actors", requires=["events", "mentions"], assigns=["events.actor", "events.recipient"])
def make_actors(settings: dict[str, Any], context: dict[str, Any]):
    extra = tuple(settings.get("extra_dirs", ())) + tuple(
        (context.get("knowledge") or {}).get("extra_dirs", ()))
    country = settings.get("country")

    def run(docs: list[ArticleDoc]) -> list[ArticleDoc]:
        resolver = get_resolver(extra)
        for d in docs:
            c = country or (d.article.metadata or {}).get("country")
            resolve_events(d, resolver, {"country": c} if c else None)
        return docs

    return FunctionStage(run)
