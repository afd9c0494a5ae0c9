"""Listening to the catalogue: a recorded completion issues its certificate (filled in below)."""
