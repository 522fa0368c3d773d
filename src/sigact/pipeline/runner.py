"""The runner: ingest inputs into the store, push pending articles through the stages in
batches (one store transaction per batch), then link the new events across articles.

Ordering guarantees what the store promises: an article is stored (status ``ingested``)
before any NLP runs, and marked ``processed`` in the same transaction that writes its
events — so a run killed anywhere loses nothing, and the next run completes it.
"""
from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterable

from sigact.config import load_config
from sigact.ingest import read_articles
from sigact.model import Article, IngestError
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline.registry import check_chain, get_stage

log = logging.getLogger("sigact")

Progress = Callable[[str, int, int], None]      # (phase, done, total)


@dataclass
class RunSummary:
    inputs: list[str] = field(default_factory=list)
    articles: int = 0            # articles read from the inputs
    new: int = 0                 # of which not already stored
    duplicate: int = 0
    skipped: int = 0             # stored but not processed (language)
    rejected: int = 0            # inputs or items refused (errors)
    processed: int = 0           # articles run through the stages
    failed: int = 0              # articles whose extraction raised
    events: int = 0
    clusters: int = 0
    seconds: float = 0.0
    errors: list[IngestError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)   # accepted, but worth telling (encoding)
    link: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "errors"}
        d["errors"] = [str(e) for e in self.errors]
        return d


def _anchor(article: Article) -> date | None:
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published[:10])
    except ValueError:
        return None


def make_doc(article: Article) -> ArticleDoc:
    return ArticleDoc(article=article, text=article.text, anchor=_anchor(article))


class Pipeline:
    """The configured chain of stages.  Built once; called on batches of ArticleDocs."""

    def __init__(self, config: dict[str, Any] | None = None, context: dict[str, Any] | None = None):
        self.config = config or load_config()
        names = list(self.config["pipeline"]["stages"])
        problems = check_chain(names)
        if problems:
            raise ValueError("pipeline config is inconsistent: " + "; ".join(problems))
        self.context = context or {}
        # stages that read knowledge files see the user's extra knowledge directories
        self.context.setdefault("knowledge", self.config.get("knowledge", {}))
        self.names = names
        self.stages = []
        for n in names:
            settings = dict(self.config.get("stages", {}).get(n, {}))
            if n == "nlp":
                settings = {**self.config.get("nlp", {}), **settings}
            self.stages.append(get_stage(n).factory(settings, self.context))
        self.timings: dict[str, float] = {n: 0.0 for n in names}

    def __call__(self, docs: list[ArticleDoc]) -> list[ArticleDoc]:
        for name, st in zip(self.names, self.stages):
            t0 = time.perf_counter()
            docs = st(docs)
            self.timings[name] += time.perf_counter() - t0
        return docs


def process_batch(pipeline: Pipeline, articles: list[Article]) -> tuple[list[ArticleDoc], list[tuple[Article, str]]]:
    """Run the stages on a batch; if the batch fails, retry article by article so one
    odd article cannot sink its neighbours.  Returns (docs, [(article, error)])."""
    docs = [make_doc(a) for a in articles]
    try:
        return pipeline(docs), []
    except Exception:  # noqa: BLE001 - isolate the culprit below
        log.debug("batch failed; retrying one article at a time", exc_info=True)
    ok, failed = [], []
    for a in articles:
        try:
            ok.extend(pipeline([make_doc(a)]))
        except Exception as exc:  # noqa: BLE001
            failed.append((a, f"{type(exc).__name__}: {exc}"))
    return ok, failed


def ingest(store, paths: Iterable[str], *, config: dict[str, Any] | None = None,
           published: str | None = None, summary: RunSummary | None = None,
           on_error: Callable[[IngestError], None] | None = None, stdin=None,
           on_notice: Callable[[str], None] | None = None) -> RunSummary:
    """Store every article in the inputs (no NLP)."""
    cfg = config or load_config()
    summary = summary or RunSummary()
    paths = list(paths)
    summary.inputs.extend(paths)
    ing = cfg.get("ingest", {})
    for item in read_articles(paths, max_bytes=int(ing.get("max_bytes", 10_000_000)),
                              published_override=published,
                              languages=ing.get("languages", ["en"]), stdin=stdin):
        if isinstance(item, IngestError):
            summary.rejected += 1
            summary.errors.append(item)
            if on_error:
                on_error(item)
            continue
        summary.articles += 1
        enc = item.metadata.get("encoding")
        if enc:
            note = f"{item.source}: not UTF-8; decoded as {enc}"
            summary.notices.append(note)
            if on_notice:
                on_notice(note)
        status, _aid = store.add_article(item)
        if status == "new":
            summary.new += 1
            if item.status == "skipped":
                summary.skipped += 1
        else:
            summary.duplicate += 1
    return summary


def extract(store, *, config: dict[str, Any] | None = None, summary: RunSummary | None = None,
            progress: Progress | None = None, pipeline: Pipeline | None = None,
            executor: str = "local", workers: int = 1,
            on_error: Callable[[IngestError], None] | None = None) -> RunSummary:
    """Run the stages on every stored article still ``ingested``."""
    cfg = config or load_config()
    summary = summary or RunSummary()
    # articles whose extraction failed before are retried: the failure may be fixed now
    pending = store.get_articles(status="ingested") + store.get_articles(status="failed")
    total = len(pending)
    if not total:
        return summary
    batch_size = int(cfg["pipeline"].get("batch_size", 64))
    batches = [pending[i:i + batch_size] for i in range(0, total, batch_size)]
    done = 0
    if progress:
        progress("extract", 0, total)
    if executor == "dask":
        from sigact.pipeline.distributed import process_batches_dask
        results = process_batches_dask(cfg, batches, workers=workers)
    else:
        pipeline = pipeline or Pipeline(cfg)
        results = (process_batch(pipeline, b) for b in batches)
    new_event_ids: list[str] = []
    for docs, failed in results:
        store.write_batch(docs)
        for article, err in failed:
            summary.failed += 1
            error = IngestError(article.source or article.article_id, f"extraction failed: {err}")
            summary.errors.append(error)
            if on_error:
                on_error(error)
            store.set_article_status([article.article_id], "failed")
        for d in docs:
            summary.events += len(d.events)
            new_event_ids.extend(e.event_id for e in d.events)
        summary.processed += len(docs)
        done += len(docs) + len(failed)
        if progress:
            progress("extract", done, total)
    summary.link["new_event_ids"] = len(new_event_ids)
    summary.link["_ids"] = new_event_ids
    return summary


def link(store, *, config: dict[str, Any] | None = None, event_ids: list[str] | None = None,
         summary: RunSummary | None = None) -> RunSummary:
    """Cross-article linking over the given (or all) events."""
    cfg = config or load_config()
    summary = summary or RunSummary()
    lk = cfg.get("linking", {})
    if not lk.get("enabled", True):
        return summary
    try:
        from sigact.linking import link_store
    except ImportError:        # linking package not installed in a trimmed build
        return summary
    result = link_store(store, event_ids=event_ids, threshold=float(lk.get("threshold", 0.55)),
                        use_embeddings=bool(lk.get("use_embeddings", False))) or {}
    summary.link.update({k: v for k, v in result.items() if k != "_ids"})
    summary.clusters = int(store.con.execute("SELECT count(*) FROM clusters").fetchone()[0])
    return summary


def run(store, paths: Iterable[str], *, config: dict[str, Any] | None = None,
        published: str | None = None, progress: Progress | None = None,
        on_error: Callable[[IngestError], None] | None = None, stdin=None,
        executor: str = "local", workers: int = 1,
        on_notice: Callable[[str], None] | None = None) -> RunSummary:
    """Ingest + all stages + linking; records the run in the store."""
    cfg = config or load_config()
    started = datetime.now(timezone.utc).replace(tzinfo=None)
    t0 = time.perf_counter()
    summary = ingest(store, paths, config=cfg, published=published, on_error=on_error,
                     stdin=stdin, on_notice=on_notice)
    extract(store, config=cfg, summary=summary, progress=progress, executor=executor,
            workers=workers, on_error=on_error)
    # only the events this run added are linked (an empty list just replays review
    # decisions); a full relink is `link(store, event_ids=None)`
    ids = summary.link.pop("_ids", None) or []
    link(store, config=cfg, event_ids=ids, summary=summary)
    if summary.new:
        store.build_search_index()
    summary.seconds = round(time.perf_counter() - t0, 3)
    store.record_run(uuid.uuid4().hex[:16], started, summary.inputs, summary.as_dict(),
                     summary.errors)
    return summary
