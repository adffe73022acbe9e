"""Storage for files that are not public (evidence, drafts of reports): kept outside
MEDIA_ROOT and served only through views that check permissions."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files without a public URL: each app serves them through a permission-checked view."""

    def url(self, name):
        return ""


def private_storage() -> FileSystemStorage:
    # A callable, so the location is read from settings when used, not at import time.
    return PrivateFileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)
