"""sigact.eval.petrarch: PETRARCH-2 validation sentences, CAMEO gold mapped to PLOVER."""
from __future__ import annotations

import pytest

from sigact.eval import petrarch
from sigact.model import EVENT_TYPES


@pytest.mark.shared
def test_records_map_cameo_to_plover(shared_dir):
    recs = petrarch.load_records(shared_dir)
    pos = [r for r in recs if r["gold"]]
    neg = [r for r in recs if r["noevents"]]
    assert len(pos) >= 60 and len(neg) >= 10
    assert set().union(*(r["gold"] for r in pos)) <= set(EVENT_TYPES)
    first = next(r for r in recs if r["id"] == "AFP0808020705_1")      # CAMEO 173 arrest
    assert first["gold"] == {"COERCE"}


@pytest.mark.shared
@pytest.mark.slow
def test_petrarch_small_run(shared_dir):
    res = petrarch.run(shared_dir, limit=15)
    by = {r[0]: r for r in res.rows}
    assert by["classifier alone"][3] == 1.0
    assert by["classifier alone"][2] is not None and 0.0 <= by["classifier alone"][2] <= 1.0
    assert by["rules alone"][6] is not None          # false-positive rate on `noevents`
    assert "source country agreement (full pipeline)" in by
