"""PDF download URLs, mounted under /certificates/."""

urlpatterns: list = []
