"""Run the test provider: ``python -m tests.oidc_provider.serve PORT SPEC_JSON``.

SPEC_JSON names the client (id, secret, redirect URI) and the people who can sign in at the
provider. Migrates a fresh database, registers them, prints "ready" and serves until killed."""

import json
import os
import sys


def main() -> None:
    port, spec = int(sys.argv[1]), json.loads(sys.argv[2])
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for person in spec["people"]:
        User.objects.create_user(
            person["username"],
            email=person["email"],
            password=person["password"],
            first_name=person.get("given_name", ""),
            last_name=person.get("family_name", ""),
        )
    Application.objects.create(
        name="Groundwork",
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=spec["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    print("ready", flush=True)
    run("127.0.0.1", port, get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
