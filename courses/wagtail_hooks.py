"""Admin set-up for course content: names for the page editor's block panels."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def block_panel_names():
    """Each block panel is named by the panel it sits in too, so repeated headings such as every
    scenario choice's "Principles" stay distinct regions for screen readers (axe landmark-unique)."""
    return format_html('<script src="{}" defer></script>', static("courses/admin/block-panel-names.js"))
