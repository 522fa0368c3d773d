"""Actor network, force posture and escalation over the sample store, and their CLI."""
from __future__ import annotations

import json
import re
import shutil

import pytest
import typer
from typer.testing import CliRunner

from sigact.analysis import escalation as es
from sigact.analysis import network as nw
from sigact.analysis import posture as po
from sigact.interfaces.cli import analysis as cli_analysis
from sigact.model import EVENT_TYPES
from sigact.store import Store
from cli_app import app_with


@pytest.fixture()
def db_file(tmp_path, sample_db):
    path = tmp_path / "a.duckdb"
    shutil.copy(sample_db, path)
    return path


@pytest.fixture()
def store(db_file):
    s = Store(db_file, read_only=True)
    yield s
    s.close()


def _cli() -> typer.Typer:
    return app_with(cli_analysis.register)


# -- network ----------------------------------------------------------------------------
def _edges(net):
    labels = {n["id"]: n["label"] for n in net["nodes"]}
    return {(labels[e["source"]], labels[e["target"]]): e for e in net["edges"]}


def test_network_counts_clusters_not_reports(store):
    net = nw.build_network(store)
    edges = _edges(net)
    # the November flight was reported by two outlets but is one event (one cluster)
    assert edges[("US Air Force", "Iran")]["count"] == 2
    assert edges[("US Air Force", "Iran")]["by_type"] == {"MOBILIZE": 2}
    assert edges[("US Air Force", "Iran")]["first"] == "2020-11-21"
    assert edges[("US Air Force", "Iran")]["last"] == "2020-12-10"
    assert ("Iran", "Iraq") in edges and ("Iraq", "Iran") not in edges
    nodes = {n["label"]: n for n in net["nodes"]}
    assert nodes["Iran"]["as_actor"] == 2 and nodes["Iran"]["as_recipient"] == 3
    # an event with no known actor still counts its recipient as a node, without an edge
    assert nodes["Mohsen Fakhrizadeh"]["as_recipient"] == 1
    assert nodes["Mohsen Fakhrizadeh"]["degree"] == 0
    assert net["n_nodes"] == len(net["nodes"]) and net["n_edges"] == len(net["edges"])


def test_network_country_level_folds_entities(store):
    edges = _edges(nw.build_network(store, level="country"))
    assert edges[("United States", "Iran")]["by_type"] == {"MOBILIZE": 2, "THREATEN": 1}
    assert edges[("Iran", "United States")]["by_type"] == {"ASSAULT": 1, "THREATEN": 1}
    assert set(edges) == {("United States", "Iran"), ("Iran", "United States"),
                          ("Iran", "Iraq")}


def test_network_filters_and_min_count(store):
    net = nw.build_network(store, type="MOBILIZE")
    assert set(_edges(net)) == {("US Air Force", "Iran")}
    net = nw.build_network(store, min_count=2)
    assert set(_edges(net)) == {("US Air Force", "Iran")}
    with pytest.raises(ValueError):
        nw.build_network(store, level="galaxy")


# -- posture ----------------------------------------------------------------------------
def test_posture_lists_asset_movements_per_event(store):
    p = po.build_posture(store)
    assert [a["line"] for a in p["assets"]] == [
        "B-52H: 2 (2020-11-21, Middle East), 2 (2020-12-10, Persian Gulf)"]
    b52 = p["assets"][0]
    assert b52["category"] == "bomber" and b52["operators"] == ["US Air Force"]
    assert b52["max_count"] == 2 and b52["n_observations"] == 2
    assert p["by_category"] == {"bomber": {"2020-11": 2, "2020-12": 2}}
    assert p["by_location"] == {"Middle East": {"2020-11": 2}, "Persian Gulf": {"2020-12": 2}}
    assert p["by_operator"] == {"US Air Force": {"2020-11": 2, "2020-12": 2}}


def test_posture_respects_filters(store):
    assert po.build_posture(store, since="2020-12")["by_category"] == {
        "bomber": {"2020-12": 2}}
    assert po.build_posture(store, actor="Iran")["assets"] == []
    assert po.build_posture(store, type="ASSAULT")["assets"] == []   # no assets named


# -- escalation -------------------------------------------------------------------------
def test_intensity_scale_is_ordered_and_complete():
    w = es.WEIGHTS
    assert set(w) == set(EVENT_TYPES)
    assert w["ASSAULT"] > w["COERCE"] > w["THREATEN"] > w["MOBILIZE"] > w["PROTEST"] > 0
    assert w["COOPERATE"] < 0 and w["AID"] < 0 and w["AGREE"] < 0
    assert es.STATUS_FACTOR["occurred"] == 1 > es.STATUS_FACTOR["planned"] > \
        es.STATUS_FACTOR["hypothetical"]


def test_escalation_monthly_index_and_trend(store):
    esc = es.build_escalation(store)
    assert [d["dyad"] for d in esc["dyads"]] == ["Iran-United States"]
    d = esc["dyads"][0]
    series = {c["period"]: c for c in d["series"]}
    # Nov: MOBILIZE (one cluster, two reports) 5 + THREATEN 6; Dec: MOBILIZE 5 + THREATEN 6
    # + ASSAULT 10
    assert series["2020-11"]["index"] == 11 and series["2020-11"]["events"] == 2
    assert series["2020-12"]["index"] == 21 and series["2020-12"]["events"] == 3
    assert series["2020-12"]["a_to_b"] == 1 and series["2020-12"]["b_to_a"] == 2
    assert d["trend"] == "escalating" and d["slope"] == 10
    assert d["peak_period"] == "2020-12"
    # the month-precise threat lands in its month; the Iraq talks are left out
    assert esc["skipped"] == {"no_dyad": 1, "undated": 1}


def test_escalation_weekly_series_fills_empty_weeks(store):
    d = es.build_escalation(store, period="week")["dyads"][0]
    periods = [c["period"] for c in d["series"]]
    assert periods[0] == "2020-W44" and periods[-1] == "2020-W52"     # Nov 1 .. Dec 21
    assert len(periods) == 9
    assert sum(c["events"] for c in d["series"]) == 5
    assert d["series"][0]["imprecise"] == 1      # the month-precise threat in a weekly view
    assert any(c["events"] == 0 and c["index"] == 0 for c in d["series"])


def test_escalation_entity_level_and_helpers(store):
    dyads = {d["dyad"] for d in es.build_escalation(store, level="entity")["dyads"]}
    assert "Iran-US Air Force" in dyads and "Iran-United States" in dyads
    assert es.slope([0, 1, 2, 3]) == pytest.approx(1.0)
    assert es.slope([5]) == 0.0
    assert es.trend_label(-3) == "de-escalating" and es.trend_label(0.2) == "stable"
    assert es._span("2020-11", "2021-02", "month") == ["2020-11", "2020-12", "2021-01",
                                                      "2021-02"]
    assert es._span("2020-W52", "2021-W01", "week") == ["2020-W52", "2020-W53", "2021-W01"]


def test_cooperation_lowers_the_index():
    from sigact.analysis.timeline import TimelineEntry
    iran = {"name": "Iran", "text": "Iran", "kb_id": "IRN", "country": "IRN"}
    iraq = {"name": "Iraq", "text": "Iraq", "kb_id": "IRQ", "country": "IRQ"}

    def entry(t, day, status="occurred"):
        return TimelineEntry(cluster_id=f"{t}{day}", clustered=False,
                             date={"value": f"2021-01-{day:02d}", "precision": "day"},
                             date_display="", type=t, mode=None, summary="", actor=iran,
                             recipient=iraq, location=None, status=status)

    esc = es.escalation_from_entries([entry("ASSAULT", 4), entry("COOPERATE", 5),
                                      entry("ASSAULT", 20, "planned")], period="week")
    idx = [c["index"] for c in esc["dyads"][0]["series"]]
    assert idx == [5.0, 0.0, 5.0]          # 10 - 5; empty week; planned assault = 10 × 0.5


# -- CLI --------------------------------------------------------------------------------
@pytest.mark.parametrize("cmd,key", [("network", "edges"), ("posture", "assets"),
                                     ("escalation", "dyads")])
def test_cli_json_and_terminal(db_file, cmd, key):
    r = CliRunner().invoke(_cli(), [cmd, "--db", str(db_file), "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data[key]
    r = CliRunner().invoke(_cli(), [cmd, "--db", str(db_file)], env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    assert max(len(line) for line in r.stdout.splitlines()) <= 80
    r = CliRunner().invoke(_cli(), [cmd, "--help"], env={"COLUMNS": "120"})
    assert f"Example: sigact {cmd}" in re.sub(r"\s+", " ", r.output)


def test_cli_terminal_content_and_errors(db_file, tmp_path):
    r = CliRunner().invoke(_cli(), ["posture", "--db", str(db_file)], env={"COLUMNS": "100"})
    assert "2 (2020-11-21, Middle East), 2 (2020-12-10, Persian Gulf)" in r.stdout
    r = CliRunner().invoke(_cli(), ["escalation", "--db", str(db_file), "--dyad", "USA-IRN"],
                           env={"COLUMNS": "100"})
    assert "Iran-United States" in r.stdout and "escalating" in r.stdout
    r = CliRunner().invoke(_cli(), ["network", "--db", str(db_file), "--level", "country",
                                    "-o", str(tmp_path / "n.txt")])
    assert r.exit_code == 0 and "United States → Iran" in (tmp_path / "n.txt").read_text()
    r = CliRunner().invoke(_cli(), ["escalation", "--db", str(db_file), "--period", "year"])
    assert r.exit_code == 2 and "period" in r.output
    r = CliRunner().invoke(_cli(), ["network", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 1 and "No sigact database" in r.output
