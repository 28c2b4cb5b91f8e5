"""URL converters. ``<id:…>`` is an integer that fits a database key: longer numbers do not match
(a 404), where ``<int:…>`` would let them through to overflow the database driver (a 500)."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")
