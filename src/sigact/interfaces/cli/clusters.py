"""`sigact clusters`: list, inspect and review the linker's event clusters.

Review decisions (merge, split, confirm) are stored in the database and replayed by the
linker on every later run, so a human's correction is never undone by re-linking.
"""
from __future__ import annotations

import json
import sys
from typing import Any, Optional

import typer

DB_HELP = "sigact database file"


def _err(msg: str) -> None:
    sys.stderr.write(msg.rstrip() + "\n")


def _open(db: str, *, write: bool) -> Any:
    from pathlib import Path

    from sigact.store.db import Store, StoreError

    if db != ":memory:" and not Path(db).exists():
        _err(f"No sigact database at {db}.\nCreate one first, e.g.:  sigact run "
             f"samples/corpus --db {db}")
        raise typer.Exit(1)
    try:
        return Store(db, read_only=not write)
    except StoreError as exc:
        _err(str(exc))
        raise typer.Exit(1) from None


def _get(store: Any, cluster_id: str) -> dict[str, Any]:
    found = store.clusters(cluster_ids=[cluster_id])
    if not found:
        # let people paste an event id: show the cluster that holds it
        row = store.con.execute("SELECT cluster_id FROM cluster_members WHERE event_id=?",
                                [cluster_id]).fetchone()
        found = store.clusters(cluster_ids=[row[0]]) if row else []
    if not found:
        _err(f"no cluster {cluster_id!r} (see `sigact clusters list`)")
        raise typer.Exit(1)
    return found[0]


def _short_entity(d: Any) -> str:
    return d.get("name") if isinstance(d, dict) and d else "-"


def _apply(store: Any) -> dict[str, Any]:
    """Replay the decisions on the current clusters (no re-linking of anything else)."""
    from sigact.linking import link_store
    return link_store(store, event_ids=[])


def register(app: typer.Typer) -> None:
    clusters = typer.Typer(
        help="List, inspect and review event clusters (records that describe the same "
             "real-world event).\n\nExample: sigact clusters list --min-sources 2",
        no_args_is_help=True)
    app.add_typer(clusters, name="clusters")

    @clusters.command("list")
    def list_(
        db: str = typer.Option("sigact.duckdb", "--db", help=DB_HELP),
        min_sources: int = typer.Option(0, "--min-sources", help="only clusters with at least "
                                        "this many independent sources"),
        changed_since: Optional[str] = typer.Option(None, "--changed-since",
                                                    help="ISO date-time: only clusters "
                                                         "updated since"),
        multi: bool = typer.Option(False, "--multi", help="only clusters of 2+ records"),
        limit: int = typer.Option(50, "--limit", help="at most this many rows (0 = all)"),
        as_json: bool = typer.Option(False, "--json", help="JSON Lines instead of a table"),
    ) -> None:
        """List clusters: date, type, actor → recipient, sources, evidence class.

        Example: sigact clusters list --db sigact.duckdb --min-sources 2 --limit 20
        """
        store = _open(db, write=False)
        try:
            rows = store.clusters(changed_since=changed_since)
        finally:
            store.close()
        rows = [r for r in rows if (r["n_sources"] or 0) >= min_sources
                and (not multi or len(r["event_ids"]) > 1)]
        if limit:
            rows = rows[:limit]
        if as_json:
            for r in rows:
                typer.echo(json.dumps(r, ensure_ascii=False, default=str))
            return
        if not rows:
            typer.echo("no clusters (run `sigact run` to extract and link events)")
            return
        typer.echo(f"{'cluster':16}  {'date':10}  {'type':9}  {'actor -> recipient':34}  "
                   f"{'rec':>3}  {'src':>3}  evidence")
        for r in rows:
            date = (r["date"] or {}).get("value") or "-"
            who = f"{_short_entity(r['actor'])} -> {_short_entity(r['recipient'])}"
            review = f" [{r['review']}]" if r["review"] else ""
            typer.echo(f"{r['cluster_id']:16}  {date:10}  {r['event_type'] or '-':9}  "
                       f"{who[:34]:34}  {len(r['event_ids']):>3}  {r['n_sources'] or 0:>3}  "
                       f"{r['evidence_class']}{review}")

    @clusters.command("show")
    def show(
        cluster_id: str = typer.Argument(..., help="cluster id (or one of its event ids)"),
        db: str = typer.Option("sigact.duckdb", "--db", help=DB_HELP),
        as_json: bool = typer.Option(False, "--json", help="print the cluster as JSON"),
    ) -> None:
        """Show a cluster: its records with their sentences and sources, the independent
        sources, conflicts, and the evidence (features and scores) of every merge.

        Example: sigact clusters show c1a2b3c4d5e6f70 --db sigact.duckdb
        """
        store = _open(db, write=False)
        try:
            c = _get(store, cluster_id)
            events = store.load_events(cluster_id=c["cluster_id"])
            arts = {a.article_id: a for a in store.get_articles(
                ids=sorted({e.article_id for e in events}))}
            members = {e: (s, json.loads(x) if isinstance(x, str) else x)
                       for e, s, x in store.con.execute(
                           "SELECT event_id, score, evidence FROM cluster_members "
                           "WHERE cluster_id=?", [c["cluster_id"]]).fetchall()}
        finally:
            store.close()
        if as_json:
            c["members"] = [{**e.to_record(), "link_score": members.get(e.event_id, (None,))[0],
                             "link_evidence": members.get(e.event_id, (None, None))[1]}
                            for e in events]
            typer.echo(json.dumps(c, ensure_ascii=False, indent=2, default=str))
            return
        date = (c["date"] or {}).get("value") or "-"
        typer.echo(f"cluster {c['cluster_id']}  {c['event_type']}  {date}  "
                   f"{_short_entity(c['actor'])} -> {_short_entity(c['recipient'])}  "
                   f"at {_short_entity(c['location'])}")
        typer.echo(f"evidence class: {c['evidence_class']}   review: {c['review'] or '-'}   "
                   f"updated: {c['updated_at']}")
        typer.echo(f"independent sources ({c['n_sources']}): {', '.join(c['sources'] or [])}")
        typer.echo("")
        typer.echo("records:")
        for e in events:
            a = arts.get(e.article_id)
            outlet = (a.outlet or a.url or "") if a else ""
            score, ev = members.get(e.event_id, (None, None))
            typer.echo(f"- {e.event_id}  [{e.article_id}{' · ' + outlet if outlet else ''}"
                       f"{' · ' + a.published if a and a.published else ''}]"
                       f"  {e.event_type}  {e.date.value if e.date else '-'}")
            typer.echo(f"    \"{e.sentence.strip()}\"")
            if e.attribution:
                typer.echo(f"    attribution: {e.attribution}")
            if isinstance(ev, dict) and ev.get("linked_to"):
                feats = ", ".join(f"{k}={v:g}" for k, v in ev.get("features", {}).items() if v)
                typer.echo(f"    linked to {ev['linked_to']} score {score:.2f}: {feats}")
                if ev.get("conflicts"):
                    typer.echo(f"    conflicts: {', '.join(ev['conflicts'])}")
            elif isinstance(ev, dict) and ev.get("by"):
                typer.echo(f"    placed by {ev['by']}")
        if c["conflicts"]:
            typer.echo("")
            typer.echo("conflicting details between sources:")
            for x in c["conflicts"]:
                typer.echo(f"- {x['field']}: {x['values'][0]} ({x['article_ids'][0]}) vs "
                           f"{x['values'][1]} ({x['article_ids'][1]})")
        for item in c["evidence"] or []:
            if "sources" in item:
                typer.echo("")
                typer.echo("how sources were counted:")
                for s in item["sources"]:
                    typer.echo(f"- {s['article_id']}: {s['outlet']} counted as "
                               f"{s['counted_as']} ({s['why']})")
            elif "decision_id" in item:
                typer.echo(f"review decision {item['decision_id']}: {item['action']} "
                           f"({item.get('at')})")

    @clusters.command("merge")
    def merge(
        cluster_ids: list[str] = typer.Argument(..., help="two or more cluster ids"),
        db: str = typer.Option("sigact.duckdb", "--db", help=DB_HELP),
        note: Optional[str] = typer.Option(None, "--note", help="why (kept with the decision)"),
    ) -> None:
        """Merge clusters that describe the same event.  The decision is stored and
        replayed on every later run.

        Example: sigact clusters merge c1a2b3c4d5e6f70 c9f8e7d6c5b4a30 --note "same strike"
        """
        if len(cluster_ids) < 2:
            _err("merge needs at least two cluster ids")
            raise typer.Exit(2)
        store = _open(db, write=True)
        try:
            found = [_get(store, c) for c in cluster_ids]
            ids = sorted({e for c in found for e in c["event_ids"]})
            did = store.add_decision("merge", {"cluster_ids": [c["cluster_id"] for c in found],
                                               "event_ids": ids}, note)
            _apply(store)
            row = store.con.execute("SELECT cluster_id FROM cluster_members WHERE event_id=?",
                                    [ids[0]]).fetchone()
        finally:
            store.close()
        typer.echo(f"merged {len(found)} clusters ({len(ids)} records) into {row[0]} "
                   f"(decision {did})")

    @clusters.command("split")
    def split(
        cluster_id: str = typer.Argument(..., help="the cluster to split"),
        event_ids: list[str] = typer.Argument(..., help="event ids to move into a new cluster"),
        db: str = typer.Option("sigact.duckdb", "--db", help=DB_HELP),
        note: Optional[str] = typer.Option(None, "--note", help="why (kept with the decision)"),
    ) -> None:
        """Move records out of a cluster into a cluster of their own.  The decision is
        stored and replayed on every later run.

        Example: sigact clusters split c1a2b3c4d5e6f70 4f1e2d3c4b5a6978 --note "next day"
        """
        store = _open(db, write=True)
        try:
            c = _get(store, cluster_id)
            members = set(c["event_ids"])
            unknown = [e for e in event_ids if e not in members]
            if unknown:
                _err(f"not in cluster {c['cluster_id']}: {', '.join(unknown)}")
                raise typer.Exit(1)
            rest = sorted(members - set(event_ids))
            if not rest:
                _err("that would move every record: nothing to split")
                raise typer.Exit(1)
            did = store.add_decision("split", {"cluster_id": c["cluster_id"],
                                               "event_ids": sorted(set(event_ids)),
                                               "rest": rest}, note)
            _apply(store)
            new = store.con.execute("SELECT cluster_id FROM cluster_members WHERE event_id=?",
                                    [event_ids[0]]).fetchone()
            old = store.con.execute("SELECT cluster_id FROM cluster_members WHERE event_id=?",
                                    [rest[0]]).fetchone()
        finally:
            store.close()
        typer.echo(f"split {len(set(event_ids))} records into {new[0]}; "
                   f"{len(rest)} stay in {old[0]} (decision {did})")

    @clusters.command("confirm")
    def confirm(
        cluster_id: str = typer.Argument(..., help="the cluster to confirm"),
        db: str = typer.Option("sigact.duckdb", "--db", help=DB_HELP),
        note: Optional[str] = typer.Option(None, "--note", help="why (kept with the decision)"),
    ) -> None:
        """Confirm that a cluster's records are one event: they stay together on every
        later run, and the cluster is marked confirmed.

        Example: sigact clusters confirm c1a2b3c4d5e6f70 --note "checked against CENTCOM"
        """
        store = _open(db, write=True)
        try:
            c = _get(store, cluster_id)
            did = store.add_decision("confirm", {"cluster_id": c["cluster_id"],
                                                 "event_ids": c["event_ids"]}, note)
            _apply(store)
            row = store.con.execute("SELECT cluster_id FROM cluster_members WHERE event_id=?",
                                    [c["event_ids"][0]]).fetchone()
        finally:
            store.close()
        typer.echo(f"confirmed {row[0]} ({len(c['event_ids'])} records; decision {did})")
