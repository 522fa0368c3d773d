"""Participants: turning a head token into an `Entity` (actor or recipient) and the assets it
names, with within-document reference ("he", "the group", "the bombers") resolved to an
earlier participant."""
from __future__ import annotations

import re
from typing import Any

from sigact.knowledge.ontology import Ontology
from sigact.model import Asset, Entity, Mention
from sigact.nlp.events.syntax import (REL_PRONOUNS, QUOTE_CHARS, Seen, child, children,
                                      clean_bounds, np_bounds, number_value, preps, span_chars,
                                      span_text)

ACTOR_ENTS = {"ORG", "GPE", "NORP", "PERSON"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
PLURAL_PRONOUNS = {"they", "them", "their"}
THING_PRONOUNS = {"it", "its"}
_ASSET_TOKEN = re.compile(r"^[A-Z]{1,3}-?\d{1,3}[A-Z]{0,2}s?$")   # B-52, B52s, F-15E, A-10s
NATIONALITY_MAP_HINT = {"american": "US", "u.s.": "US", "us": "US"}


def _entity(doc, start: int, end: int, reason: str | None = None) -> Entity | None:
    start, end = clean_bounds(doc, start, end)
    if start >= end:
        return None
    text = span_text(doc, start, end).strip(QUOTE_CHARS + " ")
    if not text or not any(ch.isalpha() for ch in text):
        return None
    a, b = span_chars(doc, start, end)
    return Entity(name=text, text=text, start=a, end=b, reason=reason)


class Participants:
    """Per-document participant resolver: keeps what was seen for later reference."""

    def __init__(self, d: Any, onto: Ontology):
        self.d = d
        self.doc = d.doc
        self.onto = onto
        self.seen: list[Seen] = []
        self.asset_owner: list[tuple[int, Entity]] = []     # (position, owner) of aircraft etc.
        self.mentions_by_tok: dict[int, Mention] = {}
        # a token covered by several mentions keeps the most specific one: a QUANTITY
        # span ("two other B-52s") must not hide the ASSET inside it ("B-52s")
        ranked = sorted(getattr(d, "mentions", []) or [],
                        key=lambda m: (m.label == "QUANTITY", m.end - m.start))
        for m in ranked:
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.mentions_by_tok.setdefault(t.i, m)
        self._antecedent_fn = None
        try:  # the knowledge layer's resolver, when present
            from sigact.knowledge import actors as _actors  # type: ignore
            self._antecedent_fn = getattr(_actors, "antecedent", None)
        except Exception:  # noqa: BLE001 - optional module
            self._antecedent_fn = None
        self._seed_from_ner()

    # ------------------------------------------------------------------ memory
    def _seed_from_ner(self) -> None:
        """Named participants of the whole document, in order (pronoun antecedents)."""
        for ent in self.doc.ents:
            if ent.label_ not in ACTOR_ENTS:
                continue
            kind = {"PERSON": "person", "GPE": "country", "NORP": "group"}.get(ent.label_, "group")
            e = Entity(name=ent.text, text=ent.text, start=ent.start_char, end=ent.end_char, type=ent.label_)
            self.seen.append(Seen(e, ent.start_char, kind, plural=ent.text.endswith("s")))
        for m in getattr(self.d, "mentions", []) or []:
            et = getattr(m.entity, "type", None) if m.entity is not None else None
            if m.label == "ACTOR" and et in ("armed_group", "organization"):
                e = Entity(name=m.entity.name, text=m.text, kb_id=m.kb_id, start=m.start, end=m.end,
                           type=et)
                self.seen.append(Seen(e, m.start, "group"))
        self.seen.sort(key=lambda s: s.position)

    def remember(self, ent: Entity | None, kind: str = "other", plural: bool = False) -> None:
        if ent is None or ent.start is None:
            return
        if " most " in f" {ent.text.lower()} " or ent.text.lower().startswith("one of"):
            return      # descriptions ("the most radical factions") are not referents
        self.seen.append(Seen(ent, ent.start, kind, plural))
        self.seen.sort(key=lambda s: s.position)

    def remember_owner(self, position: int, owner: Entity | None) -> None:
        if owner is not None:
            self.asset_owner.append((position, owner))

    def owner_before(self, position: int) -> Entity | None:
        best = None
        for pos, own in self.asset_owner:
            if pos < position:
                best = own
        return best

    def antecedent(self, tok) -> tuple[Entity | None, str | None]:
        """The earlier participant a pronoun or a definite description refers to."""
        pos = tok.idx
        low = tok.lower_
        if self._antecedent_fn is not None:
            try:
                ment = [m for m in (self.d.mentions or []) if m.start < pos]
                got = self._antecedent_fn(self.d.mentions, pos)
                if isinstance(got, Entity):
                    return got, "antecedent"
                if isinstance(got, Mention) and got.entity is not None:
                    return got.entity, "antecedent"
                if isinstance(got, Mention):
                    return Entity(name=got.text, text=got.text, start=got.start, end=got.end), "antecedent"
                del ment
            except Exception:  # noqa: BLE001 - degrade to the local rule
                pass
        if low in PERSON_PRONOUNS:
            kinds = {"person"}
        elif low in PLURAL_PRONOUNS:
            kinds = {"group", "country", "other"}
        elif low in THING_PRONOUNS:
            kinds = {"country", "group", "other"}
        elif low in ("we", "us", "our"):
            return None, "first-person pronoun"
        else:   # "the group", "the militias", "the spokesman"
            head = tok.lemma_.lower()
            if head in ("spokesman", "spokeswoman", "spokesperson", "official", "commander",
                        "minister", "leader"):
                kinds = {"person"}
            else:
                kinds = {"named-group"}
        sent_start = tok.sent.start_char
        for s in reversed(self.seen):
            if s.position >= pos:
                continue
            if kinds == {"named-group"}:
                if s.entity.type not in ("ORG", "PERSON", "armed_group", "organization") or \
                        any(w in s.entity.text.lower() for w in ("force", "u.s", "us ", "american", "israeli")):
                    continue
            elif s.kind not in kinds:
                continue
            if s.kind == "person" and (len(s.entity.text.split()) < 2 and s.entity.type != "PERSON"):
                continue
            if low in PLURAL_PRONOUNS and not (s.plural or s.kind in ("group",)):
                continue
            if low in THING_PRONOUNS and s.plural:
                continue
            if s.entity.start is not None and s.entity.start <= pos < (s.entity.end or 0):
                continue
            # "it" prefers a country/organisation in the same or the previous sentences
            del sent_start
            return s.entity, "antecedent"
        return None, "unresolved reference"

    # ------------------------------------------------------------------ classification
    def is_asset_token(self, tok) -> bool:
        low = tok.lower_
        if low in self.onto.words("asset_head") or tok.lemma_.lower() in self.onto.words("asset_head"):
            return True
        if _ASSET_TOKEN.match(tok.text):
            return True
        if tok.lemma_.lower() == "group" and any(c.lower_ in ("strike", "carrier", "battle", "amphibious")
                                                  for c in tok.children if c.dep_ in ("compound", "amod", "nmod")):
            return True
        m = self.mentions_by_tok.get(tok.i)
        return bool(m and m.label in ("ASSET",))

    def is_weapon(self, tok) -> bool:
        w = self.onto.words("weapon")
        return tok.lemma_.lower() in w or tok.lower_ in w

    def is_weapon_name(self, asset) -> bool:
        w = self.onto.words("weapon")
        return any(x.lower().rstrip("s") in w or x.lower() in w for x in asset.name.split())

    def is_facility(self, tok) -> bool:
        return tok.lemma_.lower() in self.onto.words("facility") or tok.lower_ in self.onto.words("facility")

    # ------------------------------------------------------------------ assets
    def asset_of(self, head) -> Asset | None:
        """The asset a noun phrase names ("two American B-52 bombers" → B-52 bombers ×2)."""
        head = self.unwrap_group(head)
        if not self.is_asset_token(head):
            return None
        doc = self.doc
        start, end = np_bounds(head)
        count = None
        count_text = None
        # count: nummod of the head, or the group noun ("a pair of")
        for c in head.children:
            if c.dep_ == "nummod":
                v = number_value(c.text)
                if v is not None:
                    count, count_text = v, c.text
        grp = self._group_parent(head)
        if count is None and grp is not None:
            v = number_value(grp.lower_)
            if v is None:
                for c in grp.children:
                    if c.dep_ == "nummod":
                        v = number_value(c.text)
            count = v
        # name: drop the owner run and numbers
        toks = [t for t in doc[start:end]]
        owner_idx = self._owner_run(head)
        name_toks = [t for t in toks if t.i not in owner_idx and t.dep_ not in ("det", "nummod", "poss")
                     and t.text not in QUOTE_CHARS and t.dep_ != "case" and t.lower_ not in ("'s", "’s")
                     and not (t.pos_ == "ADJ" and t.lower_ not in ("strategic", "ballistic", "cruise"))]
        if not name_toks:
            name_toks = [head]
        a, b = name_toks[0].i, name_toks[-1].i + 1
        text = span_text(doc, a, b).strip(QUOTE_CHARS + " ")
        name = re.sub(r"\s+", " ", "".join(ch for ch in text if ch not in QUOTE_CHARS)).strip()
        asset = Asset(name=name, text=text, count=count if isinstance(count, int) else None)
        # the knowledge-base mention may cover a modifier rather than the head
        # ("B-52 bombers": the KB knows "B-52"), so look across the whole phrase
        m = self.mentions_by_tok.get(head.i)
        if m is None or m.label not in ("ASSET", "UNIT"):
            for i in range(start, end):
                cand = self.mentions_by_tok.get(i)
                if cand is not None and cand.label in ("ASSET", "UNIT") and cand.kb_id:
                    m = cand
                    break
        try:
            if m is not None and m.label in ("ASSET", "UNIT"):
                from sigact.knowledge import assets as _assets  # type: ignore
                got = _assets.asset_for(m)
                if got is not None:
                    if got.count is None:
                        got.count = asset.count
                    return got
        except Exception:  # noqa: BLE001 - optional module
            pass
        del count_text
        return asset

    def _group_parent(self, head):
        """"a pair of X": the group noun above X, if any."""
        if head.dep_ == "pobj" and head.head.lower_ == "of":
            g = head.head.head
            if g.lemma_.lower() in self.onto.words("group_noun") or g.lower_ in self.onto.words("group_noun"):
                return g
        return None

    def unwrap_group(self, tok):
        """"a pair of bombers" → bombers; "six of the aircraft" → aircraft."""
        g = self.onto.words("group_noun")
        if tok.lemma_.lower() in g or tok.lower_ in g or tok.like_num:
            for p, obj in preps(tok, "of"):
                return obj
        return tok

    def _owner_run(self, head) -> set[int]:
        """Indices of the owner words before an asset ("U.S. Air Force", "Israeli Air Force",
        "American", "US") in its noun phrase."""
        doc = self.doc
        start, _ = np_bounds(head)
        run: list[int] = []
        i = start
        while i < head.i:
            t = doc[i]
            if t.dep_ in ("det", "nummod", "predet") or t.like_num or t.lower_ in ("two", "other", "another"):
                if run:
                    break
                i += 1
                continue
            if t.text in QUOTE_CHARS or _ASSET_TOKEN.match(t.text) or any(ch.isdigit() for ch in t.text):
                break
            if self.is_asset_token(t) or t.lower_ in self.onto.words("aircraft"):
                break
            if t.ent_type_ in ("ORG", "GPE", "NORP") or t.pos_ == "PROPN" or t.dep_ == "poss" \
                    or (t.lower_ in NATIONALITY_MAP_HINT):
                run.append(i)
                i += 1
                continue
            if t.dep_ == "case" and run:
                run.append(i)
                i += 1
                continue
            if run:
                break
            i += 1
        # a possessor anywhere in the phrase ("America's B-52 bombers")
        poss = child(head, "poss")
        if poss is not None and not run:
            a, b = np_bounds(poss)
            run = list(range(a, b + 1))
        return set(run)

    def owner_of(self, head) -> Entity | None:
        idx = sorted(self._owner_run(head))
        if not idx:
            return None
        return _entity(self.doc, idx[0], idx[-1] + 1)

    # ------------------------------------------------------------------ participants
    def resolve(self, tok, role: str = "actor") -> tuple[Entity | None, str | None, list[Asset]]:
        """(entity, reason, assets) for the participant headed by `tok`.

        reason is None for an explicit participant, or says how it was found
        ("antecedent", "operator of the asset", "coordinated with …")."""
        doc = self.doc
        assets: list[Asset] = []
        reason = None
        if tok is None:
            return None, None, assets
        # relative pronoun → the noun the clause modifies
        if tok.lower_ in REL_PRONOUNS and tok.head.dep_ in ("relcl", "acl"):
            tok = tok.head.head
        tok = self.unwrap_group(tok)
        if tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY"):
            return None, "a date or number, not a participant", assets
        extra = [c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
        # pronouns / anaphora
        if tok.pos_ == "PRON" or tok.lower_ in PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS:
            if tok.lower_ in REL_PRONOUNS:
                return None, "relative pronoun without antecedent", assets
            ent, why = self.antecedent(tok)
            if ent is not None:
                ent = Entity(name=ent.name, text=ent.text, kb_id=ent.kb_id, country=ent.country,
                             sector=ent.sector, type=ent.type, start=ent.start, end=ent.end)
            return ent, why, assets
        # asset: the operator is the owner run, else the one mentioned before
        if self.is_asset_token(tok):
            a = self.asset_of(tok)
            if a is not None:
                assets.append(a)
            for c in extra:
                if self.is_asset_token(c):
                    a2 = self.asset_of(c)
                    if a2 is not None:
                        assets.append(a2)
            owner = self.owner_of(tok)
            if owner is None:
                for c in extra:
                    owner = self.owner_of(c)
                    if owner is not None:
                        break
            if owner is None and not self.is_weapon(tok) and role == "actor":
                owner = self.owner_before(tok.idx)
                if owner is not None:
                    owner = Entity(name=owner.name, text=owner.text, start=owner.start, end=owner.end)
                    reason = "operator of the asset, from context"
            else:
                self.remember_owner(tok.idx, owner)
            if owner is None and role == "recipient":
                a, b = np_bounds(tok)
                return _entity(doc, a, b), "the targeted asset", assets
            return owner, reason if owner is not None else "asset without a named operator", assets
        # facility (as recipient): who is there / whose it is
        if role == "recipient" and self.is_facility(tok):
            for rc in children(tok, "relcl", "acl"):
                if rc.lemma_.lower() in ("host", "house", "station", "use"):
                    obj = child(rc, "dobj")
                    if obj is not None:
                        e, r, _ = self.resolve(obj, role)
                        if e is not None:
                            return e, "occupants of the target", assets
                # "bases where United States troops are housed"
                if rc.lemma_.lower() in ("house", "station", "base", "host", "deploy"):
                    s = child(rc, "nsubjpass", "nsubj")
                    if s is not None and s.lower_ not in REL_PRONOUNS:
                        e, r, _ = self.resolve(s, role)
                        if e is not None:
                            return e, "occupants of the target", assets
            poss = child(tok, "poss")
            if poss is not None:
                e, r, _ = self.resolve(poss, role)
                if e is not None:
                    return e, "owner of the target", assets
            for c in tok.children:
                if c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ in ("GPE", "NORP", "ORG"):
                    a, b = np_bounds(tok)
                    return _entity(doc, a, b), None, assets
            for p, obj in preps(tok, "in", "inside") + (preps(tok.head, "in", "inside") if tok.dep_ == "dobj" else []):
                if obj.ent_type_ in ("GPE",):
                    a, b = np_bounds(obj)
                    return _entity(doc, a, b), "country of the target", assets
        # a common noun with an appositive name: "the US president, Donald Trump"
        app = child(tok, "appos")
        if app is not None and tok.pos_ == "NOUN" and app.pos_ == "PROPN":
            a, b = np_bounds(app)
            ent = _entity(doc, a, b)
            if ent is not None:
                self.remember(ent, "person" if app.ent_type_ == "PERSON" else "group")
                return ent, None, assets
        # definite anaphora: "the group", "the factions"
        low_lemma = tok.lemma_.lower()
        det = child(tok, "det")
        if det is not None and det.lower_ in ("the", "this", "these", "that") and tok.tag_ == "NN" \
                and low_lemma in ("group", "faction", "organisation", "organization", "movement") \
                and not any(c.dep_ in ("compound", "amod", "prep") for c in tok.children):
            ent, why = self.antecedent(tok)
            if ent is not None:
                return Entity(name=ent.name, text=ent.text, start=ent.start, end=ent.end), why, assets
        # "the factions", "the militias": the armed groups named before
        if det is not None and det.lower_ in ("the", "these", "those") and tok.tag_ == "NNS" \
                and low_lemma in ("faction", "militia", "group", "proxy", "fighter") \
                and not any(c.dep_ in ("compound", "amod", "prep", "nmod") for c in tok.children):
            for s_ in reversed(self.seen):
                if s_.position < tok.idx and s_.plural and s_.kind == "group" and \
                        any(w in s_.entity.text.lower() for w in ("militia", "faction", "group", "prox")) and \
                        s_.entity.text.lower() != tok.text.lower():
                    e0 = s_.entity
                    return Entity(name=e0.name, text=e0.text, start=e0.start, end=e0.end), "antecedent", assets
        a, b = np_bounds(tok)
        # role noun + "of X": "the current leader of the Iranian Revolutionary Guard"
        if low_lemma in self.onto.words("role"):
            for p, obj in preps(tok, "of"):
                b = max(b, obj.right_edge.i + 1) if obj.right_edge.i - tok.i < 12 else b
        ent = _entity(doc, a, b)
        if ent is not None:
            kind = "person" if tok.ent_type_ == "PERSON" or low_lemma in self.onto.words("role") else \
                ("country" if tok.ent_type_ == "GPE" else "group")
            self.remember(ent, kind, plural=tok.tag_ in ("NNS", "NNPS"))
            if extra:
                others = ", ".join(span_text(doc, *np_bounds(c)) for c in extra)
                reason = f"coordinated with: {others}"
        return ent, reason, assets
