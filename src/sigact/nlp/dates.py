"""The ``dates`` stage: the date each event happened (not when it was reported).

For each event, in order of evidence:

1. **linked** — a temporal expression syntactically tied to the trigger: it hangs off
   the trigger through prepositions / noun-phrase adverbials ("struck Gaza *on
   Thursday*"), sits in the trigger's own clause, or inside the trigger's subtree.
   The date keeps the timex's source (``explicit`` / ``relative``).
2. **context** — a date in the same sentence, else the nearest date before the event in
   its paragraph ("On Monday, … . Jets also hit …"): source ``inferred``.
3. **publication** — the article's publication date (``ArticleDoc.anchor``), source
   ``publication``.

Every choice is explained in ``Event.reasons["date"]``; with no anchor and no date in
the text the date stays ``None`` with the reason.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import Any

from sigact.model import DateValue, Event, Timex
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline.registry import FunctionStage, stage

log = logging.getLogger(__name__)

#: a timex that hangs off the trigger through these relations is the trigger's date
_ATTACHING_DEPS = {"prep", "pobj", "npadvmod", "tmod", "obl", "nmod", "pcomp", "advmod",
                   "appos", "compound", "amod", "nummod", "det", "quantmod", "conj", "cc",
                   "punct", "case", "dobj", "attr", "dep"}
_TIME_DATE_TYPES = ("DATE", "TIME")


def _dated(timexes: list[Timex]) -> list[Timex]:
    return [t for t in timexes if t.date is not None]


def _tokens_for(doc: Any, start: int, end: int):
    try:
        span = doc.char_span(start, end, alignment_mode="expand")
    except Exception:
        return None
    if span is None or len(span) == 0:
        return None
    return span


def _governing_verb(tok):
    for _ in range(30):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            return tok
        tok = tok.head
    return tok


def _link_strength(doc: Any, trigger_span: tuple[int, int], t: Timex) -> int | None:
    """3 = attached to the trigger, 2 = same clause, 1 = inside the trigger's subtree,
    None = not syntactically linked."""
    trig = _tokens_for(doc, *trigger_span)
    tx = _tokens_for(doc, t.start, t.end)
    if trig is None or tx is None:
        return None
    trig_tokens = set(tok.i for tok in trig)
    trig_root = trig.root
    head = tx.root
    # 3: walk up from the timex; stop at the first verb that is not the trigger
    tok = head
    for _ in range(12):
        if tok.i in trig_tokens:
            return 3
        if tok.head is tok:
            break
        if tok is not head and tok.pos_ in ("VERB", "AUX") and tok.i not in trig_tokens:
            break
        if tok.dep_ not in _ATTACHING_DEPS and tok is not head:
            break
        tok = tok.head
    if tok.i in trig_tokens:
        return 3
    if _governing_verb(head).i == _governing_verb(trig_root).i:
        return 2
    if any(head.i == d.i for d in trig_root.subtree):
        return 1
    return None


def _copy(dv: DateValue, source: str | None = None) -> DateValue:
    new = dataclasses.replace(dv)
    if source:
        new.source = source
    return new


def _paragraph_start(text: str, offset: int) -> int:
    # news copy: one paragraph per line (blank lines or single breaks)
    return text.rfind("\n", 0, max(offset, 0)) + 1


def date_event(d: ArticleDoc, e: Event) -> None:
    """Set ``e.date`` and ``e.reasons['date']`` from ``d.timexes`` / ``d.doc`` / ``d.anchor``."""
    text = d.text or ""
    sent_start, sent_end = e.span
    trig = e.trigger_span or e.span
    dated = _dated(d.timexes or [])
    in_sentence = [t for t in dated if sent_start <= t.start and t.end <= sent_end]

    if in_sentence and d.doc is not None and e.trigger_span is not None:
        scored = []
        for t in in_sentence:
            s = _link_strength(d.doc, trig, t)
            if s is not None:
                dist = min(abs(t.start - trig[1]), abs(trig[0] - t.end))
                scored.append((-s, t.type not in _TIME_DATE_TYPES, dist, t.start, t))
        if scored:
            scored.sort(key=lambda x: x[:4])
            best = scored[0][-1]
            how = {3: "attached to", 2: "in the same clause as", 1: "inside the phrase of"}[
                -scored[0][0]]
            e.date = _copy(best.date)
            e.reasons["date"] = (f"linked: {best.text!r} is {how} the trigger "
                                 f"{text[trig[0]:trig[1]]!r}")
            return

    if in_sentence:
        # prefer point dates over spans of time, then the one nearest the trigger
        best = min(in_sentence, key=lambda t: (t.type not in _TIME_DATE_TYPES,
                                               min(abs(t.start - trig[1]), abs(trig[0] - t.end))))
        e.date = _copy(best.date, "inferred")
        why = "no syntactic link found" if d.doc is not None else "no parse available"
        e.reasons["date"] = f"context: {best.text!r} in the same sentence ({why})"
        return

    para_start = _paragraph_start(text, sent_start)
    before = [t for t in dated if para_start <= t.start and t.end <= sent_start
              and t.type in _TIME_DATE_TYPES]
    if before:
        best = max(before, key=lambda t: t.start)
        e.date = _copy(best.date, "inferred")
        e.reasons["date"] = f"context: inherited {best.text!r} from earlier in the paragraph"
        return

    if d.anchor is not None:
        iso = d.anchor.isoformat()
        e.date = DateValue(iso, "day", None, "publication")
        e.reasons["date"] = ("publication date: no date expression in the sentence or "
                             "earlier in its paragraph")
        return
    e.date = None
    e.reasons["date"] = "no date in the text and no publication date"


@stage("dates", requires=["events", "timexes", "anchor"], assigns=["events.date"])
def make_dates(settings: dict[str, Any], context: dict[str, Any]):
    def run(docs: list[ArticleDoc]) -> list[ArticleDoc]:
        for d in docs:
            for e in d.events:
                try:
                    date_event(d, e)
                except Exception as exc:   # odd text must not stop the run
                    log.warning("dates: %s: %s", d.article_id, exc)
                    if d.anchor is not None:
                        e.date = DateValue(d.anchor.isoformat(), "day", None, "publication")
                        e.reasons["date"] = f"publication date (date linking failed: {exc})"
                    else:
                        e.date = None
                        e.reasons["date"] = f"date linking failed: {exc}"
        return docs
    return FunctionStage(run)
