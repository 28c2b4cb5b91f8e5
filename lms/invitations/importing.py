"""Writing checked people rows: all of them in one transaction, or none.

A row whose email matches an account (ignoring case) updates that person: their name, the job
role and start date when the row gives them, and the teams it lists are added (an import never
takes anyone out of a team). Any other row creates an account that cannot sign in until its
owner accepts the invitation emailed to them (by the task worker, after commit)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.models import Invitation, Profile, Team, TeamMembership
from lms.models.people import INVITATION_VALID_FOR

from .people_csv import PersonRow
from .sending import queue_invitations, unusable_digest


class ImportConflict(Exception):
    """Someone else created one of these people while the import ran; nothing was written."""


@dataclass(frozen=True)
class ImportOutcome:
    created: int
    updated: int
    invitations: list[int]


def import_people(rows: list[PersonRow], invited_by=None) -> ImportOutcome:
    """Create or update everyone in ``rows`` in one transaction; invitations go after commit."""
    try:
        with transaction.atomic():
            outcome = _write(rows, invited_by)
    except IntegrityError as error:  # a username (the email) taken meanwhile: nobody is duplicated
        raise ImportConflict from error
    return outcome


def _write(rows: list[PersonRow], invited_by) -> ImportOutcome:
    User = get_user_model()
    new_rows = [row for row in rows if row.existing_user_id is None]
    existing_rows = [row for row in rows if row.existing_user_id is not None]
    users = _create_users(User, new_rows)
    _update_users(User, existing_rows)
    user_ids = {row.line: row.existing_user_id for row in existing_rows} | {
        row.line: users[row.email_key] for row in new_rows
    }
    _record_profiles(rows, user_ids)
    _join_teams(rows, user_ids)
    now = timezone.now()
    invitations = Invitation.objects.bulk_create(
        [
            Invitation(
                user_id=users[row.email_key],
                invited_by=invited_by,
                token_digest=unusable_digest(),
                created_at=now,
                sent_at=now,
                expires_at=now + INVITATION_VALID_FOR,
                times_sent=0,
            )
            for row in new_rows
        ]
    )
    invitation_ids = [invitation.pk for invitation in invitations]
    queue_invitations(invitation_ids)
    return ImportOutcome(len(new_rows), len(existing_rows), invitation_ids)


def _create_users(User, rows: list[PersonRow]) -> dict[str, int]:
    """New accounts (username: the address in lower case), inactive until the invitation is
    accepted; returns their ids by address."""
    User.objects.bulk_create(
        [
            User(
                username=row.email_key,
                email=row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                is_active=False,
                password=make_password(None),
            )
            for row in rows
        ]
    )
    ids = {}
    usernames = [row.email_key for row in rows]
    for start in range(0, len(usernames), 500):
        ids.update(
            User.objects.filter(username__in=usernames[start : start + 500]).values_list("username", "pk")
        )
    return ids


def _update_users(User, rows: list[PersonRow]) -> None:
    by_id = {row.existing_user_id: row for row in rows}
    changed = []
    for start in range(0, len(rows), 500):
        chunk = list(by_id)[start : start + 500]
        for user in User.objects.filter(pk__in=chunk):
            row = by_id[user.pk]
            if (user.first_name, user.last_name) != (row.first_name, row.last_name):
                user.first_name, user.last_name = row.first_name, row.last_name
                changed.append(user)
    User.objects.bulk_update(changed, ["first_name", "last_name"], batch_size=500)


def _record_profiles(rows: list[PersonRow], user_ids: dict[int, int]) -> None:
    """A profile for everyone; a blank role or start date in the row leaves the one on record."""
    by_user = {user_ids[row.line]: row for row in rows}
    profiles = {}
    ids = list(by_user)
    for start in range(0, len(ids), 500):
        profiles.update({p.user_id: p for p in Profile.objects.filter(user_id__in=ids[start : start + 500])})
    new, changed = [], []
    for user_id, row in by_user.items():
        profile = profiles.get(user_id) or Profile(user_id=user_id)
        before = (profile.job_role_id, profile.start_date)
        if row.job_role is not None:
            profile.job_role = row.job_role
        if row.start_date is not None:
            profile.start_date = row.start_date
        if profile.pk is None:
            new.append(profile)
        elif (profile.job_role_id, profile.start_date) != before:
            changed.append(profile)
    Profile.objects.bulk_create(new, batch_size=500)
    Profile.objects.bulk_update(changed, ["job_role", "start_date"], batch_size=500)


def _join_teams(rows: list[PersonRow], user_ids: dict[int, int]) -> None:
    """Add memberships the rows ask for; each new one records today as the joining date."""
    wanted = {(team.pk, user_ids[row.line]) for row in rows for team in row.teams}
    if not wanted:
        return
    Through = Team.members.through
    team_ids = {team_id for team_id, _user in wanted}
    already = set(Through.objects.filter(team_id__in=team_ids).values_list("team_id", "user_id"))
    joining = sorted(wanted - already)
    Through.objects.bulk_create([Through(team_id=t, user_id=u) for t, u in joining], batch_size=500)
    TeamMembership.objects.bulk_create(
        [TeamMembership(team_id=t, user_id=u) for t, u in joining], batch_size=500, ignore_conflicts=True
    )
