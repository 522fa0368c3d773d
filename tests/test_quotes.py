"""The ``quotes`` stage on text written for these tests."""
from __future__ import annotations

from functools import lru_cache

from sigact.model import Article, Quote, sha256_text, stable_id
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline.registry import get_stage

STAGES = ("nlp", "mentions", "quotes")


@lru_cache(maxsize=None)
def _stage(name: str):
    return get_stage(name).factory({}, {})


@lru_cache(maxsize=None)
def quotes_of(text: str) -> tuple[Quote, ...]:
    art = Article(article_id="q", text=text, text_sha256=sha256_text(text))
    d = ArticleDoc(article=art, text=text)
    for name in STAGES:
        try:
            _stage(name)([d])
        except Exception:  # noqa: BLE001 - the mentions stage is optional here
            if name != "mentions":
                raise
    return tuple(d.quotes)


def speaker(q: Quote) -> str | None:
    return q.speaker.text if q.speaker is not None else None


def direct(text: str) -> list[Quote]:
    return [q for q in quotes_of(text) if q.kind == "direct"]


def test_curly_quote_with_inverted_speaker_and_apposition():
    t = ("“No one should doubt our resolve to defend our partners,” said Gen. Laura Okafor, "
         "head of the regional command, in a statement on Monday.")
    (q,) = direct(t)
    assert q.text.startswith("No one should doubt")
    assert speaker(q) == "Gen. Laura Okafor"
    assert q.cue == "said"
    assert t[q.span[0]:q.span[1]] == q.text


def test_quote_split_by_he_added_has_one_speaker():
    t = ('Colonel Samir Haddad spoke to reporters on Friday. "The patrols will continue," he added, '
         '"and we will not be intimidated by these threats."')
    qs = direct(t)
    assert len(qs) == 2
    names = {speaker(q) for q in qs}
    assert len(names) == 1 and "Samir Haddad" in names.pop()


def test_multi_sentence_straight_quote():
    t = ('"We saw the launches. Two of them fell short. The rest hit the port," the ministry '
         'spokesman told local radio.')
    (q,) = direct(t)
    assert q.text.count(".") >= 2
    assert speaker(q) == "the ministry spokesman"
    assert q.cue == "told"


def test_he_resolves_to_the_named_person_before():
    t = ('Defence Minister Yael Brenner visited the base on Sunday. "Our pilots are ready for any '
         'mission," she said.')
    (q,) = direct(t)
    assert speaker(q) == "Yael Brenner"


def test_scare_quotes_are_not_quotes():
    t = "The ‘show-of-force’ flight lasted 30 hours, officials said."
    assert direct(t) == []


def test_indirect_quotes_said_that_and_according_to():
    t = ("The army said that its drones had struck three launch sites near the coast. "
         "According to local officials, the strikes killed four fighters.")
    ind = [q for q in quotes_of(t) if q.kind == "indirect"]
    by_cue = {q.cue: q for q in ind}
    assert speaker(by_cue["said"]) == "The army"
    assert by_cue["said"].text.startswith("its drones had struck")
    assert speaker(by_cue["according to"]) == "local officials"
    assert "strikes killed four fighters" in by_cue["according to"].text


def test_quote_ids_are_stable_and_offsets_exact():
    t = '“We are watching every move closely,” the admiral told reporters.'
    (q,) = direct(t)
    assert q.quote_id == stable_id("q", q.span[0], q.span[1])
    assert t[q.span[0]:q.span[1]] == q.text


def test_odd_text_gives_no_quotes_and_no_error():
    for t in ["", '"', "“unclosed quote that never ends", '""', "said said said"]:
        assert isinstance(quotes_of(t), tuple)
