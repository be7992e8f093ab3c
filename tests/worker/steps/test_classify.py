from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas import CleanArticle, InputMode
from tests.samples import FRENCH_TEXT, WIRE_TEXT
from worker.steps.classify import LanguageConfig, LanguageIdentifier, classify

IDENTIFIER = LanguageIdentifier(LanguageConfig())


def article(body: str, language: str = "und") -> CleanArticle:
    return CleanArticle(
        id="a",
        body=body,
        input_mode=InputMode.TEXT,
        language=language,
        word_count=len(body.split()),
        received_at=datetime.now(UTC),
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (WIRE_TEXT, "en"),
        (FRENCH_TEXT, "fr"),
        (
            "Die Regierung hat am Mittwoch ein neues Gesetz zur Förderung erneuerbarer Energien "
            "beschlossen, das den Ausbau von Windkraft und Solaranlagen beschleunigen soll.",
            "de",
        ),
        (
            "El gobierno aprobó el miércoles una nueva ley para acelerar la construcción de "
            "parques eólicos y plantas solares en todo el país.",
            "es",
        ),
    ],
)
def test_the_language_of_a_news_text_is_identified(text: str, code: str) -> None:
    result = classify(article(text), IDENTIFIER)
    assert result.language == code
    assert result.language_score >= 0.9


@pytest.mark.parametrize("body", ["", "Hi", "1234 5678 90 %%% ---", "\x00\x01\x02" * 50])
def test_too_little_text_is_undetermined(body: str) -> None:
    assert classify(article(body), IDENTIFIER).language == "und"


def test_when_unsure_the_senders_hint_stays() -> None:
    assert classify(article("Ok", language="fi"), IDENTIFIER).language == "fi"


def test_a_five_megabyte_body_is_identified_from_its_prefix() -> None:
    body = (FRENCH_TEXT + "\n") * 5 + (WIRE_TEXT + "\n") * 8_000
    assert len(body) > 5_000_000
    assert classify(article(body), IDENTIFIER).language == "fr"  # the English rest is not read
