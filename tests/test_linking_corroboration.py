"""Independent sources, evidence classes and conflicts of clusters."""
from __future__ import annotations

from sigact.linking import link_store
from sigact.linking.corroboration import (
    cited_outlet, evidence_class, independent_sources, near_duplicate_groups,
)
from test_linking_helpers import (
    IDF, IRAN, ISRAEL, RUSSIA, TEHRAN, UKRAINE, KHARKIV, article, cluster_of, event,
    make_store, write,
)

WIRE = ("Russian missiles struck an apartment block in Kharkiv on October 26, 2024, killing "
        "three people and wounding a dozen, regional governor Oleh Syniehubov said on "
        "Saturday. Rescue teams searched the rubble through the night as air raid sirens "
        "sounded again across the region.")


def test_cited_outlet_patterns():
    assert cited_outlet("New York Times") == "New York Times"
    assert cited_outlet("Officials told the New York Times the strike was planned.") \
        == "New York Times"
    assert cited_outlet("Three people died, according to Reuters.") == "Reuters"
    assert cited_outlet("The jets hit radar sites, the officials said. –NYT") == "New York Times"
    assert cited_outlet("KYIV (Reuters) - Russian missiles hit Kharkiv.") == "Reuters"
    assert cited_outlet("Israel said it struck Iran.") is None


def test_syndicated_copies_count_as_one_source(db_path):
    store = make_store(db_path)
    copy = WIRE + " This story was republished."      # same text, another outlet's footer
    e1 = event("w1", WIRE.split(", killing")[0] + ".", trigger="struck", actor=RUSSIA,
               recipient=UKRAINE, date="2024-10-26", location=KHARKIV)
    e2 = event("w2", WIRE.split(", killing")[0] + ".", trigger="struck", actor=RUSSIA,
               recipient=UKRAINE, date="2024-10-26", location=KHARKIV)
    write(store, article("w1", WIRE, outlet="Kyiv Post", published="2024-10-26"), [e1])
    write(store, article("w2", copy, outlet="Yahoo News", published="2024-10-27"), [e2])
    link_store(store)
    cid = cluster_of(store, e1.event_id)
    assert cid == cluster_of(store, e2.event_id)
    c = store.clusters(cluster_ids=[cid])[0]
    assert c["n_sources"] == 1
    assert c["sources"] == ["Kyiv Post"]          # the earliest copy stands for the group
    assert c["evidence_class"] != "multiple independent sources"


def test_near_duplicate_groups_threshold():
    a = article("x", WIRE)
    b = article("y", "UPDATE: " + WIRE + " (Reporting by staff.)")   # syndicated copy
    c = article("z", "Israel struck military sites in Iran on October 26, 2024, in what it "
                     "called retaliation for missile attacks earlier in the month.")
    groups = near_duplicate_groups([a, b, c])
    assert ["x", "y"] in groups and ["z"] in groups


def test_articles_citing_the_same_outlet_count_once():
    e1 = event("a1", "Israel struck Iran, according to Reuters.", trigger="struck")
    e2 = event("a2", "Israeli jets hit Iran, Reuters reported.", trigger="hit")
    arts = {"a1": article("a1", e1.sentence, outlet="Al Arabiya"),
            "a2": article("a2", e2.sentence, outlet="The National")}
    sources, how = independent_sources([e1, e2], arts)
    assert sources == ["Reuters"]
    assert all(h["counted_as"] == "Reuters" for h in how)


def test_evidence_classes():
    official = event("a1", "The strike killed two commanders, the Pentagon said.",
                     trigger="strike", actor=ISRAEL, recipient=IRAN, attribution="Pentagon")
    assert evidence_class([official], ["X"])[0] == "official statement"
    party = event("a1", "The Israeli military said it struck Iran.", trigger="struck",
                  actor=IDF, recipient=IRAN, attribution="Israeli military")
    assert evidence_class([party], ["X"])[0] == "claim by a party"
    plain = event("a1", "Israel struck Iran.", trigger="struck", actor=ISRAEL, recipient=IRAN)
    assert evidence_class([plain], ["X"])[0] == "single source"
    assert evidence_class([plain, party], ["X", "Y"])[0] == "multiple independent sources"


def test_conflicting_dates_are_listed(db_path):
    store = make_store(db_path)
    t1 = "Israeli jets struck military sites near Tehran on October 26, 2024."
    t2 = "Israeli jets struck military sites near Tehran on October 27, 2024."
    e1 = event("a1", t1, trigger="struck", actor=ISRAEL, recipient=IRAN, date="2024-10-26",
               location=TEHRAN)
    e2 = event("a2", t2, trigger="struck", actor=ISRAEL, recipient=IRAN, date="2024-10-27",
               location=TEHRAN)
    write(store, article("a1", t1, outlet="BBC"), [e1])
    write(store, article("a2", t2, outlet="CNN"), [e2])
    link_store(store)
    # one day apart is within the slack for overnight strikes: linked, but flagged
    cid = cluster_of(store, e1.event_id)
    assert cid == cluster_of(store, e2.event_id)
    c = store.clusters(cluster_ids=[cid])[0]
    assert c["conflicts"][0]["field"] == "date"
    assert c["evidence_class"] == "multiple independent sources"
