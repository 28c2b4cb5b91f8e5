"""Open Badges credential and issuer URLs, mounted under /verify/."""

urlpatterns: list = []
