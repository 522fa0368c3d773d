"""TempEval-3 Task A (temporal expressions): sigact's timex tagger scored on the TE-3
platinum test set (or TBAQ-cleaned, the training data, for development).

The official scorer (``TE3-evaluation.py``) is not redistributed, so the metrics are
re-implemented here as the task paper (UzZaman et al. 2013) defines them:

* strict match: identical character extent; relaxed match: any overlap;
* span P/R/F1 from matched system / gold counts;
* type and value accuracy over the relaxed matches;
* value F1 (the ranking metric) = relaxed F1 x value accuracy, computed as the scorer
  does: P = correct values / system timexes, R = correct values / gold timexes.

Each document's creation time (DCT) is the anchor; the DCT timex itself is not scored.
"""
from __future__ import annotations

import html
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sigact.eval import EvalResult, shared_dir

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'([A-Za-z]+)="([^"]*)"')


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass
class TimeMLDoc:
    name: str
    text: str
    dct: date | None
    timexes: list[GoldTimex] = field(default_factory=list)


def parse_timeml(path: Path) -> TimeMLDoc:
    """Plain text of <TEXT> (entities unescaped, tags removed) with the TIMEX3 extents as
    character offsets into it, and the DCT."""
    raw = path.read_text(encoding="utf-8")
    dct = None
    m = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.S)
    if m:
        dct = date.fromisoformat(m.group(1))
    body_m = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    body = body_m.group(1) if body_m else ""
    out: list[str] = []
    pos = 0
    length = 0
    timexes: list[GoldTimex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    for tm in _TAG.finditer(body):
        chunk = html.unescape(body[pos:tm.start()])
        out.append(chunk)
        length += len(chunk)
        pos = tm.end()
        closing, name = tm.group(1) == "/", tm.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(tm.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            timexes.append(GoldTimex(start, length, "", attrs.get("type", ""),
                                     attrs.get("value", ""), attrs.get("mod")))
            open_timex = None
    chunk = html.unescape(body[pos:])
    out.append(chunk)
    text = "".join(out)
    for t in timexes:
        t.text = text[t.start:t.end]
    return TimeMLDoc(path.stem.replace(".tml", ""), text, dct, timexes)


def corpus_files(shared: Path, split: str) -> list[Path]:
    base = shared / "data" / "tempeval3"
    if split == "platinum":
        return sorted((base / "te3-platinum").glob("*.tml"))
    if split == "train":
        return sorted((base / "TBAQ-cleaned" / "TimeBank").glob("*.tml")) + \
            sorted((base / "TBAQ-cleaned" / "AQUAINT").glob("*.tml"))
    raise ValueError(f"unknown split {split!r} (platinum | train)")


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict_sys: int = 0      # system timexes with an exactly matching gold extent
    strict_gold: int = 0
    relaxed_sys: int = 0     # system timexes overlapping some gold timex
    relaxed_gold: int = 0
    matched: int = 0         # one-to-one relaxed pairs (attribute accuracy is over these)
    type_ok: int = 0
    value_ok: int = 0
    seconds: float = 0.0
    errors: list[tuple] = field(default_factory=list)


def _prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> tuple[float, float, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return 100 * p, 100 * r, 100 * f


def score_docs(docs: list[TimeMLDoc], tagger=None) -> Counts:
    from sigact.nlp.timex import tag
    tagger = tagger or tag
    c = Counts()
    for d in docs:
        t0 = time.perf_counter()
        system = tagger(d.text, d.dct)
        c.seconds += time.perf_counter() - t0
        gold = d.timexes
        c.gold += len(gold)
        c.system += len(system)
        gold_spans = {(g.start, g.end) for g in gold}
        sys_spans = {(s.start, s.end) for s in system}
        c.strict_sys += sum((s.start, s.end) in gold_spans for s in system)
        c.strict_gold += sum((g.start, g.end) in sys_spans for g in gold)
        c.relaxed_sys += sum(any(s.start < g.end and g.start < s.end for g in gold)
                             for s in system)
        c.relaxed_gold += sum(any(s.start < g.end and g.start < s.end for s in system)
                              for g in gold)
        used: set[int] = set()
        for g in gold:
            best = None
            for i, s in enumerate(system):
                if i in used or not (s.start < g.end and g.start < s.end):
                    continue
                ov = min(s.end, g.end) - max(s.start, g.start)
                if best is None or ov > best[0]:
                    best = (ov, i)
            if best is None:
                c.errors.append((d.name, "missed", g.text, g.type, g.value, None))
                continue
            used.add(best[1])
            s = system[best[1]]
            c.matched += 1
            c.type_ok += s.type == g.type
            ok = s.value == g.value
            c.value_ok += ok
            if not ok or s.type != g.type:
                c.errors.append((d.name, "value", g.text, g.type, g.value,
                                 f"{s.text!r} {s.type} {s.value}"))
        for i, s in enumerate(system):
            if not any(s.start < g.end and g.start < s.end for g in gold):
                c.errors.append((d.name, "spurious", s.text, s.type, s.value, None))
    return c


def metrics(c: Counts) -> dict[str, float]:
    sp, sr, sf = _prf(c.strict_sys, c.system, c.strict_gold, c.gold)
    rp, rr, rf = _prf(c.relaxed_sys, c.system, c.relaxed_gold, c.gold)
    vp, vr, vf = _prf(c.value_ok, c.system, c.value_ok, c.gold)
    return {
        "strict_p": sp, "strict_r": sr, "strict_f1": sf,
        "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
        "type_acc": 100 * c.type_ok / c.matched if c.matched else 0.0,
        "value_acc": 100 * c.value_ok / c.matched if c.matched else 0.0,
        "value_p": vp, "value_r": vr, "value_f1": vf,
    }


def evaluate(shared: Path, split: str = "platinum", limit: int | None = None) -> tuple[dict, Counts, int]:
    files = corpus_files(shared, split)[:limit] if limit else corpus_files(shared, split)
    docs = [parse_timeml(f) for f in files]
    c = score_docs(docs)
    return metrics(c), c, len(docs)


def run(shared: Path, *, limit: int | None = None, split: str = "platinum") -> EvalResult:
    m, c, n = evaluate(shared, split, limit)
    label = "TE-3 platinum test" if split == "platinum" else "TBAQ-cleaned (training data)"
    rows = [[f"sigact ({label})", m["relaxed_f1"], m["relaxed_p"], m["relaxed_r"],
             m["strict_f1"], m["type_acc"], m["value_acc"], m["value_f1"]]]
    if split == "platinum":
        rows += [["HeidelTime-t (TE-3 paper)", 90.30, 93.08, 87.68, 81.34, None, None, 77.61],
                 ["SUTime (TE-3 paper)", 90.32, 89.36, 91.30, 79.57, None, None, 67.38]]
    return EvalResult(
        name="tempeval3",
        title="TempEval-3 Task A: temporal expressions",
        columns=["system", "relaxed F1", "relaxed P", "relaxed R", "strict F1",
                 "type acc", "value acc", "value F1"],
        rows=rows,
        notes=[f"{n} documents, {c.gold} gold timexes (DCT excluded), {c.system} system timexes; "
               f"each document's DCT is the anchor",
               "metrics re-implemented from the TE-3 paper: value F1 = relaxed F1 x value "
               "accuracy (P = correct values / system, R = correct values / gold)",
               "rules developed on TBAQ-cleaned only; platinum is used for reporting",
               f"tagging time {1000 * c.seconds / max(n, 1):.2f} ms per document"],
        extra={"metrics": m, "split": split, "docs": n},
    )


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    shared = Path(argv[0]) if argv else shared_dir()
    if shared is None:
        sys.exit("../shared not found (set SIGACT_SHARED)")
    for split in ("train", "platinum"):
        print(run(shared, split=split).markdown())
    if "--errors" in argv:
        _, c, _ = evaluate(shared, "train")
        for e in c.errors:
            print(*e, sep="\t")


if __name__ == "__main__":
    main()
