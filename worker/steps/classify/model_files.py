"""Model files shared by the classifiers: loaded once per process and file version, so a worker
that loads them before it forks shares their memory with its children, and a file written again
(a retrained model) is read again."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

Model = TypeVar("Model")


class ModelFileError(RuntimeError):
    """A model file is missing or is not a model of the expected kind."""


@dataclass(frozen=True)
class LabelScore:
    label: str
    score: float


_LOADED: dict[tuple[Path, int, int], Any] = {}
_LOADING = threading.Lock()


def load_once(path: Path, read: Callable[[Path], Model]) -> Model:
    """`read(path)`, once per file version (path, modification time, size) in this process."""
    try:
        stat = path.stat()
    except (FileNotFoundError, NotADirectoryError):  # NotADirectory: a file on the way
        raise ModelFileError(f"no model file at {path}") from None
    version = (path, stat.st_mtime_ns, stat.st_size)
    with _LOADING:
        if version not in _LOADED:
            _LOADED[version] = read(path)
        loaded: Model = _LOADED[version]
        return loaded
