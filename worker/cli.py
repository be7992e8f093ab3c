"""The `article-ingest` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import Progress
from rich.text import Text

from schemas import DeadLetter, write_json_schemas
from worker.jsonl import valid_articles
from worker.lone_surrogates import without_lone_surrogates
from worker.redis_scripts import connect
from worker.settings import Settings
from worker.steps.base import Rejection

if TYPE_CHECKING:
    from worker.steps.classify.topics import ModelCard

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
console = Console(stderr=True)

# The examples beside the package in a checkout (or an editable install), else under the working
# directory (the Docker image installs the package and keeps them in /app/examples).
EXAMPLES_IN_CHECKOUT = Path(__file__).resolve().parent.parent / "examples" / "articles.jsonl"
EXAMPLES = (
    EXAMPLES_IN_CHECKOUT if EXAMPLES_IN_CHECKOUT.is_file() else Path("examples") / "articles.jsonl"
)
InputFile = Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="RawArticle JSONL.")]


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        for problem in error.errors():
            where = ".".join(str(part) for part in problem["loc"])
            message = problem["msg"].removeprefix("Value error, ")
            label = f"Invalid setting {where}: " if where else "Invalid settings: "
            console.print(Text(label, style="red") + Text(message), soft_wrap=True)
        raise typer.Exit(2) from error


def _load_models(settings: Settings) -> None:
    """Load both models (and the topic model's card) now, or stop with one line saying which
    file is wrong: not a traceback, and not every article a dead letter."""
    from worker.steps.classify import LanguageIdentifier, LinearTopics
    from worker.steps.classify.model_files import ModelFileError

    try:
        LanguageIdentifier(settings.language).model.load()
        topics = LinearTopics(settings.topics)
        topics.model.load()
        topics.reading()  # reads the card
    except ModelFileError as error:
        _stop(ModelFileError(f"Cannot load a model: {error}"))


@app.command()
def worker(
    concurrency: Annotated[int | None, typer.Option(help="Processes; default: cores.")] = None,
    loglevel: Annotated[str, typer.Option(help="DEBUG, INFO, WARNING…")] = "INFO",
    events: Annotated[bool, typer.Option(help="Send task events (for Flower).")] = False,
) -> None:
    """Start a worker with the project's settings."""
    from worker.app import create_app

    settings = _settings()
    # Load the models before the pool forks: a wrong path stops here, and the children share them.
    _load_models(settings)
    argv = [
        "worker",
        f"--loglevel={loglevel}",
        "-Q",
        settings.queue,
        "--without-gossip",
        "--without-mingle",
    ]
    if concurrency or settings.concurrency:
        argv.append(f"--concurrency={concurrency or settings.concurrency}")
    if events:
        argv.append("--events")
    create_app(settings).worker_main(argv)


@app.command()
def submit(file: InputFile) -> None:
    """Enqueue the RawArticle lines of a JSONL file; invalid lines are reported, not sent."""
    from worker.client import IngestClient

    settings = _settings()
    client = IngestClient(settings)
    valid, invalid = valid_articles(file, console)
    with Progress(console=console) as progress:
        bar = progress.add_task("submitting", total=len(valid))
        for ids in client.submit_batches(valid):
            progress.advance(bar, len(ids))
    client.close()
    console.print(f"{len(valid)} articles enqueued, {invalid} invalid lines skipped.")
    if invalid:
        raise typer.Exit(1)


@app.command()
def tail(
    count: Annotated[
        int | None, typer.Option(help="Stop after this many; default: follow.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
    group: Annotated[str, typer.Option(help="Consumer group.")] = "article-ingest-tail",
    consumer: Annotated[str | None, typer.Option(help="Consumer name; default: host-pid.")] = None,
) -> None:
    """Print processed articles from the output stream, acknowledging what is printed."""
    from worker.consumer import OutputConsumer

    settings = _settings()
    reader = OutputConsumer(connect(settings.redis_url), settings.output.stream, group, consumer)
    reader.ensure_group()
    printed = 0
    while count is None or printed < count:
        wanted = 100 if count is None else min(100, count - printed)
        deliveries = reader.read(count=wanted, block_ms=1_000)
        for delivery in deliveries:
            if as_json:
                sys.stdout.write(delivery.article.model_dump_json() + "\n")
            else:
                from worker.report import article_line

                print(article_line(delivery.article))
        sys.stdout.flush()
        reader.ack(deliveries)
        printed += len(deliveries)


@app.command()
def process(
    file: InputFile,
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write JSONL.")],
    debug: Annotated[
        bool, typer.Option(help="List every line cleaning removed, with its reason.")
    ] = False,
) -> None:
    """Run the steps in this process (no Celery) against the shared dedup index: one output line
    per input line, a ProcessedArticle or a DeadLetter."""
    from schemas import Stage
    from worker.dead_letters import dead_letter
    from worker.links import TRANSIENT_ERRORS, step_failed
    from worker.pipeline import Pipeline

    settings = _settings()
    if debug:
        clean = settings.clean.model_copy(update={"keep_removed_lines": True})
        settings = settings.model_copy(update={"clean": clean})
    _load_models(settings)
    pipeline = Pipeline.from_settings(settings)
    # Lines end at "\n" only: U+2028 and its kind may stand inside a JSON string.
    text = file.read_text(encoding="utf-8-sig")
    lines = [line for line in text.split("\n") if line.strip()]
    rejected = 0
    with output.open("w", encoding="utf-8") as out, Progress(console=console) as progress:
        bar = progress.add_task("processing", total=len(lines))
        for line in lines:
            try:
                result = pipeline.process(line)
            except TRANSIENT_ERRORS:
                raise  # Redis is down: stop, rather than write every line as a dead letter
            except Exception as error:
                result = step_failed(Stage.CLEAN, line, error)
            if isinstance(result, Rejection):
                rejected += 1
                letter = dead_letter(line, result, 1, settings.dead_letters)
                out.write(_dead_letter_with_parsed_payload(letter) + "\n")
            else:
                out.write(result.model_dump_json() + "\n")
            progress.advance(bar)
    console.print(f"{len(lines) - rejected} processed, {rejected} dead letters → {output}")


def _dead_letter_with_parsed_payload(letter: DeadLetter) -> str:
    """A dead letter whose payload is the parsed JSON line when the line was JSON."""
    if isinstance(letter.payload, str) and not letter.payload_truncated:
        try:
            parsed: Any = without_lone_surrogates(json.loads(letter.payload))
            return letter.model_copy(update={"payload": parsed}).model_dump_json()
        except (ValueError, RecursionError):  # not JSON, or nested too deeply to write back
            pass
    return letter.model_dump_json()


@app.command()
def schema(
    directory: Annotated[Path | None, typer.Option(help="Default: schemas/json.")] = None,
) -> None:
    """Write the JSON Schemas of the contracts."""
    paths = write_json_schemas(directory) if directory else write_json_schemas()
    for path in paths:
        console.print(f"wrote {path}")


@app.command()
def run(
    file: InputFile = EXAMPLES,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the results.")] = 120.0,
) -> None:
    """Make sure Redis is there, start a worker, submit FILE, and print the results."""
    from worker.demo import run_demo

    raise typer.Exit(run_demo(_settings(), file, timeout, console))


@app.command("train-topics")
def train_topics(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Labelled data: JSONL files ({text, labels}) or KIND:PATH with KIND one of "
            "masakhanews, sib200, current-events, iptc."
        ),
    ],
    out: Annotated[Path, typer.Option(help="Model directory to write.")],
    holdout: Annotated[
        float, typer.Option(min=0.0, max=0.9, help="Share of each source kept out to measure.")
    ] = 0.2,
    refit_on_all: Annotated[
        bool, typer.Option(help="After measuring, train the model file again on everything.")
    ] = False,
    weight: Annotated[
        list[str] | None,
        typer.Option(
            help="KIND=FACTOR: an example of that source kind counts FACTOR times among the "
            "examples of its label (labels stay balanced; 'jsonl' for plain files); repeatable."
        ),
    ] = None,
    reading: Annotated[
        Path | None,
        typer.Option(
            help="A second reading of the sources' items (JSONL: ref = the item's URL, labels): "
            "each item it reads also trains with the reading's labels."
        ),
    ] = None,
    reading_weight: Annotated[
        float | None,
        typer.Option(help="How many times an example of the reading counts (default 1)."),
    ] = None,
) -> None:
    """Train a topic model (TF-IDF + logistic regression); write OUT/model.npz and OUT/card.json."""
    from worker.steps.classify.model_files import ModelFileError
    from worker.training.second_reading import SecondReading
    from worker.training.topic_model import parse_weights, train_topic_model

    try:
        weights = parse_weights(weight or [])
        if reading is None and reading_weight is not None:
            raise ValueError("--reading-weight needs --reading FILE")
        weight_of_second = 1.0 if reading_weight is None else reading_weight
        second = SecondReading.load(reading, weight_of_second) if reading else None
        card = train_topic_model(
            sources,
            out,
            holdout=holdout,
            config=_settings().topics,
            refit_on_all=refit_on_all,
            weights=weights,
            second=second,
        )
    except (ValueError, OSError, ModelFileError) as error:
        _stop(error)
    console.print(f"wrote {out / 'model.npz'} and {out / 'card.json'}")
    held_out = card.metrics.get("held_out", {})
    assert isinstance(held_out, dict)
    for source, metrics in held_out.items():
        console.print(
            f"{source}: held-out accuracy {metrics['accuracy']} ({metrics['count']} texts)"
        )
    unlearned = sorted(set(labels_in(card)) - set(card.labels))
    if unlearned:
        console.print(
            Text(
                "not learned (no example has it as its primary label"
                + ("" if refit_on_all else " outside the hold-out: --refit-on-all trains on all")
                + "): "
                + ", ".join(unlearned),
                style="yellow",
            )
        )


@app.command("evaluate-topics")
def evaluate_topics(
    sources: Annotated[list[str], typer.Argument(help="Labelled data, as for train-topics.")],
    model_dir: Annotated[Path | None, typer.Option(help="Default: the configured model.")] = None,
) -> None:
    """Accuracy, macro-F1 and per-topic F1 of the topic model on labelled data."""
    from worker.steps.classify.model_files import ModelFileError
    from worker.steps.classify.topics import LinearTopics
    from worker.training.topic_model import evaluate_topics as evaluate
    from worker.training.topic_sources import read_source

    config = _settings().topics
    if model_dir is not None:
        config = config.model_copy(update={"model_dir": model_dir})
    classifier = LinearTopics(config)
    try:
        names = classifier.names()
        results = [(source, evaluate(classifier, read_source(source))) for source in sources]
    except (ValueError, OSError, ModelFileError) as error:
        _stop(error)
    for source, result in results:
        if result.count == 0:
            _stop(ValueError(f"{source} has no labelled text: nothing was measured"))
        unknown = sorted({label for label in result.per_label if label not in names})
        if unknown:
            console.print(
                Text(f"{source}: labels the model does not have: {', '.join(unknown)}", "yellow")
            )
        console.print(
            f"[bold]{source}[/]: {result.count} texts, accuracy {result.accuracy:.4f}, "
            f"primary among gold labels {result.accepted:.4f}, macro-F1 {result.macro_f1:.4f}"
        )
        for label, scores in result.per_label.items():
            console.print(
                f"  {label:<16} {names.get(label, ''):<44} F1 {scores.f1:.4f}  "
                f"P {scores.precision:.4f}  R {scores.recall:.4f}  n={scores.support}"
            )


@app.command("train-language")
def train_language(
    sib200: Annotated[Path, typer.Argument(help="SIB-200 directory (<variety>/train.tsv).")],
    out: Annotated[Path, typer.Option(help="Model file to write.")],
) -> None:
    """Train the language identifier on the train split of every SIB-200 variety."""
    from worker.training.language_model import train_language_model

    console.print(f"wrote {train_language_model(sib200, out)}")


@app.command("evaluate-language")
def evaluate_language(
    sib200: Annotated[Path, typer.Argument(help="SIB-200 directory (<variety>/dev.tsv).")],
    model: Annotated[Path | None, typer.Option(help="Default: the configured model.")] = None,
    split: Annotated[str, typer.Option(help="train, dev or test.")] = "dev",
    sentences: Annotated[int, typer.Option(min=1, help="Sentences per paragraph.")] = 5,
) -> None:
    """Language-ID accuracy per SIB-200 variety on paragraphs of SENTENCES sentences."""
    from worker.steps.classify.language import LanguageIdentifier
    from worker.training.language_model import evaluate_language as evaluate

    config = _settings().language
    if model is not None:
        config = config.model_copy(update={"model_path": model})
    from worker.steps.classify.model_files import ModelFileError

    try:
        result = evaluate(LanguageIdentifier(config), sib200, split, sentences)
    except (ValueError, OSError, ModelFileError) as error:
        _stop(error)
    for row in result.varieties:
        mistakes = ", ".join(f"{code} {n}" for code, n in sorted(row.mistaken_for.items()))
        console.print(
            f"{row.variety:<10} {row.expected:<4} {row.correct:>3}/{row.total:<3}"
            + (f"  mistaken for: {mistakes}" if mistakes else "")
        )
    if not result.varieties or all(row.total == 0 for row in result.varieties):
        _stop(
            ValueError(
                f"no {split} paragraphs of {sentences} sentences under {sib200} "
                "(a SIB-200 directory holds one folder per variety): nothing was measured"
            )
        )
    for name, (correct, total) in result.summary().items():
        share = f"{correct / total:.4f}" if total else "n/a"
        console.print(f"[bold]{name}[/]: {correct}/{total} = {share}")


def labels_in(card: ModelCard) -> set[str]:
    """The primary labels of the card's training data (its manifest)."""
    found: set[str] = set()
    for source in card.data:
        counts = source.get("labels")
        if isinstance(counts, dict):
            found.update(str(label) for label in counts)
    return found


def _stop(error: Exception) -> NoReturn:
    """A problem with the user's files or options: one line, exit code 2."""
    console.print(Text(str(error), style="red"), soft_wrap=True)  # as it is: not markup
    raise typer.Exit(2)


def main() -> None:
    app()
