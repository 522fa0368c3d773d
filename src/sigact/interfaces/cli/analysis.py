"""`sigact network`, `sigact posture`, `sigact escalation`: analysis views of a store."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable, Optional

import typer

from sigact.interfaces.cli.timeline import empty_store_message, open_store_readonly, write_output

DB = typer.Option("sigact.duckdb", "--db", help="sigact database file.")
ACTOR = typer.Option(None, "--actor", help="Actor (name, kb id or country).")
DYAD = typer.Option(None, "--dyad", help="Pair 'A-B', either direction ('USA-IRN').")
PLACE = typer.Option(None, "--place", help="Location name or country.")
SINCE = typer.Option(None, "--since", help="Event date from (YYYY, YYYY-MM, YYYY-MM-DD).")
UNTIL = typer.Option(None, "--until", help="Event date until.")
FORMAT = typer.Option("terminal", "--format", "-f", help="terminal | json")
OUTPUT = typer.Option(None, "--output", "-o", help="Write to FILE.")


def _run(db: str, fmt: str, output: Optional[Path], build: Callable[[Any], dict],
         to_json: Callable[[dict], str], render: Callable[..., None]) -> None:
    fmt = fmt.lower()
    if fmt not in ("terminal", "json"):
        sys.stderr.write(f"--format must be terminal or json, not {fmt!r}\n")
        raise typer.Exit(2)
    with open_store_readonly(db) as store:
        empty = empty_store_message(store, db)
        if empty and fmt == "terminal":
            sys.stderr.write(empty + "\n")
            return
        try:
            data = build(store)
        except ValueError as exc:
            sys.stderr.write(f"error: {exc}\n")
            raise typer.Exit(2) from None
    if fmt == "json":
        write_output(to_json(data), output)
    elif output:
        from rich.console import Console
        with open(output, "w", encoding="utf-8") as fh:
            render(data, Console(file=fh, width=100, no_color=True))
        sys.stderr.write(f"wrote {output}\n")
    else:
        render(data)


def register(app: typer.Typer) -> None:
    @app.command("network")
    def network(
        db: str = DB, actor: Optional[str] = ACTOR, dyad: Optional[str] = DYAD,
        type: Optional[str] = typer.Option(None, "--type", help="PLOVER type(s), "
                                           "comma-separated."),
        place: Optional[str] = PLACE, since: Optional[str] = SINCE,
        until: Optional[str] = UNTIL,
        level: str = typer.Option("entity", "--level", help="entity | country (fold "
                                  "entities into their country)."),
        min_count: int = typer.Option(1, "--min-count", help="Hide links with fewer events."),
        format: str = FORMAT, output: Optional[Path] = OUTPUT,
    ) -> None:
        """Actor network: who did what to whom, by event type.

        Edges go actor → recipient and count real-world events (clusters), not reports.

        Example: sigact network --db sigact.duckdb --level country --since 2020
        """
        from sigact.analysis import network as nw
        _run(db, format, output,
             lambda s: nw.build_network(s, level=level, min_count=min_count, actor=actor,
                                        dyad=dyad, type=type, place=place, since=since,
                                        until=until),
             nw.to_json, nw.render_terminal)

    @app.command("posture")
    def posture(
        db: str = DB, actor: Optional[str] = ACTOR, dyad: Optional[str] = DYAD,
        type: str = typer.Option("MOBILIZE", "--type", help="Event type(s) to read assets "
                                 "from."),
        place: Optional[str] = PLACE, since: Optional[str] = SINCE,
        until: Optional[str] = UNTIL, format: str = FORMAT, output: Optional[Path] = OUTPUT,
    ) -> None:
        """Force posture: which assets moved where and when (MOBILIZE events).

        By asset, category, operator and location over time, e.g.
        "B-52H: 2 (2020-11-21, Middle East), 2 (2020-12-10, Persian Gulf)".

        Example: sigact posture --db sigact.duckdb --actor "United States" --since 2020-11
        """
        from sigact.analysis import posture as po
        _run(db, format, output,
             lambda s: po.build_posture(s, type=type, actor=actor, dyad=dyad, place=place,
                                        since=since, until=until),
             po.to_json, po.render_terminal)

    @app.command("escalation")
    def escalation(
        db: str = DB, actor: Optional[str] = ACTOR, dyad: Optional[str] = DYAD,
        type: Optional[str] = typer.Option(None, "--type", help="PLOVER type(s)."),
        place: Optional[str] = PLACE, since: Optional[str] = SINCE,
        until: Optional[str] = UNTIL,
        period: str = typer.Option("month", "--period", help="week | month"),
        level: str = typer.Option("country", "--level", help="country | entity"),
        format: str = FORMAT, output: Optional[Path] = OUTPUT,
    ) -> None:
        """Escalation index per dyad and week or month, with its trend.

        Events weighted by type intensity (ASSAULT 10 > COERCE 7 > THREATEN 6 >
        MOBILIZE 5 > … > COOPERATE/AID -5) and status; trend = least-squares slope.

        Example: sigact escalation --db sigact.duckdb --dyad USA-IRN --period week
        """
        from sigact.analysis import escalation as es
        _run(db, format, output,
             lambda s: es.build_escalation(s, period=period, level=level, actor=actor,
                                           dyad=dyad, type=type, place=place, since=since,
                                           until=until),
             es.to_json, es.render_terminal)
