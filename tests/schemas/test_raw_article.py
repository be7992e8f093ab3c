from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from schemas import RawArticle


def test_an_article_without_id_gets_a_stable_id_from_its_url() -> None:
    first = RawArticle(url="https://Example.com/a/story#comments", text="Body")
    second = RawArticle(url="https://example.com/a/story", text="Other body")
    assert first.id == second.id
    assert first.article_id.startswith("url-")


def test_an_article_without_id_or_url_gets_its_id_from_the_content() -> None:
    one = RawArticle(text="Same words")
    assert one.id == RawArticle(text="Same words").id
    assert one.id != RawArticle(text="Other words").id
    assert one.article_id.startswith("content-")


def test_the_senders_id_is_kept() -> None:
    assert RawArticle(id="  wire-42 ", url="https://example.com/x", text="b").id == "wire-42"


def test_the_source_defaults_to_the_urls_host_without_www() -> None:
    assert RawArticle(url="https://www.example.co.uk/n/1", text="b").source == "example.co.uk"
    assert RawArticle(url="https://www.example.co.uk/n/1", text="b", source="EX").source == "EX"


@pytest.mark.parametrize("fields", [{}, {"text": "  \n "}, {"html": "", "text": ""}])
def test_an_article_needs_html_or_text(fields: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="neither html nor text"):
        RawArticle(**fields)


def test_a_url_must_be_absolute_http() -> None:
    with pytest.raises(ValidationError, match="absolute http"):
        RawArticle(url="ftp://example.com/x", text="b")


def test_unknown_fields_are_refused_rather_than_dropped() -> None:
    with pytest.raises(ValidationError, match="bdy"):
        RawArticle.model_validate({"text": "b", "bdy": "typo"})


def test_a_publication_time_without_zone_is_taken_as_utc() -> None:
    article = RawArticle(text="b", published_at="2026-03-01T10:00:00")
    assert article.published_at == datetime(2026, 3, 1, 10, tzinfo=UTC)
    shifted = RawArticle(text="b", published_at="2026-03-01T12:00:00+02:00")
    assert shifted.published_at == datetime(2026, 3, 1, 10, tzinfo=UTC)


def test_short_fields_and_metadata_are_bounded() -> None:
    with pytest.raises(ValidationError, match="title"):
        RawArticle(text="b", title="x" * 5_000)
    with pytest.raises(ValidationError, match="metadata"):
        RawArticle(text="b", metadata={str(i): i for i in range(100)})


def test_a_publication_time_out_of_utcs_range_is_a_validation_error() -> None:
    with pytest.raises(ValidationError, match="out of range"):
        RawArticle(text="b", published_at="0001-01-01T00:00:00+05:00")


def test_a_url_without_a_host_or_with_a_bad_port_is_refused() -> None:
    for url in (
        "http://:80/a",
        "http://@/a",
        "http://exa mple.com/a",
        "http://example.com:99999/a",
    ):
        with pytest.raises(ValidationError):
            RawArticle(url=url, text="b")


def test_a_user_name_and_password_in_the_url_are_not_kept() -> None:
    article = RawArticle(url="https://editor:s3cret@example.com/a?x=1#top", text="b")
    assert article.url == "https://example.com/a?x=1#top"
    assert article.article_id == RawArticle(url="https://example.com/a?x=1", text="b").article_id


def test_spellings_of_one_pages_url_give_one_id() -> None:
    spellings = [
        ("https://bücher.example/a", "https://xn--bcher-kva.example/a"),
        ("https://example.com/a", "https://example.com:443/a"),
        ("http://example.com/a", "http://example.com:80/a"),
        ("https://example.com/a", "https://example.com./a"),
        ("https://example.com", "https://example.com/"),
    ]
    for first, second in spellings:
        assert RawArticle(url=first, text="b").id == RawArticle(url=second, text="b").id
    other_port = RawArticle(url="https://example.com:8443/a", text="b").id
    assert other_port != RawArticle(url="https://example.com/a", text="b").id


def test_a_blank_source_is_the_urls_host() -> None:
    assert RawArticle(url="https://www.example.com./a", text="b", source="  ").source == (
        "example.com"
    )


def test_dates_in_iso_basic_form_and_rss_form_are_read_and_numbers_refused() -> None:
    march = datetime(2024, 3, 15, 9, 30, tzinfo=UTC)
    for value in ("20240315T0930Z", "Fri, 15 Mar 2024 11:30:00 +0200", "2024-03-15T09:30:00Z"):
        assert RawArticle(text="b", published_at=value).published_at == march
    assert RawArticle(text="b", published_at="20240315").published_at == datetime(
        2024, 3, 15, tzinfo=UTC
    )  # not 1970-08-23, as a Unix time
    for value in (20240315, 1710495000, "0", "-1", "1710495000.5"):
        with pytest.raises(ValidationError, match="ISO 8601"):
            RawArticle(text="b", published_at=value)
    with pytest.raises(ValidationError):  # an RFC 2822 hour too large for a date: no traceback
        RawArticle(text="b", published_at="14 Mar 2026 99999999999999999999:30:00 GMT")
