"""The Python API: sigact.open(...).run/events/…, and in-memory process_texts."""
from __future__ import annotations

import sigact
from sigact.schemas import validator

STORY = ("date 2024-10-02\nIran fired about 180 ballistic missiles at Israel on Tuesday "
         "evening, the Israeli military said. Two US B-52 bombers flew over the Gulf on Thursday.")


def test_open_run_query_export(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text(STORY, encoding="utf-8")
    with sigact.open(tmp_path / "x.duckdb") as db:
        summary = db.run([str(f)])
        assert (summary.articles, summary.new, summary.rejected) == (1, 1, 0)
        events = db.events()
        assert events and all(validator("event").is_valid(e) for e in events)
        assert db.events(type="ASSAULT", since="2024-09-30", until="2024-10-02")
        assert db.events(type="ASSAULT", since="2025-01-01") == []
        assert db.articles()[0]["published"] == "2024-10-02"
        assert db.stats()["articles"] == 1
        assert isinstance(db.timeline(), list)
        n = db.export("events", "jsonl", tmp_path / "e.jsonl")
        assert n == len(events) == len((tmp_path / "e.jsonl").read_text().splitlines())
        again = db.run([str(f)])
        assert (again.new, again.duplicate) == (0, 1)


def test_process_texts_in_memory():
    docs = sigact.process_texts(
        ["Iran fired hundreds of missiles at Israel on October 1.",
         {"id": "b", "text": "Israel struck military facilities in Iran on October 26.",
          "published": "2024-11-02"}],
        published="2024-11-02")
    assert [d.article_id for d in docs] == ["0", "b"]
    types = {e.event_type for d in docs for e in d.events}
    assert "ASSAULT" in types
    for d in docs:
        for e in d.events:
            assert d.text[e.span[0]:e.span[1]] == e.sentence
