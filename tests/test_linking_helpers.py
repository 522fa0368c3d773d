"""Builders for small linking test stores (events written the way the pipeline writes them)."""
from __future__ import annotations

from pathlib import Path

from sigact.model import (
    Article, DateValue, Entity, Event, Place, Quantity, sha256_text,
)
from sigact.pipeline.doc import ArticleDoc
from sigact.store.db import Store

ISRAEL = Entity(name="Israel", text="Israel", kb_id="ISR", country="ISR", sector="GOV")
IDF = Entity(name="Israel Defense Forces", text="Israeli military", kb_id="ISR-MIL",
             country="ISR", sector="MIL")
IRAN = Entity(name="Iran", text="Iran", kb_id="IRN", country="IRN", sector="GOV")
RUSSIA = Entity(name="Russia", text="Russia", kb_id="RUS", country="RUS", sector="GOV")
UKRAINE = Entity(name="Ukraine", text="Ukraine", kb_id="UKR", country="UKR", sector="GOV")
TEHRAN = Place(name="Tehran", text="Tehran", country="IRN", lat=35.69, lon=51.39,
               gazetteer_id="112931", precision="city")
KHARKIV = Place(name="Kharkiv", text="Kharkiv", country="UKR", lat=49.99, lon=36.23,
                gazetteer_id="706483", precision="city")


def event(article_id: str, sentence: str, event_type: str = "ASSAULT", *, start: int = 0,
          trigger: str | None = None, actor: Entity | None = None,
          recipient: Entity | None = None, date: str | None = None,
          precision: str | None = None, location: Place | None = None,
          quantities: list[Quantity] | None = None, attribution: str | None = None,
          sentence_index: int = 0) -> Event:
    span = (start, start + len(sentence))
    tspan = None
    if trigger:
        k = sentence.find(trigger)
        tspan = (start + k, start + k + len(trigger))
    dv = None
    if date:
        prec = precision or {4: "year", 7: "month", 10: "day"}[len(date)]
        dv = DateValue(value=date, precision=prec, text=date, source="explicit")
    return Event(event_id=Event.make_id(article_id, event_type, tspan, span),
                 article_id=article_id, sentence=sentence, span=span, event_type=event_type,
                 trigger=trigger, trigger_span=tspan, actor=actor, recipient=recipient, date=dv,
                 location=location, quantities=list(quantities or []), attribution=attribution,
                 sentence_index=sentence_index)


def article(article_id: str, text: str, *, outlet: str | None = None,
            published: str | None = None) -> Article:
    return Article(article_id=article_id, text=text, text_sha256=sha256_text(text),
                   outlet=outlet, published=published,
                   published_source="metadata" if published else "none", status="processed")


def write(store: Store, art: Article, events: list[Event]) -> None:
    store.add_article(art)
    store.write_batch([ArticleDoc(article=art, text=art.text, events=events)])


def make_store(path: Path) -> Store:
    return Store(path)


def cluster_of(store: Store, event_id: str) -> str | None:
    row = store.con.execute("SELECT cluster_id FROM cluster_members WHERE event_id=?",
                            [event_id]).fetchone()
    return row[0] if row else None


def test_event_builder_gives_stable_ids():
    a = event("a1", "Israel struck Tehran.", trigger="struck")
    b = event("a1", "Israel struck Tehran.", trigger="struck")
    assert a.event_id == b.event_id
