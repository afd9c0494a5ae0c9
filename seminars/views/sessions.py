"""Training screens: sessions."""

urlpatterns: list = []
