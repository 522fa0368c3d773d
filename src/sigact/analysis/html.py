"""Self-contained HTML for the analysis views (inline CSS, inline JS, inline SVG; no
external assets), shared by ``sigact timeline --format html`` and the web page."""
from __future__ import annotations

import math
from html import escape
from typing import Any
from urllib.parse import quote, urlencode

from sigact.analysis.escalation import WEIGHTS
from sigact.model import EVENT_TYPES, STATUSES


def e(x: Any) -> str:
    return escape("" if x is None else str(x), quote=True)


CSS = """
:root{--fg:#1b1f24;--muted:#5b6470;--line:#d8dde3;--bg:#fff;--soft:#f4f6f8;--hot:#b42318;
--warm:#c4600c;--cool:#1d6f42;--acc:#1f5fae}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{background:#18222f;color:#fff;padding:.6rem 1rem;display:flex;gap:1.2rem;align-items:baseline;flex-wrap:wrap}
header h1{font-size:1.1rem;margin:0;letter-spacing:.02em}
header nav a{color:#c9d6e6;text-decoration:none;margin-right:.9rem}
header nav a.on,header nav a:hover{color:#fff;text-decoration:underline}
header .json{margin-left:auto;color:#c9d6e6;font-size:.85rem}
main{max-width:1100px;margin:0 auto;padding:1rem}
h2{font-size:1.15rem;margin:1.4rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
.muted{color:var(--muted)} .small{font-size:.85rem}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem .8rem;align-items:end;background:var(--soft);padding:.6rem .8rem;border-radius:6px}
form.filters label{display:flex;flex-direction:column;font-size:.78rem;color:var(--muted)}
form.filters input,form.filters select{font:inherit;font-size:.9rem;padding:.2rem .35rem;border:1px solid var(--line);border-radius:4px;min-width:7.5rem}
form.filters button{font:inherit;padding:.25rem .8rem;border-radius:4px;border:1px solid var(--acc);background:var(--acc);color:#fff;cursor:pointer}
form.filters a{font-size:.85rem}
.quick{margin:.6rem 0;display:flex;gap:.6rem;align-items:center}
.quick input{font:inherit;padding:.25rem .4rem;border:1px solid var(--line);border-radius:4px;width:18rem;max-width:100%}
ol.timeline{list-style:none;padding:0;margin:0;border-left:3px solid var(--line);margin-left:6.6rem}
li.entry{position:relative;padding:.45rem .2rem .45rem 1rem;border-bottom:1px solid var(--soft)}
li.entry::before{content:"";position:absolute;left:-.47rem;top:.85rem;width:.65rem;height:.65rem;border-radius:50%;background:var(--dot,#8a94a0);border:2px solid #fff}
.date{position:absolute;left:-7.3rem;top:.5rem;width:6.4rem;text-align:right;font:600 .85rem/1.2 ui-monospace,Menlo,Consolas,monospace;color:var(--fg)}
.date small{display:block;font-weight:400;color:var(--muted);font-size:.7rem}
.summary{font-weight:600}
.badge{display:inline-block;font-size:.72rem;font-weight:700;padding:.05rem .4rem;border-radius:3px;color:#fff;background:#6b7683;vertical-align:1px;margin-right:.3rem}
.meta{font-size:.8rem;color:var(--muted);margin-top:.15rem}
.meta .ev{padding:0 .3rem;border-radius:3px;background:var(--soft)}
.meta .ev.corroborated,.meta .ev.confirmed{background:#e3f2e8;color:var(--cool)}
details{margin-top:.25rem} summary{cursor:pointer;font-size:.82rem;color:var(--acc)}
details ul{margin:.3rem 0 .2rem;padding-left:1.1rem;font-size:.88rem}
details li{margin:.2rem 0}
mark{background:#ffe58a;padding:0 .1rem;border-radius:2px}
code{font-size:.82rem;background:var(--soft);padding:0 .25rem;border-radius:3px}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.4rem 0 1rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--soft);font-weight:600}
table.compact{width:auto;min-width:24rem}
th.n,td.n{text-align:right;font-variant-numeric:tabular-nums}
svg text{font:12px system-ui,sans-serif;fill:var(--fg)}
.net line{stroke-opacity:.65} .net g.node{cursor:pointer}
.net.focus line:not(.hi){stroke-opacity:.08} .net.focus g.node:not(.hi){opacity:.25}
.chart{margin:.3rem 0 1.2rem}
.trend-escalating{color:var(--hot);font-weight:700}.trend-de-escalating{color:var(--cool);font-weight:700}
dl.stats{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dl.stats dt{color:var(--muted)} dl.stats dd{margin:0}
.empty{padding:1rem;background:var(--soft);border-radius:6px}
@media (max-width:640px){ol.timeline{margin-left:0;border-left:0}.date{position:static;width:auto;text-align:left}li.entry{padding-left:.2rem}li.entry::before{display:none}}
"""

JS = """
(function(){
  var q=document.getElementById('quick');
  if(q){q.addEventListener('input',function(){
    var v=q.value.toLowerCase(), n=0;
    document.querySelectorAll('li.entry').forEach(function(li){
      var ok=!v||li.textContent.toLowerCase().indexOf(v)>=0; li.style.display=ok?'':'none'; if(ok)n++;});
    var c=document.getElementById('quick-count'); if(c)c.textContent=n+' shown';});}
  var t=document.getElementById('toggle-all');
  if(t){t.addEventListener('click',function(){
    var ds=document.querySelectorAll('li.entry details'), open=!(ds[0]&&ds[0].open);
    ds.forEach(function(d){d.open=open;}); t.textContent=open?'collapse all':'expand all';});}
  document.querySelectorAll('svg.net').forEach(function(svg){
    svg.querySelectorAll('g.node').forEach(function(g){
      g.addEventListener('mouseenter',function(){
        var id=g.getAttribute('data-id'); svg.classList.add('focus'); g.classList.add('hi');
        svg.querySelectorAll('line').forEach(function(l){
          if(l.getAttribute('data-s')===id||l.getAttribute('data-t')===id){l.classList.add('hi');
            [l.getAttribute('data-s'),l.getAttribute('data-t')].forEach(function(o){
              var n=svg.querySelector('g.node[data-id="'+o+'"]'); if(n)n.classList.add('hi');});}});});
      g.addEventListener('mouseleave',function(){svg.classList.remove('focus');
        svg.querySelectorAll('.hi').forEach(function(x){x.classList.remove('hi');});});});});
})();
"""

NAV = [("/", "Timeline"), ("/network", "Network"), ("/posture", "Posture"),
       ("/escalation", "Escalation"), ("/stats", "Stats"), ("/api", "API")]


def type_color(t: str | None) -> str:
    w = WEIGHTS.get(t or "", 0)
    if w >= 9:
        return "#b42318"
    if w >= 6:
        return "#d4461c"
    if w >= 4:
        return "#c4600c"
    if w > 0:
        return "#8a6d1d"
    if w == 0:
        return "#6b7683"
    return "#1d6f42"


def page(title: str, body: str, *, nav: bool = True, active: str | None = None,
         json_url: str | None = None) -> str:
    links = ""
    if nav:
        links = "<nav>" + "".join(
            f'<a href="{href}"{" class=on" if href == active else ""}>{e(label)}</a>'
            for href, label in NAV) + "</nav>"
    js = f'<a class="json" href="{e(json_url)}">this view as JSON</a>' if json_url else ""
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{e(title)}</title><style>{CSS}</style></head><body>"
            f"<header><h1>sigact</h1>{links}{js}</header><main>{body}</main>"
            f"<script>{JS}</script></body></html>\n")


# -- timeline --------------------------------------------------------------------------
def _sentence_html(s: Any) -> str:
    text = s.sentence
    if s.trigger_offsets:
        a, b = s.trigger_offsets
        return f"{e(text[:a])}<mark>{e(text[a:b])}</mark>{e(text[b:])}"
    return e(text)


def filter_form(action: str, filters: dict[str, Any], fields: list[str]) -> str:
    labels = {"actor": "actor", "recipient": "recipient", "dyad": "dyad (A-B)",
              "type": "type", "place": "place", "since": "since", "until": "until",
              "changed_since": "changed since", "status": "status", "period": "period",
              "level": "level"}
    parts = [f'<form class="filters" method="get" action="{e(action)}">']
    for f in fields:
        v = filters.get(f) or ""
        if f == "type":
            opts = "".join(f'<option{" selected" if v == t else ""}>{t}</option>'
                           for t in EVENT_TYPES)
            ctl = f'<select name="type"><option value="">any</option>{opts}</select>'
            if v and v not in EVENT_TYPES:
                ctl = f'<input name="type" value="{e(v)}">'
        elif f == "status":
            opts = "".join(f'<option{" selected" if v == s else ""}>{s}</option>'
                           for s in STATUSES)
            ctl = f'<select name="status"><option value="">any</option>{opts}</select>'
        elif f == "period":
            opts = "".join(f'<option{" selected" if (v or "month") == p else ""}>{p}</option>'
                           for p in ("month", "week"))
            ctl = f'<select name="period">{opts}</select>'
        elif f == "level":
            opts = "".join(f'<option{" selected" if v == p else ""}>{p}</option>'
                           for p in ("entity", "country"))
            ctl = f'<select name="level">{opts}</select>'
        else:
            ph = {"dyad": "e.g. USA-IRN", "since": "e.g. 2020-11", "until": "e.g. 2021",
                  "changed_since": "e.g. 2026-01-01", "actor": "e.g. Iran",
                  "place": "e.g. Baghdad"}.get(f, "")
            ctl = f'<input name="{f}" value="{e(v)}" placeholder="{ph}">'
        parts.append(f"<label>{labels.get(f, f)}{ctl}</label>")
    parts.append(f'<button type="submit">apply</button> <a href="{e(action)}">clear</a></form>')
    return "".join(parts)


TIMELINE_FIELDS = ["actor", "dyad", "type", "place", "since", "until", "changed_since",
                   "status"]


def timeline_section(entries: list[Any], *, filters: dict[str, Any], form: bool = True,
                     article_link: str | None = None, action: str = "/",
                     total: int | None = None, offset: int = 0) -> str:
    out = ["<h2>Timeline</h2>"]
    if form:
        out.append(filter_form(action, filters, TIMELINE_FIELDS))
    active = {k: v for k, v in filters.items() if v}
    if active and not form:
        out.append('<p class="muted small">filters: ' + e(", ".join(
            f"{k}={v}" for k, v in active.items())) + "</p>")
    if not entries:
        out.append('<p class="empty">No events match.</p>')
        return "".join(out)
    out.append(f'<div class="quick"><input id="quick" type="search" placeholder="type to '
               f'narrow the list…" aria-label="quick filter"><span id="quick-count" '
               f'class="muted small">{len(entries)} event(s)</span> <button id="toggle-all" '
               f'type="button">expand all</button></div>')
    if total is not None and total > len(entries):
        nxt = offset + len(entries)
        link = action + query_string({**filters, "offset": nxt, "limit": len(entries)})
        more = (f' <a href="{e(link)}">next {min(len(entries), total - nxt)} →</a>'
                if nxt < total else "")
        out.append(f'<p class="muted small">Showing {offset + 1}–{nxt} of {total} events; '
                   f"narrow with the filters above, or get them all as JSON.{more}</p>")
    out.append('<ol class="timeline">')
    for t in entries:
        prec = (t.date or {}).get("precision") or ""
        approx = t.date_display.startswith("~")
        note = prec + (", from publication" if approx else "") if t.date else ""
        color = type_color(t.type)
        sents = []
        for s in t.sentences:
            where = e(s.article_id)
            if article_link:
                where = f'<a href="{e(article_link + quote(s.article_id, safe=""))}">{where}</a>'
            src = " · ".join(e(x) for x in (s.outlet, s.published) if x)
            sents.append(f'<li><span class="muted small">{where} <code>[{s.span[0]}:'
                         f'{s.span[1]}]</code> {src}</span><br>{_sentence_html(s)}</li>')
        ev_cls = e(t.evidence_class.replace(" ", "-"))
        review = f' · review: {e(t.review)}' if t.review else ""
        conflicts = (f' · <span title="{e(t.conflicts)}">{len(t.conflicts)} conflict(s)'
                     f'</span>' if t.conflicts else "")
        out.append(
            f'<li class="entry" id="c-{e(t.cluster_id)}" data-type="{e(t.type)}" '
            f'style="--dot:{color}"><div class="date">'
            f'{e(t.date_display).replace("..", "<br>..")}'
            f'<small>{e(note)}</small></div>'
            f'<span class="badge" style="background:{color}">{e(t.type)}</span>'
            f'<span class="summary">{e(t.summary)}</span>'
            f'<div class="meta">{t.n_sources} source{"s" if t.n_sources != 1 else ""}'
            f'{" (" + e(", ".join(t.sources)) + ")" if t.sources else ""} · '
            f'<span class="ev {ev_cls}">{e(t.evidence_class)}</span> · {e(t.status)}'
            f'{review}{conflicts} · <code>{e(t.cluster_id)}</code></div>'
            f'<details><summary>{len(t.sentences)} supporting sentence'
            f'{"s" if len(t.sentences) != 1 else ""}</summary><ul>{"".join(sents)}</ul>'
            f'</details></li>')
    out.append("</ol>")
    out.append('<p class="muted small">Dates show their precision; "~" marks a date taken '
               "from the publication date rather than the text. Sources count independent "
               "outlets.</p>")
    return "".join(out)


# -- network ---------------------------------------------------------------------------
def network_svg(net: dict[str, Any], width: int = 900, max_nodes: int = 30) -> str:
    """Elliptical layout (deterministic, readable for the few tens of actors a query
    returns); beyond ``max_nodes`` only the most active actors are drawn (the table under
    the drawing lists every link)."""
    nodes = net["nodes"][:max_nodes]
    keep = {nd["id"] for nd in nodes}
    edges = [ed for ed in net["edges"] if ed["source"] in keep and ed["target"] in keep]
    if not nodes:
        return '<p class="empty">No actors match.</p>'
    n = len(nodes)
    height = int(max(360, min(760, 26 * n)))
    cx, cy = width / 2, height / 2
    rx, ry = (width / 2 - 190, height / 2 - 40) if n > 1 else (0, 0)
    # spread the most active actors around the ellipse (so that the links between them
    # are visible chords, not overlapping neighbours): rank i goes to slot i*step mod n
    step = max(1, round(n * 0.382))
    while n > 1 and math.gcd(step, n) != 1:
        step += 1
    pos = {}
    for i, nd in enumerate(nodes):
        a = 2 * math.pi * ((i * step) % n) / n - math.pi / 2
        pos[nd["id"]] = (cx + rx * math.cos(a), cy + ry * math.sin(a))
    spacing = (math.pi * (rx + ry) / n) if n > 1 else 60
    big = max(4.0, min(22.0, spacing * 0.42 - 2))
    small = min(6.0, big)
    maxc = max([ed["count"] for ed in edges] + [1])
    maxn = max([nd["events"] for nd in nodes] + [1])
    parts = [f'<svg class="net" viewBox="0 0 {width} {height}" width="100%" '
             f'style="max-width:{width}px" role="img" aria-label="actor network">'
             '<defs>' + "".join(
                 f'<marker id="arr{i}" viewBox="0 0 10 10" refX="10" refY="5" '
                 f'markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" '
                 f'orient="auto-start-reverse">'
                 f'<path d="M0,0L10,5L0,10z" fill="{c}"/></marker>'
                 for i, c in enumerate(("#b42318", "#c4600c", "#6b7683", "#1d6f42")))
             + '</defs>']
    pairs = {(ed["source"], ed["target"]) for ed in edges}
    for ed in edges:
        (x1, y1), (x2, y2) = pos[ed["source"]], pos[ed["target"]]
        dx, dy = x2 - x1, y2 - y1
        d = math.hypot(dx, dy) or 1
        ux, uy = dx / d, dy / d
        off = 5 if (ed["target"], ed["source"]) in pairs else 0   # two-way: side by side
        ox, oy = -uy * off, ux * off
        rt = small + (big - small) * math.sqrt(next(
            nd["events"] for nd in nodes if nd["id"] == ed["target"]) / maxn)
        rs = small + (big - small) * math.sqrt(next(
            nd["events"] for nd in nodes if nd["id"] == ed["source"]) / maxn)
        avg = ed["weight"] / max(ed["count"], 1)
        k = 0 if avg >= 8 else 1 if avg > 0 else 2 if avg == 0 else 3
        color = ("#b42318", "#c4600c", "#6b7683", "#1d6f42")[k]
        w = 1.2 + 4 * ed["count"] / maxc
        types = ", ".join(f"{t} {c}" for t, c in ed["by_type"].items())
        parts.append(
            f'<line x1="{x1 + ux * rs + ox:.1f}" y1="{y1 + uy * rs + oy:.1f}" '
            f'x2="{x2 - ux * (rt + 2) + ox:.1f}" y2="{y2 - uy * (rt + 2) + oy:.1f}" '
            f'stroke="{color}" stroke-width="{w:.1f}" marker-end="url(#arr{k})" '
            f'data-s="{e(ed["source"])}" data-t="{e(ed["target"])}"><title>'
            f'{e(ed["count"])} event(s): {e(types)}</title></line>')
    for nd in nodes:
        x, y = pos[nd["id"]]
        rad = small + (big - small) * math.sqrt(nd["events"] / maxn)
        anchor = "start" if x > cx + 1 else "end" if x < cx - 1 else "middle"
        lx = x + (rad + 4) * (1 if anchor == "start" else -1 if anchor == "end" else 0)
        ly = y + (4 if anchor != "middle" else (-rad - 5 if y < cy else rad + 13))
        label = nd["label"] if len(nd["label"]) <= 28 else nd["label"][:26] + "…"
        parts.append(
            f'<g class="node" data-id="{e(nd["id"])}"><circle cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{rad:.1f}" fill="#1f5fae" fill-opacity=".85" stroke="#fff" stroke-width="2">'
            f'<title>{e(nd["label"])}: actor in {nd["as_actor"]}, target in '
            f'{nd["as_recipient"]}</title></circle><text x="{lx:.1f}" y="{ly:.1f}" '
            f'text-anchor="{anchor}">{e(label)}</text></g>')
    parts.append("</svg>")
    if len(net["nodes"]) > n:
        parts.append(f'<p class="muted small">Drawing the {n} most active of '
                     f'{len(net["nodes"])} actors; the table lists every link.</p>')
    return "".join(parts)


def network_section(net: dict[str, Any], *, filters: dict[str, Any], form: bool = True,
                    action: str = "/network") -> str:
    out = ["<h2>Actor network</h2>"]
    if form:
        out.append(filter_form(action, {**filters, "level": net["level"]},
                               ["actor", "dyad", "type", "place", "since", "until", "level"]))
    out.append(f'<p class="muted small">{net["n_nodes"]} actors, {net["n_edges"]} links from '
               f'{net["n_events"]} event(s). Arrows go actor → recipient; width = number of '
               "events; colour = mean intensity (red hostile … green cooperative). Hover a "
               "node.</p>")
    out.append(network_svg(net))
    if net["edges"]:
        labels = {n["id"]: n["label"] for n in net["nodes"]}
        out.append("<table><tr><th>actor → recipient</th><th>events</th><th>by type</th>"
                   "<th>first</th><th>last</th></tr>")
        for ed in net["edges"]:
            out.append(f'<tr><td>{e(labels[ed["source"]])} → {e(labels[ed["target"]])}</td>'
                       f'<td class="n">{ed["count"]}</td><td>'
                       + e(", ".join(f"{t} {c}" for t, c in ed["by_type"].items()))
                       + f'</td><td>{e((ed["first"] or "").replace("/", ".."))}</td>'
                       f'<td>{e((ed["last"] or "").replace("/", ".."))}'
                       "</td></tr>")
        out.append("</table>")
    return "".join(out)


# -- posture ---------------------------------------------------------------------------
def posture_section(p: dict[str, Any], *, filters: dict[str, Any], form: bool = True,
                    action: str = "/posture") -> str:
    out = ["<h2>Force posture</h2>"]
    if form:
        out.append(filter_form(action, filters, ["actor", "dyad", "type", "place", "since",
                                                 "until"]))
    if not p["assets"]:
        out.append('<p class="empty">No asset movements match (posture reads MOBILIZE '
                   "events that name assets).</p>")
        return "".join(out)
    out.append(f'<p class="muted small">{p["n_observations"]} sighting(s) of assets in '
               f'{p["n_events"]} event(s); each real-world event counts once.</p>')
    out.append("<table><tr><th>asset</th><th>category</th><th>operator</th>"
               "<th>count (date, location)</th></tr>")
    for a in p["assets"]:
        obs = ", ".join(
            f'{e(o["count"] if o["count"] is not None else "?")} '
            f'({e(", ".join(x for x in (o["date_display"], o["location"]) if x))})'
            for o in a["observations"])
        out.append(f'<tr><td><b title="{e(a["asset_name"])}">{e(a["asset"])}</b></td>'
                   f'<td>{e(a["category"])}</td><td>{e(", ".join(a["operators"]))}</td>'
                   f"<td>{obs}</td></tr>")
    out.append("</table>")
    for title, key in (("By category", "by_category"), ("By operator", "by_operator"),
                       ("By location", "by_location")):
        months = sorted({m for row in p[key].values() for m in row})
        out.append(f'<h3 class=small>{title} and month</h3><table class="compact"><tr><th>'
                   f'{e(title[3:])}</th>' + "".join(f'<th class="n">{e(m)}</th>'
                                                     for m in months) + "</tr>")
        for k, row in p[key].items():
            out.append(f"<tr><td>{e(k)}</td>" + "".join(
                f'<td class="n">{row.get(m, "")}</td>' for m in months) + "</tr>")
        out.append("</table>")
    return "".join(out)


# -- escalation ------------------------------------------------------------------------
def escalation_chart(d: dict[str, Any], width: int = 760, height: int = 170) -> str:
    series = d["series"]
    vals = [c["index"] for c in series]
    hi, lo = max(vals + [1]), min(vals + [0])
    pad_l, pad_b, pad_t = 36, 34, 12
    ih = height - pad_b - pad_t
    n = len(series)
    bw = (width - pad_l - 8) / max(n, 1)
    y0 = pad_t + ih * hi / (hi - lo)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" '
             f'style="max-width:{width}px" role="img" aria-label="escalation index of '
             f'{e(d["dyad"])}">',
             f'<line x1="{pad_l}" x2="{width - 4}" y1="{y0:.1f}" y2="{y0:.1f}" stroke="#8a94a0"/>',
             f'<text x="{pad_l - 4}" y="{pad_t + 8}" text-anchor="end">{hi:g}</text>',
             f'<text x="{pad_l - 4}" y="{y0 + 4:.1f}" text-anchor="end">0</text>']
    if lo < 0:
        parts.append(f'<text x="{pad_l - 4}" y="{pad_t + ih:.1f}" text-anchor="end">{lo:g}'
                     "</text>")
    step = max(1, math.ceil(n / 12))
    for i, c in enumerate(series):
        v = c["index"]
        h = ih * abs(v) / (hi - lo)
        x = pad_l + i * bw + bw * 0.12
        y = y0 - h if v >= 0 else y0
        color = "#b42318" if v > 0 else "#1d6f42"
        types = ", ".join(f"{t} {k}" for t, k in c["by_type"].items()) or "no events"
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bw * 0.76:.1f}" '
                     f'height="{max(h, 0.5):.1f}" fill="{color}"><title>{e(c["period"])}: '
                     f'index {v:g}, {c["events"]} event(s): {e(types)}</title></rect>')
        if i % step == 0:
            parts.append(f'<text x="{x + bw * 0.38:.1f}" y="{height - pad_b + 14}" '
                         f'text-anchor="middle">{e(c["period"])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def escalation_section(esc: dict[str, Any], *, filters: dict[str, Any], form: bool = True,
                       action: str = "/escalation") -> str:
    out = ["<h2>Escalation</h2>"]
    if form:
        out.append(filter_form(action, {**filters, "period": esc["period"],
                                        "level": esc["level"]},
                               ["actor", "dyad", "type", "place", "since", "until", "period",
                                "level"]))
    scale = ", ".join(f"{t} {w:g}" for t, w in esc["weights"].items())
    out.append(f'<p class="muted small">Index per {e(esc["period"])} = sum of event '
               f"intensity × status factor (occurred 1, planned/expected/threatened 0.5, "
               f"denied/hypothetical 0.25). Intensity: {e(scale)}. Trend = least-squares "
               "slope per period.</p>")
    if not esc["dyads"]:
        out.append('<p class="empty">No dyads (events with both an actor and a recipient) '
                   "match.</p>")
        return "".join(out)
    out.append("<table><tr><th>dyad</th><th>events</th><th>total</th><th>peak</th>"
               "<th>last</th><th>slope</th><th>trend</th></tr>")
    for d in esc["dyads"]:
        out.append(f'<tr><td><a href="#d-{e(d["dyad"])}">{e(d["dyad"])}</a></td>'
                   f'<td class="n">{d["events"]}</td><td class="n">{d["total_index"]:g}</td>'
                   f'<td>{d["peak"]:g} ({e(d["peak_period"])})</td>'
                   f'<td class="n">{d["last"]:g}</td><td class="n">{d["slope"]:g}</td>'
                   f'<td class="trend-{e(d["trend"])}">{e(d["trend"])}</td></tr>')
    out.append("</table>")
    for d in esc["dyads"][:12]:
        out.append(f'<h3 class="small" id="d-{e(d["dyad"])}">{e(d["dyad"])} — '
                   f'<span class="trend-{e(d["trend"])}">{e(d["trend"])}</span></h3>')
        out.append(escalation_chart(d))
    sk = esc["skipped"]
    out.append(f'<p class="muted small">Left out: {sk["no_dyad"]} event(s) without both '
               f'an actor and a recipient, {sk["undated"]} undated.</p>')
    return "".join(out)


# -- stats -----------------------------------------------------------------------------
def stats_section(stats: dict[str, Any]) -> str:
    out = ["<h2>Store</h2><dl class=stats>"]
    for k, v in stats.items():
        if isinstance(v, dict):
            v = ", ".join(f"{a}: {b}" for a, b in v.items()) or "—"
        out.append(f"<dt>{e(k.replace('_', ' '))}</dt><dd>{e(v)}</dd>")
    out.append("</dl>")
    return "".join(out)


def query_string(params: dict[str, Any]) -> str:
    q = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"?{q}" if q else ""


# -- article ---------------------------------------------------------------------------
def article_section(a: dict[str, Any]) -> str:
    """An article's cleaned text with each event's sentence underlined and trigger marked."""
    text = a.get("text") or ""
    marks: list[tuple[int, int, str, str]] = []       # (start, end, kind, title)
    for ev in a.get("events", []):
        s0, s1 = ev["span"]
        marks.append((s0, s1, "sent", f'{ev["event_type"]} {ev.get("event_id")}'))
        if ev.get("trigger_span"):
            t0, t1 = ev["trigger_span"]
            marks.append((t0, t1, "trig", ev["event_type"]))
    # boundaries → segments, each wrapped in the marks covering it
    cuts = sorted({0, len(text), *[m[0] for m in marks], *[m[1] for m in marks]})
    body = []
    for i in range(len(cuts) - 1):
        a0, a1 = cuts[i], cuts[i + 1]
        seg = e(text[a0:a1])
        cover = [m for m in marks if m[0] <= a0 and a1 <= m[1]]
        if any(m[2] == "trig" for m in cover):
            seg = f"<mark>{seg}</mark>"
        sent = [m for m in cover if m[2] == "sent"]
        if sent:
            seg = (f'<span style="background:#eef4fb;border-bottom:2px solid #1f5fae" '
                   f'title="{e(sent[0][3])}">{seg}</span>')
        body.append(seg)
    meta = " · ".join(e(x) for x in (a.get("outlet"), a.get("published"), a.get("url"))
                      if x)
    out = [f'<h2>{e(a.get("title") or a.get("article_id"))}</h2>',
           f'<p class="muted small"><code>{e(a.get("article_id"))}</code> · {meta} · '
           f'{len(a.get("events", []))} event(s) · {len(a.get("quotes", []))} quote(s)</p>',
           '<div style="white-space:pre-wrap;max-width:46rem;line-height:1.6">'
           + "".join(body) + "</div>"]
    if a.get("events"):
        out.append("<h2>Events</h2><table><tr><th>type</th><th>date</th><th>actor</th>"
                   "<th>recipient</th><th>status</th><th>cluster</th></tr>")
        for ev in a["events"]:
            d = ev.get("date") or {}
            out.append(f'<tr><td>{e(ev["event_type"])}</td><td>{e(d.get("value") or "")}</td>'
                       f'<td>{e((ev.get("actor") or {}).get("name") or "")}</td>'
                       f'<td>{e((ev.get("recipient") or {}).get("name") or "")}</td>'
                       f'<td>{e(ev.get("status"))}</td>'
                       f'<td><a href="/#c-{e(ev.get("cluster_id"))}">'
                       f'<code>{e(ev.get("cluster_id"))}</code></a></td></tr>')
        out.append("</table>")
    return "".join(out)
