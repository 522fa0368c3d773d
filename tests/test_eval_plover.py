"""sigact.eval.plover: PLOVER gold-standard records (scoring helpers + a small real run)."""
from __future__ import annotations

import pytest

from sigact.eval import plover
from sigact.model import EVENT_TYPES, Article, Entity, Event, sha256_text
from sigact.pipeline.doc import ArticleDoc


def _ev(etype, conf, i=0, actor=None):
    return Event(event_id=f"e{etype}{i}", article_id="a", sentence="s", span=(i, i + 1),
                 event_type=etype, confidence=conf, actor=actor)


def _doc(events, decisions=None):
    d = ArticleDoc(article=Article("a", "s", sha256_text("s")), text="s", events=events)
    if decisions is not None:
        d.scratch["classify"] = decisions
    return d


def test_predictions_main_event_and_rule_types():
    a = _ev("PROTEST", 0.9)           # retyped by the classifier from ASSAULT
    b = _ev("THREATEN", 0.4, 1)
    d = _doc([a, b], [{"event_id": a.event_id, "rule_type": "ASSAULT"},
                      {"event_id": b.event_id, "rule_type": "THREATEN"}])
    p, = plover.predictions([d])
    assert (p.full, p.rules) == ("PROTEST", "ASSAULT")
    assert p.full_types == {"PROTEST", "THREATEN"} and p.rules_types == {"ASSAULT", "THREATEN"}
    none, = plover.predictions([_doc([])])
    assert none.full == none.rules == plover.NONE and none.main_event is None


def test_type_rows_counts_no_event_as_wrong():
    gold = ["ASSAULT", "PROTEST", "AGREE", "AGREE"]
    preds = plover.predictions([_doc([_ev("ASSAULT", 0.8)]), _doc([_ev("ASSAULT", 0.8)]),
                                _doc([]), _doc([_ev("AGREE", 0.6)])])
    rows = plover.type_rows(gold, preds, ["ASSAULT", "PROTEST", "AGREE", "CONSULT"])
    rules, full, clf = rows
    assert rules[0] == "rules alone" and rules[1] == 4
    assert rules[2] == 0.5                # 2 of 4 right
    assert rules[3] == 0.75               # coverage
    assert rules[4] == pytest.approx(2 / 3, abs=1e-3)
    assert clf[2] == 0.75 and clf[3] == 1.0


def test_entity_agreement_by_country_or_name():
    gold = [{"actorText": "Hungarian", "code": "HUN"}, {"actorText": "Romanian", "code": "ROU"}]
    assert plover.entity_agrees(Entity(name="Romania", text="Romanian", country="ROU"), gold)
    assert plover.entity_agrees(Entity(name="Hungarian officials", text="Hungarian officials"), gold)
    assert not plover.entity_agrees(Entity(name="France", text="French", country="FRA"), gold)
    assert not plover.entity_agrees(None, gold)


@pytest.mark.shared
def test_gold_records_are_mapped_to_current_plover(shared_dir):
    recs = plover.load_records(shared_dir)
    assert len(recs) == 322
    assert {r["gold"] for r in recs} <= set(EVENT_TYPES)
    demand = [r for r in recs if r["event"] == "DEMAND"]
    assert demand and all(r["gold"] == "REQUEST" for r in demand)
    assert len(plover.load_records(shared_dir, limit=10)) == 10


@pytest.mark.shared
@pytest.mark.slow
def test_plover_eval_small_run_floors(shared_dir):
    res = plover.run(shared_dir, limit=30)
    assert res.columns[:3] == ["system", "n", "accuracy"]
    by = {r[0]: r for r in res.rows}
    assert set(by) >= {"rules alone", "rules + classifier (full pipeline)", "classifier alone",
                       "source agreement (full pipeline)", "target agreement (full pipeline)"}
    assert by["classifier alone"][1] == 30 and by["classifier alone"][3] == 1.0
    # floors: measured on this 30-sentence sample minus a margin (see docs/evaluation.md)
    assert by["classifier alone"][2] >= CLF_FLOOR
    assert by["rules + classifier (full pipeline)"][3] >= COVERAGE_FLOOR
    assert "| rules alone | 30 |" in res.markdown()


CLF_FLOOR = 0.25            # measured 0.367 on this sample (full set: 0.351)
COVERAGE_FLOOR = 0.2        # rules coverage; the events stage is still changing
