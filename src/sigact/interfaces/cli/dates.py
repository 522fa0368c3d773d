"""`sigact dates`: the temporal expressions of a text, resolved against a publication date."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from sigact.interfaces.cli.common import parse_day

HELP = (
    "Print the temporal expressions of a text as JSON Lines, resolved against the "
    "publication date.\n\n"
    "One line per expression: text, start, end (character offsets into the input exactly "
    "as given), type (DATE, TIME, DURATION, SET), value (TIMEX3 value) and date (the "
    "EVENT_RECORD date object, or null).\n\n"
    "Example: echo \"Jets struck on Thursday.\" | sigact dates --published 2020-12-10 -\n\n"
    "prints: {\"text\": \"Thursday\", \"start\": 15, \"end\": 23, \"type\": \"DATE\", "
    "\"value\": \"2020-12-10\", \"date\": {\"value\": \"2020-12-10\", \"precision\": \"day\", "
    "\"text\": \"on Thursday\", \"source\": \"relative\"}}"
)


def dates_command(
    file: str = typer.Argument("-", help="text file to read, or '-' for standard input"),
    published: Optional[str] = typer.Option(
        None, "--published", "-p", help="publication date YYYY-MM-DD (the anchor of "
        "relative expressions); without it they stay unresolved"),
) -> None:
    anchor = parse_day(published)
    if file == "-":
        text = sys.stdin.read()
    else:
        path = Path(file)
        if not path.is_file():
            typer.echo(f"error: {file}: no such file", err=True)
            raise typer.Exit(2)
        # newline="" keeps "\r\n" so that offsets point into the file exactly as given
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            text = fh.read()
    from sigact.nlp.timex import tag
    for t in tag(text, anchor):
        typer.echo(json.dumps(t.to_record(), ensure_ascii=False))


def register(app: typer.Typer) -> None:
    """Add the ``dates`` command to the sigact CLI."""
    app.command("dates", help=HELP)(dates_command)
