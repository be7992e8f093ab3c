"""Queue messages the worker cannot run as a task — a body that is not JSON, a task name this
worker does not have, a body that is not Celery's `[args, kwargs, options]` — go to the dead
letters, with the raw body, before they are dropped (Celery logs such a message and acknowledges
it, so that it cannot loop; a body of the wrong shape stopped the worker instead)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property
from typing import Any

from celery.worker.consumer import Consumer

from schemas import RejectionReason, Stage
from worker.dead_letters import DeadLetterWriter, dead_letter
from worker.redis_scripts import RedisScripts, connect
from worker.settings import Settings
from worker.steps.base import Rejection

log = logging.getLogger(__name__)


def message_text(body: object) -> str:
    """A message body as text: bytes as UTF-8 (bad bytes replaced), anything else as its repr."""
    if isinstance(body, bytes | bytearray):
        return bytes(body).decode("utf-8", errors="replace")
    return body if isinstance(body, str) else repr(body)


class DeadLetteringConsumer(Consumer):
    """Celery's consumer, which first writes each message it cannot run to the dead letters
    (stage `receive`). `settings` is set on the subclass `consumer_for` makes."""

    settings: Settings
    connection_errors: tuple[type[BaseException], ...]  # set by Celery's __init__

    @cached_property
    def dead_letters(self) -> DeadLetterWriter:
        scripts = RedisScripts(connect(self.settings.redis_url))
        return DeadLetterWriter(scripts, self.settings.dead_letters)

    def dead_letter_message(self, message: Any, reason: RejectionReason, error: str) -> None:
        rejection = Rejection(stage=Stage.RECEIVE, reason=reason, error=error)
        letter = dead_letter(message_text(message.body), rejection, 1, self.settings.dead_letters)
        try:
            self.dead_letters.write(letter)
        except Exception:
            log.exception("could not write the dead letter of an unreadable message; it is lost")

    def create_task_handler(self, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
        """Celery's handler of each message, which also survives a body of the wrong shape
        (a JSON object where `[args, kwargs, options]` belongs): Celery catches only the errors
        it expects there, and any other one stops the worker, and then every worker the
        message is redelivered to."""
        handle = super().create_task_handler(*args, **kwargs)

        def on_task_received(message: Any) -> Any:
            try:
                return handle(message)
            except self.connection_errors:
                raise  # the broker connection: Celery reconnects
            except Exception as error:
                self.dead_letter_message(
                    message,
                    RejectionReason.INVALID_PAYLOAD,
                    f"The queue message is not a valid task message "
                    f"({type(error).__name__}: {error}).",
                )
                log.exception("dropped a queue message that is not a task message")
                message.reject_log_error(log, self.connection_errors)
                return None

        return on_task_received

    def on_decode_error(self, message: Any, exc: Exception) -> None:
        self.dead_letter_message(
            message,
            RejectionReason.INVALID_JSON,
            f"The queue message is not a task message this worker can read "
            f"({message.content_type}): {exc}.",
        )
        super().on_decode_error(message, exc)

    def on_unknown_message(self, body: Any, message: Any) -> None:
        self.dead_letter_message(
            message,
            RejectionReason.INVALID_PAYLOAD,
            "The queue message has no task name: it is not a Celery task message.",
        )
        super().on_unknown_message(body, message)

    def on_unknown_task(self, body: Any, message: Any, exc: Exception) -> None:
        name = (message.headers or {}).get("task", "?")
        self.dead_letter_message(
            message,
            RejectionReason.INVALID_PAYLOAD,
            f"The queue message names a task this worker does not have ({name!r}); the chain's "
            "tasks are article_ingest.clean, .classify, .dedup and .publish.",
        )
        super().on_unknown_task(body, message, exc)

    def on_invalid_task(self, body: Any, message: Any, exc: Exception) -> None:
        self.dead_letter_message(
            message,
            RejectionReason.INVALID_PAYLOAD,
            f"The queue message is not a valid task message: {exc}.",
        )
        super().on_invalid_task(body, message, exc)


def consumer_for(settings: Settings) -> type[DeadLetteringConsumer]:
    """The consumer class for a worker with `settings`."""
    return type("DeadLetteringConsumer", (DeadLetteringConsumer,), {"settings": settings})
