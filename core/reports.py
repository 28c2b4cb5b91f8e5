"""Admin reports export what their table shows."""

from __future__ import annotations


class ExportsItsColumns:
    """For Wagtail's ``SpreadsheetExportMixin`` views (reports): the exported fields and their
    headings are the table's ``columns``, so the CSV/XLSX cannot drift from the screen. A view
    may still set ``list_export`` itself to export fewer fields."""

    @property
    def list_export(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def export_headings(self) -> dict:
        return {column.name: column.label for column in self.columns}
