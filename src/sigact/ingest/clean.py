"""Cleaning: from whatever came in (HTML page, text with HTML fragments, feed content) to
the cleaned text whose SHA-256 is the article's identity and into which every offset
points.  Cleaning is deterministic, so the same input always gives the same id."""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree

# A real tag of HTML, not "<3" or "a < b": only these mark pasted HTML fragments.
_TAG = re.compile(r"</?(a|b|i|em|strong|p|br|span|div|u|sup|sub|h[1-6]|li|ul|ol|blockquote|img|"
                  r"figure|figcaption|iframe|script|style)\b[^>]*>", re.I)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
               "figure", "figcaption", "ul", "ol"}
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


@dataclass
class Cleaned:
    text: str
    links: list[dict[str, str]] = field(default_factory=list)   # [{"href", "text"}]
    meta: dict[str, Any] = field(default_factory=dict)          # title, date, sitename, url


class NoTextError(ValueError):
    pass


def normalize_whitespace(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"[ \t\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def has_html_fragments(text: str) -> bool:
    return bool(_TAG.search(text))


def strip_fragments(text: str) -> Cleaned:
    """Plain text that carries pasted HTML (`<a href=…>Iran</a>`): keep the words, drop the
    markup, and keep the link targets as metadata (their dates and hosts are evidence of
    the article's own outlet and date)."""
    try:
        root = lxml.html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError):
        return Cleaned(normalize_whitespace(_TAG.sub(" ", html.unescape(text))))
    links = [{"href": a.get("href", ""), "text": normalize_whitespace(a.text_content())}
             for a in root.iter("a") if a.get("href")]
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    return Cleaned(normalize_whitespace(root.text_content()), links)


def clean_text(text: str) -> Cleaned:
    if has_html_fragments(text):
        return strip_fragments(text)
    return Cleaned(normalize_whitespace(html.unescape(text) if "&" in text and ";" in text
                                        else text))


def html_page(page: str, url: str | None = None) -> Cleaned:
    """A full HTML page: boilerplate removal and metadata by trafilatura."""
    import trafilatura

    links = []
    try:
        tree = lxml.html.fromstring(page)
        links = [{"href": a.get("href"), "text": normalize_whitespace(a.text_content())}
                 for a in tree.iter("a") if a.get("href")]
    except (etree.ParserError, ValueError):
        tree = None
    doc = trafilatura.bare_extraction(
        page, url=url, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True,
        # metadata dates only: a date guessed from the body is not the page's own metadata
        date_extraction_params={"extensive_search": False, "original_date": True})
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip() and tree is not None:
        # trafilatura found no main text (very short or odd page): fall back to the body
        body = tree.find(".//body")
        text = (body if body is not None else tree).text_content()
    text = normalize_whitespace(text)
    if not text:
        raise NoTextError("no article text found in the HTML")
    meta = {}
    if doc is not None:
        for key in ("title", "date", "sitename", "url", "author", "hostname"):
            val = getattr(doc, key, None)
            if val:
                meta[key] = val
    return Cleaned(text, links, meta)
