"""One matrix cell as HTML, written once per distinct cell rather than through an include per cell.

The markup is ``templates/includes/standing.html``'s: the standing in words beside its icon
(never colour alone), then its date, progress, renewal and last reminder. Cells that read the
same (most of a team's) are written once per page and reused.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from lms.standing import Cell, Standing


def cell_details(cell: Cell) -> list[str]:
    """The short lines under a cell's standing, each computed once."""
    details = []
    date_label = cell.date_label
    if date_label:
        details.append(date_label)
    if cell.standing == Standing.IN_PROGRESS or (cell.standing == Standing.OVERDUE and cell.done):
        details.append(_("%(done)s of %(total)s steps") % {"done": cell.done, "total": cell.total})
    if cell.renewing:
        details.append(_("renewing: %(done)s of %(total)s steps") % {"done": cell.done, "total": cell.total})
    if cell.last_reminded:
        details.append(_("reminded %(date)s") % {"date": date_format(localtime(cell.last_reminded), "j M")})
    return details


class CellWriter:
    """Writes cells for one page, remembering those it has written."""

    def __init__(self):
        self.written: dict[tuple, SafeString] = {}

    def __call__(self, cell: Cell) -> SafeString:
        key = (
            cell.standing,
            cell.date,
            cell.done,
            cell.total,
            cell.renewing,
            cell.last_reminded,
            cell.wording,
        )
        html = self.written.get(key)
        if html is None:
            html = self.written[key] = format_html(
                '<span class="standing standing--{}"><span class="standing__icon" aria-hidden="true">{}</span>'
                " {}</span>{}",
                cell.standing,
                cell.icon,
                cell.label,
                format_html_join(
                    "", '<span class="standing__detail">{}</span>', ((d,) for d in cell_details(cell))
                ),
            )
        return html
