"""`sigact eval NAME`: run one evaluation and print its table."""
from __future__ import annotations

import importlib
from typing import Optional

import typer

from sigact.eval import EVALUATORS, shared_dir
from sigact.interfaces.cli.common import console, err_console


def register(app: typer.Typer) -> None:

    @app.command("eval")
    def eval_cmd(
        dataset: str = typer.Argument(..., help=f"One of: {', '.join(EVALUATORS)}."),
        limit: Optional[int] = typer.Option(None, help="Score only the first N items (quick check)."),
        shared: Optional[str] = typer.Option(None, help="Path of the shared data folder (default ../shared)."),
    ):
        """Score sigact on a public benchmark and print the table.

        Example: sigact eval tempeval3        (all: python -m sigact.eval.report --write docs/evaluation.md)
        """
        from pathlib import Path
        if dataset not in EVALUATORS:
            err_console.print(f"[red]error:[/red] unknown dataset {dataset!r}; one of {', '.join(EVALUATORS)}")
            raise typer.Exit(2)
        base = Path(shared) if shared else shared_dir()
        if base is None or not base.is_dir():
            err_console.print("[red]error:[/red] shared data not found: pass --shared PATH or set SIGACT_SHARED")
            raise typer.Exit(2)
        try:
            module = importlib.import_module(EVALUATORS[dataset])
        except ModuleNotFoundError:
            err_console.print(f"[red]error:[/red] evaluator {dataset!r} is not available in this build")
            raise typer.Exit(2)
        result = module.run(base, limit=limit)
        from rich.markdown import Markdown
        console.print(Markdown(result.markdown()))
