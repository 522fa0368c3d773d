"""Readers: every input a user can bring, turned into raw items or clear per-item errors.

Inputs: plain text, HTML pages, JSON Lines, RSS/Atom feed files, folders (recursive) and
``-`` for stdin.  Bad input (binary, empty, over the size limit, undecodable, malformed
JSON line, HTML without text) yields an :class:`IngestError` for that item and the run
goes on.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

from charset_normalizer import from_bytes

from sigact.model import IngestError

TEXT_EXT = {".txt", ".text", ".md", ""}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson", ".json"}
FEED_EXT = {".rss", ".atom", ".xml"}
SKIP_NAMES = {".DS_Store", "Thumbs.db"}


@dataclass
class RawItem:
    source: str                      # "path" or "path:line" or "stdin"
    item_id: str                     # file stem / JSONL id / feed entry id
    kind: str                        # text | html
    content: str
    meta: dict[str, Any] = field(default_factory=dict)   # published, url, outlet, title, extra
    line: int | None = None


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.1f} kB"


def _decode(data: bytes, source: str) -> tuple[str, str]:
    """Text and the encoding it was read with; UTF-8 first, then a detected encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16"), "utf-16"
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ValueError("not valid UTF-8 and no other text encoding fits")
    return str(best), best.encoding


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    # control characters other than whitespace are rare in text of any encoding
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and ctrl / len(head) > 0.1


def sniff_kind(path: Path, text: str) -> str:
    ext = path.suffix.lower()
    head = text[:1000].lstrip().lower()
    if ext in FEED_EXT or (head.startswith("<?xml") and ("<rss" in head or "<feed" in head)) \
            or head.startswith(("<rss", "<feed")):
        return "feed"
    if ext in JSONL_EXT or (head.startswith("{") and ext not in HTML_EXT | {".txt"}):
        return "jsonl"
    if ext in HTML_EXT or head.startswith(("<!doctype html", "<html")):
        return "html"
    return "text"


def expand_paths(paths: Iterable[str]) -> Iterator[str | Path]:
    for p in paths:
        if p == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and f.name not in SKIP_NAMES and not f.name.startswith("."):
                    yield f
        else:
            yield path


def iter_items(paths: Iterable[str], *, max_bytes: int = 10_000_000,
               stdin: BinaryIO | None = None) -> Iterator[RawItem | IngestError]:
    for p in expand_paths(paths):
        if p == "-":
            stream = stdin or sys.stdin.buffer
            data = stream.read(max_bytes + 1)
            yield from _items_from_bytes(Path("stdin"), data, "stdin", max_bytes)
            continue
        path = Path(p)
        src = str(path)
        if not path.exists():
            yield IngestError(src, "no such file or folder")
            continue
        try:
            size = path.stat().st_size
            if size > max_bytes:
                yield IngestError(src, f"file is {_size(size)}, over the {_size(max_bytes)} "
                                       "limit (--max-bytes)")
                continue
            data = path.read_bytes()
        except OSError as exc:
            yield IngestError(src, f"cannot read: {exc.strerror or exc}")
            continue
        yield from _items_from_bytes(path, data, src, max_bytes)


def _items_from_bytes(path: Path, data: bytes, src: str,
                      max_bytes: int) -> Iterator[RawItem | IngestError]:
    if len(data) > max_bytes:
        yield IngestError(src, f"input is over the {_size(max_bytes)} limit (--max-bytes)")
        return
    if not data.strip():
        yield IngestError(src, "empty file")
        return
    if looks_binary(data):
        yield IngestError(src, "binary file, not text (PDF, image, archive?)")
        return
    try:
        text, encoding = _decode(data, src)
    except ValueError as exc:
        yield IngestError(src, str(exc))
        return
    kind = sniff_kind(path, text)
    stem = path.stem if src != "stdin" else "stdin"
    meta = {"encoding": encoding} if encoding != "utf-8" else {}
    if kind == "jsonl":
        yield from _jsonl_items(text, src, stem)
    elif kind == "feed":
        yield from _feed_items(data, src, stem)
    else:
        yield RawItem(src, stem, kind, text, meta)


def _jsonl_items(text: str, src: str, stem: str) -> Iterator[RawItem | IngestError]:
    stripped = text.strip()
    if stripped.startswith("["):        # a JSON array of items is accepted too
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as exc:
            yield IngestError(src, f"malformed JSON: {exc.msg} at line {exc.lineno}")
            return
        lines = [(i + 1, r) for i, r in enumerate(records)]
    else:
        lines = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                lines.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                # a line cut short (a crashed writer, a partial download) does not end its object
                what = "truncated" if not line.rstrip().endswith(("}", "]")) else "malformed"
                yield IngestError(src, f"{what} JSON line ({exc.msg})", line=n)
    for n, rec in lines:
        if not isinstance(rec, dict):
            yield IngestError(src, "a JSON Lines item must be an object", line=n)
            continue
        body = rec.get("text") or rec.get("html")
        if not isinstance(body, str) or not body.strip():
            yield IngestError(src, "no `text` or `html` field", line=n)
            continue
        meta = {k: rec.get(k) for k in ("published", "url", "outlet", "title") if rec.get(k)}
        extra = {k: v for k, v in rec.items()
                 if k not in {"id", "text", "html", "published", "url", "outlet", "title"}}
        if extra:
            meta["extra"] = extra
        item_id = str(rec["id"]) if rec.get("id") not in (None, "") else f"{stem}-{n}"
        yield RawItem(f"{src}:{n}", item_id, "html" if not rec.get("text") else "text",
                      body, meta, line=n)


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", value).strip("-")[:80]


def _feed_items(data: bytes, src: str, stem: str) -> Iterator[RawItem | IngestError]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        why = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        yield IngestError(src, f"feed has no items{why}")
        return
    outlet = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, 1):
        content = ""
        if entry.get("content"):
            content = entry.content[0].get("value", "")
        content = content or entry.get("summary", "")
        if not content.strip():
            yield IngestError(src, f"feed item {n} has no content", line=n)
            continue
        meta: dict[str, Any] = {}
        if entry.get("title"):
            meta["title"] = entry.title
        if entry.get("link"):
            meta["url"] = entry.link
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if parsed:
            meta["published"] = "%04d-%02d-%02dT%02d:%02d:%02d" % tuple(parsed[:6])
        if outlet:
            meta["outlet"] = outlet
        guid = entry.get("id") or entry.get("link") or ""
        item_id = _slug(guid.rsplit("/", 1)[-1]) if guid else ""
        item_id = item_id or f"{stem}-{n}"
        kind = "html" if "<" in content and ">" in content else "text"
        yield RawItem(f"{src}#{n}", item_id, kind, content, meta, line=n)
