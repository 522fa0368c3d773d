"""The one data model of sigact.

Every stage, store, exporter and interface imports its records from here; nothing
redefines them.  Records are plain dataclasses (cheap to build in the hot path,
trivially serialisable) and every one that comes from text carries its provenance:
the article it was read from and character offsets into that article's *cleaned*
text.

Field names of the exported records follow ``shared/EVENT_RECORD.md`` (version 1):
``to_record()`` gives exactly that shape; extra internal fields stay internal.
A value that was not found is ``None`` (or ``[]``), and where it helps the user the
reason it was left empty goes into ``Event.reasons`` — never a guess.
"""

from __future__ import annotations

import calendar
import hashlib
from datetime import date as _date, timedelta
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA_VERSION = 1

#: The 16 PLOVER event categories (EVENT_RECORD.md).
EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
STATUSES: tuple[str, ...] = (
    "occurred", "ongoing", "planned", "expected", "threatened", "denied", "hypothetical",
)
PUBLISHED_SOURCES: tuple[str, ...] = ("metadata", "text", "override", "inferred", "none")
DATE_SOURCES: tuple[str, ...] = ("explicit", "relative", "publication", "inferred")
DATE_PRECISIONS: tuple[str, ...] = ("year", "month", "week", "day", "interval")
PLACE_PRECISIONS: tuple[str, ...] = ("point", "city", "admin1", "country", "region")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stable_id(*parts: Any, length: int = 16) -> str:
    """Deterministic id from its parts: same input, same id, on every run and machine."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


@dataclass(slots=True)
class Article:
    article_id: str
    text: str                          # cleaned text: every offset in sigact points into it
    text_sha256: str
    title: str | None = None
    outlet: str | None = None
    outlet_source: str = "none"        # metadata | text | url | override | none
    published: str | None = None       # ISO 8601 date or date-time
    published_source: str = "none"     # one of PUBLISHED_SOURCES
    url: str | None = None
    language: str = "en"               # ISO 639-1
    source: str | None = None          # file path / "stdin" / "path:line" it came from
    metadata: dict[str, Any] = field(default_factory=dict)  # extra JSONL fields, link targets, …
    status: str = "ingested"           # ingested | processed | skipped

    def to_record(self) -> dict[str, Any]:
        """The article record of EVENT_RECORD.md (plus a few additive fields)."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "published_source": self.published_source,
            "url": self.url,
            "language": self.language,
            "text_sha256": self.text_sha256,
            # additive fields
            "outlet_source": self.outlet_source,
            "source": self.source,
            "status": self.status,
        }


@dataclass(slots=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Entity:
    """A resolved (or deliberately unresolved) participant: the `entity` of EVENT_RECORD.md."""
    name: str                          # canonical name, or the cleaned surface text if unknown
    text: str                          # as written
    kb_id: str | None = None
    country: str | None = None         # ISO 3166-1 alpha-3
    sector: str | None = None          # GOV, MIL, REB, …
    type: str | None = None            # country, organization, person, armed_group, …
    reason: str | None = None          # why kb_id is None (ambiguous, unknown, …)
    start: int | None = None           # offsets of `text` in the article, when known
    end: int | None = None

    def to_record(self) -> dict[str, Any]:
        return {"name": self.name, "text": self.text, "kb_id": self.kb_id,
                "country": self.country, "sector": self.sector}


@dataclass(slots=True)
class Mention:
    """A span of text that names something the knowledge layer cares about."""
    article_id: str
    start: int
    end: int
    text: str
    label: str                         # ACTOR, PERSON, ASSET, UNIT, PLACE, QUANTITY, … (or spaCy label)
    sentence_index: int
    source: str = "ner"                # ner | ruler | coref
    kb_id: str | None = None
    entity: Entity | None = None
    count: int | None = None           # "two B-52s" → 2
    count_text: str | None = None


@dataclass(slots=True)
class DateValue:
    """The `date` object of EVENT_RECORD.md."""
    value: str                          # YYYY | YYYY-MM | YYYY-MM-DD | YYYY-Www | START/END
    precision: str                      # one of DATE_PRECISIONS
    text: str | None = None
    source: str = "explicit"            # one of DATE_SOURCES

    def to_record(self) -> dict[str, Any]:
        return {"value": self.value, "precision": self.precision, "text": self.text,
                "source": self.source}

    def bounds(self) -> tuple[_date, _date] | None:
        """First and last day the value can denote (``2024-10`` → Oct 1 .. Oct 31)."""
        return date_bounds(self.value)


def date_bounds(value: str | None) -> tuple[_date, _date] | None:
    """First and last calendar day of a date value of EVENT_RECORD.md (YYYY, YYYY-MM,
    YYYY-MM-DD, YYYY-Www, or START/END of those); None if it is not such a value."""
    if not value:
        return None
    if "/" in value:
        a, b = value.split("/", 1)
        lo, hi = date_bounds(a), date_bounds(b)
        if lo is None or hi is None:
            return None
        return lo[0], hi[1]
    try:
        if len(value) == 4 and value.isdigit():
            y = int(value)
            return _date(y, 1, 1), _date(y, 12, 31)
        if len(value) == 7 and value[4] == "-" and value[5:].isdigit():
            y, m = int(value[:4]), int(value[5:])
            last = calendar.monthrange(y, m)[1]
            return _date(y, m, 1), _date(y, m, last)
        if len(value) == 8 and value[5] == "W":
            start = _date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
            return start, start + timedelta(days=6)
        if len(value) >= 10:
            d = _date.fromisoformat(value[:10])
            return d, d
    except ValueError:
        return None
    return None


@dataclass(slots=True)
class Timex:
    """A temporal expression found in text (TIMEX3-compatible)."""
    text: str
    start: int
    end: int
    type: str                           # DATE | TIME | DURATION | SET
    value: str                          # TIMEX3 value as TE-3 gold writes it
    date: DateValue | None = None       # where the expression denotes a date or interval
    mod: str | None = None              # TIMEX3 mod: START, MID, END, APPROX, …

    def to_record(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "type": self.type,
                "value": self.value, "date": self.date.to_record() if self.date else None}


@dataclass(slots=True)
class Place:
    """The `place` object of EVENT_RECORD.md."""
    name: str
    text: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    gazetteer_id: str | None = None
    precision: str | None = None        # one of PLACE_PRECISIONS

    def to_record(self) -> dict[str, Any]:
        return {"name": self.name, "text": self.text, "country": self.country, "lat": self.lat,
                "lon": self.lon, "gazetteer_id": self.gazetteer_id, "precision": self.precision}


@dataclass(slots=True)
class Asset:
    """A weapon system, platform or unit: the `asset` object of EVENT_RECORD.md."""
    name: str
    text: str
    kb_id: str | None = None
    category: str | None = None
    count: int | None = None

    def to_record(self) -> dict[str, Any]:
        return {"name": self.name, "text": self.text, "kb_id": self.kb_id,
                "category": self.category, "count": self.count}


@dataclass(slots=True)
class Quantity:
    what: str                            # aircraft, missiles, rockets, dead, injured, strikes, …
    value: int | float | None            # None for vague amounts ("hundreds of missiles")
    text: str

    def to_record(self) -> dict[str, Any]:
        return {"what": self.what, "value": self.value, "text": self.text}


@dataclass(slots=True)
class Event:
    event_id: str
    article_id: str
    sentence: str
    span: tuple[int, int]                # offsets of `sentence` in the cleaned text
    event_type: str                      # one of EVENT_TYPES
    trigger: str | None = None
    trigger_span: tuple[int, int] | None = None
    mode: str | None = None
    actor: Entity | None = None
    recipient: Entity | None = None
    date: DateValue | None = None
    location: Place | None = None
    assets: list[Asset] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    status: str = "occurred"
    attribution: str | None = None
    confidence: float = 0.5
    cluster_id: str | None = None
    sentence_index: int = 0
    reasons: dict[str, str] = field(default_factory=dict)   # field → why it is empty/uncertain
    extractor: str = "rules"

    @staticmethod
    def make_id(article_id: str, event_type: str, trigger_span: tuple[int, int] | None,
                span: tuple[int, int]) -> str:
        anchor = trigger_span if trigger_span is not None else span
        return stable_id(article_id, event_type, anchor[0], anchor[1])

    def to_record(self) -> dict[str, Any]:
        """The event record of EVENT_RECORD.md (plus additive fields)."""
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "sentence": self.sentence,
            "span": [self.span[0], self.span[1]],
            "trigger": self.trigger,
            "event_type": self.event_type,
            "mode": self.mode,
            "actor": self.actor.to_record() if self.actor else None,
            "recipient": self.recipient.to_record() if self.recipient else None,
            "date": self.date.to_record() if self.date else None,
            "location": self.location.to_record() if self.location else None,
            "assets": [a.to_record() for a in self.assets],
            "quantities": [q.to_record() for q in self.quantities],
            "status": self.status,
            "attribution": self.attribution,
            "confidence": round(float(self.confidence), 4),
            "cluster_id": self.cluster_id or self.event_id,
            # additive fields
            "trigger_span": list(self.trigger_span) if self.trigger_span else None,
            "reasons": dict(self.reasons),
            "extractor": self.extractor,
        }


@dataclass(slots=True)
class Quote:
    quote_id: str
    article_id: str
    text: str
    span: tuple[int, int]
    speaker: Entity | None = None
    kind: str = "direct"                  # direct | indirect
    cue: str | None = None                # the reporting verb ("said", "told")
    sentence_index: int = 0

    def to_record(self) -> dict[str, Any]:
        return {"quote_id": self.quote_id, "article_id": self.article_id,
                "speaker": self.speaker.to_record() if self.speaker else None,
                "text": self.text, "span": [self.span[0], self.span[1]],
                "kind": self.kind, "cue": self.cue}


@dataclass(slots=True)
class Cluster:
    """One real-world event: the records (across and within articles) that describe it."""
    cluster_id: str
    event_ids: list[str]
    event_type: str
    date: DateValue | None = None
    actor: Entity | None = None
    recipient: Entity | None = None
    location: Place | None = None
    article_ids: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)       # independent sources (outlets)
    evidence_class: str = "single source"
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)   # merge features and scores
    review: str | None = None              # confirmed | edited | None
    updated_at: str | None = None

    def to_record(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.to_record() if self.date else None
        d["actor"] = self.actor.to_record() if self.actor else None
        d["recipient"] = self.recipient.to_record() if self.recipient else None
        d["location"] = self.location.to_record() if self.location else None
        d["n_sources"] = len(self.sources)
        return d


@dataclass(slots=True)
class IngestError:
    """A rejected input: reported on stderr, counted in the run summary, never fatal."""
    source: str                # file path (and ":line" for JSON Lines)
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"
