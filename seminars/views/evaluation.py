"""Training screens: evaluation."""

urlpatterns: list = []
