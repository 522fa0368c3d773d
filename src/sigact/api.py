"""The Python API.

    import sigact
    db = sigact.open("x.duckdb")
    db.run(["a.html", "feeds/"])
    db.events(type="MOBILIZE", since="2024-10-01")

and, without a store, ``sigact.process_texts(["Iran fired missiles at Israel."],
published="2024-10-01")`` for in-memory extraction.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from sigact.config import load_config
from sigact.ingest.article import build_article
from sigact.ingest.readers import RawItem
from sigact.model import Article, IngestError
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline import runner
from sigact.store import Store
from sigact.store.db import DEFAULT_DB

_PIPELINES: dict[str, runner.Pipeline] = {}


def _pipeline(config: dict[str, Any]) -> runner.Pipeline:
    import json
    key = json.dumps(config, sort_keys=True, default=str)
    if key not in _PIPELINES:
        _PIPELINES[key] = runner.Pipeline(config)
    return _PIPELINES[key]


def process_texts(items: Iterable[str | dict[str, Any]], *, published: str | None = None,
                  config: dict[str, Any] | None = None) -> list[ArticleDoc]:
    """Run the whole per-article pipeline in memory (no store, no linking).

    ``items``: strings, or dicts with ``text`` (or ``html``) and optional ``id``,
    ``published``, ``title``, ``outlet``, ``url``.  Returns one ArticleDoc per item
    (``.events``, ``.quotes``, ``.mentions``, ``.timexes``); items that cannot be read
    come back with no events and the reason in ``doc.scratch["error"]``."""
    cfg = config or load_config()
    articles: list[Article] = []
    errors: dict[int, str] = {}
    for i, item in enumerate(items):
        if isinstance(item, str):
            item = {"text": item}
        body = item.get("text") or item.get("html") or ""
        meta = {k: item[k] for k in ("published", "title", "outlet", "url") if item.get(k)}
        raw = RawItem(source=str(item.get("id", i)), item_id=str(item.get("id", i)),
                      kind="html" if not item.get("text") and item.get("html") else "text",
                      content=body, meta=meta)
        art = build_article(raw, published_override=item.get("published") or published,
                            languages=cfg.get("ingest", {}).get("languages", ["en"]))
        if isinstance(art, IngestError):
            art = Article(article_id=raw.item_id, text=body, text_sha256="", status="failed")
            errors[i] = art.article_id
        articles.append(art)
    pipe = _pipeline(cfg)
    good = [a for i, a in enumerate(articles) if i not in errors]
    done = {id(d.article): d for d in (pipe([runner.make_doc(a) for a in good]) if good else [])}
    out = []
    for i, a in enumerate(articles):
        d = done.get(id(a)) or runner.make_doc(a)
        if i in errors:
            d.scratch["error"] = "input could not be read as an article"
        out.append(d)
    return out


class Sigact:
    """A sigact database: run inputs into it, query and export what it holds."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, config: dict[str, Any] | str | None = None,
                 read_only: bool = False):
        self.config = config if isinstance(config, dict) else load_config(config)
        self.store = Store(path, read_only=read_only)

    # writing
    def run(self, paths: Iterable[str], *, published: str | None = None,
            executor: str = "local", workers: int = 1) -> runner.RunSummary:
        return runner.run(self.store, list(paths), config=self.config, published=published,
                          executor=executor, workers=workers)

    def ingest(self, paths: Iterable[str], *, published: str | None = None) -> runner.RunSummary:
        return runner.ingest(self.store, list(paths), config=self.config, published=published)

    def extract(self) -> runner.RunSummary:
        s = runner.extract(self.store, config=self.config)
        ids = s.link.pop("_ids", None) or []
        return runner.link(self.store, config=self.config, event_ids=ids, summary=s)

    def relink(self) -> runner.RunSummary:
        """Re-cluster every stored event (review decisions are replayed)."""
        return runner.link(self.store, config=self.config, event_ids=None)

    # reading
    def events(self, **filters: Any) -> list[dict[str, Any]]:
        return self.store.events(**filters)

    def articles(self, **filters: Any) -> list[dict[str, Any]]:
        return self.store.articles(**filters)

    def clusters(self, **filters: Any) -> list[dict[str, Any]]:
        return self.store.clusters(**filters)

    def quotes(self, **filters: Any) -> list[dict[str, Any]]:
        return self.store.quotes(**filters)

    def entities(self) -> list[dict[str, Any]]:
        return self.store.entities()

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def timeline(self, **filters: Any):
        from sigact.analysis.timeline import build_timeline
        return build_timeline(self.store, **filters)

    def network(self, **filters: Any):
        from sigact.analysis.network import build_network
        return build_network(self.store, **filters)

    def posture(self, **filters: Any):
        from sigact.analysis.posture import build_posture
        return build_posture(self.store, **filters)

    def escalation(self, **filters: Any):
        from sigact.analysis.escalation import build_escalation
        return build_escalation(self.store, **filters)

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        return self.store.search_articles(query, limit=limit)

    def export(self, what: str, fmt: str, out: str | Path) -> int:
        from sigact.store.export import export
        return export(self.store, what, fmt, out)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Sigact":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def open(path: str | Path = DEFAULT_DB, *, config: dict[str, Any] | str | None = None,  # noqa: A001
         read_only: bool = False) -> Sigact:
    """Open (creating if needed) a sigact database file."""
    return Sigact(path, config=config, read_only=read_only)
