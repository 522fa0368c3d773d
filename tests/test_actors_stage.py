"""The `actors` stage: event participants → KB entities, date-aware, never made worse."""
from __future__ import annotations

from datetime import date

from sigact.knowledge.actors import get_resolver
from sigact.model import Article, DateValue, Entity, Event, Mention, sha256_text
from sigact.nlp.actors import resolve_events
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline.registry import get_stage

TEXT = "Hezbollah said the group fired rockets. The defence secretary said he ordered strikes."


def _event(actor: Entity | None, recipient: Entity | None = None, when: str | None = None) -> Event:
    ev = Event("e1", "a", TEXT, (0, len(TEXT)), "ASSAULT", actor=actor, recipient=recipient)
    if when:
        ev.date = DateValue(when, "day" if len(when) == 10 else "month")
    return ev


def _doc(events, mentions=(), anchor=date(2024, 11, 2), **meta) -> ArticleDoc:
    art = Article("a", TEXT, sha256_text(TEXT), metadata=dict(meta))
    d = ArticleDoc(article=art, text=TEXT, anchor=anchor)
    d.events, d.mentions = list(events), list(mentions)
    return d


def test_unresolved_participants_are_resolved_and_keep_offsets():
    ev = _event(Entity("Israeli forces", "Israeli forces", start=5, end=19),
                Entity("Qassim Suleimani", "Qassim Suleimani", start=30, end=46))
    d = _doc([ev])
    stage = get_stage("actors").factory({}, {})
    stage([d])
    assert ev.actor.kb_id == "ISR.MIL" and (ev.actor.start, ev.actor.end) == (5, 19)
    assert ev.actor.text == "Israeli forces"
    assert ev.recipient.kb_id == "IRN.Q_SOLEIMANI" and ev.recipient.name == "Qasem Soleimani"


def test_resolved_kb_id_is_never_overwritten():
    ev = _event(Entity("Custom", "Trump", kb_id="USA.GOV", country="USA", sector="GOV"))
    resolve_events(_doc([ev]), get_resolver())
    assert ev.actor.kb_id == "USA.GOV" and ev.actor.name == "Custom"


def test_roles_use_the_event_date_before_the_anchor():
    ev = _event(Entity("the defence secretary", "the defence secretary"), when="2020-12-10")
    resolve_events(_doc([ev], anchor=date(2024, 11, 2)), get_resolver(), {"country": "USA"})
    assert ev.actor.kb_id == "USA.C_MILLER"
    ev = _event(Entity("the defence secretary", "the defence secretary"))
    resolve_events(_doc([ev], anchor=date(2024, 11, 2)), get_resolver(), {"country": "USA"})
    assert ev.actor.kb_id == "USA.L_AUSTIN"


def test_article_country_comes_from_metadata():
    ev = _event(Entity("the president", "the president"))
    stage = get_stage("actors").factory({}, {})
    stage([_doc([ev], anchor=date(2020, 12, 10), country="USA")])
    assert ev.actor.kb_id == "USA.D_TRUMP"


def test_unknown_and_generic_stay_unresolved_with_reasons():
    ev = _event(Entity("Farzin Nadhimi", "Farzin Nadhimi"), Entity("Iraqi militias", "Iraqi militias"))
    resolve_events(_doc([ev]), get_resolver())
    assert ev.actor.kb_id is None and ev.actor.reason == "unknown name"
    assert ev.reasons["actor"] == "unknown name"
    assert ev.recipient.kb_id is None and ev.recipient.country == "IRQ" and ev.recipient.sector == "REB"


def test_references_use_the_nearest_compatible_mention():
    r = get_resolver()
    hez = r.resolve("Hezbollah")
    m = Mention("a", 0, 9, "Hezbollah", "ACTOR", 0, "ruler", hez.kb_id, hez)
    ev = _event(Entity("the group", "the group", start=19, end=28))
    resolve_events(_doc([ev], [m]), r)
    assert ev.actor.kb_id == "LBN.REB.HEZBOLLAH" and ev.actor.text == "the group"
    assert (ev.actor.start, ev.actor.end) == (19, 28)
    ev = _event(Entity("he", "he", start=63, end=65))          # no person mention before it
    resolve_events(_doc([ev], [m]), r)
    assert ev.actor.kb_id is None and ev.actor.reason.startswith("reference")


def test_parse_slips_are_not_participants():
    import sigact
    doc = sigact.process_texts(
        ["In April an air strike destroyed the consular building in Damascus."],
        published="2024-04-14")[0]
    for ev in doc.events:
        assert ev.actor is None or ev.actor.text.lower() != "april"
