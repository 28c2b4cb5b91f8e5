"""Forms for an extension (a supervisor's) and an exemption (an administrator's)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core import clock
from lms.models import ExemptionReason, ExtensionReason

LONGEST_EXTENSION = datetime.timedelta(days=366)


class ExtensionForm(forms.Form):
    new_due_on = forms.DateField(label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.ChoiceField(label=_("Reason"), choices=ExtensionReason.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person can read this note: write it as you would say it to them."),
    )

    def __init__(self, *args, deadline: datetime.date | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = deadline

    def clean_new_due_on(self) -> datetime.date:
        day = self.cleaned_data["new_due_on"]
        today = clock.today()
        if day <= today:
            raise forms.ValidationError(_("Choose a date after today."))
        if self.deadline is not None and day <= self.deadline:
            raise forms.ValidationError(_("Choose a date after the current deadline."))
        if day > today + LONGEST_EXTENSION:
            raise forms.ValidationError(_("An extension can be at most a year from today."))
        return day


class ExemptionForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ExemptionReason.choices)
    evidence_note = forms.CharField(
        label=_("Evidence"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you saw, e.g. the qualification's name, number and date."),
    )
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for an exemption with no end."),
    )

    def clean_ends_on(self) -> datetime.date | None:
        day = self.cleaned_data.get("ends_on")
        if day is not None and day < clock.today():
            raise forms.ValidationError(_("The end date has passed already."))
        return day
