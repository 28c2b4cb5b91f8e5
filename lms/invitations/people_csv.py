"""Reading a people CSV and checking every row before anything is written.

Columns (a header row is required; case, spaces and hyphens in it do not matter):
``email`` (required), ``name`` or ``first_name`` and ``last_name`` (required), ``teams``
(team names separated by ";"), ``job_role``, ``start_date`` (YYYY-MM-DD or DD/MM/YYYY).
Cells are kept as text: a name that starts with "=" is stored as written and neutralised
when exported (``core.spreadsheets``)."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from lms.models import JobRole, Team

MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
TEAM_SEPARATOR = ";"
COLUMNS = ("email", "name", "first_name", "last_name", "teams", "job_role", "start_date")
ALIASES = {"team": "teams", "role": "job_role", "email_address": "email", "full_name": "name"}


@dataclass
class PersonRow:
    """One valid row: who the person is and what to record about them."""

    line: int
    email: str
    first_name: str
    last_name: str
    teams: list[Team] = field(default_factory=list)
    job_role: JobRole | None = None
    start_date: datetime.date | None = None
    existing_user_id: int | None = None

    @property
    def email_key(self) -> str:
        return self.email.casefold()


@dataclass(frozen=True)
class Rejection:
    line: int
    reason: str


@dataclass
class CheckedFile:
    """The valid rows and, by line, every problem found; ``problem`` when the whole file fails."""

    rows: list[PersonRow] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


class Lookups:
    """Teams, job roles and existing accounts, each read once for the whole file."""

    def __init__(self, emails: list[str]) -> None:
        self.teams = {team.name.casefold(): team for team in Team.objects.all()}
        self.roles = {role.name.casefold(): role for role in JobRole.objects.all()}
        self.accounts: dict[str, list[int]] = {}
        wanted = sorted({email.casefold() for email in emails if email})
        users = get_user_model().objects.annotate(email_key=Lower("email"))
        for start in range(0, len(wanted), 500):  # well under every database's parameter limit
            chunk = wanted[start : start + 500]
            for pk, key in users.filter(email_key__in=chunk).values_list("pk", "email_key"):
                self.accounts.setdefault(key.casefold(), []).append(pk)


def decode(data: bytes) -> tuple[str, list[Rejection]]:
    """The file as text (a UTF-8 byte-order mark is dropped), or every line that is not UTF-8."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    bad = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(Rejection(number, _("This line is not UTF-8 text.")))
    return "", bad


def column_name(heading: str) -> str:
    name = "_".join(heading.strip().casefold().replace("-", " ").split())
    return ALIASES.get(name, name)


def read_people(data: bytes) -> CheckedFile:
    """Every row of the file checked; nothing written."""
    if len(data) > MAX_BYTES:
        return CheckedFile(problem=_("The file is larger than 5 MB. Split it into smaller files."))
    text, undecodable = decode(data)
    if undecodable:
        return CheckedFile(
            rejections=undecodable,
            problem=_(
                "The file is not UTF-8 text, so nothing was imported. In a spreadsheet, save it as "
                "“CSV UTF-8”; the lines below hold characters in another encoding."
            ),
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = list(_records(reader))
    except csv.Error as error:
        return CheckedFile(
            problem=_("Line %(line)d could not be read as CSV: %(error)s")
            % {"line": reader.line_num, "error": error}
        )
    if not records:
        return CheckedFile(problem=_("The file is empty. The first line should name the columns."))
    (_header_line, header), rows = records[0], records[1:]
    columns = [column_name(heading) for heading in header]
    problem = _header_problem(columns)
    if problem:
        return CheckedFile(problem=problem)
    if len(rows) > MAX_ROWS:
        return CheckedFile(
            problem=_("The file has %(count)d rows; at most %(max)d can be imported at once.")
            % {"count": len(rows), "max": MAX_ROWS}
        )
    cells = [(line, dict(zip(columns, values, strict=False)), len(values)) for line, values in rows]
    lookups = Lookups([row.get("email", "").strip() for _line, row, _n in cells])
    checked = CheckedFile()
    for line, row, width in cells:
        if width > len(columns):
            checked.rejections.append(Rejection(line, _("This row has more cells than the header.")))
            continue
        result = check_row(line, row, lookups)
        if isinstance(result, PersonRow):
            checked.rows.append(result)
        else:
            checked.rejections.extend(Rejection(line, reason) for reason in result)
    _reject_repeated_emails(checked, cells)
    return checked


def _records(reader):
    """(first line number, cells) for each record, skipping blank lines."""
    next_line = 1
    for values in reader:
        line, next_line = next_line, reader.line_num + 1
        if any(value.strip() for value in values):
            yield line, values


def _header_problem(columns: list[str]) -> str:
    unknown = [name for name in columns if name and name not in COLUMNS]
    if unknown:
        return _("Unknown column “%(names)s”. The columns are: %(known)s.") % {
            "names": "”, “".join(unknown),
            "known": ", ".join(COLUMNS),
        }
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    if repeated:
        return _("The column “%(name)s” appears more than once.") % {"name": repeated[0]}
    if "email" not in columns:
        return _("The file needs an “email” column.")
    if "name" not in columns and "first_name" not in columns:
        return _("The file needs a “name” column (or “first_name” and “last_name”).")
    return ""


def check_row(line: int, row: dict[str, str], lookups: Lookups) -> PersonRow | list[str]:
    """A valid row, or the reasons it is not (all of them, so one upload shows every fix)."""
    reasons: list[str] = []
    email = row.get("email", "").strip()
    first, last = _names(row)
    if not email:
        reasons.append(_("The email address is missing."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(_("“%(email)s” is not an email address.") % {"email": email})
        else:
            if len(email) > 150:
                reasons.append(_("The email address is longer than 150 characters."))
    if not first:
        reasons.append(_("The name is missing."))
    elif len(first) > 150 or len(last) > 150:
        reasons.append(_("The name is longer than 150 characters."))
    teams = _teams(row.get("teams", ""), lookups, reasons)
    role = _role(row.get("job_role", ""), lookups, reasons)
    start = _date(row.get("start_date", ""), reasons)
    existing = lookups.accounts.get(email.casefold(), [])
    if len(existing) > 1:
        reasons.append(
            _("More than one account uses this email address; correct them in Users before importing.")
        )
    if reasons:
        return reasons
    return PersonRow(
        line, email, first, last, teams, role, start, existing_user_id=existing[0] if existing else None
    )


def _names(row: dict[str, str]) -> tuple[str, str]:
    if row.get("first_name", "").strip():
        return row["first_name"].strip(), row.get("last_name", "").strip()
    given, _space, family = row.get("name", "").strip().partition(" ")
    return given, family.strip()


def _teams(cell: str, lookups: Lookups, reasons: list[str]) -> list[Team]:
    names = [name.strip() for name in cell.split(TEAM_SEPARATOR) if name.strip()]
    unknown = [name for name in names if name.casefold() not in lookups.teams]
    if unknown:
        reasons.append(
            _("No team is called “%(names)s”. Add the team under Teams first, or correct the name.")
            % {"names": "”, “".join(unknown)}
        )
        return []
    return list(
        {lookups.teams[name.casefold()].pk: lookups.teams[name.casefold()] for name in names}.values()
    )


def _role(cell: str, lookups: Lookups, reasons: list[str]) -> JobRole | None:
    name = cell.strip()
    if not name:
        return None
    if name.casefold() not in lookups.roles:
        reasons.append(
            _("No job role is called “%(name)s”. Add it under Job roles first, or correct the name.")
            % {"name": name}
        )
        return None
    return lookups.roles[name.casefold()]


def _date(cell: str, reasons: list[str]) -> datetime.date | None:
    text = cell.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    reasons.append(
        _("“%(text)s” is not a real date; write it as YYYY-MM-DD (e.g. 2026-03-01) or DD/MM/YYYY.")
        % {"text": text}
    )
    return None


def _reject_repeated_emails(checked: CheckedFile, cells) -> None:
    """An address on two rows is refused on every one of them (a row refused for another reason
    counts too): which row is right is the administrator's call."""
    lines: dict[str, list[int]] = {}
    for line, row, _width in cells:
        key = row.get("email", "").strip().casefold()
        if key:
            lines.setdefault(key, []).append(line)
    keep = []
    for row in checked.rows:
        others = [line for line in lines.get(row.email_key, []) if line != row.line]
        if others:
            checked.rejections.append(
                Rejection(
                    row.line,
                    _("This email address is also on line %(lines)s; keep it on one row only.")
                    % {"lines": ", ".join(str(line) for line in others)},
                )
            )
        else:
            keep.append(row)
    checked.rows = keep
    checked.rejections.sort(key=lambda rejection: rejection.line)
