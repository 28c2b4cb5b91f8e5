"""A real OpenID Connect provider (django-oauth-toolkit) for the single sign-on tests, run as a
separate process on a free port with its own database (``serve.py``)."""
