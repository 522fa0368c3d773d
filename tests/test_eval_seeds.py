"""The seeds dev evaluation: its scorer on hand-made cases, and floors on the real seeds
(raised as the extractor improves; a drop below them is a regression)."""
from __future__ import annotations

from sigact.eval.seeds import load_gold, run, score

GOLD = {"articles": {"x": {"events": [
    {"type": "ASSAULT", "keys": ["fired missiles"], "actor": {"country": "IRN"},
     "date": "2024-10"},
    {"type": "THREATEN", "keys": ["vowed"], "optional": True},
    {"type": "MOBILIZE", "keys": ["flew"], "actor": {"country": "USA"}},
]}}}


def _pred(t, sentence, country=None, date=None):
    return {"event_type": t, "sentence": sentence, "trigger": sentence.split()[0],
            "actor": {"name": "n", "text": "n", "country": country} if country else None,
            "recipient": None, "date": {"value": date} if date else None}


def test_scorer_counts_mentions_once_and_optional_as_neutral():
    preds = {"x": [_pred("ASSAULT", "Iran fired missiles.", "IRN", "2024-10-01"),
                   _pred("ASSAULT", "They fired missiles again.", None),   # same event again
                   _pred("THREATEN", "Iran vowed revenge."),               # optional: fine
                   _pred("ASSAULT", "Something else happened.")]}          # false positive
    s = score(preds, GOLD)
    assert s["n_gold"] == 2 and s["n_pred"] == 4
    assert s["precision"] == 3 / 4 and s["recall"] == 1 / 2
    assert s["actor_acc"] == 1.0 and s["date_acc"] == 1.0


def test_gold_file_is_well_formed():
    gold = load_gold()
    assert set(gold["articles"]) == {"000", "001", "002", "003", "004"}
    for art in gold["articles"].values():
        for ev in art["events"]:
            assert ev["type"] and ev["keys"]
            assert all(len(k.split()) <= 7 for k in ev["keys"])   # keys, not copied sentences


def test_seed_figures_stay_above_floors(shared_dir):
    s = run(shared_dir).extra
    assert s["f1"] >= 0.85, s
    assert s["actor_acc"] >= 0.78, s
    assert s["date_acc"] >= 0.75, s
