"""`pewarta backup DIR` / `pewarta restore DIR`: the whole site, database and files.

A backup folder holds:
  database.pgdump or database.sqlite3   the database, in the engine's own format (pg_dump's
                                        custom format, or SQLite's online backup)
  public/<name>, private/<name>          every object of the media and private storages
  manifest.json                          what was saved: engine, time, row counts per model,
                                        each file's size and SHA-256
Restore checks every checksum before it changes anything, loads the database into the target
installation (which must hold no stories), writes every file back under its own name, and
then compares the row counts with the manifest. It works on both profiles, files on disk or
S3 buckets alike, since files go through the storage API.
"""

import hashlib
import http.client
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection, connections
from django.utils import timezone

FORMAT = 1
STORAGES = ("public", "private")
SKIPPED_MODELS = {"sessions.session", "common.queuedtask"}


class BackupError(Exception):
    pass


def _storage(kind: str):
    return storages["default" if kind == "public" else "private"]


def _walk(storage, folder: str = ""):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}" if folder else directory)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in SKIPPED_MODELS or model._meta.proxy or not model._meta.managed:
            continue
        counts[label] = model._default_manager.using("default").count()
    return counts


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is missing (Debian: apt-get install postgresql-client)")
    return path


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _dump_database(target: Path) -> str:
    if connection.vendor == "postgresql":
        path = target / "database.pgdump"
        subprocess.run(  # noqa: S603
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
             f"--dbname={_database_url()}", f"--file={path}"],
            check=True,
        )  # fmt: skip
        return path.name
    if connection.vendor == "sqlite":
        path = target / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(path)
        with destination:
            connection.connection.backup(destination)
        destination.close()
        return path.name
    raise BackupError(f"no backup for the {connection.vendor} engine")


def backup(directory: Path, *, out=print) -> dict:
    """Write a complete backup of this installation into `directory` (new or empty)."""
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty")
    counts = row_counts()
    database = _dump_database(directory)
    files = []
    for kind in STORAGES:
        storage = _storage(kind)
        for name in _walk(storage):
            path = directory / kind / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, open(path, "wb") as copy:
                shutil.copyfileobj(source, copy, 1 << 20)
            files.append(
                {"storage": kind, "name": name, "size": path.stat().st_size,
                 "sha256": _sha256(path)}
            )  # fmt: skip
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "database": {"file": database, "sha256": _sha256(directory / database)},
        "rows": counts,
        "files": files,
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    out(f"{sum(counts.values())} rows in {len(counts)} tables, {len(files)} files -> {directory}")
    return manifest


def _verify(directory: Path) -> dict:
    try:
        manifest = json.loads((directory / "manifest.json").read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"no readable manifest.json in {directory}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError("this backup was written by another version of Pewarta")
    database = manifest["database"]
    if _sha256(directory / database["file"]) != database["sha256"]:
        raise BackupError(f"{database['file']} does not match its checksum")
    for entry in manifest["files"]:
        path = directory / entry["storage"] / entry["name"]
        if not path.is_file() or _sha256(path) != entry["sha256"]:
            raise BackupError(f"{entry['storage']}/{entry['name']} is missing or damaged")
    return manifest


def _target_is_empty() -> bool:
    tables = connection.introspection.table_names()
    if "desk_story" not in tables:
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM desk_story")
        return cursor.fetchone()[0] == 0


def _load_database(directory: Path, manifest: dict) -> None:
    engine = manifest["engine"]
    if engine != connection.vendor:
        raise BackupError(f"this backup is of a {engine} database; this installation uses "
                          f"{connection.vendor}")  # fmt: skip
    source = directory / manifest["database"]["file"]
    if engine == "postgresql":
        connections.close_all()
        subprocess.run(  # noqa: S603
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", f"--dbname={_database_url()}",
             str(source)],
            check=True,
        )  # fmt: skip
        return
    target = Path(connection.settings_dict["NAME"])
    connections.close_all()
    backup_db = sqlite3.connect(source)
    destination = sqlite3.connect(target)
    with destination:
        backup_db.backup(destination)
    backup_db.close()
    destination.close()


def restore(directory: Path, *, out=print) -> dict:
    """Bring a backup into this installation, which must hold no stories yet."""
    manifest = _verify(directory)
    if not _target_is_empty():
        raise BackupError("this installation already holds stories; restore into an empty one")
    _load_database(directory, manifest)
    for entry in manifest["files"]:
        storage = _storage(entry["storage"])
        name = entry["name"]
        if storage.exists(name):
            storage.delete(name)
        data = (directory / entry["storage"] / name).read_bytes()
        saved = storage._save(name, ContentFile(data))  # exact name, never a renamed copy
        if saved != name:
            raise BackupError(f"{name} was stored as {saved}")
    forget_cached_pages()
    counts = row_counts()
    wrong = {k: (v, counts.get(k)) for k, v in manifest["rows"].items() if counts.get(k) != v}
    if wrong:
        raise BackupError(f"row counts differ after restore: {wrong}")
    out(f"restored {sum(counts.values())} rows and {len(manifest['files'])} files; "
        "row counts and checksums match the manifest")  # fmt: skip
    return manifest


def forget_cached_pages() -> None:
    """Pages and fragments cached before the restore describe another site: drop them all."""
    cache.clear()
    shutil.rmtree(Path(settings.PEWARTA_PAGE_CACHE_DIR), ignore_errors=True)
    for url in settings.PEWARTA_EDGE_PURGE_URLS:
        parts = urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=5)
        try:
            conn.request("BAN", "/")
            conn.getresponse().read()
        except OSError as error:
            raise BackupError(f"could not empty the edge cache at {url}: {error}") from error
        finally:
            conn.close()
