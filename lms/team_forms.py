"""The admin forms for a team (a module can be required only once per team) and for one required
module on its own (it must say whom it is required of)."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm


class TeamForm(WagtailAdminModelForm):
    """Checks the required modules as a whole, so that swapping two of them saves cleanly.

    (A database constraint on team and module would reject the swap half-way through saving.)
    """

    def is_valid(self) -> bool:
        valid = super().is_valid()
        seen = set()
        for form in self.formsets["assignments"].forms:
            data = getattr(form, "cleaned_data", None) or {}
            module = data.get("module")
            if module is None or data.get("DELETE"):
                continue
            if module.pk in seen:
                form.add_error("module", _("This module is already required for this team."))
                valid = False
            seen.add(module.pk)
        return valid


class AssignmentForm(WagtailAdminModelForm):
    """A required module edited on its own names a team, a job role or a person. (Within a team's
    form the team is implied: the row is saved with it, so the model cannot check this itself.)"""

    def clean(self):
        data = super().clean()
        named = [
            data.get(name) if name in self.fields else getattr(self.instance, f"{name}_id") for name in WHO
        ]
        if not any(named):
            self.add_error(
                "job_role", _("Say who the module is required of: a team, a job role or a person.")
            )
        return data


WHO = ("team", "job_role", "user")
