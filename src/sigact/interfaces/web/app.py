"""HTTP JSON API + web page over one sigact store (datasette-style: every page is also JSON,
at the same URL with ``?format=json`` or at its ``/api/...`` twin).

The store is opened read-only for each request, so any number of readers (this server,
the CLI, notebooks) can share the file while no writer holds it; while ``sigact run`` is
writing, requests get a clear 503 JSON error instead of hanging.

    uvicorn --factory sigact.interfaces.web.app:app_from_env   (SIGACT_DB=...)
    sigact serve --db sigact.duckdb
"""
from __future__ import annotations

import os
import threading
from typing import Any, Callable, Iterator, Optional

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from sigact.analysis import escalation as es
from sigact.analysis import html as H
from sigact.analysis import network as nw
from sigact.analysis import posture as po
from sigact.analysis import timeline as tl
from sigact.store import Store, StoreError, StoreLockedError

API_DESCRIPTION = """JSON over one sigact store. Every event carries its source sentence and
character offsets; clusters group the reports of one real-world event. Until the store is
linked, every event is its own cluster (cluster_id = event_id). The web page at `/` shows
the same data; add `?format=json` to any page URL to get its JSON."""


PAGE_LIMIT = 500


class StoreUnavailable(Exception):
    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind, self.detail = kind, detail


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("sigact")
    except Exception:  # noqa: BLE001
        return "0"


def _file_key(path: str) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    key: tuple = (st.st_mtime_ns, st.st_size)
    try:
        wal = os.stat(path + ".wal")
        key += (wal.st_mtime_ns, wal.st_size)
    except OSError:
        pass
    return key


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, "")}


def create_app(db_path: str) -> FastAPI:
    app = FastAPI(title="sigact", version=_version(), description=API_DESCRIPTION)
    app.state.db_path = db_path

    # -- store per request ---------------------------------------------------------------
    def get_store() -> Iterator[Store]:
        try:
            store = Store(db_path, read_only=True)
        except StoreLockedError as exc:
            raise StoreUnavailable("locked", f"{exc}. Try again when the writer has "
                                             "finished.") from None
        except StoreError as exc:
            raise StoreUnavailable("unavailable", str(exc)) from None
        try:
            yield store
        finally:
            store.close()

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
        return JSONResponse(status_code=503, headers={"Retry-After": "5"},
                            content={"error": exc.kind, "detail": exc.detail,
                                     "db": db_path})

    @app.exception_handler(ValueError)
    async def _bad_value(request: Request, exc: ValueError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"error": "bad_request",
                                                      "detail": str(exc)})

    def not_found(what: str, ident: str) -> HTTPException:
        return HTTPException(status_code=404, detail=f"no {what} with id {ident!r}")

    # -- shared query parameters -----------------------------------------------------------
    def tl_filters(actor: Optional[str] = Query(None, description="actor name, kb id or "
                                                "country"),
                   recipient: Optional[str] = Query(None),
                   dyad: Optional[str] = Query(None, description="'A-B', either direction, "
                                               "e.g. USA-IRN"),
                   type: Optional[str] = Query(None, description="PLOVER type(s), "
                                               "comma-separated"),
                   place: Optional[str] = Query(None),
                   since: Optional[str] = Query(None, description="YYYY[-MM[-DD]]"),
                   until: Optional[str] = Query(None),
                   changed_since: Optional[str] = Query(None, description="ISO date(-time)"),
                   status: Optional[str] = Query(None)) -> dict[str, Any]:
        return dict(actor=actor, recipient=recipient, dyad=dyad, type=type, place=place,
                    since=since, until=until, changed_since=changed_since, status=status)

    def an_filters(actor: Optional[str] = Query(None), dyad: Optional[str] = Query(None),
                   type: Optional[str] = Query(None), place: Optional[str] = Query(None),
                   since: Optional[str] = Query(None), until: Optional[str] = Query(None),
                   ) -> dict[str, Any]:
        return dict(actor=actor, dyad=dyad, type=type, place=place, since=since,
                    until=until)

    # -- data functions shared by the API and the pages -------------------------------------
    cache: dict[str, Any] = {"key": None, "entries": None}
    lock = threading.Lock()

    def entries_of(store: Store, **f: Any) -> list[tl.TimelineEntry]:
        """The filtered timeline; the unfiltered one is built once per version of the file
        (keyed by size and modification time of the database and its WAL)."""
        key = _file_key(db_path)
        with lock:
            hit = cache["entries"] if key is not None and cache["key"] == key else None
        if hit is None:
            hit = tl.all_entries(store)
            with lock:
                cache.update(key=key, entries=hit)
        return tl.filter_entries(hit, **f)

    def timeline_data(store: Store, f: dict[str, Any], limit: int | None = None,
                      offset: int = 0) -> tuple[list[Any], dict[str, Any]]:
        entries = entries_of(store, **f)
        page = entries[offset:offset + limit if limit else None]
        return page, {"filters": _clean(f), "total": len(entries), "count": len(page),
                      "offset": offset, "limit": limit,
                      "entries": [t.to_dict() for t in page]}

    def network_data(store: Store, f: dict[str, Any], level: str, min_count: int):
        out = nw.network_from_entries(entries_of(store, **f), level=level,
                                      min_count=min_count)
        out["filters"] = _clean(f)
        return out

    def posture_data(store: Store, f: dict[str, Any]):
        f = dict(f, type=f.get("type") or "MOBILIZE")
        out = po.posture_from_entries(entries_of(store, **f))
        out["filters"] = _clean(f)
        return out

    def escalation_data(store: Store, f: dict[str, Any], period: str, level: str):
        out = es.escalation_from_entries(entries_of(store, **f), period=period, level=level)
        out["filters"] = _clean(f)
        return out

    # -- JSON API ----------------------------------------------------------------------
    @app.get("/api/events", tags=["api"], summary="Event records (EVENT_RECORD.md v1)")
    def api_events(store: Store = Depends(get_store),
                   type: Optional[str] = None, actor: Optional[str] = None,
                   recipient: Optional[str] = None, since: Optional[str] = None,
                   until: Optional[str] = None, text: Optional[str] = None,
                   article_id: Optional[str] = None, cluster_id: Optional[str] = None,
                   status: Optional[str] = None,
                   limit: int = Query(100, ge=1, le=10000), offset: int = Query(0, ge=0),
                   ) -> dict[str, Any]:
        f = dict(type=type, actor=actor, recipient=recipient, since=since, until=until,
                 text=text, article_id=article_id, cluster_id=cluster_id, status=status)
        f = _clean(f)
        where, params = store._event_where(**f)
        total = store.con.execute(f"SELECT count(*) FROM events e{where}",
                                  params).fetchone()[0]
        events = store.events(limit=offset + limit, **f)[offset:]
        return {"filters": f, "total": total, "offset": offset, "limit": limit,
                "count": len(events), "events": events}

    @app.get("/api/events/{event_id}", tags=["api"], summary="One event record")
    def api_event(event_id: str, store: Store = Depends(get_store)) -> dict[str, Any]:
        found = store.events(event_ids=[event_id])
        if not found:
            raise not_found("event", event_id)
        return found[0]

    @app.get("/api/articles", tags=["api"], summary="Article records (without text)")
    def api_articles(store: Store = Depends(get_store), status: Optional[str] = None,
                     limit: int = Query(100, ge=1, le=10000), offset: int = Query(0, ge=0),
                     ) -> dict[str, Any]:
        arts = store.articles(status=status)
        page = arts[offset:offset + limit]
        return {"total": len(arts), "offset": offset, "limit": limit, "count": len(page),
                "articles": page}

    def article_data(store: Store, article_id: str) -> dict[str, Any]:
        arts = store.get_articles(ids=[article_id])
        if not arts:
            raise not_found("article", article_id)
        a = arts[0]
        rec = a.to_record()
        rec["text"] = a.text
        rec["metadata"] = a.metadata
        rec["events"] = store.events(article_id=article_id)
        rec["quotes"] = store.quotes(article_id=article_id)
        return rec

    @app.get("/api/articles/{article_id}", tags=["api"],
             summary="One article with its cleaned text, events and quotes")
    def api_article(article_id: str, store: Store = Depends(get_store)) -> dict[str, Any]:
        return article_data(store, article_id)

    def clusters_data(store: Store, changed_since: str | None) -> list[dict[str, Any]]:
        stored = {c["cluster_id"]: c for c in store.clusters(changed_since=None)}
        out = []
        for t in entries_of(store, changed_since=changed_since):
            if t.clustered and t.cluster_id in stored:
                rec = dict(stored[t.cluster_id])
            else:
                rec = {"cluster_id": t.cluster_id, "event_type": t.type, "date": t.date,
                       "actor": t.actor, "recipient": t.recipient, "location": t.location,
                       "article_ids": t.article_ids, "sources": t.sources,
                       "n_sources": t.n_sources, "evidence_class": t.evidence_class,
                       "conflicts": [], "evidence": [], "review": None,
                       "event_ids": t.event_ids, "created_at": None,
                       "updated_at": t.updated_at}
            rec["clustered"] = t.clustered
            rec["summary"] = t.summary
            rec["date_display"] = t.date_display
            out.append(rec)
        return out

    @app.get("/api/clusters", tags=["api"],
             summary="Real-world events (clusters); unlinked events appear as their own "
                     "cluster with clustered=false")
    def api_clusters(store: Store = Depends(get_store),
                     changed_since: Optional[str] = None,
                     limit: int = Query(100, ge=1, le=10000), offset: int = Query(0, ge=0),
                     ) -> dict[str, Any]:
        cl = clusters_data(store, changed_since)
        page = cl[offset:offset + limit]
        return {"total": len(cl), "offset": offset, "limit": limit, "count": len(page),
                "clusters": page}

    @app.get("/api/clusters/{cluster_id}", tags=["api"],
             summary="One cluster with its member events and supporting sentences")
    def api_cluster(cluster_id: str, store: Store = Depends(get_store)) -> dict[str, Any]:
        entry = next((t for t in entries_of(store) if t.cluster_id == cluster_id), None)
        if entry is None:
            raise not_found("cluster", cluster_id)
        stored = store.clusters(cluster_ids=[cluster_id])
        rec = dict(stored[0]) if stored else {}
        rec.update(entry.to_dict())
        rec["events"] = store.events(event_ids=entry.event_ids)
        return rec

    @app.get("/api/timeline", tags=["api"], summary="The timeline (same filters as the CLI)")
    def api_timeline(store: Store = Depends(get_store), f: dict = Depends(tl_filters),
                     limit: Optional[int] = Query(None, ge=1), offset: int = Query(0, ge=0),
                     ) -> dict[str, Any]:
        return timeline_data(store, f, limit, offset)[1]

    @app.get("/api/network", tags=["api"], summary="Actor network (nodes and edges)")
    def api_network(store: Store = Depends(get_store), f: dict = Depends(an_filters),
                    level: str = Query("entity", pattern="^(entity|country)$"),
                    min_count: int = Query(1, ge=1)) -> dict[str, Any]:
        return network_data(store, f, level, min_count)

    @app.get("/api/posture", tags=["api"], summary="Force posture from MOBILIZE events")
    def api_posture(store: Store = Depends(get_store), f: dict = Depends(an_filters)
                    ) -> dict[str, Any]:
        return posture_data(store, f)

    @app.get("/api/escalation", tags=["api"], summary="Escalation index per dyad and period")
    def api_escalation(store: Store = Depends(get_store), f: dict = Depends(an_filters),
                       period: str = Query("month", pattern="^(week|month)$"),
                       level: str = Query("country", pattern="^(entity|country)$"),
                       ) -> dict[str, Any]:
        return escalation_data(store, f, period, level)

    @app.get("/api/stats", tags=["api"], summary="Counts of what the store holds")
    def api_stats(store: Store = Depends(get_store)) -> dict[str, Any]:
        return store.stats()

    @app.get("/api/search", tags=["api"], summary="Full-text search over articles")
    def api_search(q: str = Query(..., min_length=1), limit: int = Query(20, ge=1, le=1000),
                   store: Store = Depends(get_store)) -> dict[str, Any]:
        results = store.search_articles(q, limit=limit)
        return {"query": q, "count": len(results), "results": results}

    # -- web pages -----------------------------------------------------------------------
    def respond(request: Request, fmt: Optional[str], data: Callable[[], Any],
                html: Callable[[Any], str], title: str, active: str) -> Any:
        try:
            payload = data()
        except ValueError as exc:
            if fmt == "json":
                return JSONResponse(status_code=400, content={"error": "bad_request",
                                                              "detail": str(exc)})
            body = f'<p class="empty">Error: {H.e(exc)}</p><p><a href="{active}">reset</a></p>'
            return HTMLResponse(H.page(title, body, active=active), status_code=400)
        if fmt == "json":
            return JSONResponse(payload if not isinstance(payload, tuple) else payload[1])
        params = dict(request.query_params)
        params["format"] = "json"
        return HTMLResponse(H.page(title, html(payload), active=active,
                                   json_url=str(request.url.path) + H.query_string(params)))

    @app.get("/", response_class=HTMLResponse, tags=["pages"], summary="Timeline page")
    @app.get("/timeline", response_class=HTMLResponse, tags=["pages"], include_in_schema=False)
    def page_timeline(request: Request, store: Store = Depends(get_store),
                      f: dict = Depends(tl_filters), format: Optional[str] = None,
                      limit: Optional[int] = Query(None, ge=1), offset: int = Query(0, ge=0),
                      ) -> Any:
        # the page shows at most PAGE_LIMIT entries (its JSON twin: all, unless ?limit=)
        page_limit = limit or (None if format == "json" else PAGE_LIMIT)
        return respond(request, format, lambda: timeline_data(store, f, page_limit, offset),
                       lambda p: H.timeline_section(p[0], filters=f,
                                                    article_link="/articles/",
                                                    action=request.url.path,
                                                    total=p[1]["total"], offset=offset),
                       "sigact — timeline", "/")

    @app.get("/network", response_class=HTMLResponse, tags=["pages"])
    def page_network(request: Request, store: Store = Depends(get_store),
                     f: dict = Depends(an_filters),
                     level: str = Query("entity", pattern="^(entity|country)$"),
                     min_count: int = Query(1, ge=1), format: Optional[str] = None) -> Any:
        return respond(request, format, lambda: network_data(store, f, level, min_count),
                       lambda p: H.network_section(p, filters=f), "sigact — network",
                       "/network")

    @app.get("/posture", response_class=HTMLResponse, tags=["pages"])
    def page_posture(request: Request, store: Store = Depends(get_store),
                     f: dict = Depends(an_filters), format: Optional[str] = None) -> Any:
        return respond(request, format, lambda: posture_data(store, f),
                       lambda p: H.posture_section(p, filters={**f, "type": f.get("type")
                                                               or "MOBILIZE"}),
                       "sigact — posture",
                       "/posture")

    @app.get("/escalation", response_class=HTMLResponse, tags=["pages"])
    def page_escalation(request: Request, store: Store = Depends(get_store),
                        f: dict = Depends(an_filters),
                        period: str = Query("month", pattern="^(week|month)$"),
                        level: str = Query("country", pattern="^(entity|country)$"),
                        format: Optional[str] = None) -> Any:
        return respond(request, format, lambda: escalation_data(store, f, period, level),
                       lambda p: H.escalation_section(p, filters=f), "sigact — escalation",
                       "/escalation")

    @app.get("/stats", response_class=HTMLResponse, tags=["pages"])
    def page_stats(request: Request, store: Store = Depends(get_store),
                   format: Optional[str] = None) -> Any:
        return respond(request, format, store.stats, H.stats_section, "sigact — stats",
                       "/stats")

    @app.get("/articles/{article_id}", response_class=HTMLResponse, tags=["pages"])
    def page_article(request: Request, article_id: str, store: Store = Depends(get_store),
                     format: Optional[str] = None) -> Any:
        return respond(request, format, lambda: article_data(store, article_id),
                       H.article_section, f"sigact — {article_id}", "/")

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_index(request: Request, format: Optional[str] = None) -> Any:
        """A self-contained list of the JSON endpoints (the interactive /docs page of
        FastAPI loads its script from a CDN, which an offline machine cannot reach)."""
        spec = app.openapi()
        if format == "json":
            return JSONResponse(spec)
        rows = []
        for path, ops in spec.get("paths", {}).items():
            for method, op in ops.items():
                params = ", ".join(p["name"] for p in op.get("parameters", [])
                                   if p.get("in") == "query")
                link = path if "{" not in path else ""
                name = f'<a href="{H.e(link)}">{H.e(path)}</a>' if link else H.e(path)
                rows.append(f"<tr><td>{method.upper()}</td><td><code>{name}</code></td>"
                            f"<td>{H.e(op.get('summary', ''))}</td>"
                            f"<td class=small>{H.e(params)}</td></tr>")
        body = ("<h2>JSON API</h2><p class='muted small'>OpenAPI schema: "
                "<a href='/openapi.json'>/openapi.json</a> (interactive docs at "
                "<a href='/docs'>/docs</a> need internet access for their script). Every "
                "page is also JSON with <code>?format=json</code>.</p><table><tr><th></th>"
                "<th>path</th><th>what</th><th>query parameters</th></tr>"
                + "".join(rows) + "</table>")
        return HTMLResponse(H.page("sigact — API", body, active="/api",
                                   json_url="/openapi.json"))

    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory``: the store path comes from $SIGACT_DB."""
    return create_app(os.environ.get("SIGACT_DB", "sigact.duckdb"))
