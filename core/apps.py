import gc

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Groundwork core"

    def ready(self) -> None:
        from core import sites

        sites.connect()
        # Everything imported so far (Django, Wagtail, every model) lives as long as the process:
        # set it aside from the cyclic collector, so that each collection a request or task sets off
        # walks only what was made since, not the whole framework (the CPython docs' advice for
        # long-running processes; see gc.freeze).
        gc.freeze()
