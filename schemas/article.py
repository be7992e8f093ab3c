"""The article contracts: what scrapers send (`RawArticle`) and what consumers get
(`ProcessedArticle`).

Field limits here are the contract's own (they appear in the JSON Schema); the limit on the
whole payload is a worker setting (`INGEST_LIMITS__MAX_PAYLOAD_BYTES`) checked before parsing.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Annotated, Self
from urllib.parse import urlsplit, urlunsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = "1.0"

MAX_ID_CHARS = 256
MAX_URL_CHARS = 8_192
MAX_SHORT_TEXT_CHARS = 2_048
MAX_METADATA_ITEMS = 64

ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=MAX_SHORT_TEXT_CHARS)
]
ArticleId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ID_CHARS),
]


def as_utc(value: datetime | None) -> datetime | None:
    """Datetimes without a zone are taken as UTC; all are returned in UTC. A time that cannot
    be expressed in UTC (year 1 east of Greenwich) raises ValueError."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError as error:
        raise ValueError(f"{value.isoformat()} is out of range") from error


_DEFAULT_PORTS = {"http": 80, "https": 443}
_ISO_EXAMPLE = "published_at must be an ISO 8601 date-time such as 2026-03-14T09:30:00Z"
_NUMBER = re.compile(r"[+-]?\d+(\.\d*)?([eE][+-]?\d+)?")
MAX_HOST_CHARS = 253  # DNS


def _ascii_host(host: str) -> str:
    """The host lower-cased, without a trailing dot, in its ASCII (IDNA) form."""
    host = host.lower().rstrip(".")
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:  # not a name IDNA can encode (an IP literal, odd labels): as it is
        return host


def canonical_url(url: str) -> str:
    """One spelling of a URL for the same page: scheme and host lower-cased, the host in ASCII
    without a trailing dot, no default port, no user name or password, "/" for an empty path,
    no fragment."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = _ascii_host(parts.hostname or "")
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class RawArticle(BaseModel):
    """One article as a scraper sends it. At least one of `html` and `text` is non-empty."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: ArticleId | None = Field(
        default=None,
        description="The sender's id. When absent: 'url-' + a hash of the URL, else "
        "'content-' + a hash of the html/text.",
    )
    url: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_URL_CHARS)] | None
    ) = None
    source: ShortText | None = Field(
        default=None, description="The publisher. When absent: the URL's host without 'www.'."
    )
    html: str | None = Field(default=None, description="The page's HTML, when the scraper has it.")
    text: str | None = Field(default=None, description="Text already pulled from the page.")
    title: ShortText | None = None
    published_at: datetime | None = Field(
        default=None,
        description="ISO 8601 (or RFC 2822, as RSS feeds write it); a time without a zone is "
        "taken as UTC. Not a number: a Unix time is refused.",
    )
    language: Annotated[str, StringConstraints(strip_whitespace=True, max_length=16)] | None = (
        Field(default=None, description="A hint (ISO 639-1), used when identification is unsure.")
    )
    metadata: dict[str, JsonValue] = Field(
        default_factory=dict,
        max_length=MAX_METADATA_ITEMS,
        description="Free key/values, passed through to the processed article.",
    )

    @field_validator("metadata")
    @classmethod
    def _metadata_numbers_are_json(cls, value: dict[str, JsonValue]) -> dict[str, JsonValue]:
        """Every number finite (NaN and Infinity are not JSON) and an integer within 64 bits,
        signed or not (a longer one could not be sent: Python writes at most 4,300 digits)."""
        stack: list[JsonValue] = list(value.values())
        while stack:
            item = stack.pop()
            if isinstance(item, float) and not math.isfinite(item):
                raise ValueError("metadata holds NaN or Infinity, which JSON does not have")
            if (
                isinstance(item, int)
                and not isinstance(item, bool)
                and not -(2**63) <= item < 2**64
            ):
                raise ValueError("metadata holds an integer beyond 64 bits")
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        return value

    @field_validator("url")
    @classmethod
    def _url_is_http(cls, value: str | None) -> str | None:
        """An absolute http(s) URL with a host and a valid port; a user name and password in
        it are dropped (they would be published with the article)."""
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
            raise ValueError("url must be an absolute http(s) URL")
        try:
            parts.port  # noqa: B018  # parsing it checks it
        except ValueError:
            raise ValueError("url has a port that is not a number from 0 to 65535") from None
        host = parts.netloc.rpartition("@")[2]
        if len(parts.hostname) > MAX_HOST_CHARS or any(c.isspace() for c in host):
            raise ValueError(
                f"url must have a host name of at most {MAX_HOST_CHARS} characters, without spaces"
            )
        if "@" in parts.netloc:
            return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
        return value

    @field_validator("published_at", mode="before")
    @classmethod
    def _published_at_is_iso(cls, value: object) -> object:
        """ISO 8601, the basic form too ("20240315T0930Z"), or RFC 2822 ("Sat, 14 Mar 2026
        09:30:00 GMT"); a number, or a string of digits ISO does not read, is refused: pydantic
        would take it for a Unix time (20240315 is in August 1970)."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(f"{_ISO_EXAMPLE}, not a number")
        if isinstance(value, str) and value.strip():
            text = value.strip()
            try:
                return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
            except ValueError:
                if _NUMBER.fullmatch(text):
                    raise ValueError(f"{_ISO_EXAMPLE}; {text!r} is not one") from None
            try:
                return parsedate_to_datetime(text)  # RFC 2822, as RSS feeds write dates
            except (TypeError, ValueError, OverflowError):
                pass
        return value

    @field_validator("published_at")
    @classmethod
    def _published_at_in_utc(cls, value: datetime | None) -> datetime | None:
        return as_utc(value)

    @model_validator(mode="after")
    def _fill_derived_fields(self) -> Self:
        if not (self.html and self.html.strip()) and not (self.text and self.text.strip()):
            raise ValueError("the article has neither html nor text: one of them must be non-empty")
        if self.id is None:
            if self.url:
                derived = "url-" + _digest(canonical_url(self.url))
            else:
                derived = "content-" + _digest((self.html or "") + "\x00" + (self.text or ""))
            object.__setattr__(self, "id", derived)
        if not self.source and self.url:
            host = (urlsplit(self.url).hostname or "").rstrip(".")
            object.__setattr__(self, "source", host.removeprefix("www.") or None)
        return self

    @property
    def article_id(self) -> str:
        """The id, always set after validation."""
        assert self.id is not None
        return self.id


class InputMode(StrEnum):
    HTML = "html"
    TEXT = "text"


class Topic(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str = Field(description="e.g. 'medtop:16000000'")
    label: str
    score: float = Field(ge=0.0, le=1.0)


class DedupStatus(StrEnum):
    UNIQUE = "unique"
    EXACT = "exact"
    NEAR = "near"


class DedupVerdict(BaseModel):
    model_config = ConfigDict(frozen=True)

    status: DedupStatus
    duplicate_of: str | None = Field(
        default=None, description="The id of the first-seen copy of the story; null when unique."
    )
    similarity: float = Field(default=0.0, ge=0.0, le=1.0)
    story_id: str = Field(description="Shared by every copy of one story: the first copy's id.")


class RemovalReason(StrEnum):
    """Why cleaning removed a line."""

    TITLE = "title"
    CAPTION = "caption"
    PHOTO_CREDIT = "photo_credit"
    AGENCY_CREDIT = "agency_credit"
    BYLINE = "byline"
    PROMOTION = "promotion"
    LEGAL = "legal"
    RELATED = "related"
    COMMENTS = "comments"
    NAVIGATION = "navigation"
    OUTSIDE_ARTICLE = "outside_article"
    LEARNED = "learned"


class RemovedLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    reason: RemovalReason


class CleaningReport(BaseModel):
    """What cleaning did to the article."""

    model_config = ConfigDict(frozen=True)

    removed: dict[RemovalReason, int] = Field(
        default_factory=dict, description="Lines removed, by reason."
    )
    credits: list[str] = Field(
        default_factory=list, description="Agencies credited in the text, e.g. ['DPA']."
    )
    removed_lines: list[RemovedLine] | None = Field(
        default=None, description="The removed lines themselves, only in debug mode."
    )


class CleanArticle(BaseModel):
    """An article after cleaning (and, later in the chain, classification)."""

    model_config = ConfigDict(frozen=True)

    id: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    author: str | None = None
    body: str = Field(description="Clean text; paragraphs separated by a blank line.")
    published_at: datetime | None = None
    input_mode: InputMode
    language: str = Field(default="und", description="ISO 639-1, or 'und' when unsure.")
    language_score: float = Field(default=0.0, ge=0.0, le=1.0)
    topics: list[Topic] = Field(default_factory=list)
    word_count: int = Field(ge=0)
    metadata: dict[str, JsonValue] = Field(default_factory=dict)
    cleaning: CleaningReport = Field(default_factory=CleaningReport)
    received_at: datetime


class ProcessedArticle(CleanArticle):
    """What downstream services read from the output stream."""

    schema_version: str = SCHEMA_VERSION
    content_hash: str = Field(description="sha256 of the normalised body (the exact-dedup key).")
    dedup: DedupVerdict
    processed_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
