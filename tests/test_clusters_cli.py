"""`sigact clusters` review commands, and that their decisions survive re-linking."""
from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from sigact.interfaces.cli.clusters import register
from sigact.linking import link_store
from sigact.store.db import Store
from cli_app import app_with
from test_linking_helpers import (
    IDF, IRAN, ISRAEL, KHARKIV, RUSSIA, TEHRAN, UKRAINE, article, cluster_of, event,
    make_store, write,
)

runner = CliRunner()


def _app() -> typer.Typer:
    return app_with(register)


def _store(path):
    store = make_store(path)
    t1 = "Israeli jets struck military sites near Tehran on October 26, 2024."
    t2 = "Israel launched air strikes on Iran in October, according to Reuters."
    t3 = "Russian missiles hit Kharkiv on October 26, 2024, killing three people."
    e1 = event("a1", t1, trigger="struck", actor=IDF, recipient=IRAN, date="2024-10-26",
               location=TEHRAN)
    e2 = event("a2", t2, trigger="strikes", actor=ISRAEL, recipient=IRAN, date="2024-10")
    e3 = event("a3", t3, trigger="hit", actor=RUSSIA, recipient=UKRAINE, date="2024-10-26",
               location=KHARKIV)
    write(store, article("a1", t1, outlet="Times of Israel", published="2024-10-26"), [e1])
    write(store, article("a2", t2, outlet="Al Arabiya", published="2024-10-27"), [e2])
    write(store, article("a3", t3, outlet="Kyiv Independent", published="2024-10-26"), [e3])
    link_store(store)
    return store, e1, e2, e3


def test_every_command_help_has_an_example():
    app = _app()
    for cmd in ("list", "show", "merge", "split", "confirm"):
        res = runner.invoke(app, ["clusters", cmd, "--help"])
        assert res.exit_code == 0, res.output
        assert "Example: sigact clusters" in res.output


def test_list_and_show(db_path):
    store, e1, e2, _ = _store(db_path)
    cid = cluster_of(store, e1.event_id)
    store.close()
    app = _app()
    res = runner.invoke(app, ["clusters", "list", "--db", str(db_path)])
    assert res.exit_code == 0, res.output
    assert cid in res.output and "multiple independent sources" in res.output
    res = runner.invoke(app, ["clusters", "show", cid, "--db", str(db_path)])
    assert res.exit_code == 0, res.output
    assert "Israeli jets struck" in res.output           # member sentences
    assert "Reuters" in res.output                        # counted source
    assert "linked to" in res.output and "score" in res.output   # merge evidence
    res = runner.invoke(app, ["clusters", "show", cid, "--db", str(db_path), "--json"])
    data = json.loads(res.output)
    assert {m["event_id"] for m in data["members"]} == {e1.event_id, e2.event_id}


def test_show_unknown_cluster_fails_clearly(db_path):
    store, *_ = _store(db_path)
    store.close()
    res = runner.invoke(_app(), ["clusters", "show", "nope", "--db", str(db_path)])
    assert res.exit_code == 1
    assert "no cluster" in res.output


def test_split_and_merge_survive_relinking(db_path):
    store, e1, e2, e3 = _store(db_path)
    cid = cluster_of(store, e1.event_id)
    store.close()
    app = _app()
    res = runner.invoke(app, ["clusters", "split", cid, e2.event_id, "--db", str(db_path)])
    assert res.exit_code == 0, res.output
    with Store(db_path) as s:
        assert cluster_of(s, e1.event_id) != cluster_of(s, e2.event_id)
        # the algorithm alone would link them again; the decision must win
        link_store(s)
        assert cluster_of(s, e1.event_id) != cluster_of(s, e2.event_id)
        link_store(s, event_ids=[e1.event_id, e2.event_id])
        assert cluster_of(s, e1.event_id) != cluster_of(s, e2.event_id)
        c1, c3 = cluster_of(s, e1.event_id), cluster_of(s, e3.event_id)
    res = runner.invoke(app, ["clusters", "merge", c1, c3, "--db", str(db_path),
                              "--note", "test"])
    assert res.exit_code == 0, res.output
    with Store(db_path) as s:
        assert cluster_of(s, e1.event_id) == cluster_of(s, e3.event_id)
        link_store(s)
        assert cluster_of(s, e1.event_id) == cluster_of(s, e3.event_id)
        assert cluster_of(s, e2.event_id) != cluster_of(s, e1.event_id)
        (c,) = s.clusters(cluster_ids=[cluster_of(s, e1.event_id)])
        assert c["review"] == "edited"
        actions = [d["action"] for d in s.decisions()]
        assert actions == ["split", "merge"]


def test_confirm_marks_and_keeps_cluster(db_path):
    store, e1, e2, _ = _store(db_path)
    cid = cluster_of(store, e1.event_id)
    store.close()
    res = runner.invoke(_app(), ["clusters", "confirm", cid, "--db", str(db_path)])
    assert res.exit_code == 0, res.output
    with Store(db_path) as s:
        link_store(s, threshold=0.99)          # a strict relink would separate them...
        cid2 = cluster_of(s, e1.event_id)
        assert cid2 == cluster_of(s, e2.event_id)   # ...but the confirmation holds them
        assert s.clusters(cluster_ids=[cid2])[0]["review"] == "confirmed"


def test_missing_database_is_a_clear_error(tmp_path):
    res = runner.invoke(_app(), ["clusters", "list", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 1
    assert "No sigact database" in res.output
