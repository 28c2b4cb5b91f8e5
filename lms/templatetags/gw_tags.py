from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """Look a key up in a dict from a template: ``progress|get_item:module.pk``."""
    return mapping.get(key) if mapping else None


@register.filter
def shows_editor_bar(request) -> bool:
    """True when the signed-in user could edit: ``{% if request|shows_editor_bar %}``."""
    from lms.session_roles import CAN_EDIT, has_role

    return has_role(request, CAN_EDIT)


@register.filter
def supervises(request) -> bool:
    """True when the signed-in user supervised a team at sign-in: shows the "My team" link."""
    from lms.session_roles import SUPERVISES, has_role

    return has_role(request, SUPERVISES)
