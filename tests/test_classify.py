"""The learned event-type classifier and the `classify` stage's combination rules."""
from __future__ import annotations

import numpy as np
import pytest

from sigact.model import EVENT_TYPES, Article, Event, sha256_text
from sigact.nlp import classify
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline.registry import get_stage


def test_artefact_is_small_plain_arrays_and_loads():
    path = classify.model_path()
    assert path.is_file()
    assert path.stat().st_size <= 5_000_000
    with np.load(path, allow_pickle=False) as z:          # no pickle inside
        assert {"coef", "intercept", "word_vocab", "char_vocab", "classes"} <= set(z.files)
    clf = classify.load_classifier()
    assert set(clf.classes) == set(EVENT_TYPES)
    assert clf.coef.shape == (len(clf.classes), len(clf.word_idf) + len(clf.char_idf))


@pytest.mark.parametrize("sentence,expected", [
    ("Warplanes bombed the town overnight, killing twelve civilians.", "ASSAULT"),
    ("Thousands of demonstrators marched through the capital chanting against the government.", "PROTEST"),
    ("Police arrested the opposition leader at his home on Tuesday.", "COERCE"),
    ("The president threatened to retaliate with force if the attacks continued.", "THREATEN"),
    ("The army deployed additional troops and tanks to the border.", "MOBILIZE"),
    ("The EU imposed new sanctions on the regime's oil exports.", "SANCTION"),
    ("The minister praised the agreement as a historic step.", "SUPPORT"),
])
def test_predict_obvious_types(sentence, expected):
    (label, p), = classify.predict([sentence])
    assert label == expected
    assert 0.0 < p <= 1.0


def test_predict_batch_and_empty():
    assert classify.predict([]) == []
    out = classify.predict(["", "Troops opened fire on the crowd."])
    assert len(out) == 2 and all(t in EVENT_TYPES for t, _ in out)
    P = classify.load_classifier().proba(["Troops opened fire on the crowd."])
    assert np.allclose(P.sum(axis=1), 1.0, atol=1e-4)


def _doc(sentence: str, rule_type: str, trigger: str, *, mode=None, conf=0.6) -> ArticleDoc:
    text = sentence
    art = Article(article_id="a1", text=text, text_sha256=sha256_text(text))
    start = text.index(trigger)
    tspan = (start, start + len(trigger))
    ev = Event(event_id=Event.make_id("a1", rule_type, tspan, (0, len(text))), article_id="a1",
               sentence=text, span=(0, len(text)), event_type=rule_type, trigger=trigger,
               trigger_span=tspan, mode=mode, confidence=conf)
    return ArticleDoc(article=art, text=text, events=[ev])


def _run(doc: ArticleDoc, **settings) -> Event:
    stage = get_stage("classify").factory(settings, {})
    stage([doc])
    return doc.events[0]


def test_ambiguous_trigger_is_retyped_by_the_classifier():
    sent = "Thousands of teachers went on strike on Monday, marching to demand higher wages."
    d = _doc(sent, "ASSAULT", "strike", mode=None)
    old_id = d.events[0].event_id
    p_protest = dict(zip(classify.load_classifier().classes,
                         classify.load_classifier().proba([sent])[0]))["PROTEST"]
    ev = _run(d)
    assert ev.event_type == "PROTEST"
    assert ev.extractor == "rules+classifier"
    assert ev.mode is None
    assert "ambiguous" in ev.reasons["event_type"]
    assert ev.event_id != old_id and ev.event_id == Event.make_id("a1", "PROTEST", ev.trigger_span, ev.span)
    assert ev.confidence == pytest.approx(0.5 * 0.6 + 0.5 * p_protest, abs=1e-3)
    dec = d.scratch["classify"][0]
    assert dec["rule_type"] == "ASSAULT" and dec["type"] == "PROTEST" and dec["changed"]


def test_unambiguous_trigger_keeps_the_rule_type():
    sent = "Thousands of teachers went on strike on Monday, marching to demand higher wages."
    d = _doc(sent, "ASSAULT", "demand", mode="x")   # 'demand' is not an ambiguous trigger
    ev = _run(d)
    assert ev.event_type == "ASSAULT" and ev.mode == "x" and ev.extractor == "rules"
    assert d.scratch["classify"][0]["changed"] is False


def test_agreement_raises_confidence_and_type_stays():
    sent = "Warplanes bombed the town overnight, killing twelve civilians."
    d = _doc(sent, "ASSAULT", "bombed", conf=0.5)
    ev = _run(d)
    assert ev.event_type == "ASSAULT"
    assert ev.confidence > 0.5


def test_classifier_needs_a_clear_margin():
    sent = "Thousands of teachers went on strike on Monday, marching to demand higher wages."
    d = _doc(sent, "ASSAULT", "strike")
    ev = _run(d, min_prob=1.01)          # impossible threshold: rules win
    assert ev.event_type == "ASSAULT"


def test_no_events_and_invalid_rule_type():
    empty = ArticleDoc(article=Article("a2", "Nothing here.", sha256_text("Nothing here.")),
                       text="Nothing here.")
    get_stage("classify").factory({}, {})([empty])
    assert empty.events == [] and empty.scratch["classify"] == []
    d = _doc("Authorities imposed a curfew in the northern province.", "UNKNOWN", "imposed")
    assert _run(d).event_type == "COERCE"


def test_a_rule_mode_is_not_overruled():
    # the rules recognised a specific act (an escort, an air strike): the classifier,
    # trained on other text, does not retype it
    sent = "Thousands of teachers went on strike on Monday, marching to demand higher wages."
    ev = _run(_doc(sent, "ASSAULT", "strike", mode="air strike"))
    assert ev.event_type == "ASSAULT" and ev.extractor == "rules"
