from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Groundwork"

    def ready(self) -> None:
        from lms import session_roles  # noqa: F401  (connects the sign-in receiver)
