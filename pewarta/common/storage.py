"""Where files live: local folders on one machine, an S3 API (two buckets) on several.

The public bucket holds photos and their renditions; its URLs are `MEDIA_URL + name` (served
through Varnish or a CDN, never signed, so a stored `src` stays valid on any profile). The
private bucket holds complaint evidence and identity images; it is read only by
permission-checked views, which may hand out a short-lived signed URL.

A store that does not answer raises `StorageUnavailable`: the writer is told to try again and
the service stops before anything refers to a file that was never saved.
"""

import functools
import logging

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files.storage import storages
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

from pewarta.common.errors import StorageUnavailable

logger = logging.getLogger(__name__)

RENDITIONS = "renditions/"
# Renditions have content-hashed names: they never change, so browsers and caches keep them.
IMMUTABLE = "public, max-age=31536000, immutable"
ORIGINAL = "public, max-age=86400"


def cache_control_for(name: str) -> str:
    return IMMUTABLE if name.startswith(RENDITIONS) else ORIGINAL


def _unavailable(fn):
    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        try:
            return fn(self, *args, **kwargs)
        except ClientError as error:
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if status == 404:
                raise FileNotFoundError(str(args[0]) if args else "") from error
            logger.warning("object storage refused %s: %s", fn.__name__, error)
            raise StorageUnavailable() from error
        except BotoCoreError as error:
            logger.warning("object storage unreachable during %s: %s", fn.__name__, error)
            raise StorageUnavailable() from error

    return wrapper


class _PewartaS3(S3Storage):
    file_overwrite = False  # same as files on disk: a second upload never replaces the first
    addressing_style = "path"

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "client_config",
            Config(
                s3={"addressing_style": "path"},
                signature_version="s3v4",
                connect_timeout=min(3.0, settings.PEWARTA_S3_TIMEOUT),
                read_timeout=settings.PEWARTA_S3_TIMEOUT,
                retries={"max_attempts": 2, "mode": "standard"},
            ),
        )
        super().__init__(**kwargs)

    _save = _unavailable(S3Storage._save)
    _open = _unavailable(S3Storage._open)
    exists = _unavailable(S3Storage.exists)
    delete = _unavailable(S3Storage.delete)
    size = _unavailable(S3Storage.size)
    listdir = _unavailable(S3Storage.listdir)
    get_modified_time = _unavailable(S3Storage.get_modified_time)


class PublicS3Storage(_PewartaS3):
    """Photos and renditions; URLs are not signed (the bucket or the edge serves them)."""

    querystring_auth = False

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        params.setdefault("CacheControl", cache_control_for(name))
        return params

    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + filepath_to_uri(name)


class PrivateS3Storage(_PewartaS3):
    """Evidence and identity images; a URL is a signed link valid for a minute or so."""

    querystring_auth = True
    default_acl = "private"

    url = _unavailable(S3Storage.url)


def private_storage():
    """The private store (STORAGES["private"]); FileFields name it as a callable."""
    return storages["private"]


def signed_url(stored, *, filename: str, content_type: str = "", seconds: int | None = None):
    """A short-lived link to a private object, as an attachment; None for files on disk."""
    storage = stored.storage
    if not isinstance(storage, S3Storage):
        return None
    params = {"ResponseContentDisposition": f'attachment; filename="{filename}"'}
    if content_type:
        params["ResponseContentType"] = content_type
    seconds = seconds or settings.PEWARTA_PRIVATE_URL_SECONDS
    return storage.url(stored.name, parameters=params, expire=seconds)
