"""Line rules: each answers whether one line is a kind of page furniture, and which.

The patterns are for news pages in English first, with the commonest German, French and Spanish
forms; they are checked on the benchmark pages (`bench/cleaning.py`) and unit-tested on
fixtures written for the tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from schemas import RemovalReason
from worker.steps.clean.lines import Line

_I = re.IGNORECASE

# A credit of a photo or video at the end of a line: "(EPA PHOTO)", "(AP Photo/Jane Doe)",
# "(Photo Credit : PTI File Photo )", "Photo: Jane Doe/Reuters", "Getty Images".
_PHOTO_CREDIT_TAIL = re.compile(
    r"(\((?:[\w-]+\s+)?(?:photo|image|picture|video|foto|bild)s?\b[^()]*\)"
    r"|\b(?:getty images|shutterstock|afp via getty images|aap image|epa-efe|ap photo|"
    r"reuters/[\w .]+|file photo)\)?"
    r"|(?<=[.!?]\s)(?:photo|image|picture|foto|bild)s?(?:\s*credit)?\s*[:|]\s*[\w .,/&'-]{2,60})"
    r"\s*\.?$",
    _I,
)
_PHOTO_CREDIT_LINE = re.compile(
    r"^(?:photo|image|picture|video|credit|foto|bild|crédit|source)s?"
    r"(?:\s*(?:credit|by|courtesy))?\s*[:：|]\s*\S",
    _I,
)

# "with DPA", "- with AAP and Reuters", "Additional reporting by AFP".
_AGENCY_CREDIT = re.compile(
    r"^[-–—(\s]*(?:with|additional reporting by|with additional reporting by|with files from|"
    r"with reporting from|mit material von|avec)\s+(?P<agencies>[^.;:!?]{2,60}?)[\s.)]*$",
    _I,
)
_AGENCY_SPLIT = re.compile(r"\s*(?:,|/|&|\band\b|\bund\b|\bet\b)\s*", _I)

_BYLINE = re.compile(
    r"^(?:by|von|par|por)\s+[\w.'’-]+(?:\s+[\w.'’-]+){0,4}$"
    r"|\b(?:published|updated|posted|last modified|last updated|first published|"
    r"veröffentlicht|aktualisiert|publié|mis à jour|actualizado)\s*(?:on|at|:)?\s*:?\s*"
    r"[\w,]*\s*\d",
    _I,
)

_PROMOTION = re.compile(
    r"\b(?:licen[cs]e this (?:article|story|content)|reprints? (?:&|and) permissions|"
    r"subscribe (?:now|today|to|for|here)|subscribers? only|subscription plans?|"
    r"sign up (?:now|for|to|here)|sign in to|log in to (?:read|continue)|"
    r"(?:our|free|daily|weekly) newsletters?|newsletter sign.?up|"
    r"delivered (?:straight )?to your inbox|(?:stories|news|headlines) in your inbox|"
    r"get (?:the|our) (?:[\w'’-]+ ){0,5}newsletter|"
    r"download (?:the|our) app|get the app|app store|google play|"
    r"follow us(?: on)?|like us on facebook|join (?:now|us on)|free trial|\d+ days? free|"
    r"start your free|support (?:our|independent) journalism|become a (?:member|subscriber)|"
    r"click here|tap here|continue reading|read the full (?:story|article)|"
    r"share (?:this|on) (?:article|story|facebook|twitter|x|whatsapp|linkedin)|"
    r"jetzt abonnieren|newsletter abonnieren|abonnez-vous|suscríbete)\b",
    _I,
)
_PRICE = re.compile(
    r"^(?:[A-Z]{0,3}[$€£¥]\s?\d[\d.,]*|\d[\d.,]*\s?(?:€|eur|usd|aud|gbp))"
    r"(?:\s*(?:/|per|a)\s*(?:month|year|week|mo|yr))?$",
    _I,
)
_CALL_TO_ACTION = re.compile(
    r"^(?:subscribe|sign up|sign in|log in|register|download|join|follow|share|tweet|"
    r"email|print|save|get|watch|listen|read more|learn more|comments?)\b",
    _I,
)

_LEGAL = re.compile(
    r"\b(?:all rights reserved|copyright\s*(?:©\s*)?\d{4}|©\s*\d{4}|privacy policy|cookie policy|"
    r"terms (?:of|and) (?:use|service|conditions)|this (?:web)?site uses cookies|"
    r"uses cookies?|accept (?:all )?cookies|by (?:using|continuing)[\w\s,]{0,30}(?:site|website)|"
    r"impressum|datenschutz|mentions légales|aviso legal|"
    r"this copy is for your personal,? non-commercial use)\b",
    _I,
)

_RELATED = re.compile(
    r"^(?:related(?: articles?| stories| content| news| tags| topics| coverage)?|"
    r"read (?:more|also|next|these next|this next)|also read|what to read next|don'?t miss|"
    r"more (?:from|stories|news|on this|in|to read|like this)|see also|also on|"
    r"most (?:read|popular|viewed|shared)|trending(?: now)?|recommended(?: for you)?|"
    r"you (?:may|might) also (?:like|be interested)|editor'?s? picks?|top stories|"
    r"latest (?:news|stories)|(?:tags|topics|filed under)\s*:|weitere artikel|mehr zum thema|"
    r"à lire aussi|lire aussi|te puede interesar)\b",
    _I,
)
_RELATED_TAIL = re.compile(
    r"(?:read more|more)\s*[»›>]+\s*$|\[(?:[A-Z]{3,}\s?){1,2}\]\|?\s*$|^(?:see|read|watch) more\s*:"
)

_COMMENTS = re.compile(
    r"^(?:\d+\s+)?(?:comments?|post (?:a )?comment|leave a (?:comment|reply)|"
    r"join the (?:discussion|conversation)|show comments|add (?:a )?comment|"
    r"kommentare|commentaires|comentarios)\b",
    _I,
)

_NAVIGATION = re.compile(
    r"^(?:home|menu|search|skip to (?:main )?content|back to top|you are (?:at|here)\s*:?|"
    r"previous (?:article|story|post)|next (?:article|story|post)|advertisement|"
    r"sponsored(?: content)?|anzeige|publicité|publicidad)\s*:?$",
    _I,
)
_SHORT_WORDS = 6
_SHORT_CHARS = 300
"""The rules for short lines also need the line short in characters: a line of separators or
one long token has few words, and no pattern should ever run on a huge line."""
_MEDIUM_CHARS = 600
_CRUMB_SEPARATOR = re.compile(r"\s[>›»|/]\s")


def breadcrumb(text: str) -> bool:
    """ "Home > News > Transport": three or more short parts between separators."""
    if text.startswith("|"):
        return False  # a table row
    parts = _CRUMB_SEPARATOR.split(text)
    return len(parts) >= 3 and all(
        0 < len(part.strip()) <= 60 and not any(mark in part for mark in ".!?") for part in parts
    )


_TAIL_CHARS = 100
"""Credits and "more »" markers are at the end of a line: only its end is searched."""

# Words one of whose presence the bigger patterns need: a substring check is much cheaper than
# the pattern, and most lines of an article have none of them.
_PROMOTION_WORDS = (
    "licen",
    "reprint",
    "subscri",
    "sign up",
    "sign in",
    "log in",
    "newsletter",
    "inbox",
    "the app",
    "our app",
    "app store",
    "google play",
    "follow us",
    "like us",
    "join now",
    "join us",
    "free trial",
    "days free",
    "day free",
    "your free",
    "support our",
    "support independent",
    "become a",
    "click here",
    "tap here",
    "continue reading",
    "read the full",
    "share this",
    "share on",
    "abonn",
    "suscr",
)
_PHOTO_WORDS = (
    "photo",
    "image",
    "picture",
    "video",
    "foto",
    "bild",
    "getty",
    "shutterstock",
    "epa",
    "reuters/",
    "credit",
    "source",
    "crédit",
)
_LEGAL_WORDS = (
    "rights reserved",
    "copyright",
    "©",
    "privacy",
    "cookie",
    "terms",
    "by using",
    "by continuing",
    "impressum",
    "datenschutz",
    "mentions l",
    "aviso legal",
    "this copy is",
)
_BYLINE_WORDS = (
    "by ",
    "von ",
    "par ",
    "por ",
    "published",
    "updated",
    "posted",
    "modified",
    "veröffentlicht",
    "aktualisiert",
    "publié",
    "mis à jour",
    "actualizado",
)


def _mentions(lowered: str, words: tuple[str, ...]) -> bool:
    for word in words:  # noqa: SIM110 (a plain loop: any() over a generator costs more here)
        if word in lowered:
            return True
    return False


# Labels and stamps a page puts around an article: a date alone, "Updated", "Image 1 of 8".
_LABEL = re.compile(
    r"^(?:updated|image|caption|photo|video|gallery|advertisement|listen|close|share|"
    r"\d+\s*(?:of|/)\s*\d+|\d+of/?\d+|https?://\S+|[-–•]\s*(?:order reprints|print article))$"
    r"|^(?:\w+,?\s)?(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.? \d{1,2},? \d{4}|"
    r"\d{1,2}\.? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.? \d{4})"
    r"(?:,? (?:at )?\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?)?(?:\s?[A-Z]{2,4})?$",
    _I,
)


# The company description that closes a press release ("Acme is a leading provider of …",
# "Acme is headquartered in …"): boilerplate only where it trails the text.
_COMPANY_DESCRIPTION = re.compile(
    r"^(?:about\s+)?[A-Z][\w&.,'’ -]{0,60}?\s(?:is|are)\s(?:a|an|the|one of the)\s"
    r"(?:[\w-]+\s){0,5}?(?:provider|company|leader|manufacturer|developer|supplier|firm|group|"
    r"organi[sz]ation|platform|network|maker|producer|agency|operator|publisher|retailer|"
    r"corporation|specialist|innovator)s?\b"
    r"|\b(?:is|are) headquartered in\b"
    r"|\bemploys (?:around |about |over |more than |some )?[\d,.]+ (?:people|employees|staff)",
)


def company_description(line: Line) -> bool:
    return line.words <= 200 and _COMPANY_DESCRIPTION.search(line.text) is not None


def photo_credit(line: Line) -> RemovalReason | None:
    """A caption that ends with a photo credit, or a credit alone."""
    if _PHOTO_CREDIT_LINE.search(line.text) and line.words <= 25:
        return RemovalReason.PHOTO_CREDIT
    if line.words > 60 or not _mentions(line.text[-_TAIL_CHARS:].lower(), _PHOTO_WORDS):
        return None
    start = max(0, len(line.text) - _TAIL_CHARS)
    match = _PHOTO_CREDIT_TAIL.search(line.text, start)
    if match is None:
        return None
    rest = line.text[: match.start()].strip(" -–—|:")
    return RemovalReason.CAPTION if rest else RemovalReason.PHOTO_CREDIT


def agency_credits(line: Line) -> list[str] | None:
    """The agencies of a credit line ("with DPA" → ["DPA"]), or None for any other line."""
    match = _AGENCY_CREDIT.match(line.text)
    if match is None or line.words > 10:
        return None
    names = [name.strip() for name in _AGENCY_SPLIT.split(match.group("agencies")) if name.strip()]
    if not names or not all(name[0].isupper() and len(name.split()) <= 4 for name in names):
        return None
    return names


def _agency_credit(line: Line, lowered: str) -> RemovalReason | None:
    return RemovalReason.AGENCY_CREDIT if agency_credits(line) is not None else None


def _byline(line: Line, lowered: str) -> RemovalReason | None:
    found = line.words <= 15 and _mentions(lowered, _BYLINE_WORDS) and _BYLINE.search(line.text)
    return RemovalReason.BYLINE if found else None


def _legal(line: Line, lowered: str) -> RemovalReason | None:
    found = _mentions(lowered, _LEGAL_WORDS) and _LEGAL.search(line.text)
    return RemovalReason.LEGAL if found else None


def _related(line: Line, lowered: str) -> RemovalReason | None:
    text = line.text
    tail = max(0, len(text) - _TAIL_CHARS)
    found = line.words <= 8 and (_RELATED.match(text) or _RELATED_TAIL.search(text, tail))
    return RemovalReason.RELATED if found else None


def _comments(line: Line, lowered: str) -> RemovalReason | None:
    return RemovalReason.COMMENTS if line.words <= 8 and _COMMENTS.match(line.text) else None


def _promotion(line: Line, lowered: str) -> RemovalReason | None:
    found = (_mentions(lowered, _PROMOTION_WORDS) and _PROMOTION.search(line.text)) or (
        _PRICE.match(line.text)
    )
    return RemovalReason.PROMOTION if found else None


def _call_to_action(line: Line, lowered: str) -> RemovalReason | None:
    found = (
        line.words <= _SHORT_WORDS and not line.ends_sentence and _CALL_TO_ACTION.match(line.text)
    )
    return RemovalReason.PROMOTION if found else None


def _navigation(line: Line, lowered: str) -> RemovalReason | None:
    text = line.text
    found = line.words <= 12 and (_NAVIGATION.match(text) or _LABEL.match(text) or breadcrumb(text))
    return RemovalReason.NAVIGATION if found else None


_Check = Callable[[Line, str], RemovalReason | None]
# In order: the first that matches gives the reason. Each applies to lines up to a length.
_CHECKS: tuple[tuple[int, _Check], ...] = (
    (_SHORT_CHARS, _agency_credit),
    (_SHORT_CHARS, _byline),
    (_MEDIUM_CHARS, _legal),
    (_SHORT_CHARS, _related),
    (_SHORT_CHARS, _comments),
    (_MEDIUM_CHARS, _promotion),
    (_SHORT_CHARS, _call_to_action),
    (_SHORT_CHARS, _navigation),
)


def furniture(line: Line) -> RemovalReason | None:
    """The kind of page furniture a line is, by its own text; None when it may be article."""
    if reason := photo_credit(line):
        return reason
    if line.words > 40:
        return None
    lowered = line.text.lower()
    for max_chars, check in _CHECKS:
        if len(line.text) <= max_chars and (reason := check(line, lowered)):
            return reason
    return None


END_OF_ARTICLE = frozenset(
    {
        RemovalReason.AGENCY_CREDIT,
        RemovalReason.RELATED,
        RemovalReason.COMMENTS,
        RemovalReason.PROMOTION,
        RemovalReason.LEGAL,
    }
)
"""Reasons whose line, once most of the article is behind it, starts the publisher's tail."""
