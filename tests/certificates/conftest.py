import pytest


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Certificate files in a private folder of the test's own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT
