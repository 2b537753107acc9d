"""Where files live: public media (default storage) and private files (never served as is)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage():
    """Files that must never be served publicly (identity documents, complaint evidence)."""
    return FileSystemStorage(location=settings.PEWARTA_PRIVATE_ROOT, base_url=None)
