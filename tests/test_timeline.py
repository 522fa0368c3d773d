"""Timeline: ordering with precision, filters, clusters vs unclustered events, renderers, CLI."""
from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser

import pytest
import typer
from typer.testing import CliRunner

from sigact.analysis import timeline as tl
from sigact.analysis.common import date_display, date_sort_key, entity_matches, split_dyad
from sigact.analysis.sample import CLUSTER_ID, build_sample_store
from sigact.interfaces.cli import timeline as cli_timeline
from sigact.model import Article, sha256_text
from sigact.store import Store
from cli_app import app_with


@pytest.fixture()
def db_file(tmp_path, sample_db):
    path = tmp_path / "cli.duckdb"
    shutil.copy(sample_db, path)
    return path


@pytest.fixture()
def store(db_file):
    s = Store(db_file)
    yield s
    s.close()


def _cli() -> typer.Typer:
    return app_with(cli_timeline.register)


# -- ordering and precision -----------------------------------------------------------
def test_entries_ordered_by_date_with_precision_and_undated_last(store):
    entries = tl.build_timeline(store)
    assert [t.date_display for t in entries] == [
        "2020-11", "2020-11-21", "2020-11-27", "2020-12-10", "~2020-12-21", "~2020-12-21",
        "undated"]
    assert entries[0].date["precision"] == "month"
    assert entries[-1].date is None


def test_date_sort_key_puts_a_month_after_its_first_day_and_before_later_days():
    vals = ["2020-11-02", None, "2020-11", "2020-11-01", "2020-10-31", "2020",
            "2020-W45", "2020-11-01/2020-11-03"]
    got = sorted(vals, key=lambda v: date_sort_key({"value": v} if v else None))
    assert got == ["2020", "2020-10-31", "2020-11-01", "2020-11-01/2020-11-03", "2020-11",
                   "2020-11-02", "2020-W45", None]


def test_date_display_marks_precision_and_publication_dates():
    assert date_display({"value": "2020-11", "precision": "month", "source": "relative"}) \
        == "2020-11"
    assert date_display({"value": "2024-11-05", "precision": "day",
                         "source": "publication"}) == "~2024-11-05"
    assert date_display({"value": "2020-11-21/2020-11-23", "precision": "interval",
                         "source": "explicit"}) == "2020-11-21..2020-11-23"
    assert date_display(None) == "undated"


# -- clusters ---------------------------------------------------------------------------
def test_cluster_is_one_entry_with_all_its_sentences_and_sources(store):
    entries = tl.build_timeline(store)
    c = next(t for t in entries if t.cluster_id == CLUSTER_ID)
    assert c.clustered and c.n_sources == 2 and c.evidence_class == "corroborated"
    assert set(c.article_ids) == {"b52-nov-a", "b52-nov-b"}
    assert len(c.sentences) == 2 and len(c.event_ids) == 2
    assert c.summary == ("US Air Force — MOBILIZE (show-of-force flight) → Iran: "
                         "2 × B-52H, over the Middle East")
    # every sentence link points at the real text of its article
    for s in c.sentences:
        assert store.sentence_text(s.article_id, *s.span) == s.sentence
        a, b = s.trigger_offsets
        assert s.sentence[a:b] == s.trigger
    assert sum(1 for t in entries if "B-52H" in t.summary) == 2   # Nov cluster + Dec flight


def test_unclustered_store_gives_one_entry_per_event(tmp_path):
    with build_sample_store(tmp_path / "u.duckdb", cluster=False) as s:
        entries = tl.build_timeline(s)
        assert len(entries) == 8
        assert all(not t.clustered and t.cluster_id == t.event_ids[0] for t in entries)
        assert all(t.n_sources == 1 and t.evidence_class == "single source" for t in entries)


def test_build_timeline_accepts_a_path(db_file):
    entries = tl.build_timeline(str(db_file), type="MOBILIZE")
    assert [t.date_display for t in entries] == ["2020-11-21", "2020-12-10"]


def test_empty_store_gives_empty_timeline(tmp_path):
    with Store(tmp_path / "e.duckdb") as s:
        assert tl.build_timeline(s) == []


# -- filters ----------------------------------------------------------------------------
def _pairs(entries):
    return {((t.actor or {}).get("name"), (t.recipient or {}).get("name"), t.type)
            for t in entries}


@pytest.mark.parametrize("dyad", ["United States-Iran", "Iran-United States", "USA-IRN",
                                  "IRN-USA", "USA:IRN"])
def test_dyad_filter_matches_both_directions(store, dyad):
    got = _pairs(tl.build_timeline(store, dyad=dyad))
    assert got == {
        ("US Air Force", "Iran", "MOBILIZE"),
        ("Iran", "United States", "THREATEN"),
        ("United States", "Iran", "THREATEN"),
        ("Islamic Revolutionary Guard Corps", "United States", "ASSAULT"),   # IRGC is Iranian
    }


def test_split_dyad_handles_hyphenated_names():
    assert split_dyad("Guinea-Bissau-Senegal") == ("Guinea-Bissau", "Senegal")
    assert split_dyad("USA-IRN") == ("USA", "IRN")
    with pytest.raises(ValueError):
        split_dyad("Iran")


def test_entity_matching_is_word_based():
    assert entity_matches({"name": "US Air Force", "text": "US Air Force"}, "US")
    assert not entity_matches({"name": "Russia", "text": "Russia", "country": "RUS"}, "us")
    assert entity_matches({"name": "IRGC", "text": "IRGC", "country": "IRN"}, "Iran")
    assert entity_matches({"name": "X", "text": "X", "kb_id": "Q1"}, "q1")


def test_actor_type_place_status_and_date_filters(store):
    assert _pairs(tl.build_timeline(store, actor="Iran")) == {
        ("Iran", "United States", "THREATEN"), ("Iran", "Iraq", "CONSULT"),
        ("Islamic Revolutionary Guard Corps", "United States", "ASSAULT")}
    assert {t.type for t in tl.build_timeline(store, type="assault,threaten")} == {
        "ASSAULT", "THREATEN"}
    assert [t.date_display for t in tl.build_timeline(store, place="Persian Gulf")] == [
        "2020-12-10"]
    assert [t.location["name"] for t in tl.build_timeline(store, place="IRQ")] == ["Baghdad"]
    dec = tl.build_timeline(store, since="2020-12")
    assert [t.date_display for t in dec] == ["2020-12-10", "~2020-12-21", "~2020-12-21"]
    nov = tl.build_timeline(store, since="2020-11-22", until="2020-11-30")
    assert [t.date_display for t in nov] == ["2020-11", "2020-11-27"]   # month overlaps
    assert tl.build_timeline(store, status="planned") == []
    with pytest.raises(ValueError):
        tl.build_timeline(store, type="BOMBING")
    with pytest.raises(ValueError):
        tl.build_timeline(store, since="last week")


def test_changed_since_returns_only_new_or_updated_entries(store):
    store.con.execute("UPDATE events SET created_at = TIMESTAMP '2021-01-01 00:00:00'")
    store.con.execute("UPDATE clusters SET updated_at = TIMESTAMP '2021-01-01 00:00:00'")
    assert len(tl.build_timeline(store, changed_since="2020-12-31")) == 7
    assert tl.build_timeline(store, changed_since="2021-06-01") == []
    store.con.execute("UPDATE events SET created_at = TIMESTAMP '2026-06-01 12:00:00' "
                      "WHERE article_id = 'green-zone' AND event_type = 'ASSAULT'")
    store.con.execute("UPDATE clusters SET updated_at = TIMESTAMP '2026-06-02 00:00:00'")
    got = tl.build_timeline(store, changed_since="2026-01-01")
    assert {t.type for t in got} == {"ASSAULT", "MOBILIZE"}
    assert {t.cluster_id for t in got if t.type == "MOBILIZE"} == {CLUSTER_ID}
    assert [t.type for t in tl.build_timeline(store, changed_since="2026-06-01T18:00")] == [
        "MOBILIZE"]


# -- renderers --------------------------------------------------------------------------
def test_json_renderer(store):
    entries = tl.build_timeline(store)
    data = json.loads(tl.to_json(entries, filters={"dyad": None, "type": "X"}))
    assert data["count"] == 7 and data["filters"] == {"type": "X"}
    first = data["entries"][1]
    assert first["cluster_id"] == CLUSTER_ID
    assert first["date"] == {"value": "2020-11-21", "precision": "day", "text": None,
                             "source": "explicit"}
    assert first["sentences"][0]["article_id"] == "b52-nov-a"
    assert not any(k.startswith("_") for k in first)


def test_markdown_renderer(store):
    md = tl.render_markdown(tl.build_timeline(store))
    assert md.startswith("# Timeline")
    rows = [line for line in md.splitlines() if line.startswith("| 20") or
            line.startswith("| ~") or line.startswith("| undated")]
    assert len(rows) == 7
    assert "| 2020-11-21 | US Air Force — MOBILIZE (show-of-force flight) → Iran" in md
    assert "**flew**" in md and "`b52-nov-b` [" in md


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.entries, self.external = [], 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "li" and "entry" in (a.get("class") or ""):
            self.entries += 1
        for key in ("src", "href"):
            if a.get(key, "").startswith(("http:", "https:", "//")):
                self.external.append(a[key])
        if tag == "link":
            self.external.append(a.get("href"))


def test_html_renderer_is_self_contained_and_lists_entries(store):
    html = tl.render_html(tl.build_timeline(store), filters={"dyad": "USA-IRN"})
    p = _Collector()
    p.feed(html)
    assert p.entries == 7 and p.external == []
    assert "<style>" in html and "<script>" in html and "<script src" not in html
    assert "<mark>flew</mark>" in html
    assert "2 × B-52H" in html and "~2020-12-21" in html and "corroborated" in html


def test_terminal_renderer_fits_80_columns(store):
    from rich.console import Console
    con = Console(record=True, width=80, color_system=None)
    tl.render_terminal(tl.build_timeline(store), con, show_sentences=True)
    text = con.export_text()
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "2020-11 " in text and "~2020-12-21" in text and "undated" in text
    assert "b52-nov-b" in text


# -- CLI --------------------------------------------------------------------------------
def test_cli_timeline_terminal_and_filters(db_file):
    r = CliRunner().invoke(_cli(), ["timeline", "--db", str(db_file)],
                           env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    assert "B-52H" in r.output and "2020-11-21" in r.output
    r = CliRunner().invoke(_cli(), ["timeline", "--db", str(db_file), "--dyad",
                                    "United States-Iran", "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["count"] == 5 and data["filters"] == {"dyad": "United States-Iran"}


def test_cli_timeline_limit_and_last(db_file):
    r = CliRunner().invoke(_cli(), ["timeline", "--db", str(db_file), "-f", "json", "-n", "2"])
    assert [t["date_display"] for t in json.loads(r.stdout)["entries"]] == [
        "2020-11", "2020-11-21"]
    r = CliRunner().invoke(_cli(), ["timeline", "--db", str(db_file), "-f", "json", "-n", "2",
                                    "--last"])
    assert [t["type"] for t in json.loads(r.stdout)["entries"]] == ["THREATEN", "ASSAULT"]


def test_cli_timeline_writes_files_by_extension(db_file, tmp_path):
    out = tmp_path / "tl.html"
    r = CliRunner().invoke(_cli(), ["timeline", "--db", str(db_file), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text().startswith("<!doctype html>")
    md = tmp_path / "tl.md"
    r = CliRunner().invoke(_cli(), ["timeline", "--db", str(db_file), "--type", "ASSAULT",
                                    "-o", str(md)])
    assert r.exit_code == 0
    assert md.read_text().count("ASSAULT (") == 4     # 2 entries: table + sources heading


def test_cli_timeline_friendly_errors(tmp_path, db_file):
    r = CliRunner().invoke(_cli(), ["timeline", "--db", str(tmp_path / "missing.duckdb")])
    assert r.exit_code == 1 and "No sigact database" in r.output
    assert not (tmp_path / "missing.duckdb").exists()
    empty = tmp_path / "empty.duckdb"
    Store(empty).close()
    r = CliRunner().invoke(_cli(), ["timeline", "--db", str(empty)])
    assert r.exit_code == 0 and "empty" in r.output and "sigact run" in r.output
    r = CliRunner().invoke(_cli(), ["timeline", "--db", str(db_file), "--since", "soon"])
    assert r.exit_code == 2 and "not a date" in r.output
    r = CliRunner().invoke(_cli(), ["timeline", "--db", str(db_file), "--format", "pdf"])
    assert r.exit_code == 2


def test_cli_timeline_on_articles_without_events(tmp_path):
    path = tmp_path / "a.duckdb"
    with Store(path) as s:
        text = "Nothing happened today."
        s.add_article(Article("x", text, sha256_text(text)))
    r = CliRunner().invoke(_cli(), ["timeline", "--db", str(path)])
    assert r.exit_code == 0 and "no events" in r.output


def test_cli_timeline_help_has_an_example():
    r = CliRunner().invoke(_cli(), ["timeline", "--help"], env={"COLUMNS": "120"})
    assert r.exit_code == 0
    text = re.sub(r"\s+", " ", r.output)
    assert "Example: sigact timeline" in text and "--dyad" in text


def test_summary_composition_rules():
    from sigact.model import Asset, Event
    usaf = {"name": "US Air Force", "text": "USAF"}
    s = tl.compose_summary(
        actor=usaf, type="MOBILIZE", mode="show-of-force flight", recipient=None,
        assets=[{"name": "B-52H Stratofortress", "kb_id": "B-52H", "count": 2},
                {"name": "bombers", "kb_id": None, "count": None}],
        quantities=[{"what": "aircraft", "value": 2, "text": "two"},
                    {"what": "tankers", "value": 3, "text": "three tankers"}],
        location={"name": "Persian Gulf"}, status="planned")
    assert s == ("US Air Force — MOBILIZE (show-of-force flight): 2 × B-52H, 3 tankers, "
                 "over the Persian Gulf [planned]")
    assert tl.compose_summary(actor=None, type="ASSAULT", mode=None, recipient=None,
                              assets=[], quantities=[], location=None,
                              status="occurred") == "Unknown actor — ASSAULT"

    def ev(n, count):
        return Event(f"e{n}", f"a{n}", "s", (0, 1), "MOBILIZE",
                     assets=[Asset("B-52H Stratofortress", "B-52s", "B-52H", "bomber", count)])
    merged = tl._merge_assets([ev(1, 2), ev(2, 3), ev(3, 2), ev(4, None)])
    assert len(merged) == 1 and merged[0]["count"] == 2      # what most reports say
