"""Celery tasks, thin wrappers that each call one service; Celery's autodiscovery imports this package."""
