"""Training screens: reports."""

urlpatterns: list = []
