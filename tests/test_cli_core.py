"""CLI: exit codes, bad-input reporting, filters, help examples."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sigact.interfaces.cli import app

runner = CliRunner()

STORY = ("Iran fired dozens of ballistic missiles at Israel on Tuesday, the military said, "
         "and Israel vowed to respond. Two US B-52 bombers flew over the Gulf on Thursday.")


def test_mixed_folder_processes_good_reports_bad_and_exits_1(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("date 2024-10-03 " + STORY, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "legacy.txt").write_bytes(("Résumé: " + STORY).encode("latin-1"))
    db = tmp_path / "x.duckdb"
    res = runner.invoke(app, ["run", str(folder), "--db", str(db)])
    assert res.exit_code == 1, res.output
    err = res.stderr
    assert "empty.txt: empty file" in err
    assert "image.png: binary file" in err
    assert "legacy.txt: not UTF-8" in err        # read, with a note
    assert "2 articles read" in err and "2 rejected" in err
    out = runner.invoke(app, ["export", "--db", str(db), "--what", "articles"])
    ids = sorted(json.loads(l)["article_id"] for l in out.stdout.splitlines())
    assert ids == ["good", "legacy"]


def test_clean_run_exits_0_and_events_filters(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("date 2024-10-03 " + STORY, encoding="utf-8")
    db = tmp_path / "x.duckdb"
    assert runner.invoke(app, ["run", str(f), "--db", str(db)]).exit_code == 0
    res = runner.invoke(app, ["events", "--db", str(db), "--json", "--type", "ASSAULT"])
    assert res.exit_code == 0
    recs = [json.loads(l) for l in res.stdout.splitlines()]
    assert recs and all(r["event_type"] == "ASSAULT" for r in recs)
    none = runner.invoke(app, ["events", "--db", str(db), "--json", "--since", "2030-01-01"])
    assert none.stdout.strip() == ""
    bad = runner.invoke(app, ["events", "--db", str(db), "--since", "last week"])
    assert bad.exit_code == 2


def test_stdin_and_published_override(tmp_path):
    db = tmp_path / "x.duckdb"
    res = runner.invoke(app, ["run", "-", "--db", str(db), "--published", "2024-10-02"],
                        input=STORY)
    assert res.exit_code == 0, res.output
    out = runner.invoke(app, ["export", "--db", str(db), "--what", "articles"])
    (a,) = [json.loads(l) for l in out.stdout.splitlines()]
    assert (a["published"], a["published_source"]) == ("2024-10-02", "override")


def test_usage_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["run", "x.txt", "--published", "yesterday",
                               "--db", str(tmp_path / "d.duckdb")]).exit_code == 2
    assert runner.invoke(app, ["export", "--what", "nothing"]).exit_code == 2
    assert runner.invoke(app, ["events", "--db", str(tmp_path / "missing.duckdb")]).exit_code == 2


@pytest.mark.parametrize("command", ["run", "ingest", "extract", "events", "export", "stats",
                                     "stages", "timeline", "eval"])
def test_every_command_has_an_example_in_help(command):
    res = runner.invoke(app, [command, "--help"])
    assert res.exit_code == 0
    assert "Example" in res.stdout


def test_stages_chain_is_consistent():
    res = runner.invoke(app, ["stages"])
    assert res.exit_code == 0, res.output
    assert "events" in res.stdout and "requires" in res.stdout
