"""The admin form for a team: a module can be required only once per team."""

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
