"""Ingest: formats, cleaning, publication date/outlet detection and bad input."""
from __future__ import annotations

import io
import json

import pytest

from sigact.ingest import read_articles
from sigact.ingest.clean import clean_text, normalize_whitespace
from sigact.ingest.published import date_from_links, date_from_text, outlet_from_text, parse_date
from sigact.model import Article, IngestError, sha256_text

STORY = ("Two bombers flew a long patrol over the Gulf on Thursday, the air force said in "
         "a statement, in a show of force aimed at deterring attacks on its troops.")


def _read(paths, **kw):
    return list(read_articles([str(p) for p in paths], **kw))


def test_plain_text_identity_is_the_hash_of_the_cleaned_text(tmp_path):
    f = tmp_path / "story_one.txt"
    f.write_text("Headline of the story\n\n" + STORY + "  \r\n", encoding="utf-8")
    (a,) = _read([f])
    assert isinstance(a, Article)
    assert a.article_id == "story_one"
    assert a.text_sha256 == sha256_text(a.text)
    assert a.title == "Headline of the story"
    assert not a.text.endswith(" ")


def test_html_fragments_in_text_are_cleaned_and_links_kept(tmp_path):
    f = tmp_path / "frag.txt"
    f.write_text('Tensions rose between <a href="https://www.thenationalnews.com/news/2024/11/04/x/">'
                 'Iran</a> and <a href="https://www.thenationalnews.com/news/2024/10/31/y/">Israel</a>'
                 " after the <b>strikes</b>. " + STORY, encoding="utf-8")
    (a,) = _read([f])
    assert "<a" not in a.text and "Iran and Israel" in a.text
    assert [l["text"] for l in a.metadata["links"]] == ["Iran", "Israel"]
    # dates and hosts of link targets are evidence of date and outlet
    assert a.published == "2024-11-04" and a.published_source == "inferred"
    assert a.outlet == "The National" and a.outlet_source == "links"


@pytest.mark.parametrize("head, expected", [
    ("date 2024-11-02 The US will send", "2024-11-02"),
    ("by Zero Hedge Thu, 12/10/2020 – 09:25\n\nThe Pentagon", "2020-12-10"),
    ("Published: 10 December 2020\nText", "2020-12-10"),
    ("Updated Oct. 2, 2024 6:40 a.m. ET\nIran fired", "2024-10-02"),
])
def test_publication_date_from_text(head, expected):
    found = date_from_text(head)
    assert found is not None and found.value == expected and found.source == "text"


def test_numeric_date_is_disambiguated_by_weekday():
    assert parse_date("Thu, 12/10/2020") == "2020-12-10"     # Thursday 10 December
    assert parse_date("Mon, 12/10/2020") == "2020-10-12"     # Monday 12 October
    assert outlet_from_text("by Zero Hedge Thu, 12/10/2020 – 09:25") == "Zero Hedge"


def test_link_dates_give_an_inferred_lower_bound():
    found = date_from_links([{"href": "https://x.test/2024/10/31/a/"},
                             {"href": "https://x.test/2024/11/05/b/"}])
    assert found.value == "2024-11-05" and found.source == "inferred"


def test_override_applies_only_when_nothing_is_stated(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text("date 2024-11-02 " + STORY, encoding="utf-8")
    arts = {a.article_id: a for a in _read([tmp_path], published_override="2020-01-01")}
    assert (arts["a"].published, arts["a"].published_source) == ("2020-01-01", "override")
    assert (arts["b"].published, arts["b"].published_source) == ("2024-11-02", "text")


def test_html_page_boilerplate_and_metadata(tmp_path):
    page = f"""<!doctype html><html><head><title>Bombers fly | Desk</title>
    <meta property="og:site_name" content="Desert Desk">
    <meta property="article:published_time" content="2020-12-10T14:00:00Z"></head>
    <body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
    <div class="cookie">We use cookies to improve your experience. Accept all cookies.</div>
    <article><h1>Bombers fly over the Gulf</h1><p>{STORY}</p>
    <p>The flight lasted about 36 hours and included aircraft from three partner nations,
    officials said on condition of anonymity.</p></article>
    <footer>Copyright 2020 Desert Desk. All rights reserved.</footer></body></html>"""
    f = tmp_path / "page.html"
    f.write_text(page, encoding="utf-8")
    (a,) = _read([f])
    assert a.published == "2020-12-10" and a.published_source == "metadata"
    assert a.outlet == "Desert Desk" and a.outlet_source == "metadata"
    assert "cookies" not in a.text and "Copyright" not in a.text
    assert "36 hours" in a.text


def test_jsonl_items_fields_and_extra_metadata(tmp_path):
    f = tmp_path / "items.jsonl"
    f.write_text(json.dumps({"id": "x1", "text": STORY, "published": "2024-10-01",
                             "url": "https://www.reuters.com/world/x", "section": "world"}) + "\n"
                 + json.dumps({"id": "x2", "html": f"<p>{STORY} Again.</p>", "outlet": "Desk"}) + "\n",
                 encoding="utf-8")
    a, b = _read([f])
    assert a.article_id == "x1" and a.published == "2024-10-01" and a.published_source == "metadata"
    assert a.outlet == "Reuters" and a.outlet_source == "url"
    assert a.metadata["extra"] == {"section": "world"}
    assert b.article_id == "x2" and b.outlet == "Desk" and "Again" in b.text


def test_rss_feed_items(tmp_path):
    f = tmp_path / "feed.xml"
    f.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Gulf Monitor</title>
    <item><title>Bombers fly</title><link>https://gulf.test/2020/12/10/bombers</link>
    <guid>https://gulf.test/2020/12/10/bombers</guid>
    <pubDate>Thu, 10 Dec 2020 09:25:00 GMT</pubDate><description>{STORY}</description></item>
    </channel></rss>""", encoding="utf-8")
    (a,) = _read([f])
    assert a.article_id == "bombers" and a.outlet == "Gulf Monitor"
    assert a.published.startswith("2020-12-10") and a.published_source == "metadata"


def test_stdin(tmp_path):
    (a,) = list(read_articles(["-"], stdin=io.BytesIO(STORY.encode())))
    assert a.article_id == "stdin" and a.source == "stdin"


def test_non_english_is_marked_skipped(tmp_path):
    f = tmp_path / "fr.txt"
    f.write_text("Les États-Unis ont déployé deux bombardiers au Moyen-Orient jeudi, a annoncé "
                 "le commandement central dans un communiqué publié dans la soirée.", encoding="utf-8")
    (a,) = _read([f])
    assert a.language == "fr" and a.status == "skipped"


def test_bad_inputs_each_get_a_clear_error_and_the_rest_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "latin.txt").write_bytes(("Le général a déclaré que " + STORY).encode("cp1252"))
    (tmp_path / "huge.txt").write_text("word " * 3000, encoding="utf-8")
    (tmp_path / "broken.html").write_text("<html><body><div><p>" + STORY + "<p><b>unclosed",
                                          encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(json.dumps({"id": "ok", "text": STORY}) + "\n"
                                          + '{"id": "cut", "text": "Two bomb', encoding="utf-8")
    out = _read([tmp_path], max_bytes=10_000)
    errors = {str(e).split("/")[-1]: e for e in out if isinstance(e, IngestError)}
    good = {a.article_id: a for a in out if isinstance(a, Article)}
    assert set(good) == {"good", "latin", "broken", "ok"}
    assert good["latin"].metadata["encoding"] and "général" in good["latin"].text
    reasons = " | ".join(str(e) for e in errors.values())
    assert "empty.txt: empty file" in reasons
    assert "blob.bin: binary file" in reasons
    assert "huge.txt: file is" in reasons and "limit" in reasons
    assert "lines.jsonl:2: truncated JSON line" in reasons


def test_missing_path_is_an_error():
    (e,) = list(read_articles(["/nonexistent/file.txt"]))
    assert isinstance(e, IngestError) and "no such file" in e.reason


def test_whitespace_normalisation_is_idempotent():
    messy = "A\u00a0line  with\t tabs\r\n\r\n\r\n\r\nNext\u200b para "
    once = normalize_whitespace(messy)
    assert once == "A line with tabs\n\nNext para"
    assert normalize_whitespace(once) == once
    assert clean_text(once).text == once
