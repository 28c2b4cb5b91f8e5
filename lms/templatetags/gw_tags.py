from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """Look a key up in a dict from a template: ``progress|get_item:module.pk``."""
    return mapping.get(key) if mapping else None


@register.filter
def shows_editor_bar(request) -> bool:
    """True when the signed-in user could edit: ``{% if request|shows_editor_bar %}``."""
    from lms.editing import shows_editor_bar as decide

    return decide(request)
