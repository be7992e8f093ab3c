"""Task messages written by hand, as the Redis transport stores them (a producer in another
language, or one that gets the format wrong)."""

from __future__ import annotations

import base64
import uuid

EMBED = {"callbacks": None, "errbacks": None, "chain": None, "chord": None}


def raw_task_message(queue: str, task: str, body: bytes) -> dict[str, object]:
    """A task message as the Redis transport stores it, for a body written by hand."""
    task_id = str(uuid.uuid4())
    return {
        "body": base64.b64encode(body).decode(),
        "content-encoding": "utf-8",
        "content-type": "application/json",
        "headers": {
            "lang": "go",
            "task": task,
            "id": task_id,
            "root_id": task_id,
            "parent_id": None,
            "group": None,
            "retries": 0,
            "eta": None,
            "expires": None,
        },
        "properties": {
            "correlation_id": task_id,
            "delivery_mode": 2,
            "priority": 0,
            "body_encoding": "base64",
            "delivery_tag": str(uuid.uuid4()),
            "delivery_info": {"exchange": "", "routing_key": queue},
        },
    }
