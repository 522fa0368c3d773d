"""Analysis views over a store: timelines, actor networks, force posture, escalation.

Each view is a function of a Store (or a database path) and the same filters, returning
plain data (JSON-ready) plus renderers:

    from sigact.analysis import build_timeline, build_network, build_posture, build_escalation
    entries = build_timeline("sigact.duckdb", dyad="United States-Iran", since="2020-11")
"""
from __future__ import annotations

from typing import Any

__all__ = ["build_timeline", "build_network", "build_posture", "build_escalation"]


def __getattr__(name: str) -> Any:      # lazy: importing the package stays cheap
    if name == "build_timeline":
        from sigact.analysis.timeline import build_timeline
        return build_timeline
    if name == "build_network":
        from sigact.analysis.network import build_network
        return build_network
    if name == "build_posture":
        from sigact.analysis.posture import build_posture
        return build_posture
    if name == "build_escalation":
        from sigact.analysis.escalation import build_escalation
        return build_escalation
    raise AttributeError(name)
