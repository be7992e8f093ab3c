"""The line-level cleaner: every removal reason, on small fixtures written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas import RemovalReason
from tests.samples import WHOLE_PAGE_ARTICLE, WHOLE_PAGE_TEXT, WIRE_TEXT, WIRE_TITLE
from worker.steps.clean.boilerplate import TextCleaning, remove_boilerplate, strip_site_name
from worker.steps.clean.lines import split_lines
from worker.steps.clean.text import normalise

ARTICLE = [
    "The regional parliament passed the budget on Wednesday after a debate that ran past midnight.",
    "Opposition members walked out before the final vote, saying they had been given too little time.",
    '"We will challenge this in court," the opposition leader said.',
    "It passed.",
    "The budget raises spending on schools by 4 per cent and freezes fuel duty for a second year.",
]


def cleaned(text: str, **options: object) -> TextCleaning:
    settings = {"title": None, "source": "courier.example.com", "first_line_is_title": False}
    return remove_boilerplate(text, **{**settings, **options, "keep_removed_lines": True})


def reasons(result: TextCleaning) -> dict[str, RemovalReason]:
    return {line.text: line.reason for line in result.removed}


def with_lines(*extra: str, at: int = len(ARTICLE)) -> str:
    lines = [*ARTICLE[:at], *extra, *ARTICLE[at:]]
    return "\n\n".join(lines)


def test_every_real_paragraph_is_kept_in_order_including_quotes_and_one_sentence_ones() -> None:
    assert cleaned("\n\n".join(ARTICLE)).paragraphs == ARTICLE


@pytest.mark.parametrize(
    "caption",
    [
        "Members of parliament during the night session. (EPA PHOTO)",
        "The chamber emptied before the vote (AP Photo/Jane Doe)",
        "Protesters outside the building. Photo: Reuters",
    ],
)
def test_a_caption_ending_with_a_photo_credit_is_removed(caption: str) -> None:
    result = cleaned(with_lines(caption, at=1))
    assert result.paragraphs == ARTICLE
    assert reasons(result)[caption] in {RemovalReason.CAPTION, RemovalReason.PHOTO_CREDIT}


def test_a_two_line_caption_block_between_paragraphs_is_removed() -> None:
    text = with_lines(
        "Deputies leave the chamber\nThe debate lasted more than fourteen hours.", at=2
    )
    result = cleaned(text)
    assert result.paragraphs == ARTICLE
    assert reasons(result)["Deputies leave the chamber"] is RemovalReason.CAPTION


def test_a_photo_credit_alone_is_removed() -> None:
    result = cleaned(with_lines("Image: Getty Images", at=1))
    assert reasons(result)["Image: Getty Images"] is RemovalReason.PHOTO_CREDIT


@pytest.mark.parametrize(
    ("line", "agencies"),
    [
        ("with DPA", ["DPA"]),
        ("- with AAP and Reuters", ["AAP", "Reuters"]),
        ("Additional reporting by AFP", ["AFP"]),
    ],
)
def test_an_agency_credit_line_becomes_credits_metadata(line: str, agencies: list[str]) -> None:
    result = cleaned(with_lines(line))
    assert result.paragraphs == ARTICLE
    assert result.report.credits == agencies
    assert result.report.removed[RemovalReason.AGENCY_CREDIT] == 1


def test_a_sentence_that_starts_with_with_is_not_a_credit() -> None:
    sentence = "With the budget passed, ministers turn to the pension reform next month."
    assert sentence in cleaned(with_lines(sentence, at=3)).paragraphs


def test_the_publishers_tail_after_the_article_is_removed() -> None:
    tail = [
        "License this article",
        "Subscribe now for unlimited access to our journalism.",
        "AU$10",
        "Join Now",
        "Download the app",
        "Sign up for our daily newsletter",
    ]
    result = cleaned(with_lines(*tail))
    assert result.paragraphs == ARTICLE
    assert all(reasons(result)[line] is RemovalReason.PROMOTION for line in tail)


def test_a_promotional_prose_tail_after_a_credit_line_is_removed() -> None:
    tail = [
        "with AAP",
        "What is Courier Plus?",
        "For the first time, the Courier delivers its reporting straight to readers.",
        "Not only do you get the news first, you support local journalism too.",
    ]
    result = cleaned(with_lines(*tail))
    assert result.paragraphs == ARTICLE
    assert result.report.credits == ["AAP"]


def test_a_newsletter_promotion_in_prose_is_removed_wherever_it_stands() -> None:
    promo = (
        "Get the Valley Courier newsletter: the day's top stories in your inbox every morning, "
        "free of charge, with the weekend supplement on Saturdays."
    )
    for at in (2, len(ARTICLE)):
        result = cleaned(with_lines(promo, at=at))
        assert result.paragraphs == ARTICLE
        assert reasons(result)[promo] is RemovalReason.PROMOTION


def test_cookie_and_copyright_notices_are_legal_lines() -> None:
    notice = "This website uses cookies to improve your experience."
    result = cleaned(with_lines(notice, "© 2026 Riverside Courier. All rights reserved."))
    assert result.paragraphs == ARTICLE
    assert reasons(result)[notice] is RemovalReason.LEGAL


def test_a_comment_section_after_the_article_is_removed() -> None:
    comments = [
        "3 Comments",
        "Great reporting, thank you for covering the late session in detail.",
        "The opposition had every right to walk out of that farce of a debate.",
    ]
    result = cleaned(with_lines(*comments))
    assert result.paragraphs == ARTICLE
    assert reasons(result)["3 Comments"] is RemovalReason.COMMENTS


def test_a_byline_and_dateline_are_removed() -> None:
    result = cleaned(with_lines("By Maria Keane", "Updated: 12 March 2026, 14:05", at=0))
    assert result.paragraphs == ARTICLE
    assert reasons(result)["By Maria Keane"] is RemovalReason.BYLINE


def test_a_whole_page_keeps_the_article_and_drops_its_furniture() -> None:
    result = cleaned(WHOLE_PAGE_TEXT, first_line_is_title=True, source="riversidecourier.example")
    assert result.paragraphs == WHOLE_PAGE_ARTICLE
    removed = reasons(result)
    assert removed["Sport"] is RemovalReason.NAVIGATION
    assert removed["Home > News > Transport"] is RemovalReason.NAVIGATION
    assert removed["Most Read"] is RemovalReason.RELATED
    assert removed["City council approves new cycle lanes"] is RemovalReason.OUTSIDE_ARTICLE
    assert result.title == "Riverside Courier - News, Sport and Weather for the Valley"


def test_a_list_of_teasers_for_other_stories_is_related_content() -> None:
    result = cleaned(WHOLE_PAGE_TEXT, first_line_is_title=True)
    teaser = next(line for line in WHOLE_PAGE_TEXT.splitlines() if line.startswith("Flood"))
    assert reasons(result)[teaser] is RemovalReason.RELATED


def test_an_inline_related_box_does_not_end_the_article() -> None:
    result = cleaned(WHOLE_PAGE_TEXT, first_line_is_title=True)
    assert WHOLE_PAGE_ARTICLE[-1] in result.paragraphs
    assert reasons(result)["Bus fares to rise in April"] is RemovalReason.NAVIGATION


def test_the_first_line_becomes_the_title_and_the_site_name_leaves_it() -> None:
    result = cleaned(WIRE_TEXT, first_line_is_title=True)
    assert result.title == WIRE_TITLE
    assert WIRE_TITLE not in result.paragraphs
    assert strip_site_name("Storm hits coast - WSJ", "wsj.com") == "Storm hits coast"
    assert strip_site_name("Storm hits coast - Biden", "wsj.com") == "Storm hits coast - Biden"
    # A short host inside a longer tail is not the site's name.
    assert strip_site_name("Shares fall - aircraft makers hit", "ft.com").endswith("makers hit")
    assert strip_site_name("Shares fall - FT", "ft.com") == "Shares fall"


def test_a_repeat_of_the_title_inside_the_page_is_removed() -> None:
    result = cleaned(
        with_lines("Budget passes after all-night session", at=0),
        title="Budget passes after all-night session",
    )
    assert reasons(result)["Budget passes after all-night session"] is RemovalReason.TITLE


def test_the_report_counts_removals_by_reason_and_lists_lines_only_when_asked() -> None:
    quiet = remove_boilerplate(
        with_lines("with DPA"), title=None, source=None, first_line_is_title=False
    )
    assert quiet.report.removed == {RemovalReason.AGENCY_CREDIT: 1}
    assert quiet.report.removed_lines is None
    assert cleaned(with_lines("with DPA")).report.removed_lines is not None


def test_text_in_a_script_without_spaces_or_full_stops_is_kept() -> None:
    thai = "รัฐบาลประกาศงบประมาณใหม่สำหรับโรงเรียนทั่วประเทศในวันพุธ และจะเริ่มใช้ในปีหน้า"
    assert cleaned(f"{thai}\n\n{thai} อีกครั้ง").paragraphs == [thai, f"{thai} อีกครั้ง"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=30), st.booleans())
def test_cleaning_never_raises_and_returns_only_lines_of_its_input(
    lines: list[str], first_line_is_title: bool
) -> None:
    """Every paragraph kept is an input line, or consecutive input lines of a hard-wrapped
    paragraph joined by a space; every such unit is either kept or removed."""
    text = "\n".join(lines)
    result = cleaned(text, first_line_is_title=first_line_is_title)
    units = [line.text for line in split_lines(text)]
    assert all(paragraph in units for paragraph in result.paragraphs)
    assert all(unit in normalise(text).replace("\n", " ") for unit in units)
    assert len(result.paragraphs) + len(result.removed) == len(units)


COMPANY = "Harbourline is a leading provider of ferry services in northern Europe, with 40 routes."
HEADQUARTERS = "Harbourline is headquartered in Bergen and employs around 2,300 people."


def test_a_press_release_company_description_closing_the_text_is_promotion() -> None:
    result = cleaned(with_lines(COMPANY, HEADQUARTERS))
    assert result.paragraphs == ARTICLE
    assert reasons(result)[COMPANY] is RemovalReason.PROMOTION
    assert reasons(result)[HEADQUARTERS] is RemovalReason.PROMOTION


def test_a_company_described_inside_an_article_is_kept() -> None:
    result = cleaned(with_lines(COMPANY, at=2))
    assert COMPANY in result.paragraphs


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "line",
    [
        "/ " * 40 + "?",
        "> " * 200 + "x",
        "A" * 50_000,
        "NEW DELHI " * 5_000 + ":",
        "published" + " :" * 20_000,
        "with " + "DPA " * 10_000,
    ],
)
def test_hostile_lines_are_cleaned_in_bounded_time(line: str) -> None:
    text = "\n\n".join([*ARTICLE[:2], line, line, *ARTICLE[2:]])
    result = cleaned(text, first_line_is_title=True)
    assert set(result.paragraphs) <= {*ARTICLE, normalise(line)}
