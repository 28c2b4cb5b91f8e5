"""The admin's forms: one person to invite, or a CSV of many."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.models import JobRole, Team

from .people_csv import MAX_BYTES, Lookups, PersonRow


class InvitePersonForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email address"), max_length=150)
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    job_role = forms.ModelChoiceField(label=_("Job role"), queryset=JobRole.objects.all(), required=False)
    start_date = forms.DateField(
        label=_("Start date"),
        required=False,
        help_text=_("For example 2026-03-01."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email and len(Lookups([email]).accounts.get(email.casefold(), [])) > 1:
            self.add_error(
                "email",
                _("More than one account uses this email address; correct them in Users first."),
            )
        return cleaned

    def person_row(self) -> PersonRow:
        data = self.cleaned_data
        existing = Lookups([data["email"]]).accounts.get(data["email"].casefold(), [])
        return PersonRow(
            line=1,
            email=data["email"],
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
            teams=list(data["teams"]),
            job_role=data["job_role"],
            start_date=data["start_date"],
            existing_user_id=existing[0] if existing else None,
        )


class PeopleFileForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with a header row: email, name (or first_name and last_name), teams "
            "(separated by “;”), job_role, start_date (YYYY-MM-DD). At most 10,000 rows."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    check_only = forms.BooleanField(
        label=_("Only check the file"),
        required=False,
        help_text=_("Report every problem without importing anyone."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Split it into smaller files."))
        return upload
