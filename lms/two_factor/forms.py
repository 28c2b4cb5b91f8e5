from django import forms
from django.utils.translation import gettext_lazy as _

from lms.two_factor.devices import MAX_CODE_LENGTH


class CodeForm(forms.Form):
    """One box for a code; ``label`` and ``help_text`` say which codes the page accepts."""

    code = forms.CharField(
        label=_("Code"),
        max_length=MAX_CODE_LENGTH,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )

    def __init__(self, *args, label=None, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["code"].label = label
        self.fields["code"].help_text = help_text

    def refuse(self, check, *, recovery_codes: bool = True) -> None:
        if check.wait_seconds:
            self.add_error(
                "code",
                _("Too many codes that did not match. Wait %(seconds)s seconds, then try again.")
                % {"seconds": check.wait_seconds},
            )
        elif recovery_codes:
            self.add_error(
                "code",
                _(
                    "That code did not match. Use the newest code your app shows (they change "
                    "every 30 seconds), or one of your recovery codes."
                ),
            )
        else:
            self.add_error(
                "code",
                _(
                    "That code did not match. Type the six digits your app shows now (they change every 30 seconds)."
                ),
            )
