"""The `mentions` stage: KB rulers + spaCy NER → Mention records with resolved entities."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sigact.model import Article, Entity, Mention, sha256_text
from sigact.nlp import mentions as M
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline.registry import check_chain, get_stage


@pytest.fixture(scope="module")
def nlp_stage():
    return get_stage("nlp").factory({}, {})


@pytest.fixture()
def actors_only(monkeypatch):
    """Unit tests of this module's own logic: leave the sibling asset/place finders out."""
    monkeypatch.setattr(M, "_external", lambda module, fn: None)


def _doc(nlp_stage, text: str, anchor: date | None = None, **meta) -> ArticleDoc:
    art = Article("t", text, sha256_text(text), metadata=dict(meta))
    d = ArticleDoc(article=art, text=text, anchor=anchor)
    return nlp_stage([d])[0]


def _by_text(mentions: list[Mention]) -> dict[str, Mention]:
    return {m.text: m for m in mentions}


TEXT = ("Israeli forces struck Hezbollah targets in Lebanon on Tuesday, the IDF said. "
        "Iran-backed militias in Iraq fired drones at US troops, the Pentagon spokesman told us. "
        "Washington warned Tehran after Qassim Suleimani's successor met Kata'ib Hizballah leaders.")


def test_mentions_of_own_sentences(nlp_stage, actors_only):
    d = _doc(nlp_stage, TEXT, date(2024, 11, 2))
    ms = M.mentions_for(d)
    for m in ms:
        assert TEXT[m.start:m.end] == m.text
        s = d.sentences[m.sentence_index]
        assert s.start <= m.start < s.end
    by = _by_text(ms)
    assert by["Israeli forces"].kb_id == "ISR.MIL" and by["Israeli forces"].label == "ACTOR"
    assert by["Hezbollah"].kb_id == "LBN.REB.HEZBOLLAH"
    assert by["IDF"].kb_id == "ISR.MIL"
    assert by["US troops"].kb_id == "USA.MIL"
    militias = by["Iran-backed militias"]
    assert militias.kb_id is None and "Iran-backed" in militias.entity.reason
    spokes = by["the Pentagon spokesman"]
    assert spokes.label == "PERSON" and spokes.kb_id == "USA.P_RYDER"
    assert by["Washington"].label == "ACTOR" and by["Washington"].kb_id == "USA"
    assert by["Tehran"].kb_id == "IRN"
    assert by["Qassim Suleimani"].kb_id == "IRN.Q_SOLEIMANI" and by["Qassim Suleimani"].label == "PERSON"
    kh = [m for m in ms if m.text.startswith("Kata'ib Hizballah")]
    assert kh and kh[0].kb_id == "IRQ.REB.KH"
    assert by["Lebanon"].label == "PLACE"                   # "in Lebanon": a place, not an actor
    assert "us" not in by                                    # "told us" is not the United States
    ent = by["IDF"].entity
    assert isinstance(ent, Entity) and (ent.start, ent.end) == (by["IDF"].start, by["IDF"].end)


def test_roles_use_the_anchor_date_and_the_article_country(nlp_stage, actors_only):
    text = "The president said the defence secretary would visit. Iranian President Ebrahim Raisi agreed."
    d = _doc(nlp_stage, text, date(2021, 2, 1), country="USA")
    by = _by_text(M.mentions_for(d))
    assert by["The president"].kb_id == "USA.J_BIDEN"
    assert by["the defence secretary"].kb_id == "USA.L_AUSTIN"
    assert by["Ebrahim Raisi"].kb_id == "IRN.E_RAISI"
    d = _doc(nlp_stage, text, None)
    by = _by_text(M.mentions_for(d))
    assert by["The president"].kb_id is None and by["The president"].entity.reason


def test_case_awareness(nlp_stage, actors_only):
    d = _doc(nlp_stage, "Let us hope the national guard stays home. The US and the UN disagreed.")
    by = _by_text(M.mentions_for(d))
    assert "us" not in by and "national guard" not in by and "Let" not in by
    assert by["US"].kb_id == "USA"
    assert [m.kb_id for m in by.values() if m.text.endswith("UN")] == ["IGO.UN"]


def test_merge_prefers_explained_then_longest():
    def m(s, e, label="ACTOR", kb=None, source="ruler"):
        return Mention("a", s, e, "x" * (e - s), label, 0, source, kb)
    got = M.merge_mentions([m(0, 10, kb=None, source="ner"), m(0, 4, kb="USA"), m(0, 14, kb=None),
                            m(20, 30, "PLACE", "p1"), m(20, 30, "ACTOR", "IRN"), m(0, 6, "ASSET", "a")])
    spans = [(x.start, x.end, x.label) for x in got]
    assert (0, 14, "ACTOR") in spans                 # KB construction beats shorter and NER spans
    assert (0, 10, "ACTOR") not in spans and (0, 4, "ACTOR") not in spans
    assert (20, 30, "ACTOR") in spans and (20, 30, "PLACE") not in spans
    assert (0, 6, "ASSET") in spans                  # assets are kept alongside


def test_stage_is_registered_and_chains():
    assert check_chain(["nlp", "mentions"]) == []
    info = get_stage("mentions")
    assert info.requires == ("doc", "sentences") and info.assigns == ("mentions",)


# ---------------------------------------------------------------- the five seed articles

@pytest.fixture(scope="module")
def seed_docs(seeds_dir: Path, nlp_stage):
    docs = []
    for p in sorted(seeds_dir.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        docs.append(ArticleDoc(article=Article(p.stem, text, sha256_text(text)), text=text))
    docs = nlp_stage(docs)
    return get_stage("mentions").factory({}, {})(docs)


@pytest.mark.shared
def test_seeds_yield_resolved_actor_mentions(seed_docs):
    assert len(seed_docs) == 5
    for d in seed_docs:
        resolved = [m for m in d.mentions if m.label in ("ACTOR", "PERSON") and m.kb_id]
        assert len(resolved) >= 8, (d.article_id, len(resolved))
        assert {m.kb_id for m in resolved} & {"USA", "USA.MIL", "USA.MIL.USAF", "USA.GOV"}
        for m in d.mentions:
            assert d.text[m.start:m.end] == m.text


@pytest.mark.shared
def test_seed_specific_entities(seed_docs):
    by_id = {d.article_id[:3]: d for d in seed_docs}
    centcom = [m for m in by_id["000"].mentions if "Centcom" in m.text]
    assert centcom and all(m.kb_id == "USA.MIL.CENTCOM" for m in centcom)
    ids = {m.kb_id for d in seed_docs for m in d.mentions}
    for kb in ("IRN.Q_SOLEIMANI", "USA.K_MCKENZIE", "USA.P_RYDER", "IRQ.MIL.PMF", "IRQ.REB.NUJABA",
               "PSE.I_HANIYEH", "LBN.H_NASRALLAH", "IRN.A_NILFOROUSHAN", "IRN.MIL.IRGC", "ISR.MIL.IAF"):
        assert kb in ids, kb
