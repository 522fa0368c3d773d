"""Publication date and outlet from the text itself, and inferred from link targets.

Real copy states them in many ways: ``date 2024-11-02``, ``by Zero Hedge Thu, 12/10/2020 –
09:25``, ``Published: 10 December 2020``, ``Updated Oct. 2, 2024 6:40 a.m. ET``.  Only the
head of the article is searched (a dateline is at the top), and an all-numeric date is
disambiguated (month/day vs day/month) by the weekday when one is given.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from dateutil import parser as dateparser

from sigact.knowledge.outlets import canonical_outlet, host_of, known_outlet, outlet_for_url

HEAD_CHARS = 400

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?,?"
_DATE = (
    rf"(?:\d{{1,2}}\.\d{{1,2}}\.\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"
    rf"|(?:{_WEEKDAY}\s*)?\d{{1,2}}/\d{{1,2}}/\d{{4}}"
    rf"|(?:{_WEEKDAY}\s*)?{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}"
    rf"|(?:{_WEEKDAY}\s*)?\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})"
)
# a cue that the date that follows is the article's own
_CUE = re.compile(
    rf"(?:^|\n|\s)(?P<cue>date|dated|published(?: on)?|updated(?: on)?|posted(?: on)?|"
    rf"first published|last updated)\s*:?\s*(?P<date>{_DATE})", re.I)
_SEP = r"[|,–—·/-]"
_BYLINE = re.compile(
    rf"(?:^|\n)\s*(?:by\s+)?(?P<outlet>[A-Z][\w.&'() -]{{1,50}}?)\s*{_SEP}?\s*"
    rf"(?:(?:published|updated|posted)\s*:?\s*)?(?P<date>{_DATE})", re.I)
_BARE = re.compile(rf"(?:^|\n)\s*(?P<date>{_DATE})\s*(?:$|\n|[|–—-])")
_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})/(\d{1,2})/(\d{1,2})/")
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


@dataclass
class Found:
    value: str                  # ISO date (or date-time)
    source: str                 # text | inferred
    evidence: str               # the words it was read from


def parse_date(raw: str) -> str | None:
    """ISO date of a dateline's date; None if it is not a real date."""
    raw = raw.strip().rstrip(",")
    dotted = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", raw)
    if dotted:                      # 28.11.2020: day first, as everywhere dots are used
        try:
            return date(int(dotted.group(3)), int(dotted.group(2)), int(dotted.group(1))).isoformat()
        except ValueError:
            return None
    wd = re.match(r"([A-Za-z]{3})[a-z]*\.?,?\s*", raw)
    weekday = _WEEKDAYS.get(wd.group(1).lower()) if wd else None
    body = raw[wd.end():] if wd and weekday is not None else raw
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", body.strip())
    try:
        if m:
            a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            options = []
            for mo, d in ((a, b), (b, a)):          # US order first
                try:
                    options.append(date(y, mo, d))
                except ValueError:
                    pass
            if not options:
                return None
            if weekday is not None:
                matching = [o for o in options if o.weekday() == weekday]
                options = matching or options
            return options[0].isoformat()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", body.strip()):
            return date.fromisoformat(body.strip()).isoformat()
        dt = dateparser.parse(body, fuzzy=False, default=datetime(1900, 1, 1))
    except (ValueError, OverflowError):
        return None
    if dt.year == 1900:
        return None
    if re.search(r"\d{1,2}:\d{2}", body) and "T" in body:
        return dt.isoformat()
    return dt.date().isoformat()


def date_from_text(text: str) -> Found | None:
    head = text[:HEAD_CHARS]
    for rx in (_CUE, _BYLINE, _BARE):
        m = rx.search(head)
        if m:
            value = parse_date(m.group("date"))
            if value:
                return Found(value, "text", m.group(0).strip())
    return None


# Words that outlet names are made of; a short Title Case line carrying one of them, next
# to the dateline, names the publisher ("Frontier Security Dispatch", "Desk Review").
_OUTLET_WORDS = {
    "news", "wire", "daily", "times", "post", "monitor", "review", "report", "bulletin",
    "dispatch", "ledger", "observer", "journal", "herald", "agency", "press", "service",
    "notes", "tv", "radio", "network", "media", "gazette", "tribune", "chronicle",
    "telegraph", "examiner", "hedge", "insider", "magazine", "digest", "weekly", "online",
    "today", "sentinel", "courier", "standard", "star", "express", "mirror", "bureau",
}
_BY = re.compile(r"^by\s+(?:the\s+)?(?P<name>.+?)(?:\s+(?:staff|desk|newsroom|team|"
                 r"correspondents?|reporters?|editors?))?\s*$", re.I)


def _outlet_like(name: str) -> str | None:
    name = re.sub(r"\((?:syndicated|wire|agency|staff)\)", "", name, flags=re.I)
    name = name.strip(" |,-–—·/:")
    words = name.split()
    if not words or len(words) > 6 or not name[0].isupper():
        return None
    known = known_outlet(name)
    if known:
        return known
    if any(re.sub(r"['’]s$", "", w.lower().strip(".,")) in _OUTLET_WORDS for w in words) and all(
            w[0].isupper() or w in {"&", "and", "of", "the"} for w in words):
        return name
    return None


def outlet_from_text(text: str) -> str | None:
    """The publisher named in the head of pasted copy: a byline next to the date ("by Zero
    Hedge Thu, 12/10/2020"), a "By the X desk" line, or an outlet-like line beside the
    dateline.  Person bylines ("By Jane Doe") are not outlets and are left alone."""
    head = text[:HEAD_CHARS]
    m = _BYLINE.search(head)
    if m:
        raw = re.sub(r"^(?:by|from)\s+(?:the\s+)?", "", m.group("outlet").strip(), flags=re.I)
        raw = re.sub(r"\s+(?:staff|desk|newsroom)$", "", raw, flags=re.I).strip(" |,-–—·/")
        if raw and raw.lower() not in {"published", "updated", "posted", "date", "dated"}:
            name = _outlet_like(raw) or (canonical_outlet(raw) if len(raw.split()) <= 4 else None)
            if name:
                return name
    lines = [ln.strip() for ln in head.split("\n") if ln.strip()][:6]
    date_line = next((i for i, ln in enumerate(lines) if date_from_text(ln)), None)
    for i, ln in enumerate(lines):
        by = _BY.match(ln.split("|")[0].strip())
        if by:
            name = _outlet_like(by.group("name"))
            if name:
                return name
        if date_line is not None and abs(i - date_line) == 1 and i > 0:
            name = _outlet_like(ln)
            if name:
                return name
    return None


_PLUG = re.compile(r"(?:read|see) (?:more|the full story|the original)(?: stories)? (?:from|at|on) "
                   r"(?:the )?([A-Z][\w.&' -]{2,40}?)\s*(?:$|\n|[.!])", re.I)


def outlet_from_plug(text: str) -> str | None:
    """Syndicated copy often ends with its source's plug ("CLICK HERE TO READ MORE FROM
    THE WASHINGTON EXAMINER"); only known outlets are taken."""
    for m in _PLUG.finditer(text):
        name = known_outlet(m.group(1))
        if name:
            return name
    return None


def date_from_links(links: list[dict[str, str]]) -> Found | None:
    """An article is published no earlier than the newest dated page it links to: a
    lower bound that is usually the day itself for live coverage.  Reported as
    ``inferred``, never as fact."""
    dates = []
    for link in links:
        m = _URL_DATE.search(link.get("href") or "")
        if m:
            try:
                dates.append(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
            except ValueError:
                continue
    if not dates:
        return None
    newest = max(dates)
    return Found(newest.isoformat(), "inferred", f"newest dated link target ({len(dates)} links)")


def outlet_from_links(links: list[dict[str, str]]) -> tuple[str | None, str | None]:
    """(outlet name, host) of the host most of an article's links point to — pasted copy
    links mostly to its own site."""
    hosts = Counter(h for h in (host_of(link.get("href")) for link in links) if h)
    if not hosts:
        return None, None
    host, n = hosts.most_common(1)[0]
    if n < 2 and len(hosts) > 1:
        return None, None
    return outlet_for_url("https://" + host), host
