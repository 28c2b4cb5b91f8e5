from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "lms.two_factor"
    label = "two_factor"
    verbose_name = "Two-step sign-in"

    def ready(self) -> None:
        from lms.two_factor import gate  # noqa: F401  (connects its sign-in receiver)
