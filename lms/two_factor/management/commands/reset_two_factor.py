"""For a person who has lost both their phone and their recovery codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lms.two_factor.devices import turn_off


class Command(BaseCommand):
    help = "Remove a person's authenticator and recovery codes, so they set up afresh at their next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account is called {username!r}.")
        turn_off(user)
        self.stdout.write(
            f"Two-step sign-in reset for {username}: they set it up again at their next sign-in."
        )
