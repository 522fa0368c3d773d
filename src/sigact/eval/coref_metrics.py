"""Coreference scores: MUC, B³, CEAF-e, LEA and CoNLL F1 (mean of MUC, B³ and CEAF-e F1).

Definitions follow Pradhan et al. 2014 ("Scoring coreference partitions of predicted
mentions: a reference implementation") so that the numbers are comparable with the
reference scorer, including its handling of mentions that appear only in the key or only
in the response ("twinless" mentions): they are simply absent from the other side.

A clustering is a list of clusters, a cluster a collection of hashable mention ids.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable, Iterable

import numpy as np
from scipy.optimize import linear_sum_assignment

Clustering = list[set[Hashable]]


@dataclass(frozen=True)
class PRF:
    recall: float
    precision: float

    @property
    def f1(self) -> float:
        r, p = self.recall, self.precision
        return 0.0 if r + p == 0 else 2 * r * p / (r + p)


def _norm(clusters: Iterable[Iterable[Hashable]]) -> Clustering:
    return [set(c) for c in clusters if c]


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _index(clusters: Clustering) -> dict[Hashable, int]:
    return {m: i for i, c in enumerate(clusters) for m in c}


def _muc_side(key: Clustering, response: Clustering) -> tuple[float, float]:
    """MUC recall numerator/denominator of `key` against `response` (swap for precision):
    each key chain needs |K|-1 links; it loses one per extra partition the response cuts it
    into (a mention missing from the response is its own partition)."""
    where = _index(response)
    num = den = 0
    for k in key:
        parts = {where.get(m, ("missing", m)) for m in k}
        num += len(k) - len(parts)
        den += len(k) - 1
    return num, den


def muc(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    key, response = _norm(key), _norm(response)
    rn, rd = _muc_side(key, response)
    pn, pd = _muc_side(response, key)
    return PRF(_ratio(rn, rd), _ratio(pn, pd))


def _b3_side(key: Clustering, response: Clustering) -> tuple[float, float]:
    where = _index(response)
    num = 0.0
    den = 0
    for k in key:
        overlap: dict[int, int] = {}
        for m in k:
            if m in where:
                overlap[where[m]] = overlap.get(where[m], 0) + 1
        num += sum(n * n for n in overlap.values()) / len(k)
        den += len(k)
    return num, den


def b_cubed(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    key, response = _norm(key), _norm(response)
    rn, rd = _b3_side(key, response)
    pn, pd = _b3_side(response, key)
    return PRF(_ratio(rn, rd), _ratio(pn, pd))


def ceaf_e(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    """Entity-based CEAF with φ4(K, R) = 2|K∩R| / (|K|+|R|) and the optimal one-to-one
    alignment (Hungarian algorithm)."""
    key, response = _norm(key), _norm(response)
    if not key or not response:
        return PRF(0.0, 0.0)
    sim = np.zeros((len(key), len(response)))
    where = _index(response)
    for i, k in enumerate(key):
        for m in k:
            j = where.get(m)
            if j is not None:
                sim[i, j] += 1
    sizes_k = np.array([len(k) for k in key])[:, None]
    sizes_r = np.array([len(r) for r in response])[None, :]
    sim = 2 * sim / (sizes_k + sizes_r)
    rows, cols = linear_sum_assignment(-sim)
    best = float(sim[rows, cols].sum())
    return PRF(best / len(key), best / len(response))


def _lea_side(key: Clustering, response: Clustering) -> tuple[float, float]:
    """LEA (Moosavi & Strube 2016): importance |K|, resolution = share of K's links found."""
    where = _index(response)
    num = den = 0.0
    for k in key:
        overlap: dict[int, int] = {}
        for m in k:
            if m in where:
                overlap[where[m]] = overlap.get(where[m], 0) + 1
        if len(k) == 1:
            # a singleton is resolved when the response also has it as a singleton
            (m,) = tuple(k)
            resolved = 1.0 if m in where and len(response[where[m]]) == 1 else 0.0
        else:
            links = len(k) * (len(k) - 1) / 2
            resolved = sum(n * (n - 1) / 2 for n in overlap.values()) / links
        num += len(k) * resolved
        den += len(k)
    return num, den


def lea(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    key, response = _norm(key), _norm(response)
    rn, rd = _lea_side(key, response)
    pn, pd = _lea_side(response, key)
    return PRF(_ratio(rn, rd), _ratio(pn, pd))


def conll_scores(key: Iterable[Iterable[Hashable]],
                 response: Iterable[Iterable[Hashable]]) -> dict[str, PRF | float]:
    """All scores plus ``conll`` = mean F1 of MUC, B³ and CEAF-e."""
    key, response = _norm(key), _norm(response)
    out: dict[str, PRF | float] = {
        "muc": muc(key, response), "b3": b_cubed(key, response),
        "ceafe": ceaf_e(key, response), "lea": lea(key, response),
    }
    out["conll"] = (out["muc"].f1 + out["b3"].f1 + out["ceafe"].f1) / 3   # type: ignore[union-attr]
    return out
