"""python -m sigact.eval.report: runs the evaluators that exist and writes the markdown."""
from __future__ import annotations

import json
import sys
import textwrap

import pytest

from sigact.eval import report

FAKE = textwrap.dedent('''
    from sigact.eval import EvalResult
    CALLS = []
    def run(shared, *, limit=None):
        CALLS.append(limit)
        return EvalResult("fake", "Fake evaluation", ["system", "n", "accuracy"],
                          [["rules alone", limit, 0.5], ["classifier alone", limit, 0.75]],
                          ["a note"])
''')
BROKEN = "def run(shared, *, limit=None):\n    raise RuntimeError('boom')\n"


@pytest.fixture()
def fake_modules(tmp_path, monkeypatch):
    (tmp_path / "sigact_fake_eval.py").write_text(FAKE)
    (tmp_path / "sigact_broken_eval.py").write_text(BROKEN)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield {"fake": "sigact_fake_eval", "missing": "sigact.eval.no_such_evaluator",
           "broken": "sigact_broken_eval"}
    for m in ("sigact_fake_eval", "sigact_broken_eval"):
        sys.modules.pop(m, None)


def test_report_writes_markdown_with_tables_and_notes(tmp_path, fake_modules, capsys):
    out = tmp_path / "docs" / "evaluation.md"
    bench = tmp_path / "benchmark.json"
    bench.write_text(json.dumps({
        "date": "2026-01-01", "machine": "test", "corpus": {"name": "FA-KES", "articles": 3, "words": 900},
        "spacy": {"seconds": 1.0, "cpu_seconds": 1.0, "articles_per_s": 3.0, "words_per_s": 900, "peak_rss_mb": 500},
        "sigact": {"seconds": 1.2, "cpu_seconds": 1.25, "articles_per_s": 2.5, "words_per_s": 750,
                   "peak_rss_mb": 600, "stages": {"nlp": 1.0, "events": 0.2}},
        "overhead": 0.25, "overhead_wall": 0.2}))
    rc = report.main(["--write", str(out), "--limit", "3", "--only", "fake,missing,broken",
                      "--shared", str(tmp_path), "--benchmark", str(bench)], evaluators=fake_modules)
    assert rc == 0
    md = out.read_text()
    assert md.startswith("# sigact evaluation")
    assert "sigact version" in md and "python -m sigact.eval.report" in md and "--limit 3" in md
    assert "### Fake evaluation" in md
    assert "| system | n | accuracy |" in md
    assert "| classifier alone | 3 | 0.750 |" in md
    assert "- a note" in md
    assert "skipped: `sigact.eval.no_such_evaluator` is not present" in md
    assert "failed: RuntimeError: boom" in md
    assert "### Speed" in md and "25%" in md and "| events | 0.20 |" in md
    assert "Fake evaluation" in capsys.readouterr().out
    assert sys.modules["sigact_fake_eval"].CALLS == [3]


def test_report_without_benchmark_file(tmp_path, fake_modules):
    out = tmp_path / "e.md"
    report.main(["--write", str(out), "--only", "fake", "--shared", str(tmp_path),
                 "--benchmark", str(tmp_path / "none.json")], evaluators=fake_modules)
    md = out.read_text()
    assert "### Fake evaluation" in md and "### Speed" not in md
    assert "full sets" in md


@pytest.mark.shared
@pytest.mark.slow
def test_report_real_plover_tiny(tmp_path, shared_dir):
    out = tmp_path / "evaluation.md"
    report.main(["--write", str(out), "--limit", "3", "--only", "plover", "--shared", str(shared_dir),
                 "--benchmark", str(tmp_path / "none.json")])
    md = out.read_text()
    assert "### PLOVER gold-standard records" in md
    assert "| rules + classifier (full pipeline) | 3 |" in md
