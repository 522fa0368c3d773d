"""Schema and content checks of the event ontology (knowledge/data/ontology/*.yaml)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sigact.knowledge.loader import DATA_ROOT, KnowledgeError
from sigact.knowledge.ontology import build, load_ontology, validate
from sigact.model import EVENT_TYPES, STATUSES

ONTO_DIR = DATA_ROOT / "ontology"


def _files() -> list[Path]:
    return sorted(ONTO_DIR.glob("*.yaml"))


def test_files_are_versioned_and_of_kind_ontology():
    assert _files(), "no ontology files"
    for path in _files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data.get("version"), int) and data["version"] >= 1, path.name
        assert data.get("kind") == "ontology", path.name
        assert isinstance(data.get("entries"), list) and data["entries"], path.name


def test_every_entry_matches_the_schema_and_ids_are_unique():
    ids: set[str] = set()
    for path in _files():
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]
        for e in entries:
            e = dict(e, _file=path.name)
            assert validate([e]) == [], e
            assert e["id"] not in ids, f"duplicate id {e['id']}"
            ids.add(e["id"])


def test_triggers_use_plover_types_and_statuses_are_known():
    onto = load_ontology()
    for table in (onto.verbs, onto.nouns):
        for triggers in table.values():
            for t in triggers:
                assert t.event_type in EVENT_TYPES
                assert 0 <= t.certainty <= 1
    assert set(onto.status.values()) <= set(STATUSES)
    # the lexicon covers the categories the seed articles need
    assert onto.verb_trigger("escort").event_type == "COOPERATE"
    assert onto.verb_trigger("deploy").event_type == "MOBILIZE"
    assert onto.noun_trigger("assassination").mode == "assassination"
    assert onto.verb_trigger("threaten").event_type == "THREATEN"
    assert onto.status_of("aux", "will") == "planned"
    assert onto.status_of("verb", "expect") == "expected"
    assert "say" in onto.reporting_verbs
    assert onto.canonical_source("NYT") == "New York Times"


def test_word_lists_are_strings_not_yaml_booleans():
    onto = load_ontology()
    for name, words in onto.lists.items():
        assert all(isinstance(w, str) for w in words), name
    assert "no" in onto.words("negation")


def test_validate_rejects_a_bad_trigger():
    bad = {"id": "trig.x", "name": "zap", "group": "trigger", "pos": "verb", "event_type": "FIGHT"}
    assert validate([bad])
    bad_status = {"id": "cue.x", "name": "zap", "group": "status_cue", "applies": "aux", "status": "maybe"}
    assert validate([bad_status])


def test_user_files_extend_and_override(tmp_path):
    folder = tmp_path / "ontology"
    folder.mkdir()
    (folder / "mine.yaml").write_text(
        "version: 1\nkind: ontology\nentries:\n"
        "  - {id: trig.v.zap, name: zap, group: trigger, pos: verb, event_type: ASSAULT, mode: zapping}\n"
        "  - {id: trig.v.escort, name: escort, group: trigger, pos: verb, event_type: AID}\n",
        encoding="utf-8")
    onto = load_ontology([str(tmp_path)])
    assert onto.verb_trigger("zap").mode == "zapping"
    assert onto.verb_trigger("escort").event_type == "AID"
    assert load_ontology().verb_trigger("escort").event_type == "COOPERATE"


def test_invalid_user_file_is_a_clear_error(tmp_path):
    folder = tmp_path / "ontology"
    folder.mkdir()
    (folder / "bad.yaml").write_text(
        "version: 1\nkind: ontology\nentries:\n"
        "  - {id: trig.v.zap, name: zap, group: trigger, pos: adverb, event_type: ASSAULT}\n",
        encoding="utf-8")
    with pytest.raises(KnowledgeError):
        load_ontology([str(tmp_path)])


def test_build_is_pure():
    onto = build([{"id": "l", "name": "capability", "group": "list", "words": ["Able"]}])
    assert onto.words("capability") == frozenset({"able"})
