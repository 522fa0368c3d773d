"""Crosswalks CAMEO / PLOVER 0.5 / ACLED / CASE 2021 → PLOVER (knowledge/data/crosswalks)."""
from __future__ import annotations

import pytest

from sigact.knowledge import crosswalks as cw
from sigact.knowledge.loader import KnowledgeError, load_kind
from sigact.model import EVENT_TYPES


def test_every_entry_is_valid():
    # other crosswalk families (e.g. ACLED actor names) share the folder; ours are these files
    entries = [e for e in load_kind("crosswalks") if e["_file"] in ("acled_plover.yaml", "cameo_plover.yaml")]
    assert len(entries) > 100
    for e in entries:
        assert e["scheme"] in cw.SCHEMES, e["id"]
        assert e["plover"] is None or e["plover"] in EVENT_TYPES, e["id"]


@pytest.mark.parametrize("code,ptype", [
    ("19", "ASSAULT"), ("190", "ASSAULT"), ("195", "ASSAULT"),
    ("191", "COERCE"), ("192", "COERCE"),          # blockade / occupation
    ("173", "COERCE"), ("1712", "ASSAULT"), ("175", "ASSAULT"),
    ("163", "COERCE"), ("161", "SANCTION"),
    ("036", "AGREE"), ("042", "CONSULT"), ("057", "SUPPORT"),
    ("0831", "CONCEDE"), ("0871", "RETREAT"), ("084", "RETREAT"),
    ("093", "ACCUSE"), ("112", "ACCUSE"), ("1041", "REQUEST"), ("020", "REQUEST"),
    ("125", "REJECT"), ("138", "THREATEN"), ("141", "PROTEST"), ("154", "MOBILIZE"),
    ("2041", "ASSAULT"), ("073", "AID"), ("064", "COOPERATE"),
])
def test_cameo_codes(code, ptype):
    assert cw.cameo_to_plover(code).plover == ptype


def test_cameo_longest_prefix_and_modes():
    assert cw.cameo_to_plover("0871").mode == "ceasefire"
    assert cw.cameo_to_plover("0879").plover == "RETREAT"   # falls back to 087
    assert cw.cameo_to_plover("041").mode == "phone"
    assert cw.cameo_to_plover("010").plover is None         # statements: no PLOVER event
    assert cw.cameo_to_plover("99") is None
    assert cw.cameo_to_plover("abc") is None


def test_plover05_names():
    assert cw.plover05_to_plover("DEMAND").plover == "REQUEST"
    assert cw.plover05_to_plover("fight").plover == "ASSAULT"
    assert cw.plover05_to_plover("DISAPPROVE").plover == "ACCUSE"
    assert cw.plover05_to_plover("AGREE").plover == "AGREE"
    assert cw.plover05_to_plover("NOPE") is None


def test_acled_2018_and_current():
    assert cw.acled_to_plover("Remote violence").plover == "ASSAULT"
    assert cw.acled_to_plover("Riots/Protests").plover == "PROTEST"
    assert cw.acled_to_plover("riots/protests").plover == "PROTEST"
    assert cw.acled_to_plover("Strategic development").plover is None
    assert cw.acled_to_plover("Non-violent transfer of territory").plover == "COERCE"
    m = cw.acled_to_plover("Explosions/Remote violence", "Air/drone strike")
    assert (m.plover, m.mode) == ("ASSAULT", "aerial")
    assert cw.acled_to_plover("Strategic developments", "Arrests").plover == "COERCE"
    assert cw.acled_to_plover("", "Peaceful protest").plover == "PROTEST"
    assert cw.acled_to_plover("Unknown") is None


def test_case2021_labels():
    assert cw.case2021_to_plover("AIR_STRIKE").plover == "ASSAULT"
    assert cw.case2021_to_plover("PEACE_PROTEST").plover == "PROTEST"
    assert cw.case2021_to_plover("AGREEMENT").plover == "AGREE"
    assert cw.case2021_to_plover("NATURAL_DISASTER").plover is None
    assert cw.case2021_to_plover("OTHER").plover is None


def test_build_rejects_non_plover_type_and_ignores_other_families():
    with pytest.raises(KnowledgeError):
        cw.build([{"id": "x", "name": "x", "scheme": "cameo", "code": "19", "plover": "FIGHT"}])
    built = cw.build([{"id": "y", "name": "y", "scheme": "acled_actor", "plover": "nonsense"}])
    assert built.cameo == {} and built.acled == {}


def test_user_file_overrides_entry(tmp_path):
    d = tmp_path / "crosswalks"
    d.mkdir()
    (d / "mine.yaml").write_text(
        "version: 1\nkind: crosswalks\nentries:\n"
        "  - {id: cameo/19, scheme: cameo, code: '19', name: mine, plover: COERCE, mode: null}\n")
    assert cw.cameo_to_plover("193", extra_dirs=(str(tmp_path),)).plover == "ASSAULT"  # 193 own entry
    assert cw.cameo_to_plover("199", extra_dirs=(str(tmp_path),)).plover == "COERCE"
    assert cw.cameo_to_plover("199").plover == "ASSAULT"
