"""Dependency-tree helpers shared by the event and quote stages.

Everything here reads universal spaCy annotations (dependency labels, coarse POS, lemmas,
entity types) so the rules work the same with the sm, lg and trf pipelines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from sigact.knowledge.ontology import Ontology
from sigact.model import Entity

PRE_DEPS = {"det", "amod", "compound", "nmod", "nummod", "poss", "quantmod", "npadvmod",
            "advmod", "case", "punct", "predet"}
SUBJ = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
REL_PRONOUNS = {"that", "which", "who", "whom", "whose"}
DROP_LEAD_DET = {"a", "an", "any", "some", "several", "many", "few", "other", "another", "both",
                 "each", "every", "all", "more", "most", "these", "those", "this", "such"}
QUOTE_CHARS = "\"“”‘’'«»"
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a pair": 2,
                "pair": 2, "couple": 2, "dozen": 12}
VAGUE_NUMBERS = {"hundreds", "dozens", "thousands", "scores", "several", "many", "numerous",
                 "tens", "multiple", "some", "few"}


def number_value(text: str) -> int | float | None:
    t = text.lower().replace(",", "").strip()
    if t in WORD_NUMBERS:
        return WORD_NUMBERS[t]
    try:
        v = float(t)
        return int(v) if v.is_integer() else v
    except ValueError:
        return None


def np_bounds(head) -> tuple[int, int]:
    """Token index range [start, end) of the noun phrase headed by `head`: its left
    modifiers (determiners, adjectives, compounds, possessors, numbers) and the head,
    not its prepositional phrases or clauses."""
    start = head.i
    for c in head.lefts:
        if c.dep_ in PRE_DEPS or c.dep_ == "conj" and False:
            start = min(start, c.left_edge.i)
    end = head.i + 1
    # right-hand parts of a name: "Hezbollah Harakat Al Nujaba" (flat compounds to the right)
    for c in head.rights:
        if c.dep_ in ("compound", "flat", "nummod") and c.i == end:
            end = c.right_edge.i + 1
    return start, end


def clean_bounds(doc, start: int, end: int, keep_the: bool = True) -> tuple[int, int]:
    """Strip leading indefinite determiners/numbers/quotes/punctuation and trailing
    punctuation/possessive markers from a token range."""
    while start < end:
        t = doc[start]
        low = t.lower_
        if t.is_punct or t.is_space or low in QUOTE_CHARS:
            start += 1
        elif t.dep_ in ("det", "predet") and (low in DROP_LEAD_DET or (low == "the" and not keep_the)):
            start += 1
        elif (t.like_num or low in WORD_NUMBERS) and t.dep_ in ("nummod", "quantmod") \
                and not any(ch.isdigit() for ch in t.text if ch.isalpha()):
            start += 1
        elif t.dep_ == "advmod" and low in ("just", "only", "about", "nearly", "roughly", "also"):
            start += 1
        else:
            break
    while end > start:
        t = doc[end - 1]
        if t.is_punct or t.is_space or t.lower_ in ("'s", "’s", "'") or t.text in QUOTE_CHARS:
            end -= 1
        else:
            break
    return start, end


def span_text(doc, start: int, end: int) -> str:
    if start >= end:
        return ""
    return doc.text[doc[start].idx: doc[end - 1].idx + len(doc[end - 1].text)]


def span_chars(doc, start: int, end: int) -> tuple[int, int]:
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def child(tok, *deps: str):
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def children(tok, *deps: str) -> list:
    return [c for c in tok.children if c.dep_ in deps]


def preps(tok, *words: str) -> list[tuple[Any, Any]]:
    """(prep, pobj) pairs under `tok` whose preposition is one of `words`."""
    out = []
    for p in tok.children:
        if p.dep_ in ("prep", "agent", "dative") and p.lower_ in words:
            obj = child(p, "pobj", "pcomp")
            if obj is not None:
                out.append((p, obj))
    return out


def is_passive(verb) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def subject(verb):
    return child(verb, "nsubj", "nsubjpass")


def ancestors_chain(tok, limit: int = 8) -> list:
    out = []
    cur = tok
    for _ in range(limit):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        out.append(cur)
    return out


def clean_name(text: str, onto: Ontology) -> str:
    """A short canonical source name: no article, no titles, no quotes; known outlets and
    commands by their canonical name ("NYT" → "New York Times")."""
    t = re.sub(r"\s+", " ", text.strip().strip(QUOTE_CHARS + ".,;:–—- "))
    canon = onto.canonical_source(t)
    if canon != t:
        return canon
    words = t.split(" ")
    titles = onto.words("title")
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    t2 = " ".join(words)
    canon = onto.canonical_source(t2)
    if canon != t2:
        return canon
    # drop leading titles only when a capitalised name follows ("Gen. Kenneth McKenzie")
    i = 0
    while i < len(words) - 1 and words[i].lower() in titles:
        i += 1
    if i and words[i][:1].isupper():
        words = words[i:]
    return " ".join(words) or t


@dataclass
class Seen:
    """A participant mentioned earlier in the document (for pronouns and "the group")."""
    entity: Entity
    position: int
    kind: str                 # person | group | country | asset-owner | other
    plural: bool = False
    asset_words: frozenset[str] = field(default_factory=frozenset)
