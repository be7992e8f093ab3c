"""The Celery app, configured for no loss: JSON only, late acks, requeue on a lost worker."""

from __future__ import annotations

from celery import Celery

from worker.settings import Settings
from worker.tasks import register_tasks
from worker.unreadable_messages import consumer_for


def celery_config(settings: Settings) -> dict[str, object]:
    tasks = settings.tasks
    return {
        "broker_url": settings.celery_broker_url,
        "broker_connection_retry_on_startup": True,
        "broker_connection_max_retries": None,
        "broker_transport_options": {
            "visibility_timeout": tasks.visibility_timeout,
            "socket_timeout": 30,
            "socket_connect_timeout": 10,
            "retry_on_timeout": True,
        },
        "broker_heartbeat": 0,
        # JSON only: a pickle payload would run code in the worker.
        "task_serializer": "json",
        "result_serializer": "json",
        "event_serializer": "json",
        "accept_content": ["json"],
        "result_accept_content": ["json"],
        # Results go to the output stream, not a result backend.
        "task_ignore_result": True,
        "result_backend": None,
        # A message is acknowledged only once its task has finished; a killed worker's messages
        # go back to the queue. Celery drops the message of a task that fails (it rejects it
        # without requeueing), so the tasks never fail: they retry (worker/tasks.py).
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure_or_timeout": False,
        "task_soft_time_limit": tasks.soft_time_limit,
        "task_time_limit": tasks.time_limit,
        "task_default_queue": settings.queue,
        "task_create_missing_queues": True,
        "worker_prefetch_multiplier": tasks.prefetch_multiplier,
        "worker_max_tasks_per_child": tasks.max_tasks_per_child,
        "worker_concurrency": settings.concurrency,
        "worker_hijack_root_logger": False,
        "worker_redirect_stdouts": False,
    }


def create_app(settings: Settings) -> Celery:
    """A Celery app with the chain's tasks registered, configured from `settings`."""
    app = Celery("article_ingest", set_as_current=False)
    app.conf.update(celery_config(settings))
    # Messages it cannot run as tasks go to the dead letters before Celery drops them.
    app.conf.worker_consumer = consumer_for(settings)
    register_tasks(app, settings)
    return app
