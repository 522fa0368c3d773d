"""Actor resolution: surface text → knowledge-base :class:`~sigact.model.Entity`.

The knowledge lives in ``knowledge/data/actors/*.yaml`` (countries, governments, agencies,
militaries, armed groups, international organisations, persons with dated offices) and
``_lexicon.yaml`` (titles, head nouns, role phrases, anaphora).  :class:`ActorResolver` is
built once per set of knowledge directories (:func:`get_resolver` caches it) and answers
``resolve(text, when=..., context=...)`` in this order:

1. exact alias lookup (case-sensitive for short all-caps acronyms: "US" is not "us");
2. office roles ("the defence secretary", "Pentagon spokesman", "Israeli prime minister")
   → the holder of the office on ``when`` (country from the modifier or ``context["country"]``);
3. "<modifier> <head>" ("Israeli forces", "US troops", "Iran-backed militias") → the
   entity of the modifier's country that lists the head, else the country with the head's
   sector; groups only *backed* by a country stay unnamed (kb_id None) with the reason;
4. title/suffix stripping ("Gen. Kenneth F. McKenzie Jr." → "Kenneth F McKenzie");
5. surnames of persons (disambiguated by who held an office on ``when``);
6. transliteration skeletons (Suleimani/Soleimani, Qassim/Qasem, Nujaba/Nujabaa) and
   rapidfuzz similarity for spelling variants.

Anything else is an explicit abstention: ``kb_id=None`` and ``Entity.reason`` saying why
("unknown name", "ambiguous: A or B", "role without date", ...).  Never a guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any, Iterable

import yaml
from rapidfuzz import fuzz, process
from unidecode import unidecode

from sigact.knowledge.loader import DATA_ROOT, knowledge_dirs, load_kind
from sigact.model import Entity, Mention

KIND = "actors"

# --------------------------------------------------------------------------- normalisation

_APOS = re.compile(r"[’‘`´]")
_POSS = re.compile(r"(?<=\w)'s\b|(?<=s)'(?=\s|$)", re.I)
_NONWORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
_FORMER = {"former", "ex", "previous", "late", "outgoing", "then"}
_AL = {"al", "el", "ad", "ar", "as", "an", "ash", "at", "az"}


def compact(text: str) -> str:
    """Surface form for case-sensitive acronym lookup: "U.S." → "US", "the UN's" → "UN"."""
    t = _APOS.sub("'", unidecode(text)).strip()
    t = _POSS.sub("", t)
    t = re.sub(r"^(the|The)\s+", "", t)
    return t.replace(".", "").strip()


def normalise(text: str) -> str:
    """Lookup key: ASCII, lower case, no punctuation, no leading "the", no possessive 's,
    hyphens as spaces ("U.S.-backed" → "us backed", "Hezbollah's" → "hezbollah")."""
    t = _APOS.sub("'", unidecode(text or ""))
    t = _POSS.sub("", t)
    t = t.replace(".", "").replace("'", "").lower()
    t = _NONWORD.sub(" ", t)
    t = _SPACES.sub(" ", t).strip()
    if t.startswith("the "):
        t = t[4:]
    return t


def strip_al(key: str) -> str:
    """Key without Arabic article tokens: "abu mahdi al muhandis" → "abu mahdi muhandis"."""
    return " ".join(w for w in key.split() if w not in _AL)


_SKEL_SUBS = [("kh", "k"), ("gh", "g"), ("ph", "f"), ("q", "k"), ("ck", "k"), ("c", "k"),
              ("w", "v"), ("z", "s"), ("dh", "d"), ("th", "t"), ("j", "j")]


def skeleton(key: str) -> str:
    """Transliteration-tolerant key: consonant skeleton of each word.
    "qassim suleimani" and "qasem soleimani" → "ksm slmn"; "nujabaa" → "njb"."""
    out = []
    for w in key.split():
        if w in _AL:
            continue
        w = re.sub(r"(?<=[aeiouy])h$", "", w)       # Haniyeh → Haniye
        for a, b in _SKEL_SUBS:
            w = w.replace(a, b)
        if not w:
            continue
        first, rest = w[0], re.sub(r"[aeiouyh]", "", w[1:])
        s = first + rest
        s = re.sub(r"(.)\1+", r"\1", s)
        out.append(s)
    return " ".join(out)


def _is_case_sensitive(alias: str) -> bool:
    """Short acronyms ("US", "IS", "UN", "PA", "LeT") only match as written: a word of at
    most four letters with at least two capitals."""
    c = alias.replace(".", "").replace(" ", "")
    return c.isalpha() and len(c) <= 4 and sum(ch.isupper() for ch in c) >= 2


def _parse_day(value: Any, *, end: bool = False) -> date | None:
    """"2017-01-20", "2017-01" or "2017" (or a YAML date) → a date (first/last day)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    s = str(value)
    try:
        if len(s) == 4:
            return date(int(s), 12, 31) if end else date(int(s), 1, 1)
        if len(s) == 7:
            y, m = int(s[:4]), int(s[5:7])
            if end:
                import calendar
                return date(y, m, calendar.monthrange(y, m)[1])
            return date(y, m, 1)
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------- records

@dataclass(slots=True)
class Office:
    holder: str
    role: str
    country: str | None
    org: str | None
    start: date | None
    end: date | None

    def active(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(slots=True)
class ActorEntry:
    id: str
    name: str
    type: str | None
    country: str | None
    sector: str | None
    heads: tuple[str, ...] = ()
    offices: list[Office] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)

    def entity(self, text: str, *, sector: str | None = None, start: int | None = None,
               end: int | None = None) -> Entity:
        return Entity(name=self.name, text=text, kb_id=self.id, country=self.country,
                      sector=sector or self.sector, type=self.type, start=start, end=end)


@dataclass(slots=True)
class Lexicon:
    titles: list[tuple[str, ...]]
    suffixes: set[str]
    heads: dict[str, str]                       # head phrase → sector
    backers: set[str]
    role_phrases: dict[str, set[str]]           # phrase → roles
    phrase_countries: dict[str, set[str]]       # role phrase → countries where it is used
    anaphora: dict[str, set[str]]               # kind → phrases
    version: int = 0


GENERIC_ROLES = {"commander", "leader", "director", "secretary_general", "director_general",
                 "spokesperson"}
#: roles whose holders are found through the organisation named before them
ORG_ROLES = GENERIC_ROLES | {"chief_of_staff"}


def load_lexicon(extra_dirs: Iterable[str] = ()) -> Lexicon:
    titles: set[tuple[str, ...]] = set()
    suffixes: set[str] = set()
    heads: dict[str, str] = {}
    backers: set[str] = set()
    role_phrases: dict[str, set[str]] = {}
    phrase_countries: dict[str, set[str]] = {}
    anaphora: dict[str, set[str]] = {}
    version = 0
    for d in knowledge_dirs(extra_dirs):
        path = d / KIND / "_lexicon.yaml"
        if not path.is_file():
            continue
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        version = max(version, int(data.get("version", 0)))
        titles.update(tuple(normalise(t).split()) for t in data.get("titles", []))
        suffixes.update(normalise(s) for s in data.get("suffixes", []))
        for sector, words in (data.get("heads") or {}).items():
            for w in words:
                heads.setdefault(normalise(w), sector)
        backers.update(normalise(b) for b in data.get("backer_suffixes", []))
        for r in data.get("roles", []):
            for p in r.get("phrases", []):
                role_phrases.setdefault(normalise(p), set()).add(r["role"])
                if r.get("countries"):
                    phrase_countries.setdefault(normalise(p), set()).update(r["countries"])
        for kind, words in (data.get("anaphora") or {}).items():
            anaphora.setdefault(kind, set()).update(normalise(w) for w in words)
    titles.discard(())
    return Lexicon(sorted(titles, key=len, reverse=True), suffixes, heads, backers,
                   role_phrases, phrase_countries, anaphora, version)


# --------------------------------------------------------------------------- resolver

class ActorResolver:
    """Resolves actor names, descriptions and roles to knowledge-base entities (date-aware)."""

    def __init__(self, entries: list[dict[str, Any]], lexicon: Lexicon):
        self.lexicon = lexicon
        self.entries: dict[str, ActorEntry] = {}
        self.index: dict[str, set[str]] = {}          # normalised alias → ids
        self.cs_index: dict[str, set[str]] = {}       # exact acronym → ids
        self.al_index: dict[str, set[str]] = {}       # alias without "al" tokens → ids
        self.skel_index: dict[str, set[str]] = {}     # skeleton → ids
        self.surnames: dict[str, set[str]] = {}       # person surname → ids
        self.head_index: dict[tuple[str, str], str] = {}   # (country, head) → id
        self.offices: list[Office] = []
        self.alias_surface: dict[str, list[tuple[str, str, bool]]] = {}   # id → [(alias, key, cs)]
        for raw in entries:
            self._add(raw)
        for key, ids in list(self.index.items()):
            s = skeleton(key)
            if len(s.replace(" ", "")) >= 3:
                self.skel_index.setdefault(s, set()).update(ids)
        self._fuzzy_keys = [k for k in self.index if len(k) >= 5]
        # surnames only where no full alias claims the word
        for k in [k for k in self.surnames if k in self.index]:
            del self.surnames[k]
        self.surname_skel: dict[str, set[str]] = {}
        for k, ids in self.surnames.items():
            self.surname_skel.setdefault(skeleton(k), set()).update(ids)
        self._titles_by_first: dict[str, list[tuple[str, ...]]] = {}
        for t in lexicon.titles:                      # already longest first
            self._titles_by_first.setdefault(t[0], []).append(t)
        self._cache: dict[tuple, Entity] = {}

    # .................................................................. building
    def _add(self, raw: dict[str, Any]) -> None:
        eid = str(raw["id"])
        offices = [Office(eid, str(o.get("role")), o.get("country") or raw.get("country"),
                          o.get("org"), _parse_day(o.get("start")), _parse_day(o.get("end"), end=True))
                   for o in raw.get("offices") or []]
        entry = ActorEntry(eid, str(raw["name"]), raw.get("type"), raw.get("country"),
                           raw.get("sector"), tuple(normalise(h) for h in raw.get("heads") or []),
                           offices, raw)
        self.entries[eid] = entry
        self.offices += offices
        for h in entry.heads:
            if entry.country:
                self.head_index.setdefault((entry.country, h), eid)
        surfaces = [entry.name] + list(raw.get("aliases") or []) + list(raw.get("demonyms") or []) \
            + list(raw.get("metonyms") or [])
        lst = self.alias_surface.setdefault(eid, [])
        for alias in surfaces:
            alias = str(alias)
            cs = _is_case_sensitive(alias)
            key = normalise(alias)
            if not key:
                continue
            lst.append((alias, key, cs))
            if cs:
                self.cs_index.setdefault(compact(alias), set()).add(eid)
                continue
            self.index.setdefault(key, set()).add(eid)
            ak = strip_al(key)
            if ak and ak != key:
                self.al_index.setdefault(ak, set()).add(eid)
        if entry.type == "person":
            for alias in [entry.name] + list(raw.get("aliases") or []):
                toks = [t for t in self._strip_suffixes(normalise(str(alias))).split() if t not in _AL]
                if len(toks) >= 2 and len(toks[-1]) >= 4:
                    self.surnames.setdefault(toks[-1], set()).add(eid)

    def _strip_suffixes(self, key: str) -> str:
        toks = key.split()
        while len(toks) > 1 and toks[-1] in self.lexicon.suffixes:
            toks.pop()
        return " ".join(toks)

    def strip_titles(self, key: str) -> str:
        toks = key.split()
        changed = True
        while changed and len(toks) > 1:
            changed = False
            for t in self._titles_by_first.get(toks[0], ()):
                if len(t) < len(toks) and tuple(toks[:len(t)]) == t:
                    toks = toks[len(t):]
                    changed = True
                    break
        return self._strip_suffixes(" ".join(toks))

    # .................................................................. helpers
    def entry(self, kb_id: str | None) -> ActorEntry | None:
        return self.entries.get(kb_id) if kb_id else None

    def _abstain(self, text: str, reason: str, **kw: Any) -> Entity:
        name = _SPACES.sub(" ", (text or "").strip())
        name = re.sub(r"^(the|The)\s+", "", name)
        return Entity(name=name, text=text, kb_id=None, reason=reason, **kw)

    def _names(self, ids: Iterable[str]) -> str:
        names = sorted({self.entries[i].name for i in ids})
        return " or ".join(names[:4]) + (" or …" if len(names) > 4 else "")

    def _choose(self, ids: set[str], text: str, when: date | None, ctx: dict) -> Entity:
        if len(ids) == 1:
            return self.entries[next(iter(ids))].entity(text)
        pool = set(ids)
        # a country entity and its own sub-entities: "Israeli" is the country
        countries = {i for i in pool if self.entries[i].type == "country"}
        if len(countries) == 1 and all(self.entries[i].country == next(iter(countries)) for i in pool):
            return self.entries[next(iter(countries))].entity(text)
        if when is not None:
            active = {i for i in pool if any(o.active(when) for o in self.entries[i].offices)}
            if len(active) == 1:
                return self.entries[next(iter(active))].entity(text)
            if active:
                pool = active
        c = (ctx or {}).get("country")
        if c:
            same = {i for i in pool if self.entries[i].country == c}
            if len(same) == 1:
                return self.entries[next(iter(same))].entity(text)
        return self._abstain(text, f"ambiguous: {self._names(pool)}")

    def _lookup(self, key: str, raw_text: str) -> set[str]:
        ids = set()
        c = compact(raw_text)
        if c in self.cs_index:
            ids |= self.cs_index[c]
        if key in self.index:
            ids |= self.index[key]
        if not ids:
            ak = strip_al(key)
            ids |= self.index.get(ak, set()) | self.al_index.get(ak, set())
        return ids

    # .................................................................. roles
    def _role_split(self, key: str) -> tuple[str, set[str], str] | None:
        """"israeli defence minister" → ("israeli", {"defence_minister"}, "defence minister")."""
        toks = key.split()
        for n in range(min(len(toks), 6), 0, -1):
            phrase = " ".join(toks[-n:])
            if phrase in self.lexicon.role_phrases:
                return " ".join(toks[:-n]), self.lexicon.role_phrases[phrase], phrase
        return None

    def resolve_role(self, text: str, modifier: str, roles: set[str], *, when: date | None,
                     context: dict | None, phrase: str = "") -> Entity | None:
        ctx = context or {}
        org = country = None
        if modifier:
            m = self._modifier(modifier, text)
            if m is None:
                return None
            if m.type == "country":
                country = m.country
            else:
                org, country = m.id, m.country
        if org is None and not (roles - ORG_ROLES):
            # "the commander", "the spokesman" with nothing to anchor them
            return self._abstain(text, "role without organisation", type="person")
        if when is None:
            return self._abstain(text, "role without date", type="person", country=country)
        cands = [o for o in self.offices if o.role in roles and o.active(when)]
        if org is not None:
            by_org = [o for o in cands if o.org == org]
            cands = by_org if by_org else [o for o in cands if o.org is None and o.country == country
                                           and o.role not in ORG_ROLES]
        else:
            cands = [o for o in cands if o.role not in ORG_ROLES]
            country = country or ctx.get("country")
            if country:
                cands = [o for o in cands if o.country == country and o.org is None]
            else:
                limited = self.lexicon.phrase_countries.get(phrase)
                if limited:
                    cands = [o for o in cands if o.country in limited]
        if not cands:
            where = f" of {org or country}" if (org or country) else ""
            return self._abstain(text, f"no known holder{where} on {when.isoformat()}",
                                 type="person", country=country)
        # one holder per (role, country, org): on a hand-over day the newer one
        best: dict[tuple, Office] = {}
        for o in cands:
            k = (o.role, o.country, o.org)
            if k not in best or (o.start or date.min) > (best[k].start or date.min):
                best[k] = o
        holders = {o.holder for o in best.values()}
        if len(holders) > 1:
            if not country and not org:
                return self._abstain(text, f"ambiguous: {self._names(holders)} (role without country)",
                                     type="person")
            return self._abstain(text, f"ambiguous: {self._names(holders)}", type="person",
                                 country=country)
        return self.entries[holders.pop()].entity(text)

    def _modifier(self, modifier: str, text: str) -> ActorEntry | None:
        modifier = normalise(modifier)
        ids = self._lookup(modifier, modifier.upper() if len(modifier) <= 4 else modifier)
        if not ids:
            return None
        if len(ids) > 1:
            countries = [i for i in ids if self.entries[i].type == "country"]
            if len(countries) != 1:
                return None
            return self.entries[countries[0]]
        return self.entries[next(iter(ids))]

    # .................................................................. heads
    def _head_split(self, key: str) -> tuple[str, str] | None:
        toks = key.split()
        for n in range(min(len(toks) - 1, 3), 0, -1):
            head = " ".join(toks[-n:])
            if head in self.lexicon.heads:
                return " ".join(toks[:-n]), head
        return None

    def resolve_head(self, text: str, modifier: str, head: str) -> Entity | None:
        sector = self.lexicon.heads[head]
        mtoks = modifier.split()
        if mtoks and mtoks[0] == "pro" and len(mtoks) > 1:        # "pro-Iranian militias"
            mtoks = mtoks[1:] + ["aligned"]
        pos = next((i for i, t in enumerate(mtoks) if t in self.lexicon.backers), None)
        if pos is not None and pos > 0:
            backer = self._modifier(" ".join(mtoks[:pos]), text)
            if backer is None:
                return None
            rest = " ".join(mtoks[pos + 1:])
            home = self._modifier(rest, text) if rest else None
            country = home.country if home is not None and home.type == "country" else None
            how = "pro" if modifier.startswith("pro ") else mtoks[pos]
            desc = f"pro-{backer.name}" if how == "pro" else f"{backer.name}-{how}"
            where = f" in {country}" if country else ""
            return self._abstain(text, f"unnamed group{where} described as {desc} ({backer.id}); "
                                 f"no named actor", sector=sector, country=country,
                                 type="armed_group" if sector in ("REB", "MIL") else None)
        mod = self._modifier(modifier, text)
        if mod is None:
            return None
        if mod.type != "country":
            return mod.entity(text)              # "Hezbollah fighters", "Pentagon officials"
        hid = self.head_index.get((mod.id, head))
        if hid:
            return self.entries[hid].entity(text)
        if sector == "REB":
            return self._abstain(text, f"unnamed armed group ({mod.id})", country=mod.id,
                                 sector="REB", type="armed_group")
        return mod.entity(text, sector=sector)

    # .................................................................. main entry point
    def resolve(self, text: str, *, when: date | None = None, context: dict | None = None) -> Entity:
        """Resolve ``text`` (as written) to an Entity; ``kb_id`` None with a reason if unsure.
        Returns a fresh Entity on every call (callers set its offsets)."""
        key = (text, when, (context or {}).get("country"))
        hit = self._cache.get(key)
        if hit is None:
            hit = self._resolve(text, when=when, context=context)
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[key] = hit
        return replace(hit)

    def _resolve(self, text: str, *, when: date | None = None, context: dict | None = None) -> Entity:
        ctx = context or {}
        key = normalise(text)
        if not key:
            return self._abstain(text or "", "empty")
        for kind, words in self.lexicon.anaphora.items():
            if key in words or ("the " + key) in words:
                return self._abstain(text, f"reference ({kind}): needs an antecedent")
        ids = self._lookup(key, text)
        if ids:
            return self._choose(ids, text, when, ctx)
        # offices: "the president", "Pentagon spokesman", "Israeli defence minister"
        rs = self._role_split(key)
        if rs is not None:
            modifier, roles, phrase = rs
            ent = self.resolve_role(text, modifier, roles, when=when, context=ctx, phrase=phrase)
            if ent is not None:
                return ent
        # "<role> of <organisation>": "the leader of the Revolutionary Guard"
        if key.split()[0] in _FORMER and self._role_split(key) is not None:
            return self._abstain(text, "former office holder: not resolved by date", type="person")
        if " of " in key:
            left, _, right = key.rpartition(" of ")
            if left.split()[0] in _FORMER:
                return self._abstain(text, "former office holder: not resolved by date", type="person")
            rs = self._role_split(self.strip_titles(left))
            if rs is not None and not rs[0] and right:
                ent = self.resolve_role(text, right, rs[1], when=when, context=ctx, phrase=rs[2])
                if ent is not None:
                    return ent
        # "<modifier> <head>": "Israeli forces", "Iran-backed militias"
        hs = self._head_split(key)
        if hs is not None:
            ent = self.resolve_head(text, *hs)
            if ent is not None:
                return ent
        if key in self.lexicon.heads:
            return self._abstain(text, "generic description without a named actor",
                                 sector=self.lexicon.heads[key])
        # titles and suffixes: "Gen. Kenneth F. McKenzie Jr."
        stripped = self.strip_titles(key)
        if stripped != key:
            ids = self._lookup(stripped, stripped)
            if ids:
                return self._choose(ids, text, when, ctx)
        # surnames: "Soleimani", "Gen. McKenzie"
        last = stripped.split()[-1] if stripped else ""
        if len(stripped.split()) == 1 and last in self.surnames:
            return self._choose(self.surnames[last], text, when, ctx)
        # middle initials: "kenneth f mckenzie" → "kenneth mckenzie"
        no_init = " ".join(t for t in stripped.split() if len(t) > 1)
        if no_init != stripped and no_init in self.index:
            return self._choose(self.index[no_init], text, when, ctx)
        # an appositive name at the end of a description: "top Iranian scientist Mohsen
        # Fakhrizadeh", "the US Secretary of Defense Lloyd Austin" (exact aliases only)
        toks = stripped.split()
        if len(toks) >= 3:
            for n in range(min(len(toks) - 1, 5), 1, -1):
                ids = self._lookup(" ".join(toks[-n:]), "")
                ids = {i for i in ids if self.entries[i].type not in ("country",)}
                if ids:
                    return self._choose(ids, text, when, ctx)
        return self._fuzzy(text, stripped, when, ctx)

    def _fuzzy(self, text: str, key: str, when: date | None, ctx: dict) -> Entity:
        if not key:
            return self._abstain(text, "unknown name")
        skel = skeleton(key)
        if len(skel.replace(" ", "")) >= 3:
            ids = set(self.skel_index.get(skel, set()))
            toks = key.split()
            if not ids and len(toks) == 1:
                ids = set(self.surname_skel.get(skel, set()))
            if ids:
                ok = {i for i in ids if self._similar(key, i) >= 75}
                if ok:
                    return self._choose(ok, text, when, ctx)
        if len(key) >= 5:
            hits = process.extract(key, self._fuzzy_keys, scorer=fuzz.ratio, limit=6, score_cutoff=88)
            if hits:
                top = hits[0][1]
                ids = set().union(*(self.index[k] for k, s, _ in hits if s >= top - 2))
                return self._choose(ids, text, when, ctx)
        return self._abstain(text, "unknown name")

    def _similar(self, key: str, eid: str) -> float:
        best = 0.0
        for _, k, _cs in self.alias_surface.get(eid, ()):
            best = max(best, fuzz.ratio(key, k), fuzz.ratio(key, k.split()[-1]) if " " not in key else 0)
        return best

    # .................................................................. for the mentions stage
    def patterns(self) -> list[tuple[str, str, bool]]:
        """(alias as written, entity id, case-sensitive) for every alias, demonym and metonym."""
        out = []
        for eid, lst in self.alias_surface.items():
            for alias, _key, cs in lst:
                out.append((alias, eid, cs))
        return out

    def is_demonym(self, kb_id: str, text: str) -> bool:
        e = self.entries.get(kb_id)
        k = normalise(text)
        return bool(e) and any(normalise(m) == k for m in e.raw.get("demonyms") or [])

    def is_metonym(self, kb_id: str, text: str) -> bool:
        e = self.entries.get(kb_id)
        if not e:
            return False
        k = normalise(text)
        return any(normalise(m) == k for m in e.raw.get("metonyms") or [])


@lru_cache(maxsize=8)
def _get_resolver(extra: tuple[str, ...], env: str) -> ActorResolver:
    # `env` (SIGACT_KNOWLEDGE_DIRS) is part of the cache key; the loader reads it itself
    return ActorResolver(load_kind(KIND, extra), load_lexicon(extra))


def get_resolver(extra_dirs: Iterable[str] = ()) -> ActorResolver:
    """The resolver over the built-in actor files plus ``extra_dirs`` (and
    ``SIGACT_KNOWLEDGE_DIRS``), built once and cached."""
    import os
    return _get_resolver(tuple(str(p) for p in extra_dirs if str(p)),
                         os.environ.get("SIGACT_KNOWLEDGE_DIRS", ""))


def resolve(text: str, *, when: date | None = None, context: dict | None = None) -> Entity:
    """Shortcut: ``get_resolver().resolve(...)``."""
    return get_resolver().resolve(text, when=when, context=context)


# --------------------------------------------------------------------------- within-document references

_PERSON_PRON = {"he", "him", "his", "she", "her", "hers"}


def _kind_of(mention: Mention) -> set[str]:
    e = mention.entity
    kinds = set()
    if mention.label == "PERSON" or (e is not None and e.type == "person"):
        kinds.add("person")
    if e is not None:
        if e.type == "armed_group" or e.sector == "REB":
            kinds.add("group")
        if e.sector in ("MIL",) or e.type == "military":
            kinds.add("military")
        if e.sector in ("GOV", "SPY", "COP", "LEG") or e.type in ("government", "agency", "country"):
            kinds.add("government")
        if e.type in ("igo", "party", "ngo"):
            kinds.add("group")
    return kinds


def antecedent(doc_mentions: list[Mention], position: int, text: str | None = None) -> Mention | None:
    """The nearest mention before character ``position`` that the reference ``text`` can
    point to: "he"/"she" → a person, "the group"/"the militia" → an armed group (or other
    organisation), "the military" → a military, "the Pentagon spokesman" → a person holding
    a matching office.  Without ``text``, the nearest preceding resolved actor or person.
    Only mentions whose entity is resolved (kb_id set) are candidates.  None if nothing fits."""
    res = get_resolver()
    key = normalise(text or "")
    want: set[str] | None = None
    roles: set[str] | None = None
    org_hint: str | None = None
    if key:
        for kind, words in res.lexicon.anaphora.items():
            if key in words or ("the " + key) in words:
                want = {kind}
                break
        if want is None:
            rs = res._role_split(key)
            if rs is not None:
                want, roles = {"person"}, rs[1]
                if rs[0]:
                    m = res._modifier(rs[0], rs[0])
                    org_hint = m.id if m is not None else None
            else:
                hs = res._head_split(key) or (("", key) if key in res.lexicon.heads else None)
                if hs is not None:
                    sector = res.lexicon.heads[hs[1]]
                    want = {"REB": {"group"}, "MIL": {"military"}}.get(sector, {"government"})
    best: Mention | None = None
    for m in doc_mentions:
        if m.end > position or m.entity is None or m.entity.kb_id is None:
            continue
        if m.label not in ("ACTOR", "PERSON"):
            continue
        kinds = _kind_of(m)
        if want is not None and not (kinds & want):
            continue
        if want is None and not kinds:
            continue
        if roles is not None:
            e = res.entry(m.entity.kb_id)
            if e is None or not any(o.role in roles and (org_hint is None or o.org == org_hint
                                                         or o.country == org_hint) for o in e.offices):
                continue
        if best is None or m.start > best.start:
            best = m
    return best


__all__ = ["ActorResolver", "get_resolver", "resolve", "antecedent", "normalise", "skeleton",
           "load_lexicon", "DATA_ROOT"]
