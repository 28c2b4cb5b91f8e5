"""What a learner types about training done elsewhere and credentials held; what a reviewer decides."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import clock

from .evidence import checked_type
from .models import Credential, ExternalActivity, HeldCredential

MAX_HOURS = Decimal(24)
EARLIEST = datetime.date(2000, 1, 1)


class ExternalActivityForm(forms.ModelForm):
    evidence = forms.FileField(
        label=gettext_lazy("Evidence"),
        help_text=gettext_lazy("The certificate or letter of attendance: a PDF, PNG or JPEG, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    class Meta:
        model = ExternalActivity
        fields = ["title", "provider", "done_on", "hours", "category", "ethics_hours", "evidence"]
        widgets = {"done_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "done_on": gettext_lazy(
                "The day of the training (for a course over several days, the last day)."
            ),
            "ethics_hours": gettext_lazy("How many of those hours were about ethics. Zero if none."),
        }

    def clean_done_on(self):
        day = self.cleaned_data["done_on"]
        if day > clock.today():
            raise forms.ValidationError(
                _("That date is in the future. Please record training once you have done it.")
            )
        if day < EARLIEST:
            raise forms.ValidationError(_("Please choose a date from 1 January 2000 onwards."))
        return day

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours <= 0:
            raise forms.ValidationError(_("Please enter the hours you trained, more than zero."))
        if hours > MAX_HOURS:
            raise forms.ValidationError(
                _("A day has 24 hours. For a course over several days, add each day.")
            )
        return hours

    def clean_ethics_hours(self):
        ethics = self.cleaned_data.get("ethics_hours") or Decimal(0)
        if ethics < 0:
            raise forms.ValidationError(_("Ethics hours cannot be below zero."))
        return ethics

    def clean_evidence(self):
        upload = self.cleaned_data["evidence"]
        self.evidence_type = checked_type(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        hours, ethics = cleaned.get("hours"), cleaned.get("ethics_hours")
        if hours is not None and ethics is not None:
            if ethics > hours:
                self.add_error(
                    "ethics_hours", _("Ethics hours cannot be more than the hours of the whole activity.")
                )
            elif cleaned.get("category") == "ethics" and ethics == 0:
                cleaned["ethics_hours"] = hours  # an ethics course is ethics hours throughout
        return cleaned


class HeldCredentialForm(forms.ModelForm):
    class Meta:
        model = HeldCredential
        fields = ["credential", "renewal_on"]
        widgets = {"renewal_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"renewal_on": gettext_lazy("The date your credential is next due for renewal.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["credential"].queryset = Credential.objects.exclude(holders__user=user)

    def clean_renewal_on(self):
        day = self.cleaned_data["renewal_on"]
        if day < EARLIEST or day > clock.add_months(clock.today(), 120):
            raise forms.ValidationError(_("Please choose a renewal date within the next ten years."))
        return day

    def save(self, commit=True):
        self.instance.user = self.user
        return super().save(commit)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approved", gettext_lazy("Approve")), ("returned", gettext_lazy("Return with a comment"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Needed when you return it: say what would let you approve it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "returned" and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Please say why you are returning it, so they know what to do next."))
        return cleaned
