from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Modules and lessons"

    def ready(self):
        from courses import catalogue  # noqa: F401 (drops the cached catalogue when content changes)
