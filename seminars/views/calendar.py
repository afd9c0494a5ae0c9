"""Training screens: calendar."""

urlpatterns: list = []
