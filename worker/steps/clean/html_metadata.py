"""Title, author and publication date from a page's meta tags and JSON-LD: cheap, read-only
look-ups on the parsed tree (trafilatura's own metadata pass costs as much as its extraction)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml.html import HtmlElement

from schemas.article import MAX_SHORT_TEXT_CHARS, as_utc
from worker.steps.clean.text import normalise

_TITLE_XPATHS = (
    '//meta[@property="og:title"]/@content',
    '//meta[@name="twitter:title"]/@content',
    "//h1[1]//text()",
    "//title//text()",
)
_AUTHOR_XPATHS = (
    '//meta[@name="author"]/@content',
    '//meta[@property="article:author"]/@content',
    '//meta[@name="byl"]/@content',
    '//*[@rel="author"][1]//text()',
)
_DATE_XPATHS = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@name="article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//meta[@name="date" or @name="pubdate" or @name="publishdate" or @name="dc.date"]/@content',
    "//time[@datetime][1]/@datetime",
)
_MAX_JSON_LD_CHARS = 200_000


@dataclass(frozen=True)
class PageMetadata:
    title: str | None
    author: str | None
    published_at: datetime | None


def _first(tree: HtmlElement, xpaths: tuple[str, ...]) -> str | None:
    for xpath in xpaths:
        values = [" ".join(str(v).split()) for v in tree.xpath(xpath)]
        joined = " ".join(v for v in values if v).strip()
        if joined:
            return joined
    return None


def _json_ld(tree: HtmlElement) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(str(script)[:_MAX_JSON_LD_CHARS])
        except (ValueError, RecursionError):  # broken, or nested beyond what json parses
            continue
        if isinstance(data, dict):
            data = data.get("@graph", [data])
        if isinstance(data, list):
            found.extend(item for item in data if isinstance(item, dict))
    return found


def _json_ld_author(item: dict[str, Any]) -> str | None:
    author = item.get("author")
    if isinstance(author, list) and author:
        author = author[0]
    if isinstance(author, dict):
        author = author.get("name")
    return author.strip() if isinstance(author, str) and author.strip() else None


def parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return as_utc(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
    except ValueError:
        return None


def _short(text: str) -> str | None:
    """One normalised line of at most MAX_SHORT_TEXT_CHARS (a page may put anything in a tag)."""
    line = " ".join(normalise(text).split())
    return line[:MAX_SHORT_TEXT_CHARS].strip() or None


def page_metadata(tree: HtmlElement) -> PageMetadata:
    articles = [item for item in _json_ld(tree) if "headline" in item or "datePublished" in item]
    article = articles[0] if articles else {}
    headline = article.get("headline")
    title = _first(tree, _TITLE_XPATHS[:2]) or (headline if isinstance(headline, str) else None)
    author = _first(tree, _AUTHOR_XPATHS[:3]) or _json_ld_author(article)
    author = author or _first(tree, _AUTHOR_XPATHS[3:])
    if author and author.startswith(("http://", "https://")):
        author = None
    published = article.get("datePublished")
    date_text = _first(tree, _DATE_XPATHS[:4])
    date_text = date_text or (published if isinstance(published, str) else None)
    date = parse_date(date_text or _first(tree, _DATE_XPATHS[4:]))
    return PageMetadata(
        title=_short(title or _first(tree, _TITLE_XPATHS[2:]) or ""),
        author=_short((author or "").strip().removeprefix("By ").removeprefix("by ")),
        published_at=date,
    )
