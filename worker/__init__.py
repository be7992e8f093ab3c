"""article-ingest: Celery workers that clean, classify and deduplicate news articles."""

from worker.app import create_app
from worker.client import IngestClient
from worker.consumer import Delivery, OutputConsumer
from worker.pipeline import Pipeline
from worker.settings import Settings

__all__ = ["Delivery", "IngestClient", "OutputConsumer", "Pipeline", "Settings", "create_app"]
