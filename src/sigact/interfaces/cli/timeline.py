"""`sigact timeline`: the deduplicated, dated, sourced timeline of a store."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

import typer

FORMATS = ("terminal", "json", "markdown", "html")
_EXT = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".html": "html",
        ".htm": "html", ".txt": "terminal"}


def _err(msg: str) -> None:
    sys.stderr.write(msg.rstrip() + "\n")


@contextmanager
def open_store_readonly(db: str) -> Iterator[object]:
    """Open a store for reading, turning the usual problems into friendly exits."""
    from sigact.store import Store, StoreError, StoreLockedError

    if db != ":memory:" and not Path(db).exists():
        _err(f"No sigact database at {db}.\nCreate one first, e.g.:  sigact run "
             f"samples/corpus --db {db}")
        raise typer.Exit(1)
    try:
        store = Store(db, read_only=True)
    except StoreLockedError as exc:
        _err(f"{exc}")
        raise typer.Exit(1) from None
    except StoreError as exc:
        _err(f"{exc}")
        raise typer.Exit(1) from None
    try:
        if store.schema_version() == 0:
            _err(f"{db} is not a sigact database (or was never initialised).")
            raise typer.Exit(1)
        yield store
    finally:
        store.close()


def empty_store_message(store: Any, db: str) -> str | None:
    """A friendly explanation when a store has nothing to show, else None."""
    if store.con.execute("SELECT count(*) FROM events").fetchone()[0]:
        return None
    a = store.con.execute("SELECT count(*) FROM articles").fetchone()[0]
    if not a:
        return (f"The store {db} is empty: no articles yet.\n"
                f"Add some with:  sigact run PATH... --db {db}")
    return (f"The store {db} has {a} article(s) but no events were extracted from them "
            "(yet).\nIf articles are still 'ingested', run:  sigact run --db " + db)


def write_output(text: str, output: Optional[Path]) -> None:
    if output:
        output.write_text(text, encoding="utf-8")
        _err(f"wrote {output}")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def register(app: typer.Typer) -> None:
    @app.command("timeline")
    def timeline(
        db: str = typer.Option("sigact.duckdb", "--db", help="sigact database file."),
        actor: Optional[str] = typer.Option(None, "--actor", help="Actor (name, kb id or "
                                            "country; 'Iran' also matches Iranian bodies)."),
        recipient: Optional[str] = typer.Option(None, "--recipient", help="Recipient/target."),
        dyad: Optional[str] = typer.Option(None, "--dyad", help="Pair 'A-B', either "
                                           "direction: 'United States-Iran' or 'USA-IRN'."),
        type: Optional[str] = typer.Option(None, "--type", help="PLOVER type(s), "
                                           "comma-separated: MOBILIZE,ASSAULT."),
        place: Optional[str] = typer.Option(None, "--place", help="Location name or country."),
        since: Optional[str] = typer.Option(None, "--since", help="Event date from "
                                            "(YYYY, YYYY-MM, YYYY-MM-DD)."),
        until: Optional[str] = typer.Option(None, "--until", help="Event date until."),
        changed_since: Optional[str] = typer.Option(
            None, "--changed-since", help="Only events new or updated since this date(-time)."),
        status: Optional[str] = typer.Option(None, "--status", help="occurred, planned, "
                                             "threatened, … (comma-separated)."),
        format: Optional[str] = typer.Option(None, "--format", "-f", help="terminal | json | "
                                             "markdown | html (default: from --output's "
                                             "extension, else terminal)."),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE."),
        sentences: bool = typer.Option(False, "--sentences", "-s",
                                       help="Terminal: show the supporting sentences."),
        limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1,
                                            help="Only the first N entries."),
        last: bool = typer.Option(False, "--last", help="With --limit: the last N entries "
                                  "(the most recent) instead of the first."),
    ) -> None:
        """Timeline of real-world events, one line per cluster, by event date.

        Dates show their precision: 2020-11 is a month, ~2024-11-05 came from the
        publication date. Each entry counts its independent sources.

        Example: sigact timeline --db sigact.duckdb --dyad "United States-Iran" --since 2020-11
        """
        from sigact.analysis import timeline as tl

        fmt = (format or (_EXT.get(output.suffix.lower()) if output else None)
               or "terminal").lower()
        if fmt not in FORMATS:
            _err(f"--format must be one of {', '.join(FORMATS)}, not {format!r}")
            raise typer.Exit(2)
        filters = dict(actor=actor, recipient=recipient, dyad=dyad, type=type, place=place,
                       since=since, until=until, changed_since=changed_since, status=status)
        with open_store_readonly(db) as store:
            empty = empty_store_message(store, db)
            if empty and fmt == "terminal":
                _err(empty)
                return
            try:
                entries = tl.build_timeline(store, **filters)
            except ValueError as exc:
                _err(f"error: {exc}")
                raise typer.Exit(2) from None
        if limit:
            dated = [t for t in entries if t.date]
            entries = (dated[-limit:] if last else entries[:limit])
        if fmt == "json":
            write_output(tl.to_json(entries, filters=filters), output)
        elif fmt == "markdown":
            write_output(tl.render_markdown(entries), output)
        elif fmt == "html":
            write_output(tl.render_html(entries, filters=filters), output)
        else:
            from rich.console import Console
            if output:
                with open(output, "w", encoding="utf-8") as fh:
                    tl.render_terminal(entries, Console(file=fh, width=100, no_color=True),
                                       show_sentences=sentences)
                _err(f"wrote {output}")
            else:
                if not entries:
                    _err("No events match these filters.")
                    return
                tl.render_terminal(entries, show_sentences=sentences)
