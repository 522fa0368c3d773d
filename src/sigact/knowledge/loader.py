"""Loader for the versioned knowledge files.

Every knowledge file is YAML (or JSON) of the form::

    version: 3            # bumped whenever the file's content changes meaningfully
    kind: actors          # actors | assets | places | ... (the folder name)
    entries:
      - id: USA           # unique within the kind; the `kb_id` exported in records
        name: United States
        aliases: [U.S., US, America, American, Washington]
        ...               # kind-specific fields, checked by that kind's JSON Schema

Built-in files live in ``sigact/knowledge/data/<kind>/``.  Users add their own files in
directories given by ``[knowledge] extra_dirs`` in the config or the
``SIGACT_KNOWLEDGE_DIRS`` environment variable (``os.pathsep``-separated), laid out the
same way (``<dir>/<kind>/*.yaml``).  A user entry with an existing id replaces the
built-in one; new ids are added.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

DATA_ROOT = Path(str(resources.files("sigact.knowledge").joinpath("data")))


class KnowledgeError(ValueError):
    pass


@dataclass(frozen=True)
class KnowledgeFile:
    path: Path
    version: int
    kind: str
    n_entries: int


def _read(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        # the C loader when libyaml is there: the actor files load ~6x faster
        data = json.load(fh) if path.suffix == ".json" else yaml.load(
            fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict) or "entries" not in data:
        raise KnowledgeError(f"{path}: a knowledge file needs `version`, `kind` and `entries`")
    if not isinstance(data["entries"], list):
        raise KnowledgeError(f"{path}: `entries` must be a list")
    return data


def knowledge_dirs(extra_dirs: Iterable[str | Path] = ()) -> list[Path]:
    dirs = [DATA_ROOT]
    env = os.environ.get("SIGACT_KNOWLEDGE_DIRS")
    if env:
        dirs += [Path(p) for p in env.split(os.pathsep) if p]
    dirs += [Path(p) for p in extra_dirs]
    return dirs


def files_of(kind: str, extra_dirs: Iterable[str | Path] = ()) -> list[Path]:
    out: list[Path] = []
    for d in knowledge_dirs(extra_dirs):
        folder = d / kind
        if folder.is_dir():
            out += sorted(p for p in folder.iterdir()
                          if p.suffix in (".yaml", ".yml", ".json") and not p.name.startswith("_"))
    return out


@lru_cache(maxsize=32)
def _load_cached(kind: str, extra: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
    by_id: dict[str, dict[str, Any]] = {}
    for path in files_of(kind, extra):
        data = _read(path)
        if data.get("kind", kind) != kind:
            raise KnowledgeError(f"{path}: kind {data.get('kind')!r} in the {kind!r} folder")
        for i, entry in enumerate(data["entries"]):
            if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
                raise KnowledgeError(f"{path}: entry {i} needs at least `id` and `name`")
            entry = dict(entry)
            entry.setdefault("aliases", [])
            entry["_file"] = path.name
            by_id[str(entry["id"])] = entry
    return tuple(by_id.values())


def load_kind(kind: str, extra_dirs: Iterable[str | Path] = ()) -> list[dict[str, Any]]:
    """All entries of a kind (built-in first, then user files), as fresh dicts."""
    return [dict(e) for e in _load_cached(kind, tuple(str(p) for p in extra_dirs))]


def describe(extra_dirs: Iterable[str | Path] = ()) -> list[KnowledgeFile]:
    """Every knowledge file with its version and size (for `sigact kb files`)."""
    out = []
    for d in knowledge_dirs(extra_dirs):
        if not d.is_dir():
            continue
        for folder in sorted(p for p in d.iterdir() if p.is_dir()):
            for path in files_of(folder.name, ()) if d == DATA_ROOT else sorted(folder.glob("*.y*ml")):
                if path.parent != folder:
                    continue
                try:
                    data = _read(path)
                except KnowledgeError:      # a helper file of another shape (lexicon, …)
                    continue
                out.append(KnowledgeFile(path, int(data.get("version", 0)),
                                         str(data.get("kind", folder.name)), len(data["entries"])))
    return out
