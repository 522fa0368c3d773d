"""HTTP API and web page: every endpoint answers with its documented shape on a small store."""
from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from sigact.analysis.sample import CLUSTER_ID
from sigact.interfaces.web.app import create_app
from sigact.store import Store


@pytest.fixture()
def db_file(tmp_path, sample_db):
    path = tmp_path / "w.duckdb"
    shutil.copy(sample_db, path)
    return path


@pytest.fixture()
def client(db_file):
    return TestClient(create_app(str(db_file)))


# -- JSON API ---------------------------------------------------------------------------
def test_events_list_filters_and_pagination(client):
    r = client.get("/api/events")
    assert r.status_code == 200
    d = r.json()
    assert d["total"] == 8 and d["count"] == 8 and len(d["events"]) == 8
    ev = d["events"][0]
    for key in ("event_id", "article_id", "sentence", "span", "trigger", "event_type",
                "actor", "recipient", "date", "location", "assets", "quantities", "status",
                "cluster_id"):
        assert key in ev
    page = client.get("/api/events", params={"limit": 3, "offset": 2}).json()
    assert page["total"] == 8 and page["count"] == 3
    assert [e["event_id"] for e in page["events"]] == [e["event_id"] for e in d["events"][2:5]]
    mob = client.get("/api/events", params={"type": "MOBILIZE", "since": "2020-12"}).json()
    assert mob["total"] == 1 and mob["events"][0]["article_id"] == "b52-dec"
    assert client.get("/api/events", params={"limit": 0}).status_code == 422


def test_event_by_id_and_404(client):
    ev = client.get("/api/events").json()["events"][0]
    r = client.get(f"/api/events/{ev['event_id']}")
    assert r.status_code == 200 and r.json() == ev
    r = client.get("/api/events/nope")
    assert r.status_code == 404 and "nope" in r.json()["detail"]


def test_articles_and_article_detail(client):
    d = client.get("/api/articles").json()
    assert d["total"] == 7 and {a["article_id"] for a in d["articles"]} >= {"b52-dec"}
    assert "text" not in d["articles"][0]
    a = client.get("/api/articles/green-zone").json()
    assert a["outlet"] == "Baghdad Post" and "21 rockets" in a["text"]
    assert {e["event_type"] for e in a["events"]} == {"ASSAULT", "THREATEN"}
    for e in a["events"]:
        assert a["text"][e["span"][0]:e["span"][1]] == e["sentence"]
    assert a["quotes"] == []
    assert client.get("/api/articles/missing").status_code == 404


def test_clusters_include_unlinked_events(client):
    d = client.get("/api/clusters").json()
    assert d["total"] == 7
    by_id = {c["cluster_id"]: c for c in d["clusters"]}
    c = by_id[CLUSTER_ID]
    assert c["clustered"] is True and c["n_sources"] == 2 and len(c["event_ids"]) == 2
    singles = [c for c in d["clusters"] if not c["clustered"]]
    assert len(singles) == 6 and all(c["cluster_id"] == c["event_ids"][0] for c in singles)
    for key in ("cluster_id", "event_type", "date", "actor", "recipient", "location",
                "article_ids", "sources", "n_sources", "evidence_class", "event_ids",
                "summary"):
        assert key in c
    one = client.get(f"/api/clusters/{CLUSTER_ID}").json()
    assert len(one["events"]) == 2 and len(one["sentences"]) == 2
    assert one["evidence_class"] == "corroborated"
    single = client.get(f"/api/clusters/{singles[0]['cluster_id']}").json()
    assert single["clustered"] is False and len(single["events"]) == 1
    assert client.get("/api/clusters/none").status_code == 404
    assert client.get("/api/clusters", params={"changed_since": "2999-01-01"}).json()[
        "total"] == 0


def test_timeline_endpoint_matches_cli_filters(client):
    d = client.get("/api/timeline").json()
    assert d["total"] == 7 and d["entries"][-1]["date_display"] == "undated"
    d = client.get("/api/timeline", params={"dyad": "Iran-United States"}).json()
    assert d["total"] == 5 and d["filters"] == {"dyad": "Iran-United States"}
    d = client.get("/api/timeline", params={"limit": 2, "offset": 1}).json()
    assert d["count"] == 2 and d["entries"][0]["cluster_id"] == CLUSTER_ID
    r = client.get("/api/timeline", params={"since": "someday"})
    assert r.status_code == 400 and r.json()["error"] == "bad_request"
    assert client.get("/api/timeline", params={"type": "NOPE"}).status_code == 400


def test_analysis_endpoints(client):
    net = client.get("/api/network", params={"level": "country"}).json()
    assert {"nodes", "edges", "level", "n_nodes", "n_edges"} <= set(net)
    assert net["level"] == "country" and net["n_edges"] == 3
    assert client.get("/api/network", params={"level": "x"}).status_code == 422
    p = client.get("/api/posture").json()
    assert p["assets"][0]["line"] == ("B-52H: 2 (2020-11-21, Middle East), "
                                      "2 (2020-12-10, Persian Gulf)")
    e = client.get("/api/escalation", params={"period": "week"}).json()
    assert e["period"] == "week" and e["dyads"][0]["dyad"] == "Iran-United States"
    assert e["weights"]["ASSAULT"] == 10


def test_stats_and_search(client):
    s = client.get("/api/stats").json()
    assert s["articles"] == 7 and s["events"] == 8 and s["clusters"] == 1
    r = client.get("/api/search", params={"q": "rockets"}).json()
    assert r["query"] == "rockets" and [x["article_id"] for x in r["results"]] == [
        "green-zone"]
    assert client.get("/api/search").status_code == 422


def test_openapi_lists_the_endpoints(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/articles",
                 "/api/articles/{article_id}", "/api/clusters", "/api/clusters/{cluster_id}",
                 "/api/timeline", "/api/network", "/api/posture", "/api/escalation",
                 "/api/stats", "/api/search"):
        assert path in spec["paths"], path
    page = client.get("/api")
    assert page.status_code == 200 and "/api/timeline" in page.text


# -- pages ------------------------------------------------------------------------------
class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.entries, self.external, self.svgs = 0, [], 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li" and "entry" in (a.get("class") or ""):
            self.entries += 1
        if tag == "svg":
            self.svgs += 1
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.external.append(a["src"])
        if tag == "link":
            self.external.append(a.get("href"))


def _parse(html: str) -> _Page:
    p = _Page()
    p.feed(html)
    return p


def test_home_page_shows_the_timeline(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    p = _parse(r.text)
    assert p.entries == 7 and p.external == []
    assert "US Air Force — MOBILIZE (show-of-force flight) → Iran: 2 × B-52H, over the " \
           "Middle East" in r.text
    assert "<mark>flew</mark>" in r.text and "corroborated" in r.text
    assert "~2020-12-21" in r.text and "2 sources" in r.text
    assert 'href="/articles/b52-nov-a"' in r.text
    filtered = client.get("/timeline", params={"type": "ASSAULT"})
    assert _parse(filtered.text).entries == 2


def test_every_page_is_also_json(client):
    for url, key in (("/", "entries"), ("/timeline", "entries"), ("/network", "edges"),
                     ("/posture", "assets"), ("/escalation", "dyads"), ("/stats", "events"),
                     ("/articles/b52-dec", "text")):
        html = client.get(url)
        assert html.status_code == 200 and "<!doctype html>" in html.text, url
        assert "format=json" in html.text, url
        js = client.get(url, params={"format": "json"})
        assert js.status_code == 200 and key in js.json(), url
    assert client.get("/", params={"format": "json"}).json()["entries"] == \
        client.get("/api/timeline").json()["entries"]
    assert client.get("/network", params={"format": "json", "level": "country"}).json() == \
        client.get("/api/network", params={"level": "country"}).json()


def test_analysis_pages_render_svg(client):
    assert _parse(client.get("/network").text).svgs == 1
    esc = client.get("/escalation")
    assert _parse(esc.text).svgs == 1 and "escalating" in esc.text
    post = client.get("/posture")
    assert "2 (2020-11-21, Middle East), 2 (2020-12-10, Persian Gulf)" in post.text
    bad = client.get("/", params={"since": "whenever"})
    assert bad.status_code == 400 and "not a date" in bad.text


def test_pages_follow_changes_to_the_store(client, db_file):
    before = client.get(f"/api/clusters/{CLUSTER_ID}").json()
    assert before["evidence_class"] == "corroborated"
    with Store(db_file) as s:        # a writer updates the store between two requests
        s.con.execute("UPDATE clusters SET evidence_class = 'confirmed by review', "
                      "review = 'confirmed'")
        s.con.execute("CHECKPOINT")
    after = client.get(f"/api/clusters/{CLUSTER_ID}").json()
    assert after["evidence_class"] == "confirmed by review" and after["review"] == "confirmed"
    assert "confirmed by review" in client.get("/").text


def test_empty_store_pages(tmp_path):
    path = tmp_path / "empty.duckdb"
    Store(path).close()
    c = TestClient(create_app(str(path)))
    assert "No events match" in c.get("/").text
    for url in ("/api/timeline", "/api/network", "/api/posture", "/api/escalation",
                "/api/events", "/api/clusters", "/api/stats", "/network", "/posture",
                "/escalation"):
        assert c.get(url).status_code == 200, url


def test_missing_and_locked_store_give_503(tmp_path, db_file):
    c = TestClient(create_app(str(tmp_path / "missing.duckdb")))
    r = c.get("/api/stats")
    assert r.status_code == 503 and r.json()["error"] == "unavailable"
    assert not (tmp_path / "missing.duckdb").exists()
    # a writer in another process holds the lock
    import subprocess
    import sys
    code = ("import sys, time; from sigact.store import Store; s = Store(sys.argv[1]); "
            "print('ready', flush=True); sys.stdin.readline()")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db_file)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        c = TestClient(create_app(str(db_file)))
        r = c.get("/api/timeline")
        assert r.status_code == 503
        body = r.json()
        assert body["error"] == "locked" and "locked" in body["detail"]
        assert json.dumps(body)
        assert re.search(r"PID \d+", body["detail"])
    finally:
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=30)
    assert TestClient(create_app(str(db_file))).get("/api/stats").status_code == 200


def test_serve_command_help_and_missing_db(tmp_path):
    from cli_app import app_with
    from typer.testing import CliRunner

    from sigact.interfaces.cli import serve

    app = app_with(serve.register)
    r = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "120"})
    assert r.exit_code == 0
    text = re.sub(r"\s+", " ", r.output)
    assert "Example: sigact serve --db sigact.duckdb" in text and "--port" in text
    r = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 1 and "No sigact database" in r.output


def test_timeline_page_paginates(client):
    r = client.get("/", params={"limit": 3})
    assert _parse(r.text).entries == 3
    assert "Showing 1–3 of 7 events" in r.text and "offset=3" in r.text
    r = client.get("/", params={"limit": 3, "offset": 6})
    assert _parse(r.text).entries == 1 and "Showing 7–7 of 7" in r.text
    assert len(client.get("/", params={"format": "json"}).json()["entries"]) == 7
