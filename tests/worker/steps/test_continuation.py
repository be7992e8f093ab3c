from __future__ import annotations

from worker.steps.clean.continuation import MIN_CONTINUATION_WORDS, continuation

FIRST_PART = [
    "The ferry operator will run two crossings a day to the outer islands from June, it said on Friday.",
    "Islanders have campaigned for a second daily sailing since the old timetable was cut in 2019.",
]
SECOND_PART = [
    f"Paragraph {word} of the second half says more about the timetable, the fares and the boats, "
    "and what the harbour master expects of the busy summer season on the islands."
    for word in ("one", "two", "three", "four", "five")
]


def page(*middle: str, tail: tuple[str, ...] = ()) -> str:
    return "\n\n".join(["Home", "News", *FIRST_PART, *middle, *SECOND_PART, *tail])


def test_the_article_is_read_on_past_an_advertisement_label() -> None:
    extracted = "\n".join(FIRST_PART)
    assert sum(len(p.split()) for p in SECOND_PART) >= MIN_CONTINUATION_WORDS
    assert continuation(extracted, page("Advertisement")) == SECOND_PART


def test_reading_on_stops_at_a_related_header() -> None:
    extracted = "\n".join(FIRST_PART)
    assert continuation(extracted, page("Related stories")) == []


def test_a_few_sentences_after_the_end_are_a_tail_not_a_continuation() -> None:
    short_page = "\n\n".join([*FIRST_PART, "Sign up for our newsletter.", "Thanks for reading."])
    assert continuation("\n".join(FIRST_PART), short_page) == []


def test_more_than_two_lines_of_furniture_end_the_article() -> None:
    extracted = "\n".join(FIRST_PART)
    assert continuation(extracted, page("Share", "Tweet", "Email")) == []


def test_nothing_is_added_when_the_extracted_text_is_not_on_the_page() -> None:
    assert (
        continuation("A paragraph that the page does not contain at all, anywhere.", page()) == []
    )
