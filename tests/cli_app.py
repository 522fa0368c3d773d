"""A Typer app holding only the command modules under test (each exposes `register(app)`)."""
from __future__ import annotations

from typing import Callable

import typer


def app_with(*registers: Callable[[typer.Typer], None]) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """test app (the callback keeps single commands as sub-commands, as in `sigact`)"""

    for register in registers:
        register(app)
    return app
