"""The Wagtail admin's form for a credential rule: category minimums may not add up to more
than the total the rule asks for, nor name a category twice."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm


class CredentialAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("requirements")
        total = cleaned.get("total_hours")
        if formset is None or total is None or not formset.is_valid():
            return cleaned
        kept = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        categories = [row["category"] for row in kept]
        if len(set(categories)) < len(categories):
            self.add_error(
                None, _("Each category can have one minimum only. Please remove the repeated one.")
            )
        minimums = sum((row["hours"] for row in kept), Decimal(0))
        if minimums > total:
            self.add_error(
                "total_hours",
                _(
                    "The category minimums add up to %(minimums)s hours, more than the total of %(total)s. Please raise the total or lower a minimum."
                )
                % {"minimums": f"{minimums:.1f}", "total": f"{total:.1f}"},
            )
        return cleaned
