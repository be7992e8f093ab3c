"""The processing steps: plain functions over the contracts, with no Celery in them."""
