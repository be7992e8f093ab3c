"""The errors article-ingest raises.

    IngestError
    ├── RedisUnavailable      Redis could not be reached (transient: the step is retried)
    └── ConfigurationError    settings that cannot work together, or a missing Redis binary

Errors of redis-py are translated at the boundary (`worker.redis_scripts`) with `raise … from`.
Bad input is never an exception: it is a `Rejection` value (see `worker.steps.base`).
"""

from __future__ import annotations


class IngestError(Exception):
    """Root of every error article-ingest raises."""


class RedisUnavailable(IngestError):
    """Redis did not answer; the operation may succeed when retried."""


class ConfigurationError(IngestError):
    """The configuration cannot work."""
