"""DuckDB-backed store.

Why DuckDB: an embedded, single-file, columnar database that exports to Parquet/CSV
natively and answers analytical queries (timelines, networks) fast; it is the
datasette-style "one store" every interface reads.

Consistency: every write of a batch runs in one transaction, and an article is only
marked ``processed`` in the same transaction that writes its events.  A run killed at
any point therefore leaves each article either fully processed or still ``ingested``;
the next run picks the latter up.
"""
from __future__ import annotations

import json
import re
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

import duckdb

from sigact.model import (
    Article, Asset, Cluster, DateValue, Entity, Event, Place, Quantity, Quote, date_bounds,
    stable_id,
)
from sigact.store.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "sigact.duckdb"


class StoreError(RuntimeError):
    pass


class StoreLockedError(StoreError):
    pass


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _j(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _unj(value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    return json.loads(value)


def _fts_extension_path() -> str | None:
    """The FTS extension shipped by the ``duckdb-extension-fts`` wheel (offline install)."""
    try:
        import duckdb_extension_fts  # type: ignore
    except ImportError:
        return None
    base = Path(duckdb_extension_fts.__file__).parent
    found = sorted(base.glob("extensions/*/fts.duckdb_extension"))
    return str(found[-1]) if found else None


class Store:
    """A sigact database file.  ``Store(path)`` opens (and migrates) it for writing;
    ``Store(path, read_only=True)`` opens it for reading beside other readers."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False):
        self.path = str(path)
        self.read_only = read_only
        try:
            if read_only and not Path(self.path).exists() and self.path != ":memory:":
                raise StoreError(f"no sigact database at {self.path} (run `sigact run` first)")
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                pid = re.search(r"PID (\d+)", msg)
                who = f" (PID {pid.group(1)})" if pid else ""
                raise StoreLockedError(
                    f"database {self.path} is locked by another sigact process{who}; "
                    "wait for it to finish or use another --db") from None
            raise StoreError(f"cannot open database {self.path}: {msg}") from None
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from None
        if not read_only:
            self.migrate()

    # -- lifecycle --------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def schema_version(self) -> int:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except duckdb.CatalogException:
            return 0
        return int(row[0]) if row else 0

    def migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {current}, newer than this "
                             f"sigact ({SCHEMA_VERSION}); upgrade sigact")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for sql in MIGRATIONS[version - 1]:
                    self.con.execute(sql)
                self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                                 [str(version)])

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    # -- articles ---------------------------------------------------------------------
    def add_article(self, article: Article) -> tuple[str, str]:
        """Store an article unless its cleaned text is already stored.

        Returns ``(status, article_id)`` with status ``new`` or ``duplicate`` (the id is
        then the one already stored: ingesting the same text again changes no ids).
        If the id is taken by a *different* text, the new article gets ``id~hash8``."""
        with self.transaction():
            row = self.con.execute("SELECT article_id FROM articles WHERE text_sha256=?",
                                   [article.text_sha256]).fetchone()
            if article.source:
                self.con.execute("INSERT OR IGNORE INTO article_sources VALUES (?,?,?)",
                                 [article.text_sha256, article.source, _now()])
            if row:
                return "duplicate", row[0]
            taken = self.con.execute("SELECT 1 FROM articles WHERE article_id=?",
                                     [article.article_id]).fetchone()
            if taken:
                article.article_id = f"{article.article_id}~{article.text_sha256[:8]}"
            self.con.execute(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [article.article_id, article.text_sha256, article.title, article.outlet,
                 article.outlet_source, article.published, article.published_source,
                 article.url, article.language, article.source, _j(article.metadata),
                 article.text, article.status, _now(), None])
            return "new", article.article_id

    def _article_from_row(self, r: tuple) -> Article:
        (aid, sha, title, outlet, outlet_source, published, published_source, url, language,
         source, metadata, text, status) = r[:13]
        return Article(article_id=aid, text=text, text_sha256=sha, title=title, outlet=outlet,
                       outlet_source=outlet_source or "none", published=published,
                       published_source=published_source, url=url, language=language or "en",
                       source=source, metadata=_unj(metadata) or {}, status=status)

    _ARTICLE_COLS = ("article_id, text_sha256, title, outlet, outlet_source, published, "
                     "published_source, url, language, source, metadata, text, status")

    def get_articles(self, *, status: str | None = None, ids: Iterable[str] | None = None,
                     limit: int | None = None) -> list[Article]:
        sql = f"SELECT {self._ARTICLE_COLS} FROM articles"
        where, params = [], []
        if status:
            where.append("status = ?")
            params.append(status)
        if ids is not None:
            ids = list(ids)
            if not ids:
                return []
            where.append(f"article_id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY article_id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [self._article_from_row(r) for r in self.con.execute(sql, params).fetchall()]

    def set_article_status(self, article_ids: Iterable[str], status: str) -> None:
        ids = list(article_ids)
        if ids:
            self.con.execute(
                f"UPDATE articles SET status=?, processed_at=? WHERE article_id IN "
                f"({','.join('?' * len(ids))})", [status, _now(), *ids])

    def reset_for_reprocessing(self, article_ids: Iterable[str] | None = None) -> int:
        """Mark processed articles as ``ingested`` so that the next run extracts them again."""
        with self.transaction():
            if article_ids is None:
                n = self.con.execute("UPDATE articles SET status='ingested' "
                                     "WHERE status='processed'").fetchone()
            else:
                ids = list(article_ids)
                if not ids:
                    return 0
                n = self.con.execute(
                    f"UPDATE articles SET status='ingested' WHERE article_id IN "
                    f"({','.join('?' * len(ids))})", ids).fetchone()
        return int(n[0]) if n else 0

    # -- batch write --------------------------------------------------------------------
    def write_batch(self, docs: list[Any]) -> None:
        """Write what the stages found for a batch of ArticleDocs, in one transaction,
        replacing whatever an earlier run stored for the same articles."""
        ids = [d.article.article_id for d in docs]
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        now = _now()
        with self.transaction():
            for table in ("sentences", "mentions", "timexes", "quotes"):
                self.con.execute(f"DELETE FROM {table} WHERE article_id IN ({marks})", ids)
            # keep cluster ids of events that survive a re-run (stable ids)
            old_clusters = dict(self.con.execute(
                f"SELECT event_id, cluster_id FROM events WHERE article_id IN ({marks})",
                ids).fetchall())
            self.con.execute(f"DELETE FROM events WHERE article_id IN ({marks})", ids)
            for d in docs:
                aid = d.article.article_id
                if d.sentences:
                    self.con.executemany("INSERT INTO sentences VALUES (?,?,?,?,?)", [
                        [aid, s.index, s.start, s.end, s.text] for s in d.sentences])
                if d.mentions:
                    self.con.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?,?)", [
                        [aid, m.start, m.end, m.text, m.label, m.sentence_index, m.source,
                         m.kb_id, _j(m.entity.to_record() if m.entity else None), m.count,
                         m.count_text] for m in d.mentions])
                if d.timexes:
                    self.con.executemany("INSERT INTO timexes VALUES (?,?,?,?,?,?,?)", [
                        [aid, t.start, t.end, t.text, t.type, t.value,
                         _j(t.date.to_record() if t.date else None)] for t in d.timexes])
                seen: set[str] = set()
                rows = []
                for e in d.events:
                    if e.event_id in seen:      # two stages proposing the same event
                        continue
                    seen.add(e.event_id)
                    if not e.cluster_id:
                        e.cluster_id = old_clusters.get(e.event_id)
                    rows.append(self._event_row(e, now))
                if rows:
                    self.con.executemany(
                        f"INSERT INTO events VALUES ({','.join('?' * len(rows[0]))})", rows)
                seen_q: set[str] = set()
                qrows = []
                for q in d.quotes:
                    if q.quote_id in seen_q:
                        continue
                    seen_q.add(q.quote_id)
                    qrows.append([q.quote_id, aid, q.text, q.span[0], q.span[1],
                                  _j(q.speaker.to_record() if q.speaker else None), q.kind,
                                  q.cue, q.sentence_index])
                if qrows:
                    self.con.executemany("INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?)", qrows)
            # events gone after a re-run leave their clusters
            self.con.execute("DELETE FROM cluster_members WHERE event_id NOT IN "
                             "(SELECT event_id FROM events)")
            self.set_article_status(ids, "processed")

    @staticmethod
    def _event_row(e: Event, now: datetime) -> list[Any]:
        b = e.date.bounds() if e.date else None
        return [
            e.event_id, e.article_id, e.sentence_index, e.sentence, e.span[0], e.span[1],
            e.trigger, e.trigger_span[0] if e.trigger_span else None,
            e.trigger_span[1] if e.trigger_span else None,
            e.event_type, e.mode,
            _j(e.actor.to_record() if e.actor else None),
            _j(e.recipient.to_record() if e.recipient else None),
            _j(e.date.to_record() if e.date else None),
            e.date.value if e.date else None, e.date.precision if e.date else None,
            b[0] if b else None, b[1] if b else None,
            _j(e.location.to_record() if e.location else None),
            _j([a.to_record() for a in e.assets]), _j([q.to_record() for q in e.quantities]),
            e.status, e.attribution, float(e.confidence), e.cluster_id, _j(e.reasons),
            e.extractor, e.actor.name if e.actor else None,
            e.recipient.name if e.recipient else None, now,
        ]

    # -- reading events -------------------------------------------------------------------
    _EVENT_COLS = ("event_id, article_id, sentence_index, sentence, span_start, span_end, "
                   "trigger, trigger_start, trigger_end, event_type, mode, actor, recipient, "
                   "date, location, assets, quantities, status, attribution, confidence, "
                   "cluster_id, reasons, extractor")

    def _event_where(self, *, type: str | None = None, actor: str | None = None,
                     recipient: str | None = None, since: str | None = None,
                     until: str | None = None, text: str | None = None,
                     article_id: str | None = None, cluster_id: str | None = None,
                     status: str | None = None, event_ids: Iterable[str] | None = None,
                     changed_since: str | None = None) -> tuple[str, list[Any]]:
        where, params = [], []
        if changed_since:
            where.append("e.created_at >= ?")
            params.append(changed_since)
        if type:
            types = [t.strip().upper() for t in type.split(",") if t.strip()]
            where.append(f"e.event_type IN ({','.join('?' * len(types))})")
            params.extend(types)
        for col, val in (("actor", actor), ("recipient", recipient)):
            if val:
                where.append(f"(lower(e.{col}_name) LIKE ? OR lower(e.{col}->>'text') LIKE ? "
                             f"OR lower(e.{col}->>'kb_id') = ? OR lower(e.{col}->>'country') = ?)")
                v = val.lower()
                params.extend([f"%{v}%", f"%{v}%", v, v])
        if since:
            lo = date_bounds(since)
            if lo is None:
                raise ValueError(f"--since: not a date: {since!r}")
            where.append("e.date_end >= ?")
            params.append(lo[0])
        if until:
            hi = date_bounds(until)
            if hi is None:
                raise ValueError(f"--until: not a date: {until!r}")
            where.append("e.date_start <= ?")
            params.append(hi[1])
        if text:
            where.append("lower(e.sentence) LIKE ?")
            params.append(f"%{text.lower()}%")
        if article_id:
            where.append("e.article_id = ?")
            params.append(article_id)
        if cluster_id:
            where.append("e.cluster_id = ?")
            params.append(cluster_id)
        if status:
            where.append("e.status = ?")
            params.append(status)
        if event_ids is not None:
            ids = list(event_ids) or [""]
            where.append(f"e.event_id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        return (" WHERE " + " AND ".join(where)) if where else "", params

    def load_events(self, limit: int | None = None, offset: int = 0,
                    **filters: Any) -> list[Event]:
        """Events as model objects (for linking and analysis), in date order."""
        where, params = self._event_where(**filters)
        sql = (f"SELECT {', '.join('e.' + c.strip() for c in self._EVENT_COLS.split(','))} "
               f"FROM events e{where} ORDER BY e.date_start NULLS LAST, e.article_id, "
               f"e.span_start, e.event_id")
        if limit:
            sql += f" LIMIT {int(limit)}"
        if offset:
            sql += f" OFFSET {int(offset)}"
        return [event_from_row(r) for r in self.con.execute(sql, params).fetchall()]

    def events(self, limit: int | None = None, offset: int = 0,
               **filters: Any) -> list[dict[str, Any]]:
        """Events as EVENT_RECORD.md dicts (filters: type, actor, recipient, since, until,
        text, article_id, cluster_id, status, event_ids, changed_since)."""
        return [e.to_record() for e in self.load_events(limit=limit, offset=offset, **filters)]

    def count_events(self, **filters: Any) -> int:
        where, params = self._event_where(**filters)
        return int(self.con.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()[0])

    def articles(self, **kw: Any) -> list[dict[str, Any]]:
        return [a.to_record() for a in self.get_articles(**kw)]

    def quotes(self, article_id: str | None = None) -> list[dict[str, Any]]:
        sql = ("SELECT quote_id, article_id, text, span_start, span_end, speaker, kind, cue "
               "FROM quotes")
        params: list[Any] = []
        if article_id:
            sql += " WHERE article_id = ?"
            params.append(article_id)
        sql += " ORDER BY article_id, span_start"
        out = []
        for qid, aid, text, s, e, speaker, kind, cue in self.con.execute(sql, params).fetchall():
            out.append({"quote_id": qid, "article_id": aid, "speaker": _unj(speaker),
                        "text": text, "span": [s, e], "kind": kind, "cue": cue})
        return out

    def entities(self) -> list[dict[str, Any]]:
        """Every distinct participant (actor or recipient) with how often it appears."""
        sql = """
            WITH p AS (
              SELECT actor AS ent, 'actor' AS role, event_id FROM events WHERE actor IS NOT NULL
              UNION ALL
              SELECT recipient, 'recipient', event_id FROM events WHERE recipient IS NOT NULL)
            SELECT ent->>'name' AS name, ent->>'kb_id' AS kb_id, ent->>'country' AS country,
                   ent->>'sector' AS sector,
                   count(*) FILTER (WHERE role='actor') AS as_actor,
                   count(*) FILTER (WHERE role='recipient') AS as_recipient,
                   list(DISTINCT ent->>'text') AS texts
            FROM p GROUP BY 1, 2, 3, 4 ORDER BY as_actor + as_recipient DESC, name"""
        cols = ["name", "kb_id", "country", "sector", "as_actor", "as_recipient", "texts"]
        return [dict(zip(cols, r)) for r in self.con.execute(sql).fetchall()]

    # -- clusters ---------------------------------------------------------------------
    def save_clusters(self, clusters: list[Cluster], members: list[tuple[str, str, float, Any]],
                      *, replace_ids: Iterable[str] = ()) -> None:
        """Write clusters and memberships ``(cluster_id, event_id, score, evidence)`` in one
        transaction; clusters listed in ``replace_ids`` are removed first.  Rows go in
        through Arrow tables in bulk: row-by-row inserts dominated relinking time."""
        import pyarrow as pa

        now = _now()
        ids = [c.cluster_id for c in clusters]
        with self.transaction():
            gone = list(replace_ids)
            if gone:
                marks = ",".join("?" * len(gone))
                self.con.execute(f"DELETE FROM clusters WHERE cluster_id IN ({marks})", gone)
                self.con.execute(f"DELETE FROM cluster_members WHERE cluster_id IN ({marks})", gone)
            created = {}
            if ids:
                created = dict(self.con.execute(
                    "SELECT cluster_id, created_at FROM clusters WHERE cluster_id IN "
                    "(SELECT unnest(?))", [ids]).fetchall())
                self.con.execute("DELETE FROM clusters WHERE cluster_id IN (SELECT unnest(?))",
                                 [ids])
                rows = []
                for c in clusters:
                    b = c.date.bounds() if c.date else None
                    rows.append({
                        "cluster_id": c.cluster_id, "event_type": c.event_type,
                        "date": _j(c.date.to_record() if c.date else None),
                        "date_start": b[0] if b else None, "date_end": b[1] if b else None,
                        "actor": _j(c.actor.to_record() if c.actor else None),
                        "recipient": _j(c.recipient.to_record() if c.recipient else None),
                        "location": _j(c.location.to_record() if c.location else None),
                        "article_ids": _j(c.article_ids), "sources": _j(c.sources),
                        "n_sources": len(c.sources), "evidence_class": c.evidence_class,
                        "conflicts": _j(c.conflicts), "evidence": _j(c.evidence),
                        "review": c.review, "created_at": created.get(c.cluster_id, now),
                        "updated_at": now})
                table = pa.Table.from_pylist(rows, schema=_CLUSTER_ARROW)
                self.con.register("_new_clusters", table)
                try:
                    self.con.execute("INSERT INTO clusters SELECT * FROM _new_clusters")
                finally:
                    self.con.unregister("_new_clusters")
            if members:
                table = pa.Table.from_pylist(
                    [{"cluster_id": c, "event_id": e, "score": None if sc is None else float(sc),
                      "evidence": _j(x)} for c, e, sc, x in members], schema=_MEMBER_ARROW)
                self.con.register("_new_members", table)
                try:
                    self.con.execute("DELETE FROM cluster_members WHERE event_id IN "
                                     "(SELECT event_id FROM _new_members)")
                    self.con.execute("INSERT INTO cluster_members SELECT * FROM _new_members")
                    self.con.execute("UPDATE events SET cluster_id = m.cluster_id FROM "
                                     "_new_members m WHERE events.event_id = m.event_id")
                finally:
                    self.con.unregister("_new_members")

    def clusters(self, *, changed_since: str | None = None,
                 cluster_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        sql = ("SELECT cluster_id, event_type, date, actor, recipient, location, article_ids, "
               "sources, n_sources, evidence_class, conflicts, evidence, review, created_at, "
               "updated_at FROM clusters")
        where, params = [], []
        if changed_since:
            where.append("updated_at >= ?")
            params.append(changed_since)
        if cluster_ids is not None:
            ids = list(cluster_ids) or [""]
            where.append(f"cluster_id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date_start NULLS LAST, cluster_id"
        cols = ["cluster_id", "event_type", "date", "actor", "recipient", "location",
                "article_ids", "sources", "n_sources", "evidence_class", "conflicts",
                "evidence", "review", "created_at", "updated_at"]
        members: dict[str, list[str]] = {
            cid: ids for cid, ids in self.con.execute(
                "SELECT cluster_id, list(event_id ORDER BY event_id) FROM events "
                "WHERE cluster_id IS NOT NULL GROUP BY cluster_id").fetchall()}
        out = []
        for r in self.con.execute(sql, params).fetchall():
            d = dict(zip(cols, r))
            for k in ("date", "actor", "recipient", "location", "article_ids", "sources",
                      "conflicts", "evidence"):
                d[k] = _unj(d[k])
            d["event_ids"] = members.get(d["cluster_id"], [])
            for k in ("created_at", "updated_at"):
                d[k] = d[k].isoformat() if d[k] else None
            out.append(d)
        return out

    # -- review decisions -------------------------------------------------------------
    def add_decision(self, action: str, args: dict[str, Any], note: str | None = None) -> str:
        did = stable_id(action, _j(args), _now().isoformat())
        with self.transaction():
            self.con.execute("INSERT INTO review_decisions VALUES (?,?,?,?,?)",
                             [did, action, _j(args), note, _now()])
        return did

    def decisions(self) -> list[dict[str, Any]]:
        rows = self.con.execute("SELECT decision_id, action, args, note, created_at FROM "
                                "review_decisions ORDER BY created_at, decision_id").fetchall()
        return [{"decision_id": d, "action": a, "args": _unj(x), "note": n,
                 "created_at": t.isoformat() if t else None} for d, a, x, n, t in rows]

    # -- runs ---------------------------------------------------------------------------
    def record_run(self, run_id: str, started: datetime, inputs: list[str],
                   summary: dict[str, Any], errors: list[Any]) -> None:
        with self.transaction():
            self.con.execute("INSERT OR REPLACE INTO runs VALUES (?,?,?,?,?,?,?,?)", [
                run_id, started, _now(), _j(inputs), summary.get("articles", 0),
                summary.get("new", 0), summary.get("rejected", 0), _j(summary)])
            if errors:
                self.con.executemany("INSERT INTO ingest_errors VALUES (?,?,?,?,?)", [
                    [run_id, e.source, e.line, e.reason, _now()] for e in errors])

    def stats(self) -> dict[str, Any]:
        q = lambda sql: self.con.execute(sql).fetchone()[0]  # noqa: E731
        by_status = dict(self.con.execute(
            "SELECT status, count(*) FROM articles GROUP BY 1").fetchall())
        by_type = dict(self.con.execute(
            "SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").fetchall())
        return {
            "path": self.path, "schema_version": self.schema_version(),
            "articles": q("SELECT count(*) FROM articles"), "articles_by_status": by_status,
            "events": q("SELECT count(*) FROM events"), "events_by_type": by_type,
            "clusters": q("SELECT count(*) FROM clusters"),
            "quotes": q("SELECT count(*) FROM quotes"),
            "mentions": q("SELECT count(*) FROM mentions"),
            "runs": q("SELECT count(*) FROM runs"),
            "ingest_errors": q("SELECT count(*) FROM ingest_errors"),
        }

    def sentence_text(self, article_id: str, start: int, end: int) -> str | None:
        row = self.con.execute("SELECT substr(text, ?, ?) FROM articles WHERE article_id=?",
                               [start + 1, end - start, article_id]).fetchone()
        return row[0] if row else None

    def build_search_index(self) -> bool:
        """(Re)build the full-text index over articles; done at the end of each run so
        that read-only readers (the web app) can search.  False if FTS is unavailable."""
        ext = _fts_extension_path()
        if not ext or self.read_only:
            return False
        try:
            self.con.execute(f"LOAD '{ext}'")
            self.con.execute("PRAGMA create_fts_index('articles', 'article_id', "
                             "'title', 'text', overwrite=1)")
            return True
        except duckdb.Error:
            return False

    def search_articles(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over articles (DuckDB FTS, BM25) when the index exists;
        otherwise a plain substring match."""
        ext = _fts_extension_path()
        if ext:
            try:
                self.con.execute(f"LOAD '{ext}'")
                rows = self.con.execute(
                    "SELECT article_id, title, score FROM (SELECT *, fts_main_articles."
                    "match_bm25(article_id, ?) AS score FROM articles) WHERE score IS NOT NULL "
                    "ORDER BY score DESC LIMIT ?", [query, limit]).fetchall()
                return [{"article_id": a, "title": t, "score": s} for a, t, s in rows]
            except duckdb.Error:
                pass
        rows = self.con.execute(
            "SELECT article_id, title FROM articles WHERE lower(text) LIKE ? LIMIT ?",
            [f"%{query.lower()}%", limit]).fetchall()
        return [{"article_id": a, "title": t, "score": None} for a, t in rows]


def _arrow_schemas():
    import pyarrow as pa
    s, j = pa.string(), pa.string()
    clusters = pa.schema([
        ("cluster_id", s), ("event_type", s), ("date", j), ("date_start", pa.date32()),
        ("date_end", pa.date32()), ("actor", j), ("recipient", j), ("location", j),
        ("article_ids", j), ("sources", j), ("n_sources", pa.int32()), ("evidence_class", s),
        ("conflicts", j), ("evidence", j), ("review", s), ("created_at", pa.timestamp("us")),
        ("updated_at", pa.timestamp("us"))])
    members = pa.schema([("cluster_id", s), ("event_id", s), ("score", pa.float64()),
                         ("evidence", j)])
    return clusters, members


_CLUSTER_ARROW, _MEMBER_ARROW = _arrow_schemas()


def _ent(d: Any) -> Entity | None:
    d = _unj(d)
    if not d:
        return None
    return Entity(name=d.get("name"), text=d.get("text"), kb_id=d.get("kb_id"),
                  country=d.get("country"), sector=d.get("sector"))


def event_from_row(r: tuple) -> Event:
    (eid, aid, sidx, sentence, s0, s1, trig, t0, t1, etype, mode, actor, recipient, date,
     location, assets, quantities, status, attribution, conf, cid, reasons, extractor) = r
    dd, ld = _unj(date), _unj(location)
    return Event(
        event_id=eid, article_id=aid, sentence=sentence, span=(s0, s1), event_type=etype,
        trigger=trig, trigger_span=(t0, t1) if t0 is not None else None, mode=mode,
        actor=_ent(actor), recipient=_ent(recipient),
        date=DateValue(**dd) if dd else None,
        location=Place(**ld) if ld else None,
        assets=[Asset(**a) for a in (_unj(assets) or [])],
        quantities=[Quantity(**q) for q in (_unj(quantities) or [])],
        status=status, attribution=attribution, confidence=conf, cluster_id=cid,
        sentence_index=sidx or 0, reasons=_unj(reasons) or {}, extractor=extractor or "rules")
