"""`sigact serve`: the HTTP JSON API and web page over a store."""
from __future__ import annotations

import sys
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        db: str = typer.Option("sigact.duckdb", "--db", help="sigact database file."),
        host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on "
                                 "(0.0.0.0 exposes it to the network)."),
        port: int = typer.Option(8765, "--port", help="TCP port."),
        reload: bool = typer.Option(False, "--reload", hidden=True),
    ) -> None:
        """Serve the web page and the JSON API over a store (read-only).

        Pages: timeline, network, posture, escalation, stats. Every page is also JSON:
        add ?format=json, or use /api/... (endpoint list at /api, OpenAPI at /openapi.json).

        Example: sigact serve --db sigact.duckdb --port 8765   then open http://127.0.0.1:8765/
        """
        import uvicorn

        from sigact.interfaces.web.app import create_app

        if not Path(db).exists():
            sys.stderr.write(f"No sigact database at {db}.\nCreate one first, e.g.:  "
                             f"sigact run samples/corpus --db {db}\n")
            raise typer.Exit(1)
        sys.stderr.write(f"sigact: serving {db} at http://{host}:{port}/  "
                         f"(API docs: http://{host}:{port}/docs; Ctrl-C to stop)\n")
        uvicorn.run(create_app(str(Path(db).resolve())), host=host, port=port,
                    log_level="warning")
