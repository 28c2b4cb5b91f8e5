"""A date field a browser's date picker can always read, whatever the person's language.

An ``<input type="date">`` holds its value as ``YYYY-MM-DD`` (the picker shows it in the
browser's own format). Django would render the value in the active locale's first input format
(``30/11/2026`` in British English), which the browser rejects as empty, so the form would then
say "This field is required". The widget always renders ISO, and the field always reads it.
"""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class IsoDateField(forms.DateField):
    widget = IsoDateInput

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("input_formats", [ISO_DATE])
        super().__init__(**kwargs)
