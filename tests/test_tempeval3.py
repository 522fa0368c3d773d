"""TempEval-3 Task A scoring: the metric implementation on a hand-made document, and
sigact's tagger on the platinum test set (above a measured floor)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sigact.eval import EvalResult
from sigact.eval.tempeval3 import metrics, parse_timeml, run, score_docs
from sigact.model import Timex

#: measured on TE-3 platinum (value F1 79.85 on 2026-11-23) minus a small margin;
#: HeidelTime's best TE-3 run scored 77.61
PLATINUM_VALUE_F1_FLOOR = 78.0

TML = """<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>
<TEXT>
Rebels &amp; troops clashed <TIMEX3 tid="t1" type="DATE" value="2013-03-21">Thursday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3> of calm <TIMEX3 tid="t3" type="DATE" value="PRESENT_REF">now</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_parse_timeml_offsets_and_dct(tmp_path: Path):
    f = tmp_path / "doc.tml"
    f.write_text(TML, encoding="utf-8")
    d = parse_timeml(f)
    assert d.dct == date(2013, 3, 22)
    assert [(t.text, t.type, t.value) for t in d.timexes] == [
        ("Thursday", "DATE", "2013-03-21"), ("two weeks", "DURATION", "P2W"),
        ("now", "DATE", "PRESENT_REF")]
    for t in d.timexes:
        assert d.text[t.start:t.end] == t.text
    assert "Rebels & troops" in d.text


def test_metric_definitions(tmp_path: Path):
    f = tmp_path / "doc.tml"
    f.write_text(TML, encoding="utf-8")
    d = parse_timeml(f)
    thu, two = d.text.index("Thursday"), d.text.index("two weeks")

    def system(text, anchor):
        return [Timex("Thursday", thu, thu + 8, "DATE", "2013-03-21"),        # strict, right
                Timex("weeks", two + 4, two + 9, "DURATION", "P3W"),          # relaxed, wrong
                Timex("calm", text.index("calm"), text.index("calm") + 4, "DATE", "X")]  # spurious
    m = metrics(score_docs([d], tagger=system))
    assert round(m["strict_p"], 2) == round(100 / 3, 2) and round(m["strict_r"], 2) == round(100 / 3, 2)
    assert round(m["relaxed_p"], 2) == round(200 / 3, 2) and round(m["relaxed_r"], 2) == round(200 / 3, 2)
    assert m["value_acc"] == 50.0 and m["type_acc"] == 100.0
    # value F1 = relaxed F1 x value accuracy
    assert round(m["value_f1"], 4) == round(m["relaxed_f1"] * m["value_acc"] / 100, 4)


def test_platinum_value_f1_above_floor(shared_dir: Path):
    result = run(shared_dir)
    assert isinstance(result, EvalResult) and result.name == "tempeval3"
    m = result.extra["metrics"]
    assert result.extra["docs"] == 20
    assert m["value_f1"] >= PLATINUM_VALUE_F1_FLOOR, result.markdown()
    assert m["relaxed_f1"] >= 85.0
    assert "HeidelTime" in result.markdown()
