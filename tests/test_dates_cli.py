"""`sigact dates`: JSON Lines of the temporal expressions of a text."""
from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from sigact.interfaces.cli.dates import register


def make_app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command()
    def version() -> None:      # a second command keeps `dates` a sub-command
        pass
    return app


def invoke(args, **kw):
    return CliRunner().invoke(make_app(), args, **kw)


def test_stdin_prints_one_json_line_per_expression():
    text = "Jets struck on Thursday, a 36-hour mission after the Nov. 21 raid."
    r = invoke(["dates", "--published", "2020-12-10", "-"], input=text)
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.output.splitlines()]
    assert [row["text"] for row in rows] == ["Thursday", "36-hour", "Nov. 21"]
    for row in rows:
        assert set(row) == {"text", "start", "end", "type", "value", "date"}
        assert text[row["start"]:row["end"]] == row["text"]
    assert rows[0]["date"] == {"value": "2020-12-10", "precision": "day",
                               "text": "on Thursday", "source": "relative"}
    assert (rows[1]["type"], rows[1]["value"], rows[1]["date"]) == ("DURATION", "PT36H", None)
    assert rows[2]["value"] == "2020-11-21"


def test_file_offsets_are_into_the_file_as_given(tmp_path: Path):
    raw = "Headline\r\nIt happened «yesterday» — on Oct. 1, 2024.\r\n"
    f = tmp_path / "a.txt"
    f.write_bytes(raw.encode("utf-8"))
    r = invoke(["dates", "--published", "2024-11-02", str(f)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in r.output.splitlines()]
    assert [(row["text"], row["value"]) for row in rows] == [("yesterday", "2024-11-01"),
                                                          ("Oct. 1, 2024", "2024-10-01")]
    for row in rows:
        assert raw[row["start"]:row["end"]] == row["text"]


def test_without_published_date_relative_expressions_have_no_date():
    r = invoke(["dates", "-"], input="Jets struck on Thursday.")
    assert r.exit_code == 0
    row = json.loads(r.output.splitlines()[0])
    assert row["date"] is None and row["value"].startswith("XXXX")


def test_bad_published_date_and_missing_file_are_errors(tmp_path: Path):
    r = invoke(["dates", "--published", "10/12/2020", "-"], input="today")
    assert r.exit_code != 0
    r = invoke(["dates", "--published", "2020-12-10", str(tmp_path / "nope.txt")])
    assert r.exit_code == 2


def test_help_has_an_example():
    r = invoke(["dates", "--help"])
    assert r.exit_code == 0
    assert "Example" in r.output and "sigact dates --published" in r.output
