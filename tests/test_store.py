"""Store: migrations, identity, idempotent re-runs, batch transactions, locking."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from sigact.model import Article, DateValue, Entity, Event, Sentence, sha256_text
from sigact.pipeline.doc import ArticleDoc
from sigact.store import Store, StoreLockedError
from sigact.store.schema import SCHEMA_VERSION


def _article(aid: str, text: str) -> Article:
    return Article(article_id=aid, text=text, text_sha256=sha256_text(text),
                   published="2024-10-02", published_source="metadata", source=f"{aid}.txt")


def _doc(a: Article, n_events: int = 1) -> ArticleDoc:
    d = ArticleDoc(article=a, text=a.text)
    d.sentences = [Sentence(a.article_id, 0, 0, len(a.text), a.text)]
    for i in range(n_events):
        span = (0, len(a.text))
        d.events.append(Event(
            event_id=Event.make_id(a.article_id, "ASSAULT", (i, i + 4), span),
            article_id=a.article_id, sentence=a.text, span=span, event_type="ASSAULT",
            trigger="fired", trigger_span=(i, i + 4),
            actor=Entity(name="Iran", text="Iran", kb_id="IRN", country="IRN", sector="GOV"),
            date=DateValue("2024-10-01", "day", "on Tuesday", "relative")))
    return d


def test_schema_is_migrated_and_versioned(db_path):
    with Store(db_path) as s:
        assert s.schema_version() == SCHEMA_VERSION
    with Store(db_path) as s:          # reopening does not re-run migrations
        assert s.schema_version() == SCHEMA_VERSION


def test_same_text_twice_is_one_article(db_path):
    with Store(db_path) as s:
        a = _article("a", "Iran fired missiles at Israel on Tuesday.")
        assert s.add_article(a) == ("new", "a")
        again = _article("copy_of_a", a.text)
        assert s.add_article(again) == ("duplicate", "a")
        other = _article("a", "A different text under the same file name.")
        status, aid = s.add_article(other)
        assert status == "new" and aid.startswith("a~")
        assert s.stats()["articles"] == 2


def test_write_batch_replaces_and_marks_processed(db_path):
    with Store(db_path) as s:
        a = _article("a", "Iran fired missiles at Israel on Tuesday.")
        s.add_article(a)
        s.write_batch([_doc(a, 2)])
        first = [e["event_id"] for e in s.events()]
        s.write_batch([_doc(a, 2)])     # a re-run: same ids, no duplicates
        assert [e["event_id"] for e in s.events()] == first and len(first) == 2
        assert s.get_articles(status="processed")[0].article_id == "a"


def test_failed_batch_leaves_store_unchanged(db_path):
    with Store(db_path) as s:
        a = _article("a", "Iran fired missiles at Israel on Tuesday.")
        s.add_article(a)
        bad = _doc(a)
        bad.events[0].span = ("not", "ints")   # makes the insert fail mid-transaction
        with pytest.raises(Exception):
            s.write_batch([bad])
        assert s.stats()["events"] == 0
        assert s.get_articles(status="ingested")[0].article_id == "a"


def test_event_filters(db_path):
    with Store(db_path) as s:
        a = _article("a", "Iran fired missiles at Israel on Tuesday.")
        s.add_article(a)
        s.write_batch([_doc(a)])
        assert len(s.events(type="ASSAULT", actor="iran", since="2024-10", until="2024-10-01")) == 1
        assert s.events(type="MOBILIZE") == []
        assert s.events(since="2024-10-02") == []
        assert len(s.events(text="missiles")) == 1
        with pytest.raises(ValueError):
            s.events(since="yesterday")


def test_second_writer_gets_a_clear_message(db_path):
    Store(db_path).close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time, duckdb
        con = duckdb.connect({str(db_path)!r})
        print("locked", flush=True)
        sys.stdin.readline()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreLockedError, match="locked by another sigact process"):
            Store(db_path)
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
