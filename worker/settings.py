"""All settings in one typed object, read from the environment when the CLI or app factory
builds it (never at import).

Every variable has the prefix `INGEST_`; nested groups use `__`, e.g.
`INGEST_TASKS__SOFT_TIME_LIMIT=30`. Each step's group is the frozen config model that lives
beside the step. `REDIS_URL` is accepted as well as `INGEST_REDIS_URL`.
"""

from __future__ import annotations

from typing import Self

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from worker.dead_letters import DeadLetterConfig
from worker.steps.classify.language import LanguageConfig
from worker.steps.classify.topics import TopicConfig
from worker.steps.clean import CleanConfig
from worker.steps.dedup import DedupConfig
from worker.steps.publish import PublishConfig
from worker.steps.receive import PayloadLimits

DEFAULT_REDIS_URL = "redis://localhost:6379/0"
REDIS_URL_SCHEMES = ("redis://", "rediss://", "unix://")  # redis-py's
BROKER_URL_SCHEMES = ("redis://", "rediss://", "sentinel://", "redis+socket://")  # kombu's Redis


class TaskSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    batch_size: int = Field(default=16, ge=1, le=1_000, description="Articles per chain message.")
    max_batch_items: int = Field(
        default=1_000, ge=1, description="A received batch is worked on in parts of this size."
    )
    soft_time_limit: int = Field(default=120, ge=1, description="Seconds; one batch at one step.")
    time_limit: int = Field(default=180, ge=1, description="Seconds; the worker child is killed.")
    max_retries: int = Field(default=10, ge=0, description="Retries on Redis connection errors.")
    retry_backoff_max: int = Field(
        default=300, ge=1, description="Seconds between retries, at most."
    )
    visibility_timeout: int = Field(
        default=3_600, ge=1, description="Seconds before an unacknowledged message is redelivered."
    )
    max_tasks_per_child: int = Field(default=1_000, ge=1)
    prefetch_multiplier: int = Field(default=1, ge=1)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="INGEST_", env_nested_delimiter="__", populate_by_name=True, extra="forbid"
    )

    redis_url: str = Field(
        default=DEFAULT_REDIS_URL,
        validation_alias=AliasChoices("INGEST_REDIS_URL", "REDIS_URL", "redis_url"),
        description="Redis for the dedup index and the streams.",
    )
    broker_url: str | None = Field(
        default=None, description="Celery's broker; the same Redis as redis_url when unset."
    )
    queue: str = Field(default="article-ingest", description="The Celery queue the chain runs on.")
    concurrency: int | None = Field(default=None, ge=1, description="Worker processes; cores.")
    tasks: TaskSettings = TaskSettings()
    limits: PayloadLimits = PayloadLimits()
    clean: CleanConfig = CleanConfig()
    language: LanguageConfig = LanguageConfig()
    topics: TopicConfig = TopicConfig()
    dedup: DedupConfig = DedupConfig()
    output: PublishConfig = PublishConfig()
    dead_letters: DeadLetterConfig = DeadLetterConfig()

    @field_validator("redis_url")
    @classmethod
    def _a_redis_url(cls, url: str) -> str:
        if not url.startswith(REDIS_URL_SCHEMES):
            raise ValueError(
                f"{url!r} is not a Redis URL: write it as redis://host:6379/0 (or rediss://, "
                "unix://)"
            )
        return url

    @field_validator("broker_url")
    @classmethod
    def _a_redis_broker_url(cls, url: str | None) -> str | None:
        # Celery would take "localhost:6379" for an AMQP host and retry it for ever.
        if url is not None and not url.startswith(BROKER_URL_SCHEMES):
            raise ValueError(
                f"{url!r} is not a Redis broker URL: write it as redis://host:6379/0 (or "
                "rediss://, sentinel://, redis+socket:// for a Unix socket)"
            )
        return url

    @model_validator(mode="after")
    def _visibility_outlasts_a_task(self) -> Self:
        longest = self.tasks.time_limit + self.tasks.retry_backoff_max
        if self.tasks.visibility_timeout <= longest:
            raise ValueError(
                f"tasks.visibility_timeout ({self.tasks.visibility_timeout}s) must exceed the hard "
                f"time limit plus the longest retry wait ({longest}s), or Redis would hand a "
                "running task to a second worker"
            )
        if self.tasks.soft_time_limit >= self.tasks.time_limit:
            raise ValueError("tasks.soft_time_limit must be below tasks.time_limit")
        if self.broker_url is None and self.redis_url.startswith("unix://"):
            raise ValueError(
                "Celery cannot use a unix:// URL as its broker: set INGEST_BROKER_URL to "
                "redis+socket:///path/to/redis.sock"
            )
        return self

    @property
    def celery_broker_url(self) -> str:
        return self.broker_url or self.redis_url
