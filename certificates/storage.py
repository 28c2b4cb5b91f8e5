"""Where certificate files live: a private storage, never served at a public URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT (read on each use), with no public URL."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view that checks access.")


def private_storage():
    return storages["private"]


def __getattr__(name: str):
    """``PrivateS3Storage``, built on first use, so that boto3 is imported only where a bucket is used."""
    if name != "PrivateS3Storage":
        raise AttributeError(name)
    from storages.backends.s3 import S3Storage

    class PrivateS3Storage(S3Storage):
        """Private files in a bucket (GROUNDWORK_STORAGE=s3): read through views that check access,
        never linked to. ``presigned_url`` is for a view that has checked access and redirects."""

        def url(self, name, parameters=None, expire=None, http_method=None):
            raise ValueError(
                "Private files have no public URL; serve them through a view that checks access."
            )

        def presigned_url(self, name: str, seconds: int = 60) -> str:
            return super().url(name, expire=seconds)

    globals()["PrivateS3Storage"] = PrivateS3Storage
    return PrivateS3Storage
