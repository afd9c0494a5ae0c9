"""Sala: the project package and the platform core (factories, people, accounts)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
