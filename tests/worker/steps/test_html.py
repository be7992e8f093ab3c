from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas import RawArticle, RejectionReason
from tests.samples import NEWS_PAGE_HTML
from worker.steps.base import Rejection
from worker.steps.clean import CleanConfig, clean
from worker.steps.clean.html import MIN_EXTRACTED_WORDS, extract, parse
from worker.steps.clean.html_metadata import page_metadata
from worker.steps.clean.page_text import page_text

JSON_LD_PAGE = """<html><head><title>Ignored | Site</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour strike ends",
"datePublished": "2026-05-02T08:00:00+02:00", "author": [{"@type": "Person", "name": "Ana Ruiz"}]}
</script></head><body><p>Text.</p></body></html>"""


def test_metadata_comes_from_open_graph_and_meta_tags() -> None:
    tree = parse(NEWS_PAGE_HTML)
    assert tree is not None
    metadata = page_metadata(tree)
    assert metadata.title == "City council approves new cycle lanes"
    assert metadata.author == "Jonas Berg"
    assert metadata.published_at == datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def test_metadata_falls_back_to_json_ld() -> None:
    tree = parse(JSON_LD_PAGE)
    assert tree is not None
    metadata = page_metadata(tree)
    assert (metadata.title, metadata.author) == ("Harbour strike ends", "Ana Ruiz")
    assert metadata.published_at == datetime(2026, 5, 2, 6, 0, tzinfo=UTC)


def test_page_text_puts_paragraphs_between_blank_lines_and_list_items_on_lines() -> None:
    tree = parse(
        "<html><body><ul><li>Home</li><li>News</li></ul><script>var x;</script>"
        "<p>First <b>bold</b> paragraph.</p><p>Second.</p></body></html>"
    )
    assert tree is not None
    assert page_text(tree) == "Home\nNews\n\nFirst bold paragraph.\n\nSecond."


def test_a_page_the_extractor_finds_no_article_in_is_cleaned_as_whole_page_text() -> None:
    story = "The ferry to the islands will run twice a day from June, the operator said on Friday."
    menu = "".join(f"<div><a href='/{n}'>Section {n}</a></div>" for n in range(12))
    page = f"<html><body>{menu}<div>{story}</div><div>Contact us</div></body></html>"
    extracted = extract(page, "https://ferry.example/news")
    assert len(story.split()) < MIN_EXTRACTED_WORDS
    assert extracted.whole_page
    assert story in extracted.text and "Section 3" in extracted.text


def test_html_without_any_text_is_an_empty_body_not_an_error() -> None:
    for page in ("\x00\x01", "<<<>>>", "<html><body><!-- --></body></html>"):
        result = clean(RawArticle(id="x", html=page), CleanConfig(), datetime.now(UTC))
        assert isinstance(result, Rejection)
        assert result.reason is RejectionReason.EMPTY_BODY


@pytest.mark.parametrize(
    "json_ld", ["null", '"text"', "3", "[1, 2]", '{"@graph": 5}', "{bad", "[" * 100_000]
)
def test_odd_json_ld_and_dates_are_ignored_not_raised(json_ld: str) -> None:
    page = (
        f'<html><head><script type="application/ld+json">{json_ld}</script>'
        '<meta property="article:published_time" content="0001-01-01T00:00:00+05:00">'
        "</head><body><p>Text.</p></body></html>"
    )
    tree = parse(page)
    assert tree is not None
    assert page_metadata(tree).published_at is None


def test_a_page_title_and_author_are_one_clean_line_of_at_most_2048_characters() -> None:
    huge = "Harbour\u200b strike\x7f ends " * 100_000
    page = (
        f'<html><head><meta property="og:title" content="{huge}">'
        f'<meta name="author" content="By {huge}"></head><body><p>Text.</p></body></html>'
    )
    tree = parse(page)
    assert tree is not None
    metadata = page_metadata(tree)
    assert metadata.title is not None and metadata.author is not None
    assert 2_040 < len(metadata.title) <= 2_048 and 2_040 < len(metadata.author) <= 2_048
    assert metadata.title.startswith("Harbour strike ends Harbour strike ends")
    assert metadata.author.startswith("Harbour strike ends")


def test_a_page_nested_deeper_than_libxml2s_default_limit_keeps_its_text() -> None:
    sentence = "The council approved the new tram line after a long debate about its cost."
    # 400 unclosed <div>s: past libxml2's default depth of 256, the rest of the page was dropped.
    page = "<html><body>" + "".join(f"<div><p>{sentence} Part {i}.</p>" for i in range(400))
    result = clean(RawArticle(id="deep", html=page), CleanConfig(), datetime.now(UTC))
    assert not isinstance(result, Rejection)
    assert "Part 0." in result.body and "Part 399." in result.body


def test_a_page_title_loses_the_site_name_its_source_has() -> None:
    story = "".join(
        f"<p>The council approved the tram plan on Tuesday, its {n} vote of the year.</p>"
        for n in ("first", "second", "third", "fourth", "fifth")
    )
    page = (
        '<html><head><meta property="og:title" content="Tram plan approved - Metro Daily">'
        f"</head><body><article><h1>Tram plan approved</h1>{story}</article></body></html>"
    )
    raw = RawArticle(url="https://www.metrodaily.example/news/tram", html=page)
    result = clean(raw, CleanConfig(), datetime.now(UTC))
    assert not isinstance(result, Rejection)
    assert result.title == "Tram plan approved"
    assert not result.body.startswith("Tram plan approved")
