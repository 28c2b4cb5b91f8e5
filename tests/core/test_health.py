"""The load balancer's checks: /healthz always, /readyz only when everything it needs answers."""

from http import HTTPStatus

import pytest

from core import health


def test_healthz__answers_without_a_database(client):
    """The process is up: no database, no session needed."""
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "up"}


@pytest.mark.django_db
def test_readyz__lists_each_check_when_ready(client):
    body = client.get("/readyz").json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "cache", "storage", "queue"}


@pytest.mark.django_db
def test_readyz__is_503_naming_what_fails(client, monkeypatch):
    """A storage that cannot be listed makes the process not ready, and says which check failed."""

    def unreachable() -> None:
        raise ConnectionError("bucket unreachable")

    monkeypatch.setitem(health.CHECKS, "storage", unreachable)
    response = client.get("/readyz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["checks"]["storage"] == "failing"
    assert response.json()["checks"]["database"].startswith("ok")


def test_private_storage_in_a_bucket__never_gives_a_url():
    """With GROUNDWORK_STORAGE=s3 a private file has no URL, only a short presigned one on request."""
    from certificates.storage import PrivateS3Storage

    storage = PrivateS3Storage(
        bucket_name="private-test",
        access_key="a",
        secret_key="b",
        endpoint_url="http://127.0.0.1:9",
        signature_version="s3v4",
        region_name="eu-west-2",
    )
    with pytest.raises(ValueError, match="no public URL"):
        storage.url("certificates/x.pdf")
    assert "X-Amz-Expires=60" in storage.presigned_url("certificates/x.pdf", 60)
