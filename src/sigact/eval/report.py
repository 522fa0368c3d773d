"""Run every evaluator and write docs/evaluation.md.

    python -m sigact.eval.report [--write docs/evaluation.md] [--limit N] [--only plover,petrarch]
                                 [--shared ../shared] [--benchmark docs/benchmark.json]

Each evaluator in :data:`sigact.eval.EVALUATORS` that exists is run (a module that is not
there yet is skipped with a note; one that fails is reported with its error and the others
still run).  The tables are printed, and with ``--write`` written to a markdown file with a
header (date, sigact version, spaCy model, classifier artefact, the command that
regenerates it).  Speed figures from ``benchmarks/bench_pipeline.py`` (``docs/benchmark.json``)
are appended when that file exists.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

from sigact.eval import EVALUATORS, EvalResult, shared_dir

ROOT = Path(__file__).resolve().parents[3]


def sigact_version() -> str:
    try:
        from importlib.metadata import version
        return version("sigact")
    except Exception:  # noqa: BLE001
        return "unknown"


def _model_line() -> str:
    parts = []
    try:
        from sigact.config import load_config
        cfg = load_config()
        parts.append(f"spaCy model `{cfg.get('nlp', {}).get('model')}`")
        parts.append("stages `" + " → ".join(cfg.get("pipeline", {}).get("stages", [])) + "`")
    except Exception:  # noqa: BLE001
        pass
    try:
        from sigact.nlp.classify import load_classifier, model_path
        meta = load_classifier().meta
        parts.append(f"classifier `{model_path().name}` ({meta.get('model')}, C={meta.get('C')}, "
                     f"seed {meta.get('seed')}, {meta.get('n_train')} training sentences)")
    except Exception as exc:  # noqa: BLE001
        parts.append(f"classifier not available ({exc})")
    return "; ".join(parts)


def _log(text: str) -> None:
    print(text, flush=True)


def run_evaluators(names: list[str], shared: Path | None, limit: int | None,
                   evaluators: dict[str, str] | None = None,
                   log=_log) -> list[tuple[str, EvalResult | None, str | None, float]]:
    """[(name, result or None, note, seconds)] in the order of ``names``."""
    evaluators = EVALUATORS if evaluators is None else evaluators
    out = []
    for name in names:
        modname = evaluators.get(name)
        if modname is None:
            out.append((name, None, f"unknown evaluator {name!r}", 0.0))
            continue
        try:
            mod = importlib.import_module(modname)
        except ModuleNotFoundError as exc:
            if exc.name == modname:
                out.append((name, None, f"skipped: `{modname}` is not present", 0.0))
                continue
            out.append((name, None, f"failed to import `{modname}`: {exc}", 0.0))
            continue
        if shared is None:
            out.append((name, None, "skipped: ../shared (benchmark data) not found", 0.0))
            continue
        t0 = time.perf_counter()
        try:
            res = mod.run(shared, limit=limit)
            note = None
        except Exception as exc:  # noqa: BLE001 - one failing evaluator must not hide the rest
            res, note = None, f"failed: {type(exc).__name__}: {exc}"
            print(traceback.format_exc(), file=sys.stderr)
        dt = time.perf_counter() - t0
        out.append((name, res, note, dt))
        if log:
            log(res.markdown() if res is not None else f"### {name}\n\n{note}\n")
    return out


def benchmark_markdown(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        b = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    out = ["### Speed (benchmarks/bench_pipeline.py)", ""]
    corpus = b.get("corpus", {})
    out.append(f"Corpus: {corpus.get('name', '?')}, {corpus.get('articles', '?')} articles, "
               f"{corpus.get('words', '?')} words; machine: {b.get('machine', '?')}; "
               f"measured {b.get('date', '?')}.")
    out.append("")
    out.append("| pipeline | wall s | CPU s | articles/s | words/s | peak RSS (MB) |")
    out.append("|---|---|---|---|---|---|")
    for key, label in (("spacy", "spaCy alone"), ("sigact", "sigact full per-article pipeline")):
        r = b.get(key)
        if r:
            out.append(f"| {label} | {r.get('seconds', 0):.2f} | {r.get('cpu_seconds', 0):.2f} | "
                       f"{r.get('articles_per_s', 0):.1f} | "
                       f"{r.get('words_per_s', 0):.0f} | {r.get('peak_rss_mb', 0):.0f} |")
    if b.get("overhead") is not None:
        out.append("")
        out.append(f"sigact's own stages cost **{b['overhead']:.0%}** CPU time on top of spaCy "
                   f"alone (wall-clock: {b.get('overhead_wall', 0):.0%}; target ≤ 30%).")
    stages = (b.get("sigact") or {}).get("stages")
    if stages:
        out += ["", "| stage | seconds | share |", "|---|---|---|"]
        total = sum(stages.values()) or 1.0
        for k, v in stages.items():
            out.append(f"| {k} | {v:.2f} | {v / total:.0%} |")
    return "\n".join(out) + "\n"


def build_markdown(results, *, limit: int | None, command: str,
                   benchmark: Path | None = None) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# sigact evaluation", "",
             f"- generated: {now}",
             f"- sigact version: {sigact_version()}",
             f"- configuration: {_model_line()}",
             f"- regenerate with: `{command}`",
             f"- sample: {'first/every-k-th ' + str(limit) + ' items per set (--limit)' if limit else 'full sets'}",
             "",
             "Each table shows the full pipeline next to its parts (rules alone, classifier alone) "
             "so what each part contributes is visible. Test splits are used for evaluation only; "
             "the classifier is trained on NGEC synthetic stories and ACLED train notes.",
             ""]
    for name, res, note, dt in results:
        if res is not None:
            lines.append(res.markdown())
            lines.append(f"_{name}: {dt:.1f} s_\n")
        else:
            lines.append(f"### {name}\n\n{note}\n")
    if benchmark is not None:
        bm = benchmark_markdown(benchmark)
        if bm:
            lines.append(bm)
    return "\n".join(lines)


def main(argv: list[str] | None = None, *, evaluators: dict[str, str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sigact.eval.report", description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", type=Path, default=None, help="markdown file to write (e.g. docs/evaluation.md)")
    ap.add_argument("--limit", type=int, default=None, help="items per evaluation set (quick runs)")
    ap.add_argument("--only", default=None, help="comma-separated evaluator names")
    ap.add_argument("--shared", type=Path, default=None, help="the shared data dir (default: ../shared)")
    ap.add_argument("--benchmark", type=Path, default=ROOT / "docs" / "benchmark.json")
    args = ap.parse_args(argv)
    evaluators = EVALUATORS if evaluators is None else evaluators
    names = [n.strip() for n in args.only.split(",")] if args.only else list(evaluators)
    shared = args.shared or shared_dir()
    results = run_evaluators(names, shared, args.limit, evaluators)
    cmd = "python -m sigact.eval.report" + "".join(
        f" {flag} {val}" for flag, val in (("--write", args.write), ("--limit", args.limit),
                                           ("--only", args.only)) if val)
    md = build_markdown(results, limit=args.limit, command=cmd, benchmark=args.benchmark)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(md, encoding="utf-8")
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
