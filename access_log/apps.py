from django.apps import AppConfig


class AccessLogConfig(AppConfig):
    name = "access_log"
    verbose_name = "Who has seen whose record"
