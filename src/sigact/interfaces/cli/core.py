"""Core commands: run, ingest, extract, events, export, stats, stages."""
from __future__ import annotations

import json
import sys
from typing import Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sigact.config import load_config
from sigact.interfaces.cli.common import (
    ConfigOption, DbOption, console, err_console, is_tty, open_store, parse_day,
)
from sigact.model import EVENT_TYPES, IngestError
from sigact.pipeline import runner
from sigact.store.export import FORMATS, WHATS, export


def _config(path: Optional[str], model: Optional[str] = None) -> dict:
    try:
        return load_config(path, **{"nlp.model": model})
    except (OSError, ValueError) as exc:
        err_console.print(f"[red]error:[/red] config: {exc}")
        raise typer.Exit(2)


def _report_error(e: IngestError) -> None:
    # one line per rejected input, on stderr: file, line if any, reason
    sys.stderr.write(f"sigact: rejected {e}\n")
    sys.stderr.flush()


def _report_notice(note: str) -> None:
    sys.stderr.write(f"sigact: note {note}\n")


def _print_summary(s: runner.RunSummary) -> None:
    parts = [f"{s.articles} articles read", f"{s.new} new", f"{s.duplicate} already stored"]
    if s.skipped:
        parts.append(f"{s.skipped} skipped (language)")
    parts.append(f"{s.rejected} rejected")
    if s.processed or s.failed:
        parts.append(f"{s.processed} processed")
    if s.failed:
        parts.append(f"{s.failed} failed")
    parts.append(f"{s.events} events")
    if s.clusters:
        parts.append(f"{s.clusters} clusters in store")
    err_console.print("summary: " + ", ".join(parts) + f" ({s.seconds:.1f}s)", highlight=False)


class _Bar:
    """A Rich progress bar on a terminal; silent when piped."""

    def __init__(self) -> None:
        self.progress = None
        self.task = None

    def __enter__(self):
        if is_tty():
            self.progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                     MofNCompleteColumn(), TimeElapsedColumn(),
                                     console=err_console, transient=True)
            self.progress.__enter__()
        return self

    def __call__(self, phase: str, done: int, total: int) -> None:
        if not self.progress:
            return
        if self.task is None:
            self.task = self.progress.add_task(phase, total=total)
        self.progress.update(self.task, completed=done, total=total)

    def __exit__(self, *exc):
        if self.progress:
            self.progress.__exit__(*exc)


def _exit_code(s: runner.RunSummary) -> int:
    return 1 if (s.rejected or s.failed) else 0


def register(app: typer.Typer) -> None:

    @app.command()
    def run(
        paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or '-' for stdin."),
        db: str = DbOption,
        published: Optional[str] = typer.Option(
            None, help="Publication date (YYYY-MM-DD) for inputs whose metadata and text state none."),
        config: Optional[str] = ConfigOption,
        model: Optional[str] = typer.Option(None, help="spaCy pipeline to use (overrides the config)."),
        max_bytes: Optional[int] = typer.Option(None, help="Reject inputs larger than this (default 10 MB)."),
        executor: str = typer.Option("local", help="local, or dask to spread batches over processes."),
        workers: int = typer.Option(2, help="Worker processes with --executor dask."),
    ):
        """Ingest inputs and run every stage: extraction, dates, places, linking.

        Example: sigact run articles/ feed.xml --db sigact.duckdb --published 2024-11-02
        """
        cfg = _config(config, model)
        if max_bytes:
            cfg["ingest"]["max_bytes"] = max_bytes
        parse_day(published)      # a usage error (exit 2) before anything is read
        with open_store(db) as store, _Bar() as bar:
            summary = runner.run(store, paths, config=cfg, published=published, progress=bar,
                                 on_error=_report_error, executor=executor, workers=workers,
                                 on_notice=_report_notice)
        _print_summary(summary)
        raise typer.Exit(_exit_code(summary))

    @app.command()
    def ingest(
        paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or '-' for stdin."),
        db: str = DbOption,
        published: Optional[str] = typer.Option(None, help="Publication date override (YYYY-MM-DD)."),
        config: Optional[str] = ConfigOption,
    ):
        """Store articles without extracting anything yet (see `sigact extract`).

        Example: sigact ingest inbox/ --db sigact.duckdb
        """
        cfg = _config(config)
        with open_store(db) as store:
            summary = runner.ingest(store, paths, config=cfg, published=published,
                                    on_error=_report_error, on_notice=_report_notice)
        _print_summary(summary)
        raise typer.Exit(_exit_code(summary))

    @app.command()
    def extract(
        db: str = DbOption,
        config: Optional[str] = ConfigOption,
        model: Optional[str] = typer.Option(None, help="spaCy pipeline to use."),
        again: bool = typer.Option(False, "--again", help="Re-extract articles already processed."),
    ):
        """Run the stages on stored articles not yet processed (or all, with --again).

        Example: sigact extract --db sigact.duckdb --again
        """
        cfg = _config(config, model)
        with open_store(db) as store, _Bar() as bar:
            if again:
                store.reset_for_reprocessing()
            summary = runner.extract(store, config=cfg, progress=bar, on_error=_report_error)
            ids = summary.link.pop("_ids", None) or []
            runner.link(store, config=cfg, event_ids=None if again else ids, summary=summary)
        _print_summary(summary)
        raise typer.Exit(_exit_code(summary))

    @app.command()
    def events(
        db: str = DbOption,
        type: Optional[str] = typer.Option(None, "--type", help=f"PLOVER type(s), comma-separated: {', '.join(EVENT_TYPES)}."),
        actor: Optional[str] = typer.Option(None, help="Actor name, alias text, kb id or country code."),
        recipient: Optional[str] = typer.Option(None, help="Recipient name, kb id or country code."),
        since: Optional[str] = typer.Option(None, help="Events that may have happened on or after this date."),
        until: Optional[str] = typer.Option(None, help="Events that may have happened on or before this date."),
        text: Optional[str] = typer.Option(None, help="Words in the supporting sentence."),
        status: Optional[str] = typer.Option(None, help="occurred, planned, expected, threatened, …"),
        limit: int = typer.Option(200, help="At most this many events."),
        as_json: bool = typer.Option(False, "--json", help="JSON Lines instead of a table."),
    ):
        """List events, filtered.

        Example: sigact events --type ASSAULT --actor Iran --since 2024-10-01
        """
        with open_store(db, read_only=True) as store:
            try:
                recs = store.events(limit=limit, type=type, actor=actor, recipient=recipient,
                                    since=since, until=until, text=text, status=status)
            except ValueError as exc:
                err_console.print(f"[red]error:[/red] {exc}")
                raise typer.Exit(2)
        if as_json or not sys.stdout.isatty() and not console.is_terminal:
            for r in recs:
                sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
            return
        table = Table(show_lines=False, expand=True)
        for col in ("date", "type", "actor", "recipient", "where", "what", "status", "article"):
            table.add_column(col, overflow="fold")
        for r in recs:
            assets = ", ".join(f"{a['count']}× {a['name']}" if a.get("count") else a["name"]
                               for a in r["assets"])
            table.add_row(
                (r["date"] or {}).get("value", ""), f"{r['event_type']}" + (f" ({r['mode']})" if r["mode"] else ""),
                (r["actor"] or {}).get("name", ""), (r["recipient"] or {}).get("name", ""),
                (r["location"] or {}).get("name", ""), assets, r["status"], r["article_id"])
        console.print(table)
        console.print(f"{len(recs)} events")

    @app.command("export")
    def export_cmd(
        db: str = DbOption,
        what: str = typer.Option("events", help=f"One of: {', '.join(WHATS)}."),
        format: str = typer.Option("jsonl", "--format", help=f"One of: {', '.join(FORMATS)}."),
        output: Optional[str] = typer.Option(None, "--output", "-o", help="File to write (default: stdout; parquet needs a file)."),
    ):
        """Export records in the EVENT_RECORD.md interchange format.

        Example: sigact export --db sigact.duckdb --what events --format jsonl > events.jsonl
        """
        if what not in WHATS or format not in FORMATS:
            err_console.print(f"[red]error:[/red] --what must be one of {', '.join(WHATS)}; "
                              f"--format one of {', '.join(FORMATS)}")
            raise typer.Exit(2)
        with open_store(db, read_only=True) as store:
            try:
                n = export(store, what, format, output)
            except ValueError as exc:
                err_console.print(f"[red]error:[/red] {exc}")
                raise typer.Exit(2)
        if output:
            err_console.print(f"wrote {n} {what} to {output}")

    @app.command()
    def stats(db: str = DbOption, as_json: bool = typer.Option(False, "--json")):
        """Counts of what the store holds.

        Example: sigact stats --db sigact.duckdb
        """
        with open_store(db, read_only=True) as store:
            s = store.stats()
        if as_json:
            sys.stdout.write(json.dumps(s, default=str, indent=2) + "\n")
            return
        table = Table(title=f"sigact store {s['path']} (schema v{s['schema_version']})")
        table.add_column("what")
        table.add_column("count", justify="right")
        for k in ("articles", "events", "clusters", "quotes", "mentions", "runs", "ingest_errors"):
            table.add_row(k, str(s[k]))
        for k, v in s["articles_by_status"].items():
            table.add_row(f"  articles {k}", str(v))
        for k, v in s["events_by_type"].items():
            table.add_row(f"  events {k}", str(v))
        console.print(table)

    @app.command()
    def stages(config: Optional[str] = ConfigOption):
        """Show the configured pipeline: each stage, what it requires and assigns.

        Example: sigact stages --config my_pipeline.toml
        """
        from sigact.pipeline.registry import check_chain, get_stage
        cfg = _config(config)
        names = cfg["pipeline"]["stages"]
        table = Table(title=f"pipeline (spaCy model: {cfg['nlp']['model']})")
        for col in ("#", "stage", "requires", "assigns"):
            table.add_column(col)
        for i, n in enumerate(names, 1):
            info = get_stage(n)
            table.add_row(str(i), n, ", ".join(info.requires), ", ".join(info.assigns))
        console.print(table)
        problems = check_chain(names)
        for p in problems:
            err_console.print(f"[red]problem:[/red] {p}")
        raise typer.Exit(2 if problems else 0)
