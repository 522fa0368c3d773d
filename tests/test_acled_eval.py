"""`sigact eval acled` on a small evenly spaced sample of the ACLED 2018 test notes.

Floors are the figures measured on that sample (see the report in docs/evaluation.md)
minus a margin; the full test split is the reporting run (`sigact eval acled`)."""
from __future__ import annotations

import pytest

from sigact.eval import EvalResult


@pytest.fixture(scope="module")
def result(shared_dir) -> EvalResult:
    from sigact.eval.acled import run
    return run(shared_dir, limit=60, split="test")


def _value(res: EvalResult, prefix: str):
    return next(r[1] for r in res.rows if r[0].startswith(prefix))


def test_shape_and_notes(result):
    assert result.name == "acled"
    assert result.columns == ["metric", "value", "n", "anchor"]
    assert any("test" in n for n in result.notes)
    assert result.extra["scores"]["notes"] == 60


def test_location_floors(result):
    assert _value(result, "location country right (of located)") >= 0.75
    assert _value(result, "location within 25 km (of located") >= 0.35
    assert _value(result, "location coverage") >= 0.25
    assert _value(result, "geocoder alone: coverage") >= 0.35


def test_type_and_actor_are_scored(result):
    t = _value(result, "event type accuracy")
    assert t == "n/a" or t >= 0.5
    assert _value(result, "actor1 predicted at all") >= 0.3


def test_loader_groups_rows_by_note(shared_dir):
    from sigact.eval.acled import load_notes, haversine_km
    notes = load_notes(shared_dir, "train", limit=None)
    assert len(notes) < 7971           # repeated notes are one article
    assert max(len(n["rows"]) for n in notes) > 1
    assert all(n["published"] and len(n["published"]) == 10 for n in notes[:50])
    assert abs(haversine_km(33.51, 36.29, 33.51, 36.29)) < 1e-9
    assert 240 < haversine_km(33.51, 36.29, 35.93, 36.63) < 275   # Damascus–Idlib


def test_actor_crosswalk():
    from sigact.eval.acled import ActorMap
    m = ActorMap()
    e = m.lookup("Military Forces of Syria (2000-)")
    assert m.agrees(e, "SYR.MIL") and m.agrees(e, "SYR.MIL.X") and not m.agrees(e, "TUR.MIL")
    assert m.lookup("Protesters (Iran)")["sector"] == "CVL"
    assert m.agrees(m.lookup("Military Forces of Yemen (2016-) Supreme Political Council"),
                    "YEM.REB.HOUTHIS")
