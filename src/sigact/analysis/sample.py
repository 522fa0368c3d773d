"""A small synthetic store (written for this project) for tests, docs and trying the
views without running the pipeline: ``python -m sigact.analysis.sample demo.duckdb``.

Seven articles, eight events, one two-source cluster; dates of every precision
(day, month, publication-derived, undated)."""
from __future__ import annotations

import sys
from pathlib import Path

from sigact.model import (
    Article, Asset, Cluster, DateValue, Entity, Event, Place, Quantity, Sentence, sha256_text,
)

USAF = Entity("US Air Force", "US Air Force", "USAF", "USA", "MIL")
US = Entity("United States", "Washington", "USA", "USA", "GOV")
IRAN = Entity("Iran", "Tehran", "IRN", "IRN", "GOV")
IRGC = Entity("Islamic Revolutionary Guard Corps", "IRGC", "IRGC", "IRN", "MIL")
IRAQ = Entity("Iraq", "Baghdad", "IRQ", "IRQ", "GOV")
FAKH = Entity("Mohsen Fakhrizadeh", "Fakhrizadeh", None, "IRN", "GOV")
B52 = dict(name="B-52H Stratofortress", kb_id="B-52H", category="bomber")
MIDEAST = Place("Middle East", "the Middle East", None, 29.0, 45.0, None, "region")
GULF = Place("Persian Gulf", "the Gulf", None, 26.0, 52.0, None, "region")
ABSARD = Place("Absard", "Absard", "IRN", 35.62, 52.14, "139817", "city")
BAGHDAD = Place("Baghdad", "Baghdad", "IRQ", 33.34, 44.40, "98182", "city")

# (article_id, outlet, published, title, sentence, trigger, event kwargs)
SPECS = [
    ("b52-nov-a", "Gulf Security Monitor", "2020-11-22", "US flies two B-52H bombers",
     "Two US Air Force B-52H bombers flew a mission to the Middle East on Saturday.", "flew",
     dict(event_type="MOBILIZE", mode="show-of-force flight", actor=USAF, recipient=IRAN,
          date=DateValue("2020-11-21", "day", "on Saturday", "relative"), location=MIDEAST,
          assets=[Asset(text="B-52H bombers", count=2, **B52)],
          quantities=[Quantity("aircraft", 2, "Two")])),
    ("b52-nov-b", "Air Power Daily", "2020-11-23", "Bombers over the Gulf again",
     "The bombers were flown to the Middle East on 21 November, CENTCOM said.", "flown",
     dict(event_type="MOBILIZE", mode="show-of-force flight", actor=USAF, recipient=IRAN,
          date=DateValue("2020-11-21", "day", "21 November", "explicit"), location=MIDEAST,
          assets=[Asset(text="bombers", count=None, **B52)], attribution="CENTCOM")),
    ("b52-dec", "Gulf Security Monitor", "2020-12-10", "Second B-52 flight",
     "Two B-52H bombers flew over the Persian Gulf on Thursday in a warning to Tehran.",
     "flew",
     dict(event_type="MOBILIZE", mode="show-of-force flight", actor=USAF, recipient=IRAN,
          date=DateValue("2020-12-10", "day", "on Thursday", "relative"), location=GULF,
          assets=[Asset(text="B-52H bombers", count=2, **B52)])),
    ("fakhrizadeh", "Tehran Times", "2020-11-28", "Scientist killed in Absard",
     "Nuclear scientist Mohsen Fakhrizadeh was killed in an attack in Absard on Friday.",
     "killed",
     dict(event_type="ASSAULT", mode="assassination", actor=None, recipient=FAKH,
          date=DateValue("2020-11-27", "day", "on Friday", "relative"), location=ABSARD,
          quantities=[Quantity("dead", 1, "killed")])),
    ("vows-revenge", "Gulf Security Monitor", "2020-11-30", "Iran vows revenge",
     "Iran threatened the United States with a harsh response earlier this month.",
     "threatened",
     dict(event_type="THREATEN", mode=None, actor=IRAN, recipient=US,
          date=DateValue("2020-11", "month", "earlier this month", "relative"))),
    ("talks", "Baghdad Post", "2020-12-01", "Iraq and Iran hold talks",
     "Iranian and Iraqi officials held talks on border security.", "held talks",
     dict(event_type="CONSULT", mode="meeting", actor=IRAN, recipient=IRAQ, date=None)),
    ("green-zone", "Baghdad Post", "2020-12-21", "Rockets hit Green Zone",
     "IRGC-backed militants fired 21 rockets at the US embassy in Baghdad.", "fired",
     dict(event_type="ASSAULT", mode="rocket attack", actor=IRGC, recipient=US,
          date=DateValue("2020-12-21", "day", None, "publication"), location=BAGHDAD,
          quantities=[Quantity("rockets", 21, "21 rockets")])),
    ("green-zone", "Baghdad Post", "2020-12-21", "Rockets hit Green Zone",
     "Washington warned it would hold Iran responsible for any American deaths.", "warned",
     dict(event_type="THREATEN", mode=None, actor=US, recipient=IRAN,
          date=DateValue("2020-12-21", "day", None, "publication"), status="occurred")),
]

CLUSTER_ID = "c-b52-nov"


def build_sample_store(path: str | Path, *, cluster: bool = True):
    """Write the sample into a new store at ``path`` and return the open Store."""
    from sigact.pipeline.doc import ArticleDoc
    from sigact.store import Store

    store = Store(path)
    by_article: dict[str, dict] = {}
    for aid, outlet, published, title, sentence, trigger, kw in SPECS:
        d = by_article.setdefault(aid, dict(outlet=outlet, published=published, title=title,
                                            sentences=[], events=[]))
        d["sentences"].append((sentence, trigger, kw))
    docs = []
    for aid, d in by_article.items():
        text = f"{d['title']}\n\n" + " ".join(s for s, _t, _k in d["sentences"])
        art = Article(article_id=aid, text=text, text_sha256=sha256_text(text),
                      title=d["title"], outlet=d["outlet"], published=d["published"],
                      published_source="metadata", source=f"sample:{aid}")
        store.add_article(art)
        sents, events = [Sentence(aid, 0, 0, len(d["title"]), d["title"])], []
        for i, (sentence, trigger, kw) in enumerate(d["sentences"], start=1):
            start = text.index(sentence)
            span = (start, start + len(sentence))
            sents.append(Sentence(aid, i, span[0], span[1], sentence))
            t0 = start + sentence.index(trigger)
            tspan = (t0, t0 + len(trigger))
            events.append(Event(
                event_id=Event.make_id(aid, kw["event_type"], tspan, span), article_id=aid,
                sentence=sentence, span=span, trigger=trigger, trigger_span=tspan,
                sentence_index=i, confidence=0.8, **kw))
        docs.append(ArticleDoc(article=art, text=text, sentences=sents, events=events))
    store.write_batch(docs)
    if cluster:
        evs = [e for d in docs for e in d.events if d.article.article_id.startswith("b52-nov")]
        c = Cluster(cluster_id=CLUSTER_ID, event_ids=[e.event_id for e in evs],
                    event_type="MOBILIZE", date=DateValue("2020-11-21", "day", None, "explicit"),
                    actor=USAF, recipient=IRAN, location=MIDEAST,
                    article_ids=["b52-nov-a", "b52-nov-b"],
                    sources=["Air Power Daily", "Gulf Security Monitor"],
                    evidence_class="corroborated")
        store.save_clusters([c], [(CLUSTER_ID, e.event_id, 0.9, None) for e in evs])
    return store


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "sample.duckdb"
    build_sample_store(target).close()
    print(f"wrote {target}")
