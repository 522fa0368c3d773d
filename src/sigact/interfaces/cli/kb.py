"""`sigact kb`: look names up in the knowledge base and list the knowledge files."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from sigact.interfaces.cli.common import parse_day

KB_HELP = (
    "The knowledge base: resolve actor names and roles, list the knowledge files.\n\n"
    "Example: sigact kb lookup \"Suleimani\"   |   sigact kb lookup \"the president\" "
    "--date 2020-12-10 --country USA   |   sigact kb files"
)

LOOKUP_HELP = (
    "Resolve a name, description or role to a knowledge-base actor, or print why not.\n\n"
    "Example: sigact kb lookup \"Suleimani\"  →  IRN.Q_SOLEIMANI  Qasem Soleimani (IRN, MIL)\n\n"
    "Example: sigact kb lookup \"the defence secretary\" --date 2024-11-02 --country USA  →  "
    "USA.L_AUSTIN  Lloyd Austin"
)

FILES_HELP = (
    "List the knowledge files (built-in and user directories) with version and entry count.\n\n"
    "Example: sigact kb files --kind actors"
)


def lookup_command(
    name: str = typer.Argument(..., help="name, alias, description or role as written"),
    date_: Optional[str] = typer.Option(None, "--date", "-d",
                                        help="date YYYY-MM-DD for roles and office holders"),
    country: Optional[str] = typer.Option(None, "--country", "-c",
                                          help="context country (ISO alpha-3) for bare roles"),
    extra_dir: List[Path] = typer.Option([], "--knowledge-dir", "-k",
                                         help="extra knowledge directory (repeatable)"),
    as_json: bool = typer.Option(False, "--json", help="print the entity as JSON"),
) -> None:
    from sigact.knowledge.actors import get_resolver

    resolver = get_resolver(tuple(str(p) for p in extra_dir))
    ent = resolver.resolve(name, when=parse_day(date_), context={"country": country} if country else None)
    if as_json:
        typer.echo(json.dumps({"name": ent.name, "text": ent.text, "kb_id": ent.kb_id,
                               "country": ent.country, "sector": ent.sector, "type": ent.type,
                               "reason": ent.reason}, ensure_ascii=False))
    elif ent.kb_id is None:
        extra = ", ".join(x for x in (ent.country, ent.sector) if x)
        typer.echo(f"not resolved: {ent.reason}" + (f" ({extra})" if extra else ""))
    else:
        extra = ", ".join(x for x in (ent.country, ent.sector, ent.type) if x)
        typer.echo(f"{ent.kb_id}\t{ent.name}" + (f"\t({extra})" if extra else ""))
    if ent.kb_id is None:
        raise typer.Exit(1)


def files_command(
    kind: Optional[str] = typer.Option(None, "--kind", help="only this kind (actors, assets, ...)"),
    extra_dir: List[Path] = typer.Option([], "--knowledge-dir", "-k",
                                         help="extra knowledge directory (repeatable)"),
) -> None:
    from sigact.knowledge import loader

    extra = tuple(str(p) for p in extra_dir)
    try:
        rows = [(f.kind, f"v{f.version}", str(f.n_entries), str(f.path))
                for f in loader.describe(extra)]
    except loader.KnowledgeError:
        rows = _describe_each(extra)       # one malformed file must not hide the others
    for row in rows:
        if kind and row[0] != kind:
            continue
        typer.echo("\t".join(row))


def _describe_each(extra: tuple[str, ...]) -> list[tuple[str, str, str, str]]:
    """Like loader.describe, file by file, reporting files that are not in the loader format."""
    from sigact.knowledge import loader

    rows = []
    for d in loader.knowledge_dirs(extra):
        if not d.is_dir():
            continue
        for folder in sorted(p for p in d.iterdir() if p.is_dir()):
            for path in sorted(folder.iterdir()):
                if path.suffix not in (".yaml", ".yml", ".json") or path.name.startswith("_"):
                    continue
                try:
                    data = loader._read(path)
                except (loader.KnowledgeError, ValueError) as exc:
                    rows.append((folder.name, "-", "-", f"{path}  (not a knowledge file: {exc})"))
                    continue
                rows.append((str(data.get("kind", folder.name)), f"v{int(data.get('version', 0))}",
                             str(len(data["entries"])), str(path)))
    return rows


def register(app: typer.Typer) -> None:
    kb = typer.Typer(help=KB_HELP, no_args_is_help=True, add_completion=False)
    kb.command("lookup", help=LOOKUP_HELP)(lookup_command)
    kb.command("files", help=FILES_HELP)(files_command)
    app.add_typer(kb, name="kb")
