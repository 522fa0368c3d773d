"""The event ontology: trigger lexicon, status cues, word lists and reporting frames.

Read from the versioned YAML files of kind ``ontology`` (``knowledge/data/ontology/``, plus
any user directories, see :mod:`sigact.knowledge.loader`) and checked against
:data:`ENTRY_SCHEMA`.  The event and quote stages read everything they know about words
from here, never from code.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

import jsonschema

from sigact.knowledge.loader import KnowledgeError, load_kind
from sigact.model import EVENT_TYPES, STATUSES

KIND = "ontology"

ENTRY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "group"],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "name": {"type": "string", "minLength": 1},
        "group": {"enum": ["trigger", "status_cue", "list", "mode_hint", "reporting_verb",
                           "reporting_prep", "source_alias"]},
        "aliases": {"type": "array", "items": {"type": "string"}},
    },
    "allOf": [
        {"if": {"properties": {"group": {"const": "trigger"}}},
         "then": {"required": ["pos", "event_type"],
                  "properties": {"pos": {"enum": ["verb", "noun"]},
                                 "event_type": {"enum": list(EVENT_TYPES)},
                                 "mode": {"type": ["string", "null"]},
                                 "certainty": {"type": "number", "minimum": 0, "maximum": 1},
                                 "needs": {"type": "array", "items": {"enum": [
                                     "aircraft", "military", "target", "weapon", "harm",
                                     "qualified", "military_adj", "of_force"]}}}}},
        {"if": {"properties": {"group": {"const": "status_cue"}}},
         "then": {"required": ["applies", "status"],
                  "properties": {"applies": {"enum": ["aux", "verb", "noun", "adj"]},
                                 "status": {"enum": list(STATUSES)}}}},
        {"if": {"properties": {"group": {"const": "list"}}},
         "then": {"required": ["words"],
                  "properties": {"words": {"type": "array", "minItems": 1,
                                           "items": {"type": "string"}}}}},
        {"if": {"properties": {"group": {"const": "mode_hint"}}},
         "then": {"required": ["event_type", "mode"],
                  "properties": {"event_type": {"enum": list(EVENT_TYPES)},
                                 "mode": {"type": "string"}}}},
    ],
}


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str                       # verb | noun
    event_type: str
    mode: str | None
    certainty: float
    needs: tuple[str, ...] = ()
    particle: str | None = None    # "shoot down" → particle "down"


@dataclass
class Ontology:
    verbs: dict[str, list[Trigger]] = field(default_factory=dict)
    nouns: dict[str, list[Trigger]] = field(default_factory=dict)
    status: dict[tuple[str, str], str] = field(default_factory=dict)     # (on, lemma) → status
    lists: dict[str, frozenset[str]] = field(default_factory=dict)
    mode_hints: list[tuple[str, str, str]] = field(default_factory=list)  # (lemma, type, mode)
    reporting_verbs: frozenset[str] = frozenset()
    quote_only_verbs: frozenset[str] = frozenset()
    sources: dict[str, str] = field(default_factory=dict)                # alias lower → name

    def words(self, name: str) -> frozenset[str]:
        return self.lists.get(name, frozenset())

    def verb_trigger(self, lemma: str, particle: str | None = None) -> Trigger | None:
        for t in self.verbs.get(lemma.lower(), ()):
            if t.particle is None or t.particle == particle:
                if t.particle is not None or not any(
                        x.particle == particle for x in self.verbs[lemma.lower()] if x.particle):
                    return t
        return None

    def noun_trigger(self, lemma: str) -> Trigger | None:
        ts = self.nouns.get(lemma.lower())
        return ts[0] if ts else None

    def status_of(self, on: str, lemma: str) -> str | None:
        return self.status.get((on, lemma.lower()))

    def canonical_source(self, text: str) -> str:
        key = text.strip().strip(".,;:").lower()
        return self.sources.get(key, text.strip())


def validate(entries: Iterable[dict[str, Any]]) -> list[str]:
    """Schema problems of ontology entries (empty list = valid)."""
    problems = []
    validator = jsonschema.Draft202012Validator(ENTRY_SCHEMA)
    for e in entries:
        clean = {k: v for k, v in e.items() if not k.startswith("_")}
        for err in validator.iter_errors(clean):
            problems.append(f"{e.get('_file', '?')}: {e.get('id')}: {err.message}")
    return problems


def build(entries: Iterable[dict[str, Any]]) -> Ontology:
    onto = Ontology()
    reporting, quote_only = set(), set()
    for e in entries:
        g, name = e["group"], str(e["name"])
        if g == "trigger":
            lemma, _, particle = name.lower().partition(" ")
            trig = Trigger(lemma=name.lower() if e["pos"] == "noun" else lemma, pos=e["pos"],
                           event_type=e["event_type"], mode=e.get("mode"),
                           certainty=float(e.get("certainty", 0.6)),
                           needs=tuple(e.get("needs") or ()),
                           particle=(particle or None) if e["pos"] == "verb" else None)
            table = onto.verbs if e["pos"] == "verb" else onto.nouns
            table.setdefault(trig.lemma, []).append(trig)
        elif g == "status_cue":
            onto.status[(e["applies"], name.lower())] = e["status"]
        elif g == "list":
            onto.lists[name] = frozenset(str(w).lower() for w in e["words"])
        elif g == "mode_hint":
            onto.mode_hints.append((name.lower(), e["event_type"], e["mode"]))
        elif g == "reporting_verb":
            (quote_only if e.get("quote_only") else reporting).add(name.lower())
        elif g == "source_alias":
            onto.sources[name.lower()] = name
            for a in e.get("aliases", []):
                onto.sources[str(a).lower()] = name
    onto.reporting_verbs = frozenset(reporting)
    onto.quote_only_verbs = frozenset(quote_only)
    return onto


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> Ontology:
    entries = load_kind(KIND, extra)
    problems = validate(entries)
    if problems:
        raise KnowledgeError("invalid ontology entries:\n  " + "\n  ".join(problems[:20]))
    return build(entries)


def load_ontology(extra_dirs: Iterable[str] = ()) -> Ontology:
    """The merged ontology (built-in files, then user files); cached."""
    return _load(tuple(str(p) for p in extra_dirs))
