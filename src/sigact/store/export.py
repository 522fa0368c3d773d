"""Export: articles, events, clusters, entities and quotes as JSON Lines, CSV or Parquet.

JSON Lines records follow EVENT_RECORD.md (version 1) exactly and are validated against
``sigact/schemas/event_record.schema.json`` in the tests.  CSV and Parquet carry the same
columns with nested objects flattened with dots (``actor.name``, ``date.value``); lists
of objects (``assets``, ``quantities``) become JSON text in one column.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

WHATS = ("articles", "events", "clusters", "entities", "quotes")
FORMATS = ("jsonl", "csv", "parquet")


def records(store, what: str, **filters: Any) -> list[dict[str, Any]]:
    getters: dict[str, Callable[..., list[dict[str, Any]]]] = {
        "articles": lambda: store.articles(),
        "events": lambda: store.events(**filters),
        "clusters": lambda: store.clusters(),
        "entities": lambda: store.entities(),
        "quotes": lambda: store.quotes(),
    }
    if what not in getters:
        raise ValueError(f"--what must be one of {', '.join(WHATS)}")
    return getters[what]()


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in record.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            if v:
                out.update(flatten(v, key + "."))
            else:
                out[key] = None
        elif isinstance(v, list):
            out[key] = json.dumps(v, ensure_ascii=False) if v and not all(
                isinstance(x, (str, int, float)) for x in v) else (
                json.dumps(v, ensure_ascii=False) if v else "[]")
        else:
            out[key] = v
    return out


def _columns(rows: Iterable[dict[str, Any]]) -> list[str]:
    cols: list[str] = []
    seen: set[str] = set()
    for r in rows:
        for k in r:
            if k not in seen:
                seen.add(k)
                cols.append(k)
    return cols


def _flat_rows(recs: list[dict[str, Any]], what: str) -> tuple[list[dict[str, Any]], list[str]]:
    flat = [flatten(r) for r in recs]
    # null objects (an event with no actor) must still produce the dotted columns
    template = _TEMPLATES.get(what, {})
    cols = _columns([flatten(template)] + flat) if template else _columns(flat)
    for f in flat:
        for c in cols:
            f.setdefault(c, None)
        for k in list(f):
            if k not in cols:
                del f[k]
        for obj in ("actor", "recipient", "date", "location", "speaker"):
            f.pop(obj, None)
    cols = [c for c in cols if c not in ("actor", "recipient", "date", "location", "speaker")]
    return flat, cols


_ENTITY = {"name": None, "text": None, "kb_id": None, "country": None, "sector": None}
_TEMPLATES: dict[str, dict[str, Any]] = {
    "events": {"event_id": None, "article_id": None, "sentence": None, "span": None,
               "trigger": None, "event_type": None, "mode": None, "actor": dict(_ENTITY),
               "recipient": dict(_ENTITY),
               "date": {"value": None, "precision": None, "text": None, "source": None},
               "location": {"name": None, "text": None, "country": None, "lat": None,
                            "lon": None, "gazetteer_id": None, "precision": None},
               "assets": None, "quantities": None, "status": None, "attribution": None,
               "confidence": None, "cluster_id": None},
    "quotes": {"quote_id": None, "article_id": None, "speaker": dict(_ENTITY), "text": None,
               "span": None, "kind": None, "cue": None},
}


def write(recs: list[dict[str, Any]], what: str, fmt: str, out: str | Path | None) -> int:
    if fmt not in FORMATS:
        raise ValueError(f"--format must be one of {', '.join(FORMATS)}")
    if fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in recs)
        if out in (None, "-"):
            sys.stdout.write(text)
        else:
            Path(out).write_text(text, encoding="utf-8")
        return len(recs)
    flat, cols = _flat_rows(recs, what)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for f in flat:
            w.writerow({k: (json.dumps(v) if isinstance(v, (list, dict)) else v)
                        for k, v in f.items()})
        if out in (None, "-"):
            sys.stdout.write(buf.getvalue())
        else:
            Path(out).write_text(buf.getvalue(), encoding="utf-8")
        return len(recs)
    import pyarrow as pa
    import pyarrow.parquet as pq

    if out in (None, "-"):
        raise ValueError("parquet needs --output FILE")
    columns = {c: [f.get(c) for f in flat] for c in cols}
    for c, vals in columns.items():      # one type per column: stringify mixed ones
        kinds = {type(v) for v in vals if v is not None}
        if len(kinds) > 1 and not kinds <= {int, float}:
            columns[c] = [None if v is None else (json.dumps(v) if isinstance(v, (list, dict))
                                                  else str(v)) for v in vals]
        elif kinds & {list, dict}:
            columns[c] = [None if v is None else json.dumps(v) for v in vals]
    table = pa.table(columns) if cols else pa.table({})
    pq.write_table(table, str(out))
    return len(recs)


def export(store, what: str, fmt: str, out: str | Path | None = None, **filters: Any) -> int:
    """Write ``what`` in ``fmt`` to ``out`` (``-``/None = stdout); returns the record count."""
    return write(records(store, what, **filters), what, fmt, out)
