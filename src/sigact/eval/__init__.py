"""Evaluations: every one is a command (`sigact eval NAME`) that prints a table, and
`python -m sigact.eval.report` writes them all to docs/evaluation.md.

An evaluator is a module ``sigact.eval.<name>`` with
``run(shared: Path, *, limit: int | None = None) -> EvalResult``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: `sigact eval NAME` → module; the order is the order of docs/evaluation.md
EVALUATORS: dict[str, str] = {
    "tempeval3": "sigact.eval.tempeval3",
    "plover": "sigact.eval.plover",
    "acled": "sigact.eval.acled",
    "petrarch": "sigact.eval.petrarch",
    "case2021": "sigact.eval.case2021",
    "ecbplus": "sigact.eval.ecbplus",
    "seeds": "sigact.eval.seeds",
}


@dataclass
class EvalResult:
    name: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)     # data split, anchors, caveats
    extra: dict[str, Any] = field(default_factory=dict)

    def markdown(self) -> str:
        out = [f"### {self.title}", ""]
        out.append("| " + " | ".join(self.columns) + " |")
        out.append("|" + "---|" * len(self.columns))
        for r in self.rows:
            out.append("| " + " | ".join(_fmt(x) for x in r) + " |")
        if self.notes:
            out.append("")
            out.extend(f"- {n}" for n in self.notes)
        return "\n".join(out) + "\n"


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:.2f}" if abs(x) >= 1 else f"{x:.3f}"
    return "" if x is None else str(x)


def shared_dir() -> Path | None:
    """../shared (or $SIGACT_SHARED), looked for from the working directory and from the
    source checkout."""
    env = os.environ.get("SIGACT_SHARED")
    cands = [Path(env)] if env else []
    cands += [Path.cwd().parent / "shared", Path.cwd() / "shared",
              Path(__file__).resolve().parents[3].parent / "shared"]
    for c in cands:
        if (c / "data").is_dir():
            return c
    return None
