"""The ``events`` stage on sentences written for these tests (one pattern each)."""
from __future__ import annotations

from functools import lru_cache

import pytest

from sigact.model import Article, Event, sha256_text
from sigact.pipeline.doc import ArticleDoc
from sigact.pipeline.registry import get_stage

STAGES = ("nlp", "mentions", "timex", "events", "quotes")


@lru_cache(maxsize=None)
def _stage(name: str):
    return get_stage(name).factory({}, {})


def run(text: str, article_id: str = "t") -> ArticleDoc:
    """The pipeline up to quotes.  Other people's stages (mentions, timex) are optional
    here: if one fails, the events stage must still work on what it has."""
    art = Article(article_id=article_id, text=text, text_sha256=sha256_text(text))
    d = ArticleDoc(article=art, text=text)
    for name in STAGES:
        try:
            _stage(name)([d])
        except Exception:  # noqa: BLE001
            if name in ("nlp", "events", "quotes"):
                raise
    return d


@lru_cache(maxsize=None)
def events_of(text: str) -> tuple[Event, ...]:
    return tuple(run(text).events)


def one(text: str, etype: str, trigger: str | None = None) -> Event:
    found = [e for e in events_of(text) if e.event_type == etype and (trigger is None or e.trigger == trigger)]
    assert found, f"no {etype} in {text!r}: {[(e.event_type, e.trigger) for e in events_of(text)]}"
    return found[0]


def text_of(ent) -> str:
    return ent.text if ent is not None else ""


# --------------------------------------------------------------------------- typing & roles
FLIGHT = ("Two U.S. Air Force B-52H bombers flew a patrol mission over the Gulf on Monday, "
          "escorted by Israeli F-15 fighter jets.")


def test_flight_with_escort_gives_mobilize_and_cooperate():
    evs = events_of(FLIGHT)
    assert {e.event_type for e in evs} == {"MOBILIZE", "COOPERATE"}
    mob = one(FLIGHT, "MOBILIZE")
    assert text_of(mob.actor) == "U.S. Air Force"
    assert mob.mode in ("patrol", "show-of-force flight", "flight")
    b52 = [a for a in mob.assets if "B-52" in a.text]
    assert b52 and b52[0].count == 2
    coop = one(FLIGHT, "COOPERATE")
    assert coop.mode == "escort"
    assert "Israel" in text_of(coop.actor)
    assert "U.S." in text_of(coop.recipient)


def test_active_escort_recipient_is_the_owner_of_the_escorted_aircraft():
    s = "Israeli Air Force F-16 jets escorted three American B-1 bombers across the Red Sea on Sunday."
    coop = one(s, "COOPERATE")
    assert text_of(coop.actor) == "Israeli Air Force"
    assert text_of(coop.recipient) == "American"
    assert any(a.count == 3 for a in coop.assets)


PASSIVE = ("Ten rockets were fired at an airfield in Syria that hosts American soldiers, in an attack "
           "that was suspected to have been launched by Iranian-backed militias.")


def test_passive_rocket_attack_with_suspected_actor():
    evs = [e for e in events_of(PASSIVE) if e.event_type == "ASSAULT"]
    assert len(evs) == 1, "the restating noun 'an attack' is the same event"
    ev = evs[0]
    assert ev.status == "occurred"
    assert ev.mode == "rocket"
    assert text_of(ev.actor) == "Iranian-backed militias"
    assert "suspected" in ev.reasons["actor"]
    assert "American soldiers" in text_of(ev.recipient)
    q = [q for q in ev.quantities if q.what == "rockets"]
    assert q and q[0].value == 10


def test_nominal_attack_with_prepositional_recipient_and_relative_agent():
    s = ("The patrol came a week after a rocket attack against U.S. forces near Erbil that officials "
         "suspected to have been launched by Iranian-backed militias.")
    ev = one(s, "ASSAULT")
    assert ev.mode == "rocket"
    assert text_of(ev.recipient) == "U.S. forces"
    assert text_of(ev.actor) == "Iranian-backed militias"
    assert ev.reasons["actor"].startswith("suspected")


def test_nominal_wave_of_air_strikes_with_quantity():
    s = "Washington answered with a wave of 85 air strikes on militia targets in February."
    ev = one(s, "ASSAULT")
    assert ev.mode == "air strike"
    assert text_of(ev.actor) == "Washington"
    assert [q.value for q in ev.quantities] == [85]


def test_possessive_actor_and_assassination_of():
    s = "Israel's air strike on Tuesday destroyed a radar site."
    assert text_of(one(s, "ASSAULT").actor) == "Israel"
    s2 = "Weeks later came the assassination of a senior Hamas commander in Beirut, which Hamas blamed on Israel."
    ev = one(s2, "ASSAULT")
    assert ev.mode == "assassination"
    assert "commander" in text_of(ev.recipient)


def test_vague_quantity_keeps_text_without_value():
    s = "On Tuesday, Iran fired hundreds of missiles at Israel."
    ev = one(s, "ASSAULT")
    assert text_of(ev.actor) == "Iran" and text_of(ev.recipient) == "Israel"
    assert ev.quantities[0].value is None and "hundreds" in ev.quantities[0].text


def test_compound_nationality_actor():
    s = "Militia attacks have drawn US counterstrikes against depots in eastern Syria this week."
    ev = one(s, "ASSAULT", "counterstrikes")
    assert text_of(ev.actor) == "US"
    assert "Syria" in text_of(ev.recipient) or "depots" in text_of(ev.recipient)


def test_pronoun_and_the_group_resolve_to_the_antecedent():
    s = "Kataib Hezbollah is based in Iraq. The group launched drones at a US base near the border on Friday."
    ev = one(s, "ASSAULT")
    assert text_of(ev.actor) == "Kataib Hezbollah"
    assert ev.reasons.get("actor") == "antecedent"
    s2 = "Iran said it was ready. It fired 20 missiles at Israel on Tuesday night."
    ev2 = one(s2, "ASSAULT")
    assert text_of(ev2.actor) == "Iran"


def test_coordinated_actor_keeps_the_first_and_notes_the_rest():
    s = "Iran and the Houthis launched drones at ships in the Red Sea on Monday."
    ev = one(s, "ASSAULT")
    assert text_of(ev.actor) == "Iran"
    assert "Houthis" in ev.reasons.get("actor", "")


def test_threat_recipient_from_the_threatened_act():
    s = "The rebels threatened to kill the hostages."
    evs = events_of(s)
    assert [e.event_type for e in evs] == ["THREATEN"], "the threatened act is not a second event"
    ev = evs[0]
    assert ev.status == "occurred"
    assert text_of(ev.recipient) == "the hostages"


def test_vowed_to_avenge_is_a_threat():
    ev = one("Hezbollah vowed to avenge the killing of its commander.", "THREATEN")
    assert text_of(ev.actor) == "Hezbollah" and ev.status == "occurred"


def test_issued_threats_against():
    ev = one("The militias have issued threats against American bases in Syria.", "THREATEN")
    assert text_of(ev.actor) == "The militias"
    assert "American bases" in text_of(ev.recipient)


# --------------------------------------------------------------------------- status
@pytest.mark.parametrize("sentence,etype,status", [
    ("Shia militias in Syria are expected to join the assault within days.", "ASSAULT", "expected"),
    ("The Navy will send two destroyers to the Red Sea.", "MOBILIZE", "planned"),
    ("The carrier group prepares to depart next week.", "MOBILIZE", "planned"),
    ("Tehran denied carrying out the drone attack on the tanker.", "ASSAULT", "denied"),
    ("If talks fail, Israel could strike Iranian oil facilities.", "ASSAULT", "hypothetical"),
    ("The general was dissuaded from bombing the port.", "ASSAULT", "hypothetical"),
    ("Analysts fear Hamas might strike before the vote.", "ASSAULT", "expected"),
    ("The army is conducting joint exercises near the border.", "MOBILIZE", "ongoing"),
    ("The ministry said troops continue to deploy along the frontier.", "MOBILIZE", "ongoing"),
    ("The Pentagon ordered four bombers to fly a mission over the Gulf.", "MOBILIZE", "planned"),
    ("The plan may have included preparations for possible drone strikes on shipping.", "ASSAULT",
     "hypothetical"),
    ("Syrian forces shelled the village on Sunday.", "ASSAULT", "occurred"),
])
def test_status(sentence, etype, status):
    assert one(sentence, etype).status == status


# --------------------------------------------------------------------------- not events
@pytest.mark.parametrize("sentence", [
    "The F-35 jets can carry four guided bombs and are capable of firing air-to-air missiles.",
    "B-1 bombers are known for their ability to strike targets at long range.",
    "Each squadron has roughly 18 aircraft.",
    "The US periodically conducts show-of-force flights over the region.",
    "Officials said there was no evidence of an imminent attack on the embassy.",
    "The strike did not target the harbour.",
    "CLICK HERE TO READ MORE ABOUT THE MISSILE STRIKES",
    "This was the first military operation on its soil.",
])
def test_no_event(sentence):
    assert [(e.event_type, e.trigger) for e in events_of(sentence)] == []


def test_photo_caption_line_gives_no_event():
    text = ("Border update\n\nPHOTO/Air Force - A fighter jet fires a missile during an exercise\n\n"
            "The statement gave no further details.")
    assert events_of(text) == ()


def test_anaphoric_definite_noun_is_not_a_new_event():
    text = "Israeli jets struck a depot near Damascus on Friday. The strike caused a fire."
    evs = [e for e in events_of(text) if e.event_type == "ASSAULT"]
    assert [e.trigger for e in evs] == ["struck"]


# --------------------------------------------------------------------------- attribution
def test_attribution_from_reporting_frames():
    s = "The militia launched drones at the base, U.S. Central Command said on Twitter."
    assert one(s, "ASSAULT").attribution == "US Central Command"
    s = "According to the Pentagon, the militias fired five rockets at the embassy."
    assert one(s, "ASSAULT").attribution == "Pentagon"
    s = "Officials told the New York Times that Israel struck a weapons depot in Syria."
    assert one(s, "ASSAULT").attribution == "New York Times"
    s = "A senior military official said that militias had fired rockets at the base."
    assert one(s, "ASSAULT").attribution == "senior military official"


def test_attribution_from_paragraph_tail():
    text = "Iran has vowed to retaliate against Israel for the strike. -NYT\n\nOther news followed."
    ev = one(text, "THREATEN") if any(e.event_type == "THREATEN" for e in events_of(text)) else events_of(text)[0]
    assert ev.attribution == "New York Times"


def test_attribution_inside_a_direct_quote_is_the_speaker():
    s = '"Our jets struck the launch sites last night," said Gen. Amir Dorani, the air force chief.'
    ev = one(s, "ASSAULT")
    assert ev.attribution == "Amir Dorani"


# --------------------------------------------------------------------------- provenance, ids, confidence
def test_provenance_ids_and_confidence():
    text = "Smoke rose over the city.\n\nIran fired missiles at Israel on Tuesday."
    d = run(text, "art-1")
    ev = [e for e in d.events if e.event_type == "ASSAULT"][0]
    assert d.text[ev.span[0]:ev.span[1]] == ev.sentence
    assert d.text[ev.trigger_span[0]:ev.trigger_span[1]] == ev.trigger == "fired"
    assert ev.sentence_index == 1
    assert ev.event_id == Event.make_id("art-1", "ASSAULT", ev.trigger_span, ev.span)
    assert ev.event_id == run(text, "art-1").events[0].event_id      # stable across runs
    assert ev.actor.start is not None and d.text[ev.actor.start:ev.actor.end] == ev.actor.text
    explicit = one("Iran fired missiles at Israel on Tuesday.", "ASSAULT").confidence
    vague = one("The plan may have included preparations for possible drone strikes on shipping.",
                "ASSAULT").confidence
    assert 0 < vague < explicit <= 1


def test_odd_text_does_not_raise():
    for t in ["", "   ", "!!!", "\n\n\n", "“", "strike strike strike"]:
        d = run(t)
        assert isinstance(d.events, list)
