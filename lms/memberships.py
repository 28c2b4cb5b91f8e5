"""Keeping ``TeamMembership`` (when someone joined) in step with ``Team.members``.

Whichever side changes (``team.members.add(user)``, ``user.teams.add(team)``, the admin form,
``set()``, ``clear()``), joining records today's date once, and leaving removes the record, so
someone who rejoins starts afresh.
"""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from lms.models import Team, TeamMembership


@receiver(m2m_changed, sender=Team.members.through)
def keep_memberships(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        field = "user" if reverse else "team"
        TeamMembership.objects.filter(**{field: instance}).delete()
        return
    pairs = [(pk, instance.pk) if reverse else (instance.pk, pk) for pk in pk_set]  # (team id, user id)
    if action == "post_add":
        TeamMembership.objects.bulk_create(
            [TeamMembership(team_id=team_id, user_id=user_id) for team_id, user_id in pairs],
            ignore_conflicts=True,
        )
    else:
        for team_id, user_id in pairs:
            TeamMembership.objects.filter(team_id=team_id, user_id=user_id).delete()
