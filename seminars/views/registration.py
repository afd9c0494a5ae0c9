"""Training screens: registration."""

urlpatterns: list = []
