"""The actor knowledge base (data files + schema) and the resolver."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from sigact.knowledge.actors import (ActorResolver, antecedent, compact, get_resolver, load_lexicon,
                                     normalise, skeleton)
from sigact.knowledge.loader import DATA_ROOT, files_of, load_kind
from sigact.model import Entity, Mention

ACTORS = DATA_ROOT / "actors"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _stringify_dates(obj):
    if isinstance(obj, dict):
        return {k: _stringify_dates(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_stringify_dates(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


@pytest.fixture(scope="module")
def res() -> ActorResolver:
    return get_resolver()


# ---------------------------------------------------------------- data files

def test_every_actor_file_matches_the_schema():
    schema = json.loads((ACTORS / "_schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = files_of("actors")
    assert len(files) >= 5
    for path in files:
        data = _stringify_dates(yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER))
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        assert not errors, f"{path.name}: " + "; ".join(
            f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_ids_are_unique_across_files():
    seen: dict[str, str] = {}
    for path in files_of("actors"):
        for e in yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)["entries"]:
            assert e["id"] not in seen, f"{e['id']} in {path.name} and {seen[e['id']]}"
            seen[e["id"]] = path.name


def test_counts_and_coverage():
    entries = load_kind("actors")
    assert len(entries) >= 500
    by_type: dict[str, int] = {}
    for e in entries:
        by_type[e["type"]] = by_type.get(e["type"], 0) + 1
    assert by_type["country"] >= 240
    assert by_type["person"] >= 100
    assert by_type["armed_group"] >= 40
    assert by_type["igo"] >= 30
    assert by_type["military"] >= 60
    ids = {e["id"] for e in entries}
    for must in ("USA", "IRN", "ISR", "USA.MIL.CENTCOM", "ISR.MIL", "IRN.MIL.IRGC", "IRN.MIL.IRGC.QF",
                 "LBN.REB.HEZBOLLAH", "YEM.REB.HOUTHIS", "PSE.REB.HAMAS", "IRQ.MIL.PMF", "IRQ.REB.KH",
                 "IRQ.REB.NUJABA", "TRN.REB.ISIS", "IGO.UN.UNSC", "IGO.IAEA", "IGO.NATO",
                 "IRN.Q_SOLEIMANI", "USA.K_MCKENZIE", "USA.P_RYDER"):
        assert must in ids


def test_offices_reference_known_organisations_and_are_ordered():
    entries = {e["id"]: e for e in load_kind("actors")}
    for e in entries.values():
        for o in e.get("offices") or []:
            if o.get("org"):
                assert o["org"] in entries, f"{e['id']}: office org {o['org']} unknown"
            if o.get("start") and o.get("end"):
                assert str(o["start"]) <= str(o["end"]), e["id"]


def test_no_unintended_alias_collisions(res):
    """An alias naming two entities is an abstention ("ambiguous") for every mention of it:
    only the pairs listed here are intended."""
    intended = {frozenset({"COD", "COG"})}          # "Congolese": both Congos, rightly ambiguous
    clashes = [(k, ids) for idx in (res.index, res.cs_index) for k, ids in idx.items()
               if len(ids) > 1 and frozenset(ids) not in intended]
    assert not clashes, clashes[:10]


def test_no_alias_is_a_common_english_word(res):
    from spacy.lang.en.stop_words import STOP_WORDS
    bad = [k for k in res.index if k in STOP_WORDS]
    assert not bad, bad


def test_lexicon_loads():
    lex = load_lexicon()
    assert lex.heads["forces"] == "MIL" and lex.heads["militias"] == "REB"
    assert "defence_minister" in lex.role_phrases["defense secretary"]
    assert ("maj", "gen") in lex.titles


# ---------------------------------------------------------------- normalisation

def test_normalisation():
    assert normalise("The U.S.") == "us"
    assert normalise("Hezbollah’s") == "hezbollah"
    assert normalise("Iran-backed") == "iran backed"
    assert normalise("Qāsem Soleymānī") == "qasem soleymani"
    assert compact("U.S.") == "US"
    assert skeleton("qassim suleimani") == skeleton("qasem soleimani")
    assert skeleton("nujabaa") == skeleton("nujaba")


# ---------------------------------------------------------------- alias cases

def _id(res, text, **kw):
    return res.resolve(text, **kw).kb_id


@pytest.mark.parametrize("text", ["Suleimani", "Qassem Soleimani", "Qasem Soleimani", "Qassim Suleimani",
                                  "Soleimani", "Gen. Qassem Soleimani", "Ghasem Soleymani"])
def test_soleimani_variants_are_one_entity(res, text):
    assert _id(res, text) == "IRN.Q_SOLEIMANI"


@pytest.mark.parametrize("text", ["CENTCOM", "Centcom", "US Centcom", "U.S. Central Command",
                                  "US Central Command", "United States Central Command"])
def test_centcom_variants(res, text):
    assert _id(res, text) == "USA.MIL.CENTCOM"


@pytest.mark.parametrize("text", ["General Frank McKenzie", "Gen. Kenneth F. McKenzie Jr.", "Frank McKenzie",
                                  "Gen McKenzie", "Marine Gen. Kenneth McKenzie"])
def test_mckenzie_variants(res, text):
    assert _id(res, text) == "USA.K_MCKENZIE"


@pytest.mark.parametrize("text,kb", [
    ("Air Force Maj Gen Patrick Ryder", "USA.P_RYDER"),
    ("Ismail Haniya", "PSE.I_HANIYEH"), ("Haniyeh", "PSE.I_HANIYEH"),
    ("Hassan Nasrallah", "LBN.H_NASRALLAH"), ("Sayyed Hassan Nasrallah", "LBN.H_NASRALLAH"),
    ("Hezbollah Harakat Al Nujaba", "IRQ.REB.NUJABA"), ("Nujabaa", "IRQ.REB.NUJABA"),
    ("Kata'ib Hizballah", "IRQ.REB.KH"), ("Hashd al-Shaabi", "IRQ.MIL.PMF"), ("PMF", "IRQ.MIL.PMF"),
    ("Islamic Revolutionary Guards Corps", "IRN.MIL.IRGC"), ("IRGC", "IRN.MIL.IRGC"),
    ("Quds Force", "IRN.MIL.IRGC.QF"), ("Ansar Allah", "YEM.REB.HOUTHIS"), ("Houthis", "YEM.REB.HOUTHIS"),
    ("Daesh", "TRN.REB.ISIS"), ("ISIL", "TRN.REB.ISIS"), ("IDF", "ISR.MIL"),
    ("Israel Defense Forces", "ISR.MIL"), ("the Pentagon", "USA.GOV.DOD"), ("Mossad", "ISR.SPY.MOSSAD"),
    ("Mohsen Fakhrizadeh", "IRN.M_FAKHRIZADEH"), ("Abbas Nilforoushan", "IRN.A_NILFOROUSHAN"),
    ("Javad Zarif", "IRN.M_ZARIF"), ("Mike Pompeo", "USA.M_POMPEO"), ("Ayatollah Ali Khamenei", "IRN.A_KHAMENEI"),
    ("Israeli Defence Ministry", "ISR.GOV.MOD"), ("Iranian Foreign Ministry", "IRN.GOV.MFA"),
    ("Russian Aerospace Forces", "RUS.MIL.VKS"), ("UN Security Council", "IGO.UN.UNSC"),
    ("Abu Mahdi al-Muhandis", "IRQ.A_MUHANDIS"), ("Muhandis", "IRQ.A_MUHANDIS"),
])
def test_named_actors(res, text, kb):
    assert _id(res, text) == kb


@pytest.mark.parametrize("text,kb", [
    ("Iranian", "IRN"), ("Israeli", "ISR"), ("American", "USA"), ("U.S.", "USA"), ("US", "USA"),
    ("USA", "USA"), ("Washington", "USA"), ("Tehran", "IRN"), ("Teheran", "IRN"), ("Moscow", "RUS"),
    ("Beijing", "CHN"), ("Iran's", "IRN"), ("the United States", "USA"),
])
def test_demonyms_metonyms_and_short_forms(res, text, kb):
    e = res.resolve(text)
    assert e.kb_id == kb and e.country == kb


def test_lowercase_us_is_not_the_united_states(res):
    e = res.resolve("us")
    assert e.kb_id is None and e.reason == "unknown name"


# ---------------------------------------------------------------- heads and modifiers

def test_sector_heads(res):
    assert _id(res, "US troops") == "USA.MIL"
    assert _id(res, "American warplanes") == "USA.MIL.USAF"
    assert _id(res, "Israeli forces") == "ISR.MIL"
    assert _id(res, "Hezbollah fighters") == "LBN.REB.HEZBOLLAH"
    e = res.resolve("Chilean troops")            # no CHL military entity: the country, sector MIL
    assert (e.kb_id, e.country, e.sector) == ("CHL", "CHL", "MIL")
    e = res.resolve("Iraqi militias")
    assert e.kb_id is None and e.country == "IRQ" and e.sector == "REB" and "unnamed" in e.reason


def test_backed_groups_are_not_given_the_backer_country(res):
    e = res.resolve("Iran-backed militias")
    assert e.kb_id is None and e.country is None and e.sector == "REB"
    assert "Iran-backed" in e.reason and "IRN" in e.reason


# ---------------------------------------------------------------- office holders by date

@pytest.mark.parametrize("text", ["defense secretary", "the defence secretary", "Secretary of Defense"])
def test_us_defence_secretary_on_a_date(res, text):
    assert _id(res, text, when=date(2024, 11, 2), context={"country": "USA"}) == "USA.L_AUSTIN"
    assert _id(res, text, when=date(2025, 6, 1), context={"country": "USA"}) == "USA.P_HEGSETH"


def test_president_by_date(res):
    us = {"country": "USA"}
    assert _id(res, "the president", when=date(2020, 12, 10), context=us) == "USA.D_TRUMP"
    assert _id(res, "the president", when=date(2021, 2, 1), context=us) == "USA.J_BIDEN"
    assert _id(res, "the president", when=date(2021, 1, 20), context=us) == "USA.J_BIDEN"  # hand-over day
    assert _id(res, "US President", when=date(2020, 12, 10)) == "USA.D_TRUMP"
    assert _id(res, "Iranian president", when=date(2022, 3, 1)) == "IRN.E_RAISI"
    assert _id(res, "Israeli defence minister", when=date(2024, 11, 2)) == "ISR.Y_GALLANT"
    assert _id(res, "Israeli defence minister", when=date(2024, 12, 2)) == "ISR.I_KATZ"


def test_org_roles(res):
    assert _id(res, "Pentagon spokesman", when=date(2024, 11, 2)) == "USA.P_RYDER"
    assert _id(res, "CENTCOM commander", when=date(2020, 12, 30)) == "USA.K_MCKENZIE"
    assert _id(res, "Quds Force commander", when=date(2019, 6, 1)) == "IRN.Q_SOLEIMANI"
    assert _id(res, "Quds Force commander", when=date(2021, 6, 1)) == "IRN.E_QAANI"
    assert _id(res, "Hezbollah leader", when=date(2023, 6, 1)) == "LBN.H_NASRALLAH"


def test_roles_abstain_with_reasons(res):
    e = res.resolve("the president", context={"country": "USA"})
    assert e.kb_id is None and e.reason == "role without date"
    e = res.resolve("the defence secretary", when=date(2024, 11, 2))
    assert e.kb_id is None and e.reason.startswith("ambiguous:") and "Lloyd Austin" in e.reason \
        and "John Healey" in e.reason
    e = res.resolve("the spokesman", when=date(2024, 11, 2))
    assert e.kb_id is None and e.reason == "role without organisation"


def test_surname_disambiguated_by_office_date(res):
    assert _id(res, "Katz", when=date(2025, 1, 5)) == "ISR.I_KATZ"


# ---------------------------------------------------------------- abstention

@pytest.mark.parametrize("text", ["Zorblax Quuxley", "Farzin Nadhimi", "the Frobnitz Brigade", ""])
def test_unknown_names_abstain(res, text):
    e = res.resolve(text)
    assert e.kb_id is None and e.reason
    assert isinstance(e, Entity) and e.text == text


def test_pronoun_needs_antecedent(res):
    e = res.resolve("he")
    assert e.kb_id is None and e.reason.startswith("reference")


# ---------------------------------------------------------------- within-document references

def _m(res, text, start, label="ACTOR"):
    e = res.resolve(text)
    return Mention("a", start, start + len(text), text, label, 0, "ruler", e.kb_id, e)


def test_antecedent(res):
    ms = [_m(res, "Hezbollah", 0), _m(res, "Patrick Ryder", 20, "PERSON"), _m(res, "Israeli forces", 40),
          _m(res, "Zorblax", 60)]
    assert antecedent(ms, 100, "the group").kb_id == "LBN.REB.HEZBOLLAH"
    assert antecedent(ms, 100, "he").kb_id == "USA.P_RYDER"
    assert antecedent(ms, 100, "the Pentagon spokesman").kb_id == "USA.P_RYDER"
    assert antecedent(ms, 100).kb_id == "ISR.MIL"              # nearest resolved actor
    assert antecedent(ms, 15, "he") is None                    # nothing before position 15


# ---------------------------------------------------------------- user knowledge files

def test_user_directory_adds_and_replaces_entries(tmp_path: Path):
    d = tmp_path / "actors"
    d.mkdir()
    (d / "local.yaml").write_text(
        "version: 1\nkind: actors\nentries:\n"
        "- {id: XXX.REB.FROBNITZ, name: Frobnitz Brigade, aliases: [Frobnitz], type: armed_group, sector: REB}\n"
        "- {id: IRN.Q_SOLEIMANI, name: Qassem Soleimani (local), aliases: [Hajj Qassem], type: person, country: IRN}\n",
        encoding="utf-8")
    r = get_resolver((str(tmp_path),))
    assert r.resolve("the Frobnitz Brigade").kb_id == "XXX.REB.FROBNITZ"
    assert r.resolve("Hajj Qassem").name == "Qassem Soleimani (local)"
    assert get_resolver().resolve("Frobnitz").kb_id is None


# ---------------------------------------------------------------- descriptions from event participants

def test_long_descriptions(res):
    assert _id(res, "the US Secretary of Defense Lloyd Austin") == "USA.L_AUSTIN"
    assert _id(res, "top Iranian scientist Mohsen Fakhrizadeh") == "IRN.M_FAKHRIZADEH"
    assert _id(res, "The current leader of the Iranian Revolutionary Guard", when=date(2020, 12, 31)) \
        == "IRN.H_SALAMI"
    assert _id(res, "the head of the IAEA", when=date(2024, 1, 1)) == "IGO.R_GROSSI"
    assert _id(res, "Iran's top nuclear scientist") is None        # possessor is not the head


def test_former_office_holders_are_not_resolved_by_date(res):
    e = res.resolve("the former president", when=date(2022, 1, 1), context={"country": "USA"})
    assert e.kb_id is None and e.reason.startswith("former office holder")
    assert _id(res, "former President Trump", when=date(2022, 1, 1)) == "USA.D_TRUMP"


def test_pro_and_allied_groups(res):
    e = res.resolve("pro-Iranian militias")
    assert e.kb_id is None and e.country is None and "pro-Iran" in e.reason
    e = res.resolve("Iran-allied Iraqi militias")
    assert e.kb_id is None and e.country == "IRQ" and e.sector == "REB" and "Iran-allied" in e.reason
