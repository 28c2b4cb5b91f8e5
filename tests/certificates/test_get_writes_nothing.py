"""A GET on any certificates page or file, by anyone, writes nothing: no row, no file, no key.
Certificates here have no stored PDF yet (their rendering is not run), so the downloads take
the render-into-the-response path."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from certificates.models import SigningKey
from tests.certificates.writes import nothing_written
from tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.usefixtures("fake_rendering")


@pytest.fixture
def people(certificates, superuser):
    ada = certificates["ada"].user
    supervisor = UserFactory(username="sup")
    team = TeamFactory()
    team.members.add(ada)
    team.supervisors.add(supervisor)
    # Wagtail's user bar (templates/base.html) makes an editor's profile row on their first page
    # view, on any page: not the certificates app's write, so made here beforehand.
    UserProfile.get_for_user(superuser)
    return {"anonymous": None, "learner": ada, "supervisor": supervisor, "superuser": superuser}


def urls(certificate) -> list[str]:
    code = certificate.code
    return [
        reverse("certificates"),
        reverse("cpd_record"),
        reverse("cpd_record") + "?from=2099-99-99",
        reverse("cpd_transcript"),
        reverse("cpd_csv"),
        reverse("certificate_pdf", args=[code]),
        reverse("certificate_credential", args=[code]),
        reverse("credential_issuer"),
        reverse("credential_jwks"),
        reverse("verify_form"),
        reverse("verify_form") + f"?code={code}",
        reverse("verify", args=[code]),
        reverse("verify", args=["GW-2222-2222-2222-2222"]),
    ]


@pytest.mark.parametrize("role", ["anonymous", "learner", "supervisor", "superuser"])
def test_every_certificates_get_writes_nothing(client, certificates, people, private_files, role):
    assert SigningKey.objects.count() == 1  # made when the certificates were issued
    if role in ("anonymous", "supervisor"):
        SigningKey.objects.all().delete()  # the public key endpoints must not make one either
    if people[role] is not None:
        client.force_login(people[role])
    with nothing_written(private_files):
        statuses = {url: client.get(url).status_code for url in urls(certificates["ada"])}
    assert all(status < 500 for status in statuses.values()), statuses
    code = certificates["ada"].code
    if role != "anonymous":
        assert statuses[reverse("certificate_pdf", args=[code])] == 200
    if role in ("learner", "superuser"):
        assert statuses[reverse("certificate_credential", args=[code])] == 200
