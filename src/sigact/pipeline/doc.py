"""The unit of work that flows through the pipeline: one article and what stages add to it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sigact.model import Article, Event, Mention, Quote, Sentence, Timex


@dataclass(slots=True)
class ArticleDoc:
    """One article in flight.  Each attribute is *assigned* by exactly one stage
    (declared in the stage's ``assigns``) and read by the stages that ``require`` it."""
    article: Article
    text: str = ""                                   # cleaned text (== article.text)
    doc: Any = None                                  # spaCy Doc over `text`
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    anchor: date | None = None                       # publication date used to resolve relative dates
    scratch: dict[str, Any] = field(default_factory=dict)   # per-stage working data, never stored

    @property
    def article_id(self) -> str:
        return self.article.article_id

    def sentence_at(self, offset: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None
