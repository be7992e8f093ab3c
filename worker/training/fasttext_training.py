"""Training a fastText supervised model reproducibly: fixed seed, one thread, sorted then shuffled
input, so the same data and parameters give the same model file."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from worker.steps.classify.fasttext_model import LABEL_PREFIX
from worker.training.example import Example


class FastTextParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    epoch: int = 25
    lr: float = 0.5
    dim: int = 32
    word_ngrams: int = 2
    minn: int = 0
    maxn: int = 0
    min_count: int = 1
    bucket: int = 200_000
    loss: Literal["softmax", "ova", "hs"] = "softmax"
    seed: int = 1
    quantize_cutoff: int | None = None  # None: keep the full-precision model
    quantize_dsub: int = 2


def train(examples: Sequence[Example], params: FastTextParams, out_file: Path) -> Path:
    """Train on `examples` and write the model to `out_file` (quantized when asked)."""
    import fasttext

    lines = sorted(
        " ".join(LABEL_PREFIX + label for label in example.labels) + " " + example.text
        for example in examples
        if example.text and example.labels
    )
    if not lines:
        raise ValueError("no labelled examples with text to train on")
    random.Random(params.seed).shuffle(lines)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "train.txt"
        data.write_text("\n".join(lines) + "\n", encoding="utf-8")
        model: Any = fasttext.train_supervised(
            input=str(data),
            epoch=params.epoch,
            lr=params.lr,
            dim=params.dim,
            wordNgrams=params.word_ngrams,
            minn=params.minn,
            maxn=params.maxn,
            minCount=params.min_count,
            bucket=params.bucket,
            loss=params.loss,
            seed=params.seed,
            thread=1,
            verbose=0,
        )
        if params.quantize_cutoff is not None:
            model.quantize(
                input=str(data),
                retrain=False,
                qnorm=True,
                cutoff=params.quantize_cutoff,
                dsub=params.quantize_dsub,
            )
        model.save_model(str(out_file))
    return out_file
