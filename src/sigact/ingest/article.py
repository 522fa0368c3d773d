"""From a raw item to an :class:`Article`: clean the text, then find title, outlet,
publication date (metadata → text → override → inferred from links) and language."""
from __future__ import annotations

from datetime import date
from typing import Iterable, Iterator

from sigact.ingest.clean import Cleaned, NoTextError, clean_text, html_page
from sigact.ingest.language import detect_language
from sigact.ingest.published import (
    date_from_links, date_from_text, outlet_from_links, outlet_from_plug, outlet_from_text,
    parse_date,
)
from sigact.ingest.readers import RawItem, iter_items
from sigact.knowledge.outlets import canonical_outlet, outlet_for_url
from sigact.model import Article, IngestError, sha256_text

MIN_TEXT_CHARS = 20


def _normalize_published(value: str) -> str | None:
    value = str(value).strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat() if len(value) == 10 \
            else (parse_date(value) or parse_date(value[:10]))
    except ValueError:
        return parse_date(value)


def _title_from_text(text: str) -> str | None:
    """The first line of pasted copy is its headline, unless it is a dateline/byline."""
    first = text.split("\n", 1)[0].strip()
    if "\n" not in text or not 10 <= len(first) <= 200 or first.endswith((".", ":")):
        return None
    found = date_from_text(first)
    if found and len(found.evidence) > len(first) / 2:
        return None
    return first


def build_article(item: RawItem, *, published_override: str | None = None,
                  languages: Iterable[str] = ("en",)) -> Article | IngestError:
    try:
        if item.kind == "html":
            cleaned: Cleaned = html_page(item.content, url=item.meta.get("url"))
        else:
            cleaned = clean_text(item.content)
    except NoTextError as exc:
        return IngestError(item.source.split(":")[0] if item.line else item.source,
                           str(exc), line=item.line)
    except Exception as exc:  # a parser blowing up on one odd page must not stop the run
        return IngestError(item.source, f"could not clean the input: {type(exc).__name__}: {exc}",
                           line=item.line)
    text = cleaned.text
    if len(text) < MIN_TEXT_CHARS:
        return IngestError(item.source.rsplit(":", 1)[0] if item.line else item.source,
                           f"too little text ({len(text)} characters)", line=item.line)

    meta = dict(item.meta)
    metadata = {k: v for k, v in meta.items() if k not in {"published", "url", "outlet", "title"}}
    if cleaned.links:
        metadata["links"] = cleaned.links

    url = meta.get("url") or cleaned.meta.get("url")
    title = meta.get("title") or cleaned.meta.get("title") or _title_from_text(text)

    # publication date: metadata, else the text itself, else the user's override,
    # else inferred from the dated pages it links to
    published, published_source = None, "none"
    raw_pub = meta.get("published") or cleaned.meta.get("date")
    if raw_pub:
        published = _normalize_published(raw_pub)
        published_source = "metadata" if published else "none"
    if not published:
        found = date_from_text(text)
        if found:
            published, published_source = found.value, "text"
            metadata["published_evidence"] = found.evidence
    if not published and published_override:
        published, published_source = published_override, "override"
    if not published:
        found = date_from_links(cleaned.links)
        if found:
            published, published_source = found.value, "inferred"
            metadata["published_evidence"] = found.evidence

    outlet, outlet_source = None, "none"
    if meta.get("outlet") or cleaned.meta.get("sitename"):
        outlet = canonical_outlet(meta.get("outlet") or cleaned.meta.get("sitename"))
        outlet_source = "metadata"
    if not outlet and url:
        outlet = outlet_for_url(url)
        outlet_source = "url" if outlet else "none"
    if not outlet:
        outlet = outlet_from_text(text)
        outlet_source = "text" if outlet else "none"
    if not outlet:
        outlet = outlet_from_plug(text)
        outlet_source = "text" if outlet else "none"
    if not outlet:
        outlet, host = outlet_from_links(cleaned.links)
        if outlet:
            outlet_source = "links"
            metadata["outlet_evidence"] = f"most links point to {host}"

    lang, prob = detect_language(text)
    allowed = set(languages)
    status = "ingested" if (lang in allowed or prob < 0.9) else "skipped"
    if status == "skipped":
        metadata["skipped_reason"] = f"language {lang} (p={prob:.2f}) is not in {sorted(allowed)}"
    language = lang if prob >= 0.5 else "en"

    return Article(article_id=item.item_id, text=text, text_sha256=sha256_text(text),
                   title=title, outlet=outlet, outlet_source=outlet_source, published=published,
                   published_source=published_source, url=url, language=language,
                   source=item.source, metadata=metadata, status=status)


def read_articles(paths: Iterable[str], *, max_bytes: int = 10_000_000,
                  published_override: str | None = None, languages: Iterable[str] = ("en",),
                  stdin=None) -> Iterator[Article | IngestError]:
    """Every article in the inputs, or an IngestError per rejected item, in input order."""
    langs = tuple(languages)
    for item in iter_items(paths, max_bytes=max_bytes, stdin=stdin):
        if isinstance(item, IngestError):
            yield item
        else:
            yield build_article(item, published_override=published_override, languages=langs)
