"""Demo content and accounts, loaded by ``manage.py load_demo``."""
