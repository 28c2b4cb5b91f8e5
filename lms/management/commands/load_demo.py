from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from lms.demo.accounts import DEMO_PASSWORD, ensure_accounts, record_demo_progress
from lms.demo.content import load_modules
from lms.demo.ledger import record_demo_ledger
from lms.demo.organisation import ensure_organisation
from lms.demo.quizzes import load_quizzes
from lms.demo.refreshers import ensure_refreshers
from lms.demo.scenarios import load_scenarios
from lms.demo.support import ensure_support
from lms.demo.teams import ensure_demo_teams


class Command(BaseCommand):
    help = "Load the demo modules, and in development the demo accounts. Safe to run again."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            fixtures = Path(settings.BASE_DIR) / "fixtures"
            results = load_modules(fixtures / "modules")
            for module, created in results:
                self.stdout.write(f"{'Created' if created else 'Kept'} module: {module.title}")
            for quiz, created in load_quizzes(fixtures / "quizzes"):
                if quiz is not None and created:
                    self.stdout.write(f"Created quiz: {quiz.get_parent().title} → {quiz.title}")
            for scenario, created in load_scenarios(fixtures / "scenarios"):
                if scenario is not None and created:
                    self.stdout.write(f"Created scenario: {scenario.get_parent().title} → {scenario.title}")
            ensure_refreshers()
            ensure_organisation()
            ensure_support()
            if getattr(settings, "DEMO_ACCOUNTS_ENABLED", False):
                users = ensure_accounts()
                record_demo_progress(users)
                record_demo_ledger(users)
                ensure_demo_teams(users)
                self.stdout.write(f"Demo accounts: {', '.join(users)} (password: {DEMO_PASSWORD})")
            else:
                self.stdout.write("Demo accounts are only created with development settings.")
        if any(created for _, created in results):
            call_command("update_index", verbosity=0)
