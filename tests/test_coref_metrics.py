"""Coreference metrics against hand-computed values.

The main example is the one of Pradhan et al. 2014 (Figure 1 and the reference scorer's
documentation): key {a,b,c} {d,e,f,g}; response {a,b} {c,d} {f,g,h,i}.
"""
from __future__ import annotations

import pytest

from sigact.eval.coref_metrics import b_cubed, ceaf_e, conll_scores, lea, muc

KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_muc_pradhan_example():
    # recall: (3-2)+(4-3) found of (3-1)+(4-1) links; precision: (2-1)+(2-2)+(4-3) of 1+1+3
    s = muc(KEY, RESPONSE)
    assert s.recall == pytest.approx(2 / 5)
    assert s.precision == pytest.approx(2 / 5)


def test_b_cubed_pradhan_example():
    # recall: (2²/3 + 1²/3 + 1²/4 + 2²/4) / 7 = 5/12; precision: (2²/2 + 1/2 + 1/2 + 2²/4) / 8
    s = b_cubed(KEY, RESPONSE)
    assert s.recall == pytest.approx(5 / 12)
    assert s.precision == pytest.approx(1 / 2)


def test_ceaf_e_pradhan_example():
    # best alignment {a,b,c}↔{a,b}: 2·2/5, {d,e,f,g}↔{f,g,h,i}: 2·2/8 → 1.3
    s = ceaf_e(KEY, RESPONSE)
    assert s.recall == pytest.approx(1.3 / 2)
    assert s.precision == pytest.approx(1.3 / 3)


def test_lea_pradhan_example():
    # recall: (3·(1/3) + 4·(1/6)) / 7; precision: (2·1 + 2·0 + 4·(1/6)) / 8
    s = lea(KEY, RESPONSE)
    assert s.recall == pytest.approx((1 + 4 / 6) / 7)
    assert s.precision == pytest.approx((2 + 4 / 6) / 8)


def test_conll_is_mean_of_three_f1():
    s = conll_scores(KEY, RESPONSE)
    expected = (s["muc"].f1 + s["b3"].f1 + s["ceafe"].f1) / 3
    assert s["conll"] == pytest.approx(expected)


def test_perfect_response_scores_one():
    key = [{1, 2, 3}, {4}, {5, 6}]
    s = conll_scores(key, [{3, 2, 1}, {4}, {6, 5}])
    for name in ("muc", "b3", "ceafe", "lea"):
        assert s[name].f1 == pytest.approx(1.0)
    assert s["conll"] == pytest.approx(1.0)


def test_all_singletons_response():
    # MUC gives no credit to singletons; B³ recall is 1/|K| per mention
    key = [{1, 2}, {3}]
    resp = [{1}, {2}, {3}]
    assert muc(key, resp).recall == 0.0
    b3 = b_cubed(key, resp)
    assert b3.recall == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)
    assert b3.precision == pytest.approx(1.0)
    # CEAF-e: {1,2}↔{1}: 2/3, {3}↔{3}: 1
    ce = ceaf_e(key, resp)
    assert ce.recall == pytest.approx((2 / 3 + 1) / 2)
    assert ce.precision == pytest.approx((2 / 3 + 1) / 3)


def test_one_big_cluster_response():
    key = [{1, 2}, {3, 4}]
    resp = [{1, 2, 3, 4}]
    m = muc(key, resp)
    assert m.recall == pytest.approx(1.0)
    assert m.precision == pytest.approx(2 / 3)
    b3 = b_cubed(key, resp)
    assert b3.recall == pytest.approx(1.0)
    assert b3.precision == pytest.approx(0.5)
