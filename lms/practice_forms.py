"""Forms for recording an observed role-play and signing a member off."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.principles import PRINCIPLES
from core import clock
from core.date_inputs import IsoDateField
from core.numbers import parse_count
from lms.models.practice import RUBRIC_LEVELS
from lms.practice import CHECKS

LEVEL_CHOICES = [(str(level), words) for level, words in RUBRIC_LEVELS.items()]


class ObservationForm(forms.Form):
    module = forms.TypedChoiceField(label=_("Module"), coerce=parse_count)
    observed_on = IsoDateField(label=_("Observed on"))
    strengths = forms.CharField(
        label=_("What went well"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    next_steps = forms.CharField(
        label=_("What to practise next"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.modules = {module.pk: module for module in modules}
        self.fields["module"].choices = [(module.pk, module.title) for module in modules]
        for principle in PRINCIPLES:
            self.fields[f"score_{principle.key}"] = forms.ChoiceField(
                label=principle.name, choices=LEVEL_CHOICES, widget=forms.RadioSelect
            )
        if not self.is_bound:
            self.initial.setdefault("observed_on", clock.today())

    def clean_observed_on(self) -> datetime.date:
        day = self.cleaned_data["observed_on"]
        today = clock.today()
        if day > today:
            raise forms.ValidationError(_("An observation can only be recorded for today or an earlier day."))
        if day < today - datetime.timedelta(days=365):
            raise forms.ValidationError(_("Only observations from the last year can be recorded here."))
        return day

    def rubric_fields(self):
        return [self[f"score_{principle.key}"] for principle in PRINCIPLES]

    @property
    def scores(self) -> dict[str, int]:
        return {p.key: parse_count(self.cleaned_data[f"score_{p.key}"]) for p in PRINCIPLES}

    @property
    def chosen_module(self):
        return self.modules[self.cleaned_data["module"]]


class SignOffForm(forms.Form):
    signer_role = forms.CharField(label=_("Your role"), max_length=200)
    reporting_route_explained = forms.BooleanField(label=CHECKS["reporting_route_explained"][0])
    boundaries_agreement_acknowledged = forms.BooleanField(
        label=CHECKS["boundaries_agreement_acknowledged"][0]
    )
    supervision_attended = forms.BooleanField(label=CHECKS["supervision_attended"][0])
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    @property
    def checks(self) -> dict[str, bool]:
        return {field: bool(self.cleaned_data.get(field)) for field in CHECKS}
