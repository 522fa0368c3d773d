"""Rule-based event extraction over the dependency parse.

For every sentence: find trigger words (verbs and event nouns from the ontology's trigger
lexicon), drop the ones that do not report an event (capabilities, habits, negations,
anaphoric "the attack", predicate nominals, acts inside a threat), then read the roles
(actor, recipient), assets, quantities, status, attribution and confidence off the tree.
See docs in sigact/nlp/events/__init__.py for the decisions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sigact.knowledge.ontology import Ontology, Trigger
from sigact.model import Asset, Entity, Event, Quantity
from sigact.nlp.events.participants import Participants
from sigact.nlp.events.syntax import (ancestors_chain, REL_PRONOUNS, VAGUE_NUMBERS, child, children, clean_name,
                                      number_value, preps, span_text)

STATUS_FACTOR = {"occurred": 1.0, "ongoing": 0.97, "planned": 0.9, "expected": 0.85,
                 "threatened": 0.85, "denied": 0.8, "hypothetical": 0.7}
TARGET_PREPS = ("on", "against", "at", "into", "upon", "toward", "towards", "targeting")
DEFINITE = {"the", "this", "that", "these", "those", "such"}
GENERIC_DET = {"any", "no", "every", "each"}
_TAIL_SOURCE = re.compile(r"[\-–—]\s*([A-Z][A-Za-z.&' ]{1,40})\s*$")


@dataclass
class Candidate:
    tok: Any                         # trigger token (syntactic head of the trigger)
    trig: Trigger
    span: tuple[int, int]            # trigger char span
    text: str
    anchor: Any                      # the verb whose clause carries the event
    light: Any = None                # light verb governing a nominal trigger
    mode: str | None = None
    reasons: dict[str, str] = field(default_factory=dict)
    merged_noun: Any = None          # "killed in a drone strike": the noun restating the event


class Extractor:
    def __init__(self, onto: Ontology):
        self.onto = onto

    # ================================================================== document
    def run(self, d: Any) -> list[Event]:
        doc = d.doc
        if doc is None or not d.sentences:
            return []
        parts = Participants(d, self.onto)
        self.parts = parts
        self.d = d
        self.quote_spans = _quote_spans(d)
        self.paragraph_source = self._paragraph_sources(d)
        self.article_show_of_force = bool(re.search(r"show[\s-]+of[\s-]+force", d.text, re.I))
        self.junk_spans = self._junk_lines(d.text)
        events: list[Event] = []
        seen_ids: set[str] = set()
        for srec, sent in zip(d.sentences, doc.sents):
            if self._junk_sentence(srec.text):
                continue
            for cand in self._candidates(sent):
                if any(a <= cand.span[0] < b for a, b in self.junk_spans):
                    continue
                ev = self._build(d, srec, sent, cand)
                if ev is not None and ev.event_id not in seen_ids:
                    seen_ids.add(ev.event_id)
                    events.append(ev)
        return events

    # ================================================================== filters
    def _junk_lines(self, text: str) -> list[tuple[int, int]]:
        """Spans of lines that are page furniture: photo credits, "CLICK HERE", "Live updates"
        (up to the end of the line, or the first 120 characters when the line runs on)."""
        out = []
        pos = 0
        junk = self.onto.words("junk_line")
        for line in text.split("\n"):
            low = line.lower()
            for p in junk:
                i = low.find(p)
                if i != -1 and i < 40:
                    end = pos + len(line)
                    # a photo caption runs to the end of its line; a banner stops at its phrase
                    if len(line) > 200 and not p.startswith("photo"):
                        end = pos + i + len(p) + 30
                    out.append((pos, end))
                    break
            pos += len(line) + 1
        return out

    def _junk_sentence(self, text: str) -> bool:
        letters = [c for c in text if c.isalpha()]
        if len(letters) > 12 and sum(c.isupper() for c in letters) / len(letters) > 0.8:
            return True   # ALL-CAPS promo lines and banner headlines
        if len(text.split()) < 3:
            return True
        return False

    def _paragraph_sources(self, d: Any) -> list[tuple[int, int, str]]:
        """Paragraphs that end with "-NYT" / "–New York Times": (start, end, source)."""
        out = []
        pos = 0
        for para in re.split(r"(\n\s*\n|\n)", d.text):
            start, end = pos, pos + len(para)
            pos = end
            m = _TAIL_SOURCE.search(para.rstrip())
            if m and para.strip():
                name = m.group(1).strip()
                canon = self.onto.canonical_source(name)
                if canon != name or len(name.split()) <= 4:
                    if canon != name or name.isupper() or name.istitle():
                        out.append((start, end, canon))
        return out

    # ================================================================== triggers
    def _candidates(self, sent) -> list[Candidate]:
        onto = self.onto
        out: list[Candidate] = []
        taken: set[int] = set()
        for tok in sent:
            low, lemma = tok.lower_, tok.lemma_.lower()
            cand = None
            if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and lemma in onto.verbs):
                prt = child(tok, "prt")
                trig = onto.verb_trigger(lemma, prt.lower_ if prt is not None else None)
                if trig is not None and tok.dep_ == "acl" and tok.tag_ == "VBN" and not preps(tok, "by"):
                    trig = None   # "the deal negotiated under Obama": background modifier
                if trig is not None and tok.dep_ not in ("amod", "compound"):
                    cand = Candidate(tok, trig, (tok.idx, tok.idx + len(tok.text)), tok.text, anchor=tok)
            elif tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "VERB" and tok.dep_ in ("nmod", "compound")):
                word = lemma
                if tok.pos_ == "PROPN":
                    continue
                trig = onto.noun_trigger(word) or onto.noun_trigger(low)
                # hyphenated compounds: build-up, pre-positioning, show-of-force
                nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
                if nxt is not None and nxt.text == "-" and tok.i + 2 < len(tok.doc):
                    joined = f"{low}-{tok.nbor(2).lower_}"
                    if onto.noun_trigger(joined):
                        trig = onto.noun_trigger(joined)
                if trig is not None:
                    if low == "show" and self._show_of_force(tok) and tok.dep_ in ("nmod", "compound", "amod"):
                        continue   # "show-of-force mission": the mission is the trigger
                    if low == "show" and tok.dep_ == "pobj" and tok.head.head.pos_ == "VERB" and \
                            tok.head.head.lemma_.lower() in ("fly", "deploy", "send", "conduct", "patrol"):
                        continue   # "flew … in a show of force": the flight is the event
                    if tok.dep_ in ("compound", "nmod") and low != "show":
                        continue   # "strike group", "attack helicopter": a modifier, not an event
                    cand = Candidate(tok, trig, (tok.idx, tok.idx + len(tok.text)), tok.text, anchor=None)
            if cand is None or tok.i in taken:
                continue
            if not self._needs_ok(cand):
                continue
            if cand.trig.pos == "verb" and cand.trig.event_type == "ASSAULT":
                objs = [self.parts.unwrap_group(x) for x in tok.children if x.dep_ in ("dobj", "nsubjpass")]
                if objs and all(o.lemma_.lower().startswith("interceptor") for o in objs):
                    continue   # firing interceptors is air defence, not an attack on someone
            self._find_anchor(cand)
            why_not = self._reject(cand)
            if why_not:
                continue
            taken.add(tok.i)
            out.append(cand)
        # a light verb whose object is a nominal trigger is not an event of its own
        nominal_heads = {c.light.i for c in out if c.light is not None}
        out = [c for c in out if not (c.trig.pos == "verb" and c.tok.i in nominal_heads)]
        # a verb whose subject is an event noun ("strikes which killed …") adds to it
        noun_toks = {c.tok.i for c in out if c.trig.pos == "noun"}
        keep = []
        for c in out:
            if c.trig.pos == "verb":
                subj = child(c.tok, "nsubj", "nsubjpass")
                if subj is not None and subj.lower_ in REL_PRONOUNS and c.tok.dep_ == "relcl":
                    subj = c.tok.head
                if subj is not None and (subj.i in noun_toks or self._group_of_event(subj, noun_toks)):
                    continue
            keep.append(c)
        return keep

    def _group_of_event(self, tok, noun_toks: set[int]) -> bool:
        for p, obj in preps(tok, "of"):
            if obj.i in noun_toks:
                return True
        return False

    def _show_of_force(self, tok) -> bool:
        for p, obj in preps(tok, "of"):
            if obj.lemma_.lower() == "force":
                return True
        doc = tok.doc
        return tok.i + 3 < len(doc) and doc[tok.i + 2].lower_ == "of" and doc[tok.i + 4 if tok.i + 4 < len(doc) else tok.i + 3].lower_ == "force"

    def _args(self, tok) -> list:
        """Objects / subjects / of-complements of a trigger (for the `needs` checks)."""
        out = []
        for c in tok.children:
            if c.dep_ in ("dobj", "nsubjpass", "nsubj", "attr", "oprd", "dative"):
                out.append(self.parts.unwrap_group(c))
                out += [x for x in c.children if x.dep_ == "conj"]
            if c.dep_ == "prep" and c.lower_ in ("of", "with", "at", "on", "against", "by"):
                o = child(c, "pobj")
                if o is not None:
                    out.append(self.parts.unwrap_group(o))
        if tok.dep_ in ("xcomp", "conj") and not child(tok, "nsubj"):
            s = child(tok.head, "nsubj", "dobj")
            if s is not None:
                out.append(self.parts.unwrap_group(s))
        if tok.dep_ == "relcl":
            out.append(tok.head)
        return out

    def _needs_ok(self, c: Candidate) -> bool:
        onto, tok = self.onto, c.tok
        for need in c.trig.needs:
            if need == "aircraft":
                words = onto.words("aircraft")
                sent_words = {t.lemma_.lower() for t in tok.sent} | {t.lower_ for t in tok.sent}
                args = self._args(tok)
                if c.trig.pos == "verb":
                    ok = any(a.lemma_.lower() in words or a.lower_ in words or self.parts.is_asset_token(a)
                             or a.lemma_.lower() in ("mission", "sortie", "patrol", "flight") for a in args)
                    if not ok:
                        subj = child(tok, "nsubj")
                        ok = subj is not None and subj.pos_ == "PRON" and bool(self.parts.owner_before(tok.idx)) \
                            and bool(words & sent_words - {"fly", "flight"})
                else:
                    ok = bool((words - {"flight", "fly", "airspace"}) & sent_words) or \
                        self._flight_context(tok) or tok.head.lemma_ in ("fly", "conduct")
                if not ok:
                    return False
            elif need == "military":
                mil = onto.words("military")
                args = [a for a in self._args(tok) if a.dep_ != "nsubj"] if c.trig.pos == "verb" else self._args(tok)
                if c.trig.lemma in ("depart", "withdraw"):
                    args = self._args(tok)
                if not any(a.lemma_.lower() in mil or a.lower_ in mil or self.parts.is_asset_token(a)
                           for a in args):
                    return False
            elif need == "weapon":
                args = self._args(tok)
                mun = onto.words("weapon")
                if not any(a.lemma_.lower() in mun or self.parts.is_weapon(a) for a in args):
                    return False
            elif need == "target":
                if not (child(tok, "dobj") is not None or preps(tok, *TARGET_PREPS, "in")
                        or is_passive_tok(tok)):
                    return False
            elif need == "harm":
                harm = onto.words("harm")
                comp = child(tok, "xcomp", "ccomp", "dobj")
                ok = comp is not None and (comp.lemma_.lower() in harm or comp.lemma_.lower() in onto.verbs
                                           or comp.lemma_.lower() in onto.nouns)
                if not ok:
                    return False
            elif need == "qualified":
                if not self._qualified(tok):
                    return False
            elif need == "military_adj":
                madj = onto.words("military_adj")
                if not any(x.dep_ in ("amod", "compound", "nmod") and x.lemma_.lower() in madj
                           for x in tok.children):
                    return False
            elif need == "of_force":
                if not self._show_of_force(tok):
                    return False
        return True

    def _show_of_force_near(self, tok) -> bool:
        return any(x.lower_ == "show" and self._show_of_force(x) for x in tok.children)

    def _flight_context(self, tok) -> bool:
        return self._show_of_force_near(tok) or \
            any(x.lemma_.lower() in ("patrol", "long-range", "bomber", "strategic") for x in tok.children)

    def _qualified(self, tok) -> bool:
        """Does an event noun carry its own participants (so it reports an event rather than
        naming a kind of thing)?"""
        onto = self.onto
        for x in tok.children:
            if x.dep_ == "poss":
                return True
            if x.dep_ in ("amod", "compound", "nmod", "npadvmod") and (
                    x.ent_type_ in ("GPE", "NORP", "ORG") or x.pos_ == "PROPN"
                    or x.lemma_.lower() in onto.words("military_adj")
                    or x.lemma_.lower() in onto.words("weapon") or x.lemma_.lower() == "counter"):
                return True
            if x.dep_ == "nummod":
                return True
            if x.dep_ in ("prep", "agent") and x.lower_ in ("of", "on", "against", "by", "at", "to", "into"):
                if child(x, "pobj") is not None:
                    return True
            if x.dep_ in ("relcl", "acl"):
                return True
            if x.dep_ == "amod" and x.pos_ == "VERB" and child(x, "nsubj") is not None:
                return True     # "Iran's promised retaliation" as some parsers attach it
        if tok.dep_ in ("dobj", "pobj") and tok.head.lemma_.lower() in onto.words("light_verb"):
            return True
        return False

    # ================================================================== anchor & rejection
    def _find_anchor(self, c: Candidate) -> None:
        tok = c.tok
        if c.trig.pos == "verb":
            c.anchor = tok
            return
        # nominal: object of a light verb ("launch an attack", "issued threats", "join the assault")
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ in ("in", "as"):
            for up in ancestors_chain(head, 5):
                if up.pos_ != "VERB":
                    continue
                t2 = self.onto.verb_trigger(up.lemma_.lower())
                if t2 is not None and t2.event_type == c.trig.event_type:
                    c.reasons["merged"] = "restates the verb's event"
                    c.anchor = up
                    return
        if tok.dep_ == "pobj" and head.lower_ == "of" and (
                head.head.lemma_.lower() in self.onto.words("group_noun") or head.head.lower_ in ("type", "kind")):
            grp = head.head
            if grp.dep_ in ("dobj",) and grp.head.lemma_.lower() in self.onto.words("light_verb"):
                c.light = grp.head
                c.anchor = grp.head
                return
        if tok.dep_ in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX") \
                and head.lemma_.lower() in self.onto.words("light_verb"):
            c.light = head
            c.anchor = head
            return
        if tok.dep_ in ("nsubj",) and head.lemma_.lower() in self.onto.words("occurrence_verb"):
            c.anchor = head
            return
        c.anchor = None

    def _reject(self, c: Candidate) -> str | None:
        """Why this trigger does not report an event (None: it does)."""
        onto, tok = self.onto, c.tok
        cap = onto.words("capability")
        if c.reasons.get("merged"):
            return "restates the verb's event"
        # predicate nominal: "This is the first military operation …"
        if c.trig.pos == "noun" and tok.dep_ in ("attr", "oprd", "appos") and c.light is None:
            if tok.dep_ == "appos" and self._qualified(tok):
                pass
            else:
                return "predicate nominal"
        if c.trig.pos == "noun" and tok.dep_ in ("dobj", "oprd", "ccomp") and tok.head.lemma_.lower() in ("call", "term", "dub", "name"):
            return "naming"
        if c.trig.pos == "noun" and tok.dep_ == "appos" and any(
                onto.noun_trigger(a.lemma_.lower()) and a.pos_ == "NOUN" for a in ancestors_chain(tok, 4)):
            return "apposition of an event noun"
        # gerund subject: "deploying more forces has failed"
        if c.trig.pos == "verb" and tok.dep_ in ("csubj", "csubjpass"):
            return "generic gerund"
        chain = [tok] + ancestors_chain(tok, 10)
        # capability: "capable of firing", "the ability to fly", "can carry"
        for a in chain:
            if a.lemma_.lower() in cap or a.lower_ in cap:
                return "capability"
            if a.pos_ in ("VERB", "AUX") and any(x.dep_ == "aux" and x.lower_ in ("can", "ca") and
                                                 not child(a, "neg") for x in a.children):
                return "capability"
            if a.dep_ in ("ROOT",):
                break
        # generic / habitual statements
        verb = c.anchor if c.anchor is not None else _governing_verb(tok)
        if verb is not None:
            hab = onto.words("habitual")
            if any(x.lower_ in hab for x in verb.children if x.dep_ in ("advmod", "npadvmod")) or \
                    any(p.lower_ == "on" and child(p, "pobj") is not None and child(p, "pobj").lower_ == "occasion"
                        for p in verb.children if p.dep_ == "prep") or \
                    any(p.lower_ == "on" and child(p, "pobj") is not None and child(p, "pobj").lower_ == "occasion"
                        for a in verb.children if a.dep_ == "aux" for p in a.children if p.dep_ == "prep"):
                if verb.tag_ in ("VBZ", "VBP") or any(x.tag_ in ("VBZ", "VBP") for x in verb.children if x.dep_ == "aux") \
                        or True:
                    return "habitual"
            if verb.tag_ in ("VBZ", "VBP") and not any(x.dep_ in ("aux", "auxpass") for x in verb.children):
                obj = child(verb, "dobj")
                if obj is not None and any(x.lower_ in ("many", "numerous") for x in obj.children):
                    return "habitual"
        # negation ("did not target", "no evidence of an attack")
        neg_words = onto.words("negation")
        if c.trig.pos == "verb" or c.light is not None:
            v = c.light if c.light is not None else tok
            if child(v, "neg") is not None:
                return "negated"
        if c.trig.pos == "noun":
            det = child(tok, "det")
            if det is not None and det.lower_ in GENERIC_DET:
                return "generic or negated"
            if tok.dep_ in ("pobj", "dobj"):
                up = tok.head.head if tok.dep_ == "pobj" else tok.head
                if child(up, "det") is not None and child(up, "det").lower_ == "no":
                    return "negated"
                if up.pos_ in ("VERB", "AUX") and child(up, "neg") is not None and c.light is None:
                    return "negated"
        # anaphoric definite: "the attack", "the mission" (the event was reported before)
        if c.trig.pos == "noun" and c.light is None:
            det = child(tok, "det")
            if det is not None and det.lower_ in DEFINITE and not self._qualified_strict(tok):
                return "anaphoric"
        # an act inside a threat or a purpose ("threatened to kill", "threats … to escalate",
        # "to deter Iran from carrying out attacks") is not an event of its own
        for a in ancestors_chain(tok, 8):
            lem = a.lemma_.lower()
            if lem in ("threaten", "vow", "pledge", "promise", "threat", "warn", "hint") and a.i != tok.i:
                return "inside a threat"
            if lem in onto.words("deter"):
                if not _passive(a):
                    return "purpose clause"
                break
            if a.dep_ == "ROOT":
                break
        del neg_words
        return None

    def _qualified_strict(self, tok) -> bool:
        """Own participants beyond adjectives: possessor, nationality, of/on/against/by phrase,
        relative clause, count."""
        for x in tok.children:
            if x.dep_ == "poss":
                return True
            if x.dep_ in ("amod", "compound", "nmod") and (x.ent_type_ in ("GPE", "NORP", "ORG") or x.pos_ == "PROPN"):
                return True
            if x.dep_ == "nummod":
                return True
            if x.dep_ in ("prep", "agent") and x.lower_ in ("of", "on", "against", "at", "to", "into"):
                o = child(x, "pobj")
                if o is not None and not (x.lower_ == "of" and o.pos_ in ("PRON",)) \
                        and not (x.lower_ == "of" and o.lemma_.lower() == "force"):
                    return True
            if x.dep_ == "relcl" and x.lemma_.lower() in ("kill", "hit", "target", "injure", "wound", "strike"):
                return True
        return False

    # ================================================================== building
    def _build(self, d: Any, srec, sent, c: Candidate) -> Event | None:
        onto, parts, tok = self.onto, self.parts, c.tok
        reasons: dict[str, str] = dict(c.reasons)
        actor, recipient = None, None
        actor_why, recip_why = None, None
        assets: list[Asset] = []
        suspected = False
        etype = c.trig.event_type

        def take(res):
            ent, why, ass = res
            for a in ass:
                if all(a.text != b.text for b in assets):
                    assets.append(a)
            return ent, why

        if c.trig.pos == "verb":
            v = tok
            if _passive(v):
                theme = child(v, "nsubjpass")
                if theme is None and v.dep_ == "acl":
                    theme = v.head
                elif theme is None and v.dep_ in ("advcl", "conj"):
                    theme = _subject_of(v.head)
                agent = None
                for p, obj in preps(v, "by"):
                    if p.dep_ == "agent" or p.lower_ == "by":
                        agent = obj
                if agent is None:   # "escorted on the mission by X": the by-phrase attached low
                    for p1, o1 in preps(v, "on", "in", "during", "over", "across", "through"):
                        for p2, o2 in preps(o1, "by"):
                            agent = o2
                if agent is not None:
                    if parts.is_weapon(agent):
                        take(parts.resolve(agent, "actor"))
                    else:
                        actor, actor_why = take(parts.resolve(agent, "actor"))
                if theme is not None:
                    if etype == "ASSAULT" and not parts.is_weapon(parts.unwrap_group(theme)):
                        recipient, recip_why = take(parts.resolve(theme, "recipient"))
                    elif etype in ("COOPERATE", "THREATEN", "ACCUSE", "COERCE"):
                        recipient, recip_why = take(parts.resolve(theme, "recipient"))
                    else:
                        own, own_why = take(parts.resolve(theme, "actor"))
                        if actor is None and etype == "MOBILIZE":
                            actor, actor_why = own, own_why
                if recipient is None and etype != "MOBILIZE":
                    recipient, recip_why = self._first_target(v, TARGET_PREPS, take)
            else:
                subj = _subject_of(v)
                if subj is not None:
                    if parts.is_weapon(parts.unwrap_group(subj)) and etype == "ASSAULT":
                        take(parts.resolve(subj, "actor"))
                    else:
                        actor, actor_why = take(parts.resolve(subj, "actor"))
                else:
                    actor_why = "no subject"
                    if v.dep_ in ("pcomp", "pobj") and v.head.lower_ in ("including", "like"):
                        up = v.head.head
                        for x in up.children:
                            if x.dep_ in ("compound", "amod", "nmod", "poss") and x.ent_type_ in ("GPE", "NORP", "ORG"):
                                actor, actor_why = _modifier_entity(up, x), None
                                break
                obj = child(v, "dobj")
                if etype == "MOBILIZE":
                    if obj is not None:
                        take(parts.resolve(obj, "actor"))
                        for cj in children(obj, "conj"):
                            take(parts.resolve(cj, "actor"))
                        for p, o2 in preps(v, "as"):
                            for x in [o2] + children(o2, "conj"):
                                take(parts.resolve(x, "actor"))
                        if actor is None and subj is None:
                            own, why = parts.resolve(obj, "actor")[:2]
                            if own is not None:
                                actor, actor_why = own, why
                    dest = self._destination(v)
                    if dest is not None:
                        recipient, recip_why = dest, "destination country"
                elif etype == "THREATEN":
                    comp = child(v, "xcomp", "ccomp")
                    tgt = child(comp, "dobj") if comp is not None else None
                    if tgt is not None and onto.noun_trigger(tgt.lemma_.lower()):
                        # "hinted it could launch an attack on Iran": the attack's target
                        r2, w2 = self._first_target(tgt, TARGET_PREPS, take)
                        if r2 is None:
                            r2, w2 = self._first_target(comp, TARGET_PREPS, take)
                        if r2 is not None:
                            recipient, recip_why = r2, w2
                    if tgt is None:
                        tgt = obj
                    if tgt is not None and tgt.lemma_.lower() not in ("death", "deaths", "killing", "murder", "loss") \
                            and tgt.lemma_.lower() not in onto.words("not_target") \
                            and not onto.noun_trigger(tgt.lemma_.lower()):
                        recipient, recip_why = take(parts.resolve(tgt, "recipient"))
                    if recipient is None:
                        recipient, recip_why = self._first_target(comp if comp is not None else v,
                                                                  TARGET_PREPS + ("to",), take)
                elif etype == "ACCUSE":
                    # "blamed X on Y": Y is accused; "accused X of Y": X is
                    if obj is not None and obj.lemma_.lower() not in onto.nouns:
                        recipient, recip_why = take(parts.resolve(obj, "recipient"))
                    for p, o2 in preps(v, "on"):
                        recipient, recip_why = take(parts.resolve(o2, "recipient"))
                    if obj is None and v.dep_ == "relcl":
                        pass
                else:
                    if obj is not None and not (etype == "ASSAULT" and parts.is_weapon(parts.unwrap_group(obj))):
                        recipient, recip_why = take(parts.resolve(obj, "recipient"))
                    elif obj is not None:
                        take(parts.resolve(obj, "actor"))
                    if recipient is None:
                        recipient, recip_why = self._first_target(v, TARGET_PREPS, take)
        else:
            actor, actor_why, recipient, recip_why, suspected = self._nominal_roles(c, take)

        # "rockets were fired …, in an attack carried out by X": the noun restates the verb's event
        if c.trig.pos == "verb" and (actor is None or actor_why):
            for o in tok.subtree:
                if not (o.dep_ == "pobj" and o.head.lower_ in ("in", "as")):
                    continue
                t2 = onto.noun_trigger(o.lemma_.lower())
                if t2 is not None and t2.event_type == etype:
                    nc = Candidate(o, t2, (o.idx, o.idx + len(o.text)), o.text, None)
                    found = self._responsibility(nc)
                    if found is not None and found[0] is not None:
                        actor, actor_why = found[0], found[1]
                        suspected = suspected or found[2]
                    else:   # "was killed in a US drone strike": the noun names the actor
                        a2, w2, _, _, s2 = self._nominal_roles(nc, take)
                        if a2 is not None:
                            actor, actor_why = a2, w2
                    c.reasons.pop("merged", None)
                    c.merged_noun = o
        # responsibility frames anywhere under/over the trigger: "carried out by", "claimed by",
        # "believed to have been conducted by", "blamed on"
        if actor is None or actor_why:
            found = self._responsibility(c)
            if found is not None:
                ent, why, susp = found
                if ent is not None:
                    actor, actor_why = ent, why
                    suspected = suspected or susp
        # sentence-level suspicion: "It is suspected that …", "believed to have been …"
        if self._suspected_frame(c):
            suspected = True

        # implicit actor: operator of the assets named earlier
        if actor is None and assets and not all(parts.is_weapon_name(a) for a in assets):
            own = parts.owner_before(c.tok.idx)
            if own is not None:
                actor = Entity(name=own.name, text=own.text, start=own.start, end=own.end)
                actor_why = "operator of the asset, from context"
        if actor is not None and actor.start is not None and recipient is not None \
                and recipient.start == actor.start:
            recipient, recip_why = None, "same as actor"

        # record owners of assets for later "the bombers"
        if actor is not None and assets:
            parts.remember_owner(c.tok.idx, actor)

        status, status_cue = self._status(c)
        mode = self._mode(c, assets, sent)
        quantities = self._quantities(c, sent)
        attribution, attr_why = self._attribution(c, srec)

        if actor is None:
            reasons["actor"] = actor_why or "not stated"
        elif actor_why:
            reasons["actor"] = actor_why
        if suspected:
            reasons["actor"] = "suspected" + (f"; {actor_why}" if actor_why and actor_why != "suspected" else "")
        if recipient is None:
            reasons["recipient"] = recip_why or "not stated"
        elif recip_why:
            reasons["recipient"] = recip_why
        if status_cue:
            reasons["status"] = status_cue
        if attribution is None and attr_why:
            reasons["attribution"] = attr_why

        conf = 0.35 + 0.4 * c.trig.certainty
        if actor is not None:
            conf += 0.12 if not actor_why else 0.05
        if recipient is not None:
            conf += 0.05
        conf *= STATUS_FACTOR.get(status, 0.7)
        if suspected:
            conf *= 0.85
        conf = max(0.05, min(0.99, conf))

        span = (srec.start, srec.end)
        trig_span = c.span
        ev = Event(event_id=Event.make_id(d.article_id, etype, trig_span, span), article_id=d.article_id,
                   sentence=srec.text, span=span, event_type=etype, trigger=c.text, trigger_span=trig_span,
                   mode=mode, actor=actor, recipient=recipient, assets=assets, quantities=quantities,
                   status=status, attribution=attribution, confidence=round(conf, 4),
                   sentence_index=srec.index, reasons=reasons, extractor="rules")
        return ev

    # ------------------------------------------------------------------ nominal roles
    def _nominal_roles(self, c: Candidate, take):
        parts, tok, etype = self.parts, c.tok, c.trig.event_type
        actor = recipient = None
        actor_why = recip_why = None
        suspected = False
        grp = None
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and (
                tok.head.head.lemma_.lower() in self.onto.words("group_noun")):
            grp = tok.head.head
        holders = [tok] + ([grp] if grp is not None else [])
        # actor: possessor, "by" phrase, nationality modifier
        for h in holders:
            poss = child(h, "poss")
            if poss is not None and actor is None:
                actor, actor_why = take(parts.resolve(poss, "actor"))
        if actor is None:
            for h in holders:
                for p in h.children:
                    if p.dep_ in ("prep", "agent") and p.lower_ == "by":
                        o = child(p, "pobj")
                        if o is not None and not parts.is_weapon(o):
                            actor, actor_why = take(parts.resolve(o, "actor"))
                            break
            if actor is None:    # "attacks on US forces by the group": by attached lower
                for p in tok.subtree:
                    if p.dep_ == "prep" and p.lower_ == "by" and p.head.dep_ == "pobj" \
                            and p.head.head.head.i == tok.i:
                        o = child(p, "pobj")
                        if o is not None and o.pos_ in ("NOUN", "PROPN", "PRON"):
                            actor, actor_why = take(parts.resolve(o, "actor"))
                            break
        if actor is None:
            for x in tok.children:
                if x.dep_ == "amod" and x.pos_ == "VERB" and child(x, "nsubj") is not None:
                    actor, actor_why = take(parts.resolve(child(x, "nsubj"), "actor"))
                    break
        if actor is None:
            for x in tok.children:
                if x.dep_ in ("amod", "compound", "nmod") and x.text[:1].isupper() and (
                        x.ent_type_ in ("GPE", "NORP", "ORG") or (x.pos_ == "PROPN" and x.lower_ not in ("air",))):
                    if x.lower_ in self.onto.words("weapon"):
                        continue
                    m = parts.mentions_by_tok.get(x.i)
                    if m is not None and m.label == "PLACE" and x.i > 0 and x.doc[x.i - 1].lower_ == "the":
                        continue   # "the Jordan attack": where, not who
                    if x.ent_type_ == "GPE" and x.dep_ == "compound" and x.i > 0 and \
                            x.doc[x.i - 1].lower_ == "the" and x.doc[x.i - 1].head.i == tok.i:
                        continue   # "the Jordan attack": where, not who
                    a = x
                    # take the whole modifier phrase ("Israeli Air Force")
                    actor = _modifier_entity(tok, x)
                    actor_why = None
                    del a
                    break
                if x.dep_ == "compound" and x.lemma_.lower() == "counter":
                    for y in x.children:
                        if y.ent_type_ in ("GPE", "NORP", "ORG"):
                            actor = _modifier_entity(x, y)
        # "retaliatory raids, including a series of 40 air strikes": the including-phrase
        # shares the participants of the noun it lists
        for h in holders:
            if actor is None and h.dep_ == "pobj" and h.head.lower_ in ("including", "like") \
                    and self.onto.noun_trigger(h.head.head.lemma_.lower()):
                up = h.head.head
                for x in up.children:
                    if x.dep_ == "poss":
                        actor, actor_why = take(parts.resolve(x, "actor"))
                    elif x.dep_ in ("compound", "amod") and x.lemma_.lower() == "counter":
                        for y in x.children:
                            if y.ent_type_ in ("GPE", "NORP", "ORG"):
                                actor, actor_why = _modifier_entity(x, y), None
                    elif x.dep_ in ("compound", "amod", "nmod") and x.ent_type_ in ("GPE", "NORP", "ORG"):
                        actor, actor_why = _modifier_entity(up, x), None
        # "Washington answered with a wave of 85 air strikes"
        for h in holders:
            if actor is None and h.dep_ == "pobj" and h.head.lower_ == "with" and h.head.head.pos_ == "VERB":
                subj = _subject_of(h.head.head)
                if subj is not None:
                    actor, actor_why = take(parts.resolve(subj, "actor"))
        # light verb subject ("Iran fired …", "militias are expected to join the assault")
        if c.light is not None and actor is None:
            subj = _subject_of(c.light)
            if subj is not None and subj.i == tok.i:      # "the strike was carried out by X"
                subj = next((o for p, o in preps(c.light, "by")), None)
            if subj is not None:
                actor, actor_why = take(parts.resolve(subj, "actor"))
                # "The Pentagon ordered two B-52 bombers to conduct …": an asset without a
                # named operator → the one who gave the order
                if (actor is None or actor_why == "operator of the asset, from context") and subj.dep_ == "dobj":
                    boss = child(subj.head, "nsubj")
                    if boss is not None:
                        actor, actor_why = take(parts.resolve(boss, "actor"))
        # themes of deployments ("deployment of B-52 bombers") name assets and their operator
        for p, o in preps(tok, "of"):
            if o.lemma_.lower() == "force" and tok.lower_ == "show":
                continue
            if etype in ("MOBILIZE", "COOPERATE") or parts.is_asset_token(parts.unwrap_group(o)):
                ent, why = take(parts.resolve(o, "actor"))
                for cj in children(o, "conj"):
                    take(parts.resolve(cj, "actor"))
                if actor is None and ent is not None:
                    actor, actor_why = ent, why
            elif etype == "ASSAULT" and recipient is None:
                recipient, recip_why = take(parts.resolve(o, "recipient"))
        if etype == "MOBILIZE" and recipient is None and c.trig.mode == "deployment":
            dest = None
            for x in tok.subtree:
                if x.dep_ == "prep" and x.lower_ in ("to", "in", "into") and x.head.pos_ in ("NOUN", "PROPN"):
                    dest = self._destination(x.head)
                    if dest is not None:
                        break
            if dest is not None:
                recipient, recip_why = dest, "destination country"
        # recipient: "on US forces", "against U.S. forces", "at Israel", "threats to US forces"
        targets = TARGET_PREPS + (("to",) if etype == "THREATEN" else ())
        for h in holders + ([c.light] if c.light is not None else []):
            if recipient is not None:
                break
            recipient, recip_why = self._first_target(h, targets, take)
        # retaliation aims at whoever did the avenged act: "retaliation for Israel's strike",
        # "a revenge strike in response to recent Israeli attacks"
        if recipient is None:
            avenged = [o for p, o in preps(tok, "for")]
            for p, o in preps(tok, "in"):
                if o.lemma_.lower() == "response":
                    avenged += [o2 for p2, o2 in preps(o, "to")]
            if c.light is not None:
                for p, o in preps(c.light, "in"):
                    if o.lemma_.lower() == "response":
                        avenged += [o2 for p2, o2 in preps(o, "to")]
            is_revenge = (c.trig.mode in ("retaliation", "counter strike") or
                          any(x.lemma_.lower() in ("revenge", "retaliatory", "counter") for x in tok.children)
                          or any(True for p, o in preps(tok, "in") if o.lemma_.lower() == "response"))
            for o in avenged if is_revenge or avenged else []:
                if not self.onto.noun_trigger(o.lemma_.lower()):
                    continue
                for x in o.children:
                    if x.dep_ == "poss" or (x.dep_ in ("amod", "compound") and x.ent_type_ in ("GPE", "NORP", "ORG")):
                        ent = _modifier_entity(o, x) if x.dep_ != "poss" else take(parts.resolve(x, "recipient"))[0]
                        if ent is not None:
                            recipient, recip_why = ent, "author of the avenged act"
                            break
                if recipient is not None:
                    break
        # "strikes which killed a senior commander"
        for h in holders:
            for rc in children(h, "relcl"):
                if recipient is None and rc.lemma_.lower() in ("kill", "hit", "target", "injure", "wound"):
                    o = child(rc, "dobj")
                    if o is None:      # "which killed and injured scores of PMF fighters"
                        o = next((x for x in rc.children if x.dep_ == "conj" and x.pos_ == "NOUN"), None)
                    if o is not None:
                        recipient, recip_why = take(parts.resolve(o, "recipient"))
        # light verb objects that are assets ("launch missiles")
        if c.light is not None:
            for x in c.light.children:
                if x.dep_ in ("dobj",) and x.i != tok.i and parts.is_asset_token(x):
                    take(parts.resolve(x, "actor"))
        if actor is None:
            actor_why = "not stated"
        return actor, actor_why, recipient, recip_why, suspected

    def _destination(self, tok) -> Entity | None:
        """A deployment's destination when it is a country ("deploy a battery … in Israel")."""
        for p, o in preps(tok, "to", "in", "into"):
            if o.ent_type_ == "GPE":
                from sigact.nlp.events.syntax import np_bounds, clean_bounds
                a, b = clean_bounds(o.doc, *np_bounds(o))
                if a < b:
                    s0, e0 = o.doc[a].idx, o.doc[b - 1].idx + len(o.doc[b - 1].text)
                    return Entity(name=o.doc.text[s0:e0], text=o.doc.text[s0:e0], start=s0, end=e0)
        return None

    def _first_target(self, v, words, take):
        for p, o in preps(v, *words):
            if o.lemma_.lower() in self.onto.words("not_target"):
                continue
            ent, why = take(self.parts.resolve(o, "recipient"))
            if ent is not None:
                return ent, why
        return None, None

    def _responsibility(self, c: Candidate):
        """Actor named by a responsibility frame near the trigger."""
        resp = self.onto.words("responsibility")
        susp_words = self.onto.words("suspicion")
        tok = c.tok
        scope = list(tok.subtree) if c.trig.pos == "noun" else []
        # frames that modify the trigger noun or its clause
        scope += [x for x in tok.head.subtree] if c.trig.pos == "noun" and tok.dep_ in ("appos", "pobj") else []
        for v in scope:
            if v.pos_ not in ("VERB", "ADJ", "AUX") or v.lemma_.lower() not in resp:
                continue
            if _same(v, c.light):
                continue
            chain = [v] + ancestors_chain(v, 4)
            susp = any(a.lemma_.lower() in susp_words for a in chain)
            for p, o in preps(v, "by"):
                if not self.parts.is_weapon(o):
                    ent, why, _ = self.parts.resolve(o, "actor")
                    return ent, "suspected" if susp else why, susp
            if v.lemma_.lower() in ("blame", "attribute"):
                for p, o in preps(v, "on", "to"):
                    ent, why, _ = self.parts.resolve(o, "actor")
                    blamer = _subject_of(v)
                    who = span_text(v.doc, blamer.left_edge.i, blamer.i + 1) if blamer is not None else "others"
                    return ent, f"alleged (blamed by {who})", True
            if v.lemma_.lower() == "claim" and _passive(v) is False:
                s = _subject_of(v)
                if s is not None:
                    ent, why, _ = self.parts.resolve(s, "actor")
                    return ent, "claimed", False
        for v in tok.sent:
            if v.tag_ == "VBN" and v.dep_ in ("acl", "relcl", "xcomp", "advcl") and v.lemma_.lower() in resp \
                    and not _same(v, c.light) and c.trig.pos == "noun":
                chain = [v] + ancestors_chain(v, 4)
                susp = any(a.lemma_.lower() in susp_words for a in chain)
                for p, o in preps(v, "by"):
                    if not self.parts.is_weapon(o) and o.i > tok.i:
                        ent, why, _ = self.parts.resolve(o, "actor")
                        return ent, "suspected" if susp else why, susp
        # "carried out at the direction of President X"
        for v in [tok] + ([c.light] if c.light is not None else []):
            for p, o in preps(v, "at", "on", "under"):
                if o.lemma_.lower() in ("direction", "behest", "order", "orders", "command"):
                    for p2, o2 in preps(o, "of"):
                        ent, why, _ = self.parts.resolve(o2, "actor")
                        if ent is not None:
                            return ent, "ordered by", False
        # "X were responsible for the attack" (same or next sentence)
        nxt = tok.doc[tok.sent.end] .sent if tok.sent.end < len(tok.doc) else None
        for t in list(tok.sent) + (list(nxt) if nxt is not None and c.trig.event_type == "ASSAULT" else []):
            if t.lemma_.lower() == "responsible":
                s = _subject_of(t.head) if t.dep_ == "acomp" else None
                if s is not None:
                    ent, why, _ = self.parts.resolve(s, "actor")
                    return ent, "suspected" if self._suspected_sentence(t.sent) else why, \
                        self._suspected_sentence(t.sent)
        return None

    def _suspected_sentence(self, sent) -> bool:
        susp = self.onto.words("suspicion")
        return any(t.lemma_.lower() in susp or t.lower_ in susp for t in sent)

    def _suspected_frame(self, c: Candidate) -> bool:
        susp = self.onto.words("suspicion")
        chain = [c.tok] + ancestors_chain(c.tok, 8)
        for a in chain:
            for x in a.children:
                if x.dep_ in ("advmod",) and x.lower_ in susp:
                    return True
            if a.i != c.tok.i and a.lemma_.lower() in susp and a.pos_ == "VERB":
                # "It is suspected that X did", "X is believed to have …"
                return True
        return False

    # ------------------------------------------------------------------ status
    def _status(self, c: Candidate) -> tuple[str, str | None]:
        onto = self.onto
        tok = c.tok
        cond = onto.words("conditional")
        # adjectives on a nominal trigger: "possible rocket strikes", "imminent attack"
        if c.trig.pos == "noun":
            for x in tok.children:
                if x.dep_ in ("amod", "advmod"):
                    st = onto.status_of("adj", x.lemma_.lower()) or onto.status_of("adj", x.lower_)
                    if st:
                        return st, x.lower_
        start = c.anchor if c.anchor is not None else tok
        node = start
        first = True
        steps = 0
        while node is not None and steps < 10:
            steps += 1
            # the anchor of a light verb: "prepare an attack", "postpone the attack"
            if node.pos_ in ("VERB", "AUX"):
                for x in node.children:
                    if x.dep_ == "mark" and x.lower_ in cond:
                        return "hypothetical", x.lower_
                for x in node.children:
                    if x.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                                 for m in x.children) and first:
                        return "hypothetical", "if"
                auxes = [x for x in node.children if x.dep_ in ("aux", "auxpass")]
                lows = [x.lower_ for x in auxes]
                for x in auxes:
                    st = onto.status_of("aux", x.lower_)
                    if st:
                        if x.lower_ in ("may", "might", "could") and "have" in lows and node.tag_ == "VBN":
                            return "hypothetical", f"{x.lower_} have"
                        return st, x.lower_
                for x in node.children:
                    if x.dep_ == "advmod":
                        st = onto.status_of("adj", x.lower_)
                        if st:
                            return st, x.lower_
                if first and node.tag_ == "VBG" and any(x.lower_ in ("is", "are", "am", "be", "been", "'s", "'re")
                                                       for x in auxes):
                    return "ongoing", "progressive"
                if not first or (c.light is not None and _same(node, c.light)):
                    lem = node.lemma_.lower()
                    st = onto.status_of("verb", lem)
                    if st and not (lem == "order" and _same(c.light, node)):
                        if st == "hypothetical" and lem in onto.words("deter") and not _passive(node) \
                                and not _same(node, c.light):
                            pass
                        else:
                            return st, lem
                    st = onto.status_of("adj", lem)
                    if st and not first:
                        return st, lem
            elif node.pos_ in ("NOUN",) and not first:
                st = onto.status_of("noun", node.lemma_.lower())
                if st:
                    return st, node.lemma_.lower()
                for x in node.children:
                    if x.dep_ == "amod":
                        st2 = onto.status_of("adj", x.lemma_.lower())
                        if st2:
                            return st2, x.lower_
            elif node.pos_ == "ADJ" and not first:
                st = onto.status_of("adj", node.lemma_.lower())
                if st:
                    return st, node.lemma_.lower()
            # climb through complements, coordination and prepositions, not across
            # reporting verbs into the main clause
            if node.dep_ in ("xcomp", "conj", "pcomp", "pobj", "prep", "acomp", "advcl", "dobj", "nsubj",
                             "nsubjpass", "amod") and node.head.i != node.i:
                if node.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("after", "before", "as", "when",
                                                                                   "since", "while", "because")
                                                for m in node.children):
                    break
                if node.dep_ in ("nsubj", "nsubjpass") and node.head.lemma_.lower() not in onto.words("occurrence_verb"):
                    break
                if node.dep_ == "prep" and node.lower_ not in ("for", "of", "from", "to") and node.head.pos_ != "VERB":
                    break
                if node.dep_ == "prep" and node.lower_ in ("after", "following", "since", "before", "amid", "in", "on",
                                                           "during", "with", "against", "at"):
                    break
                node = node.head
                first = False
                continue
            break
        return "occurred", None

    # ------------------------------------------------------------------ mode
    def _mode(self, c: Candidate, assets: list[Asset], sent) -> str | None:
        tok, etype = c.tok, c.trig.event_type
        words = set()
        for x in list(tok.children) + ([tok.head] if tok.dep_ == "compound" else []):
            words.add(x.lemma_.lower())
            words.add(x.lower_)
            for y in x.children:
                if y.dep_ in ("compound", "amod", "nmod"):
                    words.add(y.lemma_.lower())
        if c.light is not None:
            for x in c.light.children:
                if x.dep_ in ("dobj",):
                    words.add(x.lemma_.lower())
        if c.trig.pos == "verb":
            for x in tok.children:
                if x.dep_ in ("dobj", "nsubjpass", "nsubj", "agent") or (x.dep_ == "prep" and x.lower_ in ("with", "by")):
                    for y in x.subtree:
                        if y.dep_ in ("relcl", "acl") or y.head.dep_ in ("relcl",):
                            continue
                        words.add(y.lemma_.lower())
            if c.merged_noun is not None:
                for y in c.merged_noun.children:
                    words.add(y.lemma_.lower())
        if self._show_of_force_near(tok) or any(x.lower_ == "show" for x in tok.children):
            words.add("show-of-force")
        for a in assets:
            words.update(w.lower() for w in re.split(r"[\s]+", a.name))
        for lemma, et, mode in self.onto.mode_hints:
            if et == etype and lemma in words:
                if etype == "ASSAULT" and c.trig.mode == "assassination":
                    return c.trig.mode
                return mode
        if etype == "MOBILIZE" and c.trig.mode == "flight":
            if self.article_show_of_force:
                return "show-of-force flight"
        if etype == "ASSAULT" and c.trig.mode is None and any(
                w in ("bomber", "bombers", "jet", "jets", "warplane", "warplanes", "aircraft") for w in words):
            return "air strike"
        return c.trig.mode

    # ------------------------------------------------------------------ quantities
    def _quantities(self, c: Candidate, sent) -> list[Quantity]:
        onto = self.onto
        mun = onto.words("munition") | onto.words("weapon")
        tok = c.tok
        region = []
        if c.trig.pos == "noun":
            region.append(tok)
            if tok.dep_ == "pobj" and tok.head.lower_ == "of":
                region.append(tok.head.head)
            if c.light is not None:
                region += [x for x in c.light.children if x.dep_ in ("dobj",)]
            if tok.dep_ == "nsubj" and c.anchor is not None:   # "retaliation could … comprise hundreds of missiles"
                for v in [c.anchor] + children(c.anchor, "conj"):
                    region += [x for x in v.children if x.dep_ in ("dobj", "attr")]
        else:
            region += [x for x in tok.children if x.dep_ in ("dobj", "nsubjpass", "nsubj", "attr")]
            for x in list(region):
                region += children(x, "conj")
        out: list[Quantity] = []
        for h in region:
            h2 = self.parts.unwrap_group(h)
            lem = h2.lemma_.lower()
            if lem not in mun and h2.lower_ not in mun and not self.parts.is_weapon(h2):
                continue
            val, text = None, None
            for x in h2.children:
                if x.dep_ == "nummod":
                    val = number_value(x.text)
                    start = x.left_edge.i
                    text = span_text(h2.doc, start, h2.i + 1)
            if h2.i != h.i:   # "hundreds of missiles", "a wave of 85 strikes"
                g = h
                if val is None:
                    gv = number_value(g.lower_)
                    if g.lower_ in VAGUE_NUMBERS or gv is not None:
                        val = gv
                        text = span_text(h2.doc, g.left_edge.i if g.left_edge.i >= g.i - 2 else g.i, h2.i + 1)
            if text is None:
                for x in h2.children:
                    if x.dep_ in ("amod", "det") and x.lower_ in VAGUE_NUMBERS:
                        text = span_text(h2.doc, x.i, h2.i + 1)
            if text is None:
                continue
            what = h2.lower_ if h2.tag_ in ("NNS", "NNPS") or h2.lower_.endswith("craft") else h2.lemma_.lower() + "s"
            comp = [x for x in h2.children if x.dep_ == "compound" and x.lower_ in ("air", "drone", "rocket", "missile", "cruise", "ballistic")]
            if comp:
                what = f"{comp[0].lower_} {what}"
            if isinstance(val, float) and val.is_integer():
                val = int(val)
            if all(q.text != text for q in out):
                out.append(Quantity(what=what, value=val, text=text.strip()))
        return out

    # ------------------------------------------------------------------ attribution
    def _attribution(self, c: Candidate, srec) -> tuple[str | None, str | None]:
        onto = self.onto
        tok = c.tok
        sent = tok.sent
        # inside a direct quote → the quote's speaker
        for qs, qe, speaker in self.quote_spans:
            if qs <= c.span[0] < qe:
                if speaker:
                    return clean_name(speaker, onto), None
                return None, "quoted, speaker unknown"
        # "according to X"
        for t in sent:
            if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.nbor(1).lower_ == "to":
                o = child(t.nbor(1), "pobj") or child(t, "pobj")
                if o is None:
                    for x in t.nbor(1).children:
                        o = x
                        break
                if o is None:   # parser left the name unattached: take the name that follows
                    j = t.i + 2
                    while j < sent.end and (t.doc[j].pos_ == "PROPN" or t.doc[j].text in (".",) and False):
                        j += 1
                    if j > t.i + 2:
                        return clean_name(span_text(t.doc, t.i + 2, j), onto), None
                if o is not None:
                    a, b = o.left_edge.i, o.i + 1
                    app = child(o, "appos")
                    del app
                    return clean_name(span_text(t.doc, a, b), onto), None
        # governing reporting verb
        for a in [tok] + ancestors_chain(tok, 12):
            if a.i == tok.i:
                continue
            if a.pos_ in ("VERB", "AUX") and a.lemma_.lower() in onto.reporting_verbs and \
                    a.lemma_.lower() != "deny":
                who = self._reporter(a)
                if who:
                    return who, None
        # root reporting verb of the sentence with the trigger outside its subject
        root = sent.root
        if root.lemma_.lower() in onto.reporting_verbs and tok.i not in {x.i for x in _subject_tokens(root)}:
            who = self._reporter(root)
            if who:
                return who, None
        # "-NYT" at the paragraph's end
        for s, e, name in self.paragraph_source:
            if s <= c.span[0] < e:
                return name, None
        if any(t.lower_ == "reportedly" for t in sent):
            return None, "reportedly (source not named)"
        return None, None

    def _reporter(self, verb) -> str | None:
        onto = self.onto
        subj = child(verb, "nsubj", "nsubjpass")
        if verb.lemma_.lower() == "tell":
            listener = child(verb, "dative", "dobj")
            if listener is not None:
                name = span_text(verb.doc, *_np(listener))
                canon = onto.canonical_source(clean_name(name, onto))
                if canon in set(onto.sources.values()):
                    return canon
        if subj is None or subj.lower_ in REL_PRONOUNS:
            return None
        if subj.pos_ == "PRON":
            ent, why = self.parts.antecedent(subj)
            return clean_name(ent.text, onto) if ent is not None else None
        a, b = _np(subj)
        # "X, head of Y": keep X
        return clean_name(span_text(verb.doc, a, b), onto)


# ---------------------------------------------------------------------- helpers
def _np(tok) -> tuple[int, int]:
    from sigact.nlp.events.syntax import clean_bounds, np_bounds
    a, b = np_bounds(tok)
    return clean_bounds(tok.doc, a, b)


def _same(a, b) -> bool:
    return a is not None and b is not None and a.i == b.i


def _passive(v) -> bool:
    if any(x.dep_ in ("nsubjpass", "auxpass") for x in v.children):
        return True
    # participle with an agent: "…, escorted by Israeli F-15s"
    return v.tag_ == "VBN" and v.dep_ in ("acl", "advcl", "relcl", "conj") and \
        any(x.dep_ == "agent" or (x.dep_ == "prep" and x.lower_ == "by") for x in v.children)


def is_passive_tok(v) -> bool:
    return _passive(v)


def _governing_verb(tok):
    for a in ancestors_chain(tok, 6):
        if a.pos_ in ("VERB", "AUX"):
            return a
    return None


def _subject_tokens(v) -> list:
    s = child(v, "nsubj", "nsubjpass")
    return list(s.subtree) if s is not None else []


def _subject_of(v):
    """The subject of a verb, following control and coordination: "X ordered Y to do",
    "X vowed to do", "X took off and flew", "Y that deployed"."""
    cur = v
    for _ in range(6):
        s = child(cur, "nsubj", "nsubjpass")
        if s is not None:
            if s.lower_ in REL_PRONOUNS and cur.dep_ in ("relcl",):
                return cur.head
            return s
        if cur.dep_ == "relcl":
            return cur.head
        if cur.dep_ == "xcomp":
            obj = child(cur.head, "dobj")
            if obj is not None and cur.head.lemma_.lower() in ("order", "allow", "authorize", "direct", "ask",
                                                                "instruct", "tell", "force", "urge"):
                return obj
            cur = cur.head
            continue
        if cur.dep_ in ("conj", "advcl", "pcomp") and cur.head.i != cur.i:
            cur = cur.head
            if cur.pos_ not in ("VERB", "AUX"):
                if cur.dep_ == "prep":
                    cur = cur.head
                else:
                    return None
            continue
        if cur.dep_ == "acl" and cur.tag_ == "VBG":
            return cur.head      # "Ali Al Asadi …, renewing threats": the noun it modifies
        return None
    return None


def _modifier_entity(head, mod) -> Entity | None:
    """The modifier phrase of `head` that contains `mod` ("Israeli Air Force" in
    "Israeli Air Force F-15 fighter jets"; "US" in "US counter strikes")."""
    doc = head.doc
    idx = [mod.i]
    i = mod.i + 1
    while i < head.i and (doc[i].pos_ == "PROPN" or doc[i].ent_type_ in ("ORG", "GPE", "NORP")) \
            and doc[i].text[:1].isupper() and not any(ch.isdigit() for ch in doc[i].text):
        idx.append(i)
        i += 1
    i = mod.i - 1
    while i >= 0 and doc[i].head.i in (head.i, mod.i) and (doc[i].pos_ == "PROPN" or doc[i].ent_type_ in
                                                            ("ORG", "GPE", "NORP")) and i >= head.left_edge.i:
        idx.insert(0, i)
        i -= 1
    # hyphenated "Iranian-backed" stays whole
    start, end = idx[0], idx[-1] + 1
    if end < len(doc) and doc[end].text == "-" and end + 1 <= head.i:
        end = end + 2
    a, b = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    text = doc.text[a:b]
    return Entity(name=text, text=text, start=a, end=b)


def _quote_spans(d: Any) -> list[tuple[int, int, str | None]]:
    """Direct quotes of the article with their speakers (text), via the quotes module."""
    try:
        from sigact.nlp.quotes import direct_quote_spans
        return direct_quote_spans(d)
    except Exception:  # noqa: BLE001 - quotes are an enrichment
        return []
