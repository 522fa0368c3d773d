"""The one command-line entry point: `sigact`.

Each command group lives in its own module exposing ``register(app)``; this module only
assembles them, so a command is found by its file name.
"""
from __future__ import annotations

import importlib
import sys

import typer

app = typer.Typer(
    name="sigact",
    help="Sourced, dated, deduplicated significant-activity records from conflict and "
         "security news.\n\nExample: sigact run articles/ --db sigact.duckdb && sigact timeline",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

#: command modules, in the order their commands appear in --help
COMMAND_MODULES = [
    "sigact.interfaces.cli.core",       # run, ingest, extract, events, export, stats, stages
    "sigact.interfaces.cli.timeline",   # timeline
    "sigact.interfaces.cli.dates",      # dates
    "sigact.interfaces.cli.clusters",   # clusters list/show/merge/split/confirm
    "sigact.interfaces.cli.kb",         # kb lookup/files
    "sigact.interfaces.cli.analysis",   # network, posture, escalation
    "sigact.interfaces.cli.serve",      # serve (HTTP API + web page)
    "sigact.interfaces.cli.evaluate",   # eval
]

for _name in COMMAND_MODULES:
    try:
        _mod = importlib.import_module(_name)
    except ModuleNotFoundError as exc:
        if exc.name != _name:      # a real missing dependency inside the module: surface it
            raise
        continue
    _mod.register(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
