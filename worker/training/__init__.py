"""Training and evaluating the classification models (offline; not imported by the worker)."""
