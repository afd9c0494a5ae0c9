"""The training screens, one module per part of a trainer's, HR's or worker's job.

Each module ends with its `urlpatterns`; `seminars.urls` puts them together under /training/.
"""
