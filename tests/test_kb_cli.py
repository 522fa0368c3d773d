"""`sigact kb lookup` / `sigact kb files` on a local Typer app."""
from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from sigact.interfaces.cli import kb
from cli_app import app_with

runner = CliRunner()


def _app() -> typer.Typer:
    return app_with(kb.register)


def test_lookup_resolves_variants():
    res = runner.invoke(_app(), ["kb", "lookup", "Suleimani"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("IRN.Q_SOLEIMANI\tQasem Soleimani")


def test_lookup_with_date_and_country_as_json():
    res = runner.invoke(_app(), ["kb", "lookup", "the president", "--date", "2020-12-10", "--country",
                                 "USA", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["kb_id"] == "USA.D_TRUMP"


def test_lookup_abstains_with_reason_and_exit_code():
    res = runner.invoke(_app(), ["kb", "lookup", "Zorblax Quuxley"])
    assert res.exit_code == 1
    assert "not resolved: unknown name" in res.output
    res = runner.invoke(_app(), ["kb", "lookup", "the president"])
    assert res.exit_code == 1 and "role without date" in res.output


def test_bad_date_is_a_usage_error():
    res = runner.invoke(_app(), ["kb", "lookup", "Trump", "--date", "yesterday"])
    assert res.exit_code == 2


def test_files_lists_actor_files_with_versions_and_counts():
    res = runner.invoke(_app(), ["kb", "files", "--kind", "actors"])
    assert res.exit_code == 0, res.output
    rows = [line.split("\t") for line in res.output.strip().splitlines()]
    assert rows and all(r[0] == "actors" and r[1].startswith("v") for r in rows)
    assert sum(int(r[2]) for r in rows) >= 500
    assert any(r[3].endswith("countries.yaml") for r in rows)


def test_help_has_an_example():
    res = runner.invoke(_app(), ["kb", "--help"])
    assert res.exit_code == 0 and "Example" in res.output
    res = runner.invoke(_app(), ["kb", "lookup", "--help"])
    assert "Example" in res.output
