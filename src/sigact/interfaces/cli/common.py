"""Options and helpers shared by the command modules."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import date
from typing import Iterator

import typer
from rich.console import Console

from sigact.store import Store, StoreError

console = Console()
err_console = Console(stderr=True)

DbOption = typer.Option("sigact.duckdb", "--db", help="DuckDB file (created if missing).")
ConfigOption = typer.Option(None, "--config", help="Pipeline config TOML (default: built-in).")


@contextmanager
def open_store(db: str, *, read_only: bool = False) -> Iterator[Store]:
    """Open the store or exit with a clear one-line message (exit 2 for usage problems,
    1 when another process holds the lock)."""
    try:
        store = Store(db, read_only=read_only)
    except StoreError as exc:
        err_console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1 if "locked" in str(exc) else 2)
    try:
        yield store
    finally:
        store.close()


def is_tty() -> bool:
    return sys.stderr.isatty()


def parse_day(value: str | None) -> date | None:
    """A YYYY-MM-DD option value (a date-time is cut to its day); a clear usage error
    (exit 2) otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc
