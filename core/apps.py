from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Groundwork core"

    def ready(self) -> None:
        from core import sites

        sites.connect()
