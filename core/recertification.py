"""Which recertification rule applies to one person's completion of one module, for the layers
below the people side.

Certificates set a certificate's expiry when they issue it, but the rule can come from an
assignment (an organisation may require a module of a role "every 24 months" or "renewed in
March"), and assignments belong to the people side. The answer comes from the module named by
``settings.RECERTIFICATION_POLICY``, which provides ``rule_for(user, module)``: a rule object
(``certificates.validity.Recertification``) or ``None`` when the module's own rule applies.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string


def rule_for(user, module):
    """The rule the people side sets for ``user``'s completion of ``module``, or ``None``."""
    policy = getattr(settings, "RECERTIFICATION_POLICY", "")
    if not policy or user is None or module is None:
        return None
    return import_string(f"{policy}.rule_for")(user, module)
