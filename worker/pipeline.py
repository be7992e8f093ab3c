"""The chain's steps wired to their dependencies, one article at a time.

`Pipeline` is what both the Celery tasks (one batch per link) and `article-ingest process`
(in-process, no Celery) run, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import redis
from pydantic import BaseModel, JsonValue, ValidationError

from schemas import ProcessedArticle, RejectionReason, Stage
from worker.dead_letters import DeadLetterWriter
from worker.redis_scripts import RedisScripts, connect
from worker.settings import Settings
from worker.steps.base import Cleaned, Deduplicated, Rejection
from worker.steps.classify import LanguageIdentifier, LinearTopics, TopicClassifier, classify
from worker.steps.clean import SourceLineMemory, clean
from worker.steps.clean.learned import RedisSourceLineMemory
from worker.steps.dedup import DedupIndex, RedisDedupIndex, deduplicate
from worker.steps.publish import Publication, publish
from worker.steps.receive import receive

LinkStep = Callable[[JsonValue], BaseModel | Rejection]


def _now() -> datetime:
    return datetime.now(UTC)


def _malformed(stage: Stage, error: ValidationError) -> Rejection:
    return Rejection(
        stage=stage,
        reason=RejectionReason.INVALID_PAYLOAD,
        error=f"The message handed to the {stage.value} step is not what the step before it "
        f"sends ({error.error_count()} validation errors); was it sent by hand?",
    )


def payload_of(stage: Stage, item: JsonValue) -> JsonValue:
    """The original payload inside a link's item (the item itself at the first link)."""
    if stage is not Stage.CLEAN and isinstance(item, dict) and "payload" in item:
        return item["payload"]
    return item


@dataclass
class Pipeline:
    settings: Settings
    scripts: RedisScripts
    languages: LanguageIdentifier
    topics: TopicClassifier
    index: DedupIndex
    dead_letters: DeadLetterWriter
    source_lines: SourceLineMemory | None

    @classmethod
    def from_settings(cls, settings: Settings, client: redis.Redis | None = None) -> Pipeline:
        scripts = RedisScripts(client if client is not None else connect(settings.redis_url))
        return cls(
            settings=settings,
            scripts=scripts,
            languages=LanguageIdentifier(settings.language),
            topics=LinearTopics(settings.topics),
            index=RedisDedupIndex(scripts, settings.dedup),
            dead_letters=DeadLetterWriter(scripts, settings.dead_letters),
            source_lines=RedisSourceLineMemory(scripts, settings.clean.learned),
        )

    # One method per link; each takes the JSON item the link receives.

    def clean(self, payload: JsonValue) -> Cleaned | Rejection:
        raw = receive(payload, self.settings.limits)
        if isinstance(raw, Rejection):
            return raw
        article = clean(raw, self.settings.clean, received_at=_now(), memory=self.source_lines)
        if isinstance(article, Rejection):
            return article
        return Cleaned(payload=payload, article=article)

    def classify(self, item: JsonValue) -> Cleaned | Rejection:
        try:
            cleaned = Cleaned.model_validate(item)
        except ValidationError as error:
            return _malformed(Stage.CLASSIFY, error)
        return cleaned.model_copy(
            update={"article": classify(cleaned.article, self.languages, self.topics)}
        )

    def dedup(self, item: JsonValue) -> Deduplicated | Rejection:
        try:
            cleaned = Cleaned.model_validate(item)
        except ValidationError as error:
            return _malformed(Stage.DEDUP, error)
        article = deduplicate(cleaned.article, self.index, self.settings.dedup, processed_at=_now())
        return Deduplicated(payload=cleaned.payload, article=article)

    def publish(self, item: JsonValue) -> Publication | Rejection:
        try:
            ready = Deduplicated.model_validate(item)
        except ValidationError as error:
            return _malformed(Stage.PUBLISH, error)
        return publish(ready.article, self.scripts, self.settings.output)

    def link(self, stage: Stage) -> LinkStep:
        steps: dict[Stage, LinkStep] = {
            Stage.CLEAN: self.clean,
            Stage.CLASSIFY: self.classify,
            Stage.DEDUP: self.dedup,
            Stage.PUBLISH: self.publish,
        }
        return steps[stage]

    def process(self, payload: JsonValue) -> ProcessedArticle | Rejection:
        """Clean, classify and deduplicate one payload in this process (no publish)."""
        cleaned = self.clean(payload)
        if isinstance(cleaned, Rejection):
            return cleaned
        classified = self.classify(cleaned.model_dump(mode="json"))
        if isinstance(classified, Rejection):
            return classified
        ready = self.dedup(classified.model_dump(mode="json"))
        if isinstance(ready, Rejection):
            return ready
        return ready.article
