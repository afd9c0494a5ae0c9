"""Training screens: attendance."""

urlpatterns: list = []
