"""Linking behaviour on small hand-built stores."""
from __future__ import annotations

from sigact.linking import link_store
from sigact.linking.features import make_record, score_pair
from sigact.model import Quantity
from sigact.pipeline.doc import ArticleDoc
from test_linking_helpers import (
    IDF, IRAN, ISRAEL, KHARKIV, RUSSIA, TEHRAN, UKRAINE, article, cluster_of, event,
    make_store, write,
)

T1 = ("Israeli jets struck military sites near Tehran on October 26, 2024, the Israeli "
      "military said.")
T2 = ("Israel carried out air strikes on Iranian military targets in October. "
      "Explosions were heard in Tehran.")
T3 = "Russian missiles hit Kharkiv on Saturday, killing three people."


def _strike_store(path):
    store = make_store(path)
    e1 = event("a1", T1, trigger="struck", actor=IDF, recipient=IRAN, date="2024-10-26",
               location=TEHRAN, attribution="Israeli military")
    e2 = event("a2", T2.split(". ")[0] + ".", trigger="strikes", actor=ISRAEL,
               recipient=IRAN, date="2024-10")
    e3 = event("a3", T3, trigger="hit", actor=RUSSIA, recipient=UKRAINE, date="2024-10-26",
               location=KHARKIV)
    write(store, article("a1", T1, outlet="Times of Israel", published="2024-10-26"), [e1])
    write(store, article("a2", T2, outlet="Al Arabiya", published="2024-10-27"), [e2])
    write(store, article("a3", T3, outlet="Kyiv Independent", published="2024-10-26"), [e3])
    return store, e1, e2, e3


def test_same_strike_month_and_day_share_a_cluster(db_path):
    store, e1, e2, e3 = _strike_store(db_path)
    stats = link_store(store)
    assert cluster_of(store, e1.event_id) == cluster_of(store, e2.event_id)
    assert cluster_of(store, e3.event_id) != cluster_of(store, e1.event_id)
    assert stats["clusters"] == 2
    (c,) = [c for c in store.clusters() if len(c["event_ids"]) == 2]
    # the summary keeps the most precise date the members agree on
    assert c["date"]["value"] == "2024-10-26"
    assert c["recipient"]["kb_id"] == "IRN"
    assert sorted(c["article_ids"]) == ["a1", "a2"]
    # every member stores the features and score that linked it
    ev = store.con.execute("SELECT evidence FROM cluster_members WHERE event_id=?",
                           [e2.event_id]).fetchone()[0]
    assert '"date"' in ev and '"recipient"' in ev and '"score"' in ev


def test_events_table_gets_cluster_ids(db_path):
    store, e1, e2, _ = _strike_store(db_path)
    link_store(store)
    recs = {r["event_id"]: r["cluster_id"] for r in store.events()}
    assert recs[e1.event_id] == recs[e2.event_id]


def test_cluster_ids_stable_across_reruns(db_path):
    store, e1, *_ = _strike_store(db_path)
    link_store(store)
    first = {c["cluster_id"]: c["event_ids"] for c in store.clusters()}
    updated = {c["cluster_id"]: c["updated_at"] for c in store.clusters()}
    link_store(store)
    assert {c["cluster_id"]: c["event_ids"] for c in store.clusters()} == first
    # nothing changed, so nothing is reported as changed
    assert {c["cluster_id"]: c["updated_at"] for c in store.clusters()} == updated


def test_incremental_attaches_new_article_to_existing_cluster(db_path):
    store, e1, e2, e3 = _strike_store(db_path)
    link_store(store)
    before = cluster_of(store, e1.event_id)
    text = "Iran said Israeli aircraft attacked air-defence sites around Tehran on 26 October."
    e4 = event("a4", text, trigger="attacked", actor=ISRAEL, recipient=IRAN,
               date="2024-10-26", location=TEHRAN, attribution="Iran")
    write(store, article("a4", text, outlet="Press TV", published="2024-10-26"), [e4])
    stats = link_store(store, event_ids=[e4.event_id])
    assert stats["linked_events"] == 1
    assert cluster_of(store, e4.event_id) == before
    assert cluster_of(store, e3.event_id) != before
    c = store.clusters(cluster_ids=[before])[0]
    assert len(c["event_ids"]) == 3


def test_lede_and_later_sentence_of_one_article_share_a_cluster(db_path):
    store = make_store(db_path)
    lede = "Israel struck Iranian military sites near Tehran on October 26, 2024."
    later = "The strikes on Iranian military sites destroyed radar installations."
    text = lede + " " + later
    a = event("a1", lede, trigger="struck", actor=ISRAEL, recipient=IRAN, date="2024-10-26",
              location=TEHRAN)
    b = event("a1", later, trigger="strikes", start=len(lede) + 1, sentence_index=1)
    write(store, article("a1", text, outlet="BBC", published="2024-10-26"), [a, b])
    link_store(store)
    assert cluster_of(store, a.event_id) == cluster_of(store, b.event_id)


def test_unrelated_events_same_day_stay_apart(db_path):
    store = make_store(db_path)
    t1 = "Russian drones hit Kharkiv on October 26, 2024."
    t2 = "Israel struck targets near Tehran on October 26, 2024."
    e1 = event("a1", t1, trigger="hit", actor=RUSSIA, recipient=UKRAINE, date="2024-10-26",
               location=KHARKIV)
    e2 = event("a2", t2, trigger="struck", actor=ISRAEL, recipient=IRAN, date="2024-10-26",
               location=TEHRAN)
    write(store, article("a1", t1, outlet="Reuters"), [e1])
    write(store, article("a2", t2, outlet="BBC"), [e2])
    link_store(store)
    assert cluster_of(store, e1.event_id) != cluster_of(store, e2.event_id)


def test_non_overlapping_dates_forbid_a_link():
    a = make_record(event("a1", "Israel struck Tehran.", trigger="struck", actor=ISRAEL,
                          recipient=IRAN, date="2024-10-26", location=TEHRAN))
    b = make_record(event("a2", "Israel struck Tehran.", trigger="struck", actor=ISRAEL,
                          recipient=IRAN, date="2024-04-19", location=TEHRAN))
    s = score_pair(a, b)
    assert "date" in s.conflicts


def test_month_overlaps_day_but_scores_less_than_same_day():
    base = dict(trigger="struck", actor=ISRAEL, recipient=IRAN)
    day = make_record(event("a1", "Israel struck Iran.", date="2024-10-26", **base))
    day2 = make_record(event("a2", "Israel struck Iran.", date="2024-10-26", **base))
    month = make_record(event("a3", "Israel struck Iran.", date="2024-10", **base))
    assert not score_pair(day, month).conflicts
    assert score_pair(day, day2).features["date"] > score_pair(day, month).features["date"] > 0


def test_different_casualty_counts_are_listed_as_conflicts(db_path):
    store = make_store(db_path)
    t1 = "Russian missiles hit Kharkiv on October 26, 2024, killing three people."
    t2 = "A Russian missile strike on Kharkiv on October 26, 2024 killed five people."
    e1 = event("a1", t1, trigger="hit", actor=RUSSIA, recipient=UKRAINE, date="2024-10-26",
               location=KHARKIV, quantities=[Quantity("dead", 3, "three")])
    e2 = event("a2", t2, trigger="strike", actor=RUSSIA, recipient=UKRAINE, date="2024-10-26",
               location=KHARKIV, quantities=[Quantity("dead", 5, "five")])
    write(store, article("a1", t1, outlet="Reuters"), [e1])
    write(store, article("a2", t2, outlet="Kyiv Independent"), [e2])
    link_store(store)
    assert cluster_of(store, e1.event_id) == cluster_of(store, e2.event_id)
    (c,) = store.clusters()
    assert c["conflicts"] and c["conflicts"][0]["field"] == "count:dead"
    assert sorted(c["conflicts"][0]["values"]) == [3, 5]


def test_reextracted_event_leaves_its_old_cluster(db_path):
    store, e1, e2, e3 = _strike_store(db_path)
    link_store(store)
    assert cluster_of(store, e1.event_id) == cluster_of(store, e2.event_id)
    # the article is re-extracted and now dates its event half a year earlier
    moved = event("a2", T2.split(". ")[0] + ".", trigger="strikes", actor=ISRAEL,
                  recipient=IRAN, date="2024-04")
    assert moved.event_id == e2.event_id
    store.write_batch([ArticleDoc(article=store.get_articles(ids=["a2"])[0], events=[moved])])
    link_store(store, event_ids=[moved.event_id])
    assert cluster_of(store, e1.event_id) != cluster_of(store, e2.event_id)
    (c1,) = store.clusters(cluster_ids=[cluster_of(store, e1.event_id)])
    assert c1["event_ids"] == [e1.event_id] and c1["article_ids"] == ["a1"]


def test_incremental_with_no_events_changes_nothing(db_path):
    store, *_ = _strike_store(db_path)
    link_store(store)
    before = store.clusters()
    stats = link_store(store, event_ids=[])
    assert stats["changed_clusters"] == 0
    assert store.clusters() == before


def test_deleted_events_drop_out_of_clusters(db_path):
    store, e1, e2, _ = _strike_store(db_path)
    link_store(store)
    store.write_batch([ArticleDoc(article=store.get_articles(ids=["a2"])[0], events=[])])
    link_store(store)
    (c,) = store.clusters(cluster_ids=[cluster_of(store, e1.event_id)])
    assert c["event_ids"] == [e1.event_id]
    assert store.con.execute("SELECT count(*) FROM cluster_members WHERE event_id=?",
                             [e2.event_id]).fetchone()[0] == 0
