"""Topics of an article: a trained model behind a small interface (`TopicClassifier`).

The default is a TF-IDF linear model of the 17 IPTC Media Topics top-level codes shipped with the
package (`worker/models/topics/`); `model_dir` points at any other directory written by
`article-ingest train-topics`, with the user's own labels. Another implementation (an embedding
model on a GPU queue, say) only has to provide `TopicClassifier.topics`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from schemas import Topic
from worker.steps.classify.linear_model import LinearTextModel
from worker.steps.classify.model_files import LabelScore, ModelFileError
from worker.steps.classify.model_text import model_words

PACKAGED_TOPICS = Path(__file__).resolve().parents[2] / "models" / "topics"
MODEL_FILE = "model.npz"
CARD_FILE = "card.json"


class TopicConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    model_dir: Path = Field(
        default=PACKAGED_TOPICS, description="Directory of model.npz + card.json."
    )
    max_chars: int = Field(
        default=4_000,
        ge=200,
        description="Prefix of title + body train-topics trains on; a model's card keeps it "
        "and the model is read that way.",
    )
    lead_words: int = Field(
        default=250,
        ge=0,
        description="The first words count twice (the lead says most); kept like max_chars.",
    )
    min_words: int = Field(default=8, ge=1, description="Fewer different words: no topics.")
    min_known_words: int = Field(
        default=5, ge=1, description="Fewer different words the model knows: no topics."
    )
    min_score: float = Field(default=0.25, ge=0.0, le=1.0, description="Primary topic below: none.")
    also_score: float = Field(default=0.3, ge=0.0, le=1.0, description="Further topics from here.")
    max_topics: int = Field(default=3, ge=1, le=20)


def topic_words(text: str, config: TopicConfig) -> list[str]:
    """The words a topic model sees, at training and at prediction time: those of the first
    `max_chars`, then the first `lead_words` again (chosen with bench/topic_folds.py; figures in
    the README's benchmarks)."""
    words = model_words(text, config.max_chars)
    return words + words[: config.lead_words]


def reading_parameters(config: TopicConfig) -> dict[str, object]:
    """How a model reads texts, as its card records it (see `LinearTopics.reading`)."""
    return {"max_chars": config.max_chars, "lead_words": config.lead_words}


class TopicClassifier(Protocol):
    """What the classify step needs: the topics of a text, best first (empty when unsure)."""

    def topics(self, text: str) -> list[Topic]: ...


class ModelCard(BaseModel):
    """What `train-topics` writes beside the model: label names, data manifest, metrics."""

    labels: dict[str, str]
    data: list[dict[str, object]] = []
    parameters: dict[str, object] = {}
    metrics: dict[str, object] = {}


def read_card(model_dir: Path) -> ModelCard:
    path = model_dir / CARD_FILE
    try:
        return ModelCard.model_validate_json(path.read_bytes())
    except (FileNotFoundError, NotADirectoryError):
        raise ModelFileError(f"no model card at {path}") from None
    except ValidationError as error:
        raise ModelFileError(
            f"{path} is not a model card ({error.error_count()} problems, the first: "
            f"{error.errors()[0]['msg']})"
        ) from None


class LinearTopics:
    """A topic model directory written by train-topics; loads on first use, once per process.
    Texts are read (`max_chars`, `lead_words`) as the model's card says it was trained; a card
    that does not say (one written by hand) leaves the configured values."""

    def __init__(self, config: TopicConfig) -> None:
        self.config = config
        self.model = LinearTextModel(config.model_dir / MODEL_FILE)
        self._card: ModelCard | None = None
        self._reading: TopicConfig | None = None

    def card(self) -> ModelCard:
        if self._card is None:
            self._card = read_card(self.config.model_dir)
        return self._card

    def names(self) -> dict[str, str]:
        return self.card().labels

    def reading(self) -> TopicConfig:
        """The configuration with the card's reading: cards from before `lead_words` existed
        were trained on a prefix alone (lead 0)."""
        if self._reading is None:
            trained = self.card().parameters
            update: dict[str, object] = {}
            if isinstance(trained.get("max_chars"), int):
                update = {"max_chars": trained["max_chars"], "lead_words": 0}
            if isinstance(trained.get("lead_words"), int):
                update["lead_words"] = trained["lead_words"]
            self._reading = self.config.model_copy(update=update)
        return self._reading

    def topics(self, text: str) -> list[Topic]:
        return self.chosen(self.ranked(text, self.config.max_topics))

    def ranked(self, text: str, k: int) -> list[LabelScore]:
        """The `k` most probable labels of a text, best first, before any threshold; none when
        the text has too few different words, or too few the model knows, to be classified."""
        words = Counter(topic_words(text, self.reading()))
        if len(words) < self.config.min_words:
            return []
        return self.model.predict(words, k, self.config.min_known_words)

    def chosen(self, ranked: list[LabelScore]) -> list[Topic]:
        """The topics an article gets from its ranked labels: the best when it is probable
        enough (`min_score`), then the others from `also_score`."""
        if not ranked or ranked[0].score < self.config.min_score:
            return []
        names = self.names()
        further = ranked[1 : self.config.max_topics]
        chosen = [ranked[0]] + [r for r in further if r.score >= self.config.also_score]
        return [
            Topic(code=r.label, label=names.get(r.label, r.label), score=round(r.score, 4))
            for r in chosen
        ]


def card_json(card: ModelCard) -> str:
    return json.dumps(card.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
