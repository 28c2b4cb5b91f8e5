from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Groundwork"

    def ready(self) -> None:
        from lms import accounts, memberships, session_roles, test_out  # noqa: F401  (connect their receivers)
