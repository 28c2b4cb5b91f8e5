"""Form fields whose errors and help are tied to the input, for screen readers (issue 15, item 2)."""

from django import template

register = template.Library()


@register.simple_tag
def described_widget(field):
    """The field's widget with ``aria-describedby`` naming its help and its error, and
    ``aria-invalid`` when it has an error: ``{% described_widget field %}``."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def error_target(field) -> str:
    """The id a summary's link should move focus to: the input itself, or a group's first choice."""
    if getattr(field.field.widget, "allow_multiple_selected", False) or field.widget_type in (
        "radioselect",
        "checkboxselectmultiple",
    ):
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id
