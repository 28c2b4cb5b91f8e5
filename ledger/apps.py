from django.apps import AppConfig


class LedgerConfig(AppConfig):
    """The CPD ledger: hours earned elsewhere, the credentials a learner holds, transcripts."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ledger"
    verbose_name = "CPD ledger"
