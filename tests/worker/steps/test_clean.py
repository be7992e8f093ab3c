from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import CleanArticle, InputMode, RawArticle, RejectionReason
from tests.conftest import SHARED_SEED
from tests.samples import FRENCH_TEXT, NEWS_PAGE_HTML, WIRE_TEXT, WIRE_TITLE
from worker.steps.base import Rejection
from worker.steps.clean import CleanConfig, clean
from worker.steps.clean.text import normalise

NOW = datetime(2026, 11, 1, tzinfo=UTC)
CONFIG = CleanConfig()


def cleaned(**fields: object) -> CleanArticle:
    result = clean(RawArticle.model_validate(fields), CONFIG, NOW)
    assert isinstance(result, CleanArticle), result
    return result


def test_normalise_unifies_spaces_line_breaks_and_drops_control_characters() -> None:
    text = "Caf\u0065\u0301\u00a0au\tlait\r\nline\x07 two\u200b  \u2028third "
    assert normalise(text) == "Café au lait\nline two\nthird"


def test_zero_width_joiners_that_spell_words_are_kept() -> None:
    assert normalise("می\u200cخواهم") == "می\u200cخواهم"


def test_text_mode_takes_the_title_from_the_first_line() -> None:
    article = cleaned(id="w1", text=WIRE_TEXT)
    assert article.title == WIRE_TITLE
    assert article.input_mode is InputMode.TEXT
    assert not article.body.startswith(WIRE_TITLE)
    assert "Dock workers at the country's largest container port" in article.body


def test_paragraphs_of_the_body_are_separated_by_a_blank_line() -> None:
    article = cleaned(id="w1", text="Title\nFirst paragraph.\nSecond paragraph.")
    assert article.body == "First paragraph.\n\nSecond paragraph."
    assert article.word_count == 4


def test_a_hard_wrapped_paragraph_is_one_paragraph_again() -> None:
    """Plain-text feeds wrap lines mid-sentence; each wrapped line is not a paragraph."""
    article = cleaned(text=FRENCH_TEXT)
    assert article.body.split("\n\n") == [
        "Le conseil municipal a voté jeudi soir la construction de pistes cyclables protégées sur "
        "quatre des axes les plus fréquentés du centre-ville, le plus grand changement depuis "
        "vingt ans.",
        "Les travaux doivent commencer en mai et coûteront environ dix-huit millions d'euros, "
        "financés en partie par une subvention nationale pour les transports à faibles émissions.",
    ]


def test_lines_of_a_menu_are_not_joined_as_a_wrapped_paragraph() -> None:
    text = "Valley floods\n\nHome\nnews\nsport\nweather\n\n" + WIRE_TEXT.split("\n", 2)[2]
    assert "Home news" not in cleaned(text=text).body


def test_a_title_sent_with_the_article_wins_and_its_repeat_leaves_the_body() -> None:
    article = cleaned(id="w1", title="Sent title", text="Sent title\nBody line one.\nTwo.")
    assert article.title == "Sent title"
    assert article.body == "Body line one.\n\nTwo."


def test_a_first_line_too_long_for_a_title_stays_in_the_body() -> None:
    long_line = "word " * 100
    article = cleaned(id="w1", text=f"{long_line}\nSecond.")
    assert article.title is None
    assert article.body.startswith("word word")


def test_html_mode_extracts_the_article_title_author_and_date() -> None:
    article = cleaned(id="h1", url="https://courier.example.com/n/1", html=NEWS_PAGE_HTML)
    assert article.input_mode is InputMode.HTML
    assert article.title == "City council approves new cycle lanes"
    assert article.author == "Jonas Berg"
    assert article.published_at == datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
    assert "protected cycle lanes along four of the busiest roads" in article.body
    assert "Every city that has done this" in article.body
    for furniture in ("Sport", "Weather", "All rights reserved", "Privacy"):
        assert furniture not in article.body


def test_html_is_preferred_to_text_when_both_are_sent() -> None:
    article = cleaned(id="h1", html=NEWS_PAGE_HTML, text="Something else entirely.")
    assert article.input_mode is InputMode.HTML


def test_a_page_with_no_article_text_is_rejected_as_empty() -> None:
    page = '<html><body><img src="a.jpg"><script>var x = 1;</script></body></html>'
    result = clean(RawArticle(id="e", html=page), CONFIG, NOW)
    assert isinstance(result, Rejection)
    assert result.reason is RejectionReason.EMPTY_BODY
    assert result.article_id == "e"


def test_a_text_of_only_a_title_is_rejected_as_empty() -> None:
    result = clean(RawArticle(id="t", title="Headline", text="Headline"), CONFIG, NOW)
    assert isinstance(result, Rejection)
    assert result.reason is RejectionReason.EMPTY_BODY


def test_the_senders_language_hint_is_reduced_to_its_primary_code() -> None:
    assert cleaned(id="w", text=WIRE_TEXT, language="en-GB").language == "en"
    assert cleaned(id="w", text=WIRE_TEXT, language="English").language == "und"
    assert cleaned(id="w", text=WIRE_TEXT, language="pt_BR").language == "pt"
    assert cleaned(id="w", text=WIRE_TEXT, language="zz").language == "und"  # names no language


@given(st.text())
def test_normalising_never_raises_and_leaves_no_control_characters(text: str) -> None:
    result = normalise(text)
    assert all(char == "\n" or ord(char) >= 32 for char in result)
    assert "\r" not in result


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="../shared/seed is not beside this clone")
def test_the_seed_comes_out_as_a_wire_editor_would_keep_it() -> None:
    expected = json.loads((SHARED_SEED / "aap-kursk-expected.json").read_text())
    raw_text = (SHARED_SEED / "aap-kursk-raw.txt").read_text()
    article = cleaned(id="seed", url="https://aapnews.aap.com.au/news/kursk", text=raw_text)
    assert article.title == expected["title"]
    assert article.body.split("\n\n") == [p.strip() for p in expected["body_paragraphs_in_order"]]
    assert article.cleaning.credits == expected["credits"]
    for line in expected["must_not_appear_in_body"] + expected["should_not_appear_in_body"]:
        assert line.strip() not in article.body


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.builds(lambda body: {"html": body}, st.text(min_size=1, max_size=400)),
        st.builds(
            lambda parts: {"html": "<html><body>" + "".join(parts) + "</body></html>"},
            st.lists(
                st.sampled_from(
                    [
                        "<p>",
                        "</p>",
                        "<div>",
                        "Text here.",
                        "<li>",
                        "&amp;",
                        "<script>x</script>",
                        "\x00",
                        "Menu",
                        "<br>",
                    ]
                ),
                max_size=40,
            ),
        ),
        st.builds(lambda body: {"text": body}, st.text(min_size=1, max_size=400)),
    )
)
def test_cleaning_any_payload_gives_an_article_or_a_rejection_never_an_error(
    fields: dict[str, str],
) -> None:
    if not any(value.strip() for value in fields.values()):
        return
    result = clean(RawArticle(id="p", **fields), CONFIG, NOW)
    assert isinstance(result, (CleanArticle, Rejection))
