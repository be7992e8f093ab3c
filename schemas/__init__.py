"""Message contracts of article-ingest (pydantic v2); their JSON Schemas are in `schemas/json/`."""

from schemas.article import (
    SCHEMA_VERSION,
    CleanArticle,
    CleaningReport,
    DedupStatus,
    DedupVerdict,
    InputMode,
    ProcessedArticle,
    RawArticle,
    RemovalReason,
    RemovedLine,
    Topic,
)
from schemas.dead_letter import DeadLetter, RejectionReason, Stage
from schemas.json_schema import JSON_SCHEMA_DIR, render_json_schemas, write_json_schemas

__all__ = [
    "JSON_SCHEMA_DIR",
    "SCHEMA_VERSION",
    "CleanArticle",
    "CleaningReport",
    "DeadLetter",
    "DedupStatus",
    "DedupVerdict",
    "InputMode",
    "ProcessedArticle",
    "RawArticle",
    "RejectionReason",
    "RemovalReason",
    "RemovedLine",
    "Stage",
    "Topic",
    "render_json_schemas",
    "write_json_schemas",
]
