"""The administrator's "Erase a person" in the Wagtail admin: choose, confirm, erase.

Step one names the person and the reason and shows what will happen; step two asks for their
username typed again. Nothing changes until then, and only administrators get here.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import permission_denied

from lms.erasure import erase, placeholder_username
from lms.models import Erasure


class ErasureForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username of the person to erase"), max_length=150)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For example: “Request by email, 3 March”. Do not write their name: it is kept after they are erased."
        ),
    )
    confirm = forms.CharField(
        label=gettext_lazy("Type the username again to confirm"), max_length=150, required=False
    )

    def __init__(self, *args, erased_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.erased_by = erased_by

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        person = get_user_model().objects.filter(username=username).first()
        if person is None or person.username == placeholder_username(person):
            raise forms.ValidationError(_("There is no one with that username to erase."))
        if person == self.erased_by:
            raise forms.ValidationError(_("You cannot erase your own account here."))
        self.person = person
        return username

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        person = getattr(self, "person", None)
        if person and any(
            part and part.lower() in reason.lower()
            for part in (person.first_name, person.last_name, person.email)
        ):
            raise forms.ValidationError(
                _("Please leave their name and email out of the reason: the reason is kept.")
            )
        return reason


def erase_person(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        return permission_denied(request)
    form = ErasureForm(request.POST or None, erased_by=request.user)
    context = {"form": form, "recent": Erasure.objects.all()[:10]}
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirm"].strip() != form.cleaned_data["username"]:
            if form.cleaned_data["confirm"]:
                form.add_error("confirm", _("That is not the same username. Nothing was erased."))
            return TemplateResponse(
                request, "lms/admin/erase_confirm.html", context | {"person": form.person}
            )
        record = erase(form.person, request.user, form.cleaned_data["reason"])
        messages.success(
            request, _("Erased. Account %(number)s now names no one.") % {"number": record.person_id}
        )
        return redirect("erase_person")
    return TemplateResponse(
        request, "lms/admin/erase_person.html", context, status=400 if form.errors else 200
    )
