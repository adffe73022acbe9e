"""Resumable uploads: a large file sent in pieces through the admin, kept on disk as it
arrives, and taken into the repository by `asset_ingest` once complete.

The browser opens an upload session (the file's name and size), sends the file in chunks, each
with the offset it starts at, and finishes the session with the catalogue fields. After a
network error it asks how many bytes arrived and continues from there. The server never holds
more than READ_PIECE bytes of a chunk in memory: each is read from the request in pieces and
written to the session's temporary file (settings.LIBRARY_UPLOAD_DIR/<id>.part). Sessions left
idle for IDLE_AFTER are deleted with their files by a recurring job (`upload_sessions_prune`).
"""

import logging
import shutil
import time
from datetime import timedelta
from pathlib import Path

from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.core.text import nfc
from lantoa.library.ingest import IngestRefused, asset_ingest, upload_size_check
from lantoa.library.models import Asset, UploadSession, upload_dir

logger = logging.getLogger(__name__)

READ_PIECE = 64 * 1024
MAX_CHUNK_BYTES = 64 * 1024 * 1024
# What the browser sends per request: large enough for speed, small enough that a lost
# connection costs little.
CHUNK_BYTES = 8 * 1024 * 1024
IDLE_AFTER = timedelta(hours=24)
MAX_OPEN_SESSIONS_PER_USER = 50
# Free disk space kept beyond the declared size of a new upload.
DISK_RESERVE_BYTES = 512 * 1024 * 1024


class UploadProblem(Exception):
    """A request the upload session cannot take; `status` is the HTTP status to answer."""

    def __init__(self, message: str, *, status: int = 400, received: int | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.received = received


def upload_session_create(*, user, filename: str, size: int) -> UploadSession:
    """Open a session for a file of `size` bytes, refusing at once a size no type accepts."""
    filename = nfc(Path(str(filename).replace("\\", "/")).name).strip()
    if not filename or len(filename) > 255:
        raise UploadProblem(_("The file needs a name of at most 255 characters."))
    if size <= 0:
        raise UploadProblem(_("The file is empty."))
    upload_size_check(filename=filename, size=size)
    open_sessions = UploadSession.objects.filter(user=user).count()
    if open_sessions >= MAX_OPEN_SESSIONS_PER_USER:
        raise UploadProblem(
            _(
                "You have too many unfinished uploads. Cancel some, or wait a day for them "
                "to expire."
            ),
            status=429,
        )
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.disk_usage(folder).free < size + DISK_RESERVE_BYTES:
        raise UploadProblem(
            _("The server does not have enough free disk space for this file now."),
            status=507,
        )
    session = UploadSession.objects.create(user=user, filename=filename, declared_size=size)
    session.temp_path.touch()
    return session


def upload_session_get_for_user(*, user, session_id) -> UploadSession:
    """The user's own session (404 for anyone else's: no one learns another's sessions)."""
    return get_object_or_404(UploadSession.objects.filter(user=user), pk=session_id)


def upload_chunk_receive(*, session: UploadSession, offset: int, length: int, stream) -> int:
    """Write `length` bytes read from `stream` at `offset` of the session's file; return the
    bytes received so far. A chunk must start where the received bytes end (the browser asks
    first when in doubt) and may not go past the declared size."""
    if offset != session.received_bytes:
        raise UploadProblem(
            _("This part of the file does not follow the part received last."),
            status=409,
            received=session.received_bytes,
        )
    if length <= 0 or length > MAX_CHUNK_BYTES:
        raise UploadProblem(_("A part of the file must be sent with its length."), status=411)
    if offset + length > session.declared_size:
        raise UploadProblem(
            _("This part goes beyond the size declared for the file."),
            status=416,
            received=session.received_bytes,
        )
    path = session.temp_path
    if not path.exists():
        raise UploadProblem(_("This upload has expired. Start it again."), status=410)
    written = 0
    try:
        with open(path, "r+b") as file:
            file.seek(offset)
            while written < length:
                try:
                    piece = stream.read(min(READ_PIECE, length - written))
                except OSError:
                    # The connection broke mid-chunk: what arrived is kept, and the browser
                    # resumes after it.
                    logger.info("upload %s: chunk cut after %s bytes", session.pk, written)
                    break
                if not piece:
                    break
                file.write(piece)
                written += len(piece)
    finally:
        if written:
            # Conditional, so two requests racing for the same offset count it once.
            UploadSession.objects.filter(pk=session.pk, received_bytes=offset).update(
                received_bytes=F("received_bytes") + written, updated_at=timezone.now()
            )
    session.refresh_from_db(fields=["received_bytes", "updated_at"])
    if written < length:
        raise UploadProblem(
            _("The part arrived incomplete. Ask how much was received and continue from there."),
            received=session.received_bytes,
        )
    return session.received_bytes


def upload_session_cancel(*, session: UploadSession) -> None:
    session.temp_path.unlink(missing_ok=True)
    session.delete()


def upload_session_finish(*, session: UploadSession, source_unit, **fields) -> Asset:
    """Take the complete file into the repository (see asset_ingest for `fields`). A refused
    file's session is deleted with the file: sending it again would not change the answer."""
    if not session.is_complete:
        raise UploadProblem(
            _("The file has not been received in full yet."),
            status=409,
            received=session.received_bytes,
        )
    try:
        asset = asset_ingest(
            path=session.temp_path,
            filename=session.filename,
            uploaded_by=session.user,
            source_unit=source_unit,
            move_file=True,
            **fields,
        )
    except IngestRefused:
        upload_session_cancel(session=session)
        raise
    upload_session_cancel(session=session)  # the file itself now belongs to the asset
    return asset


def upload_sessions_prune_idle(*, now=None) -> int:
    """Delete sessions idle for IDLE_AFTER with their files, and files in the upload folder
    that no session owns any more (left by a crash); return the number of sessions deleted."""
    now = now or timezone.now()
    idle = list(UploadSession.objects.filter(updated_at__lt=now - IDLE_AFTER))
    for session in idle:
        upload_session_cancel(session=session)
    folder = upload_dir()
    if folder.exists():
        known = {str(pk) for pk in UploadSession.objects.values_list("pk", flat=True)}
        cutoff = time.time() - IDLE_AFTER.total_seconds()
        for entry in folder.iterdir():
            if entry.stat().st_mtime >= cutoff:
                continue
            if entry.suffix == ".part" and entry.stem not in known:
                entry.unlink(missing_ok=True)
            elif entry.is_dir() and entry.name.startswith("ingest-"):
                shutil.rmtree(entry, ignore_errors=True)
    if idle:
        logger.info("deleted %s idle upload sessions", len(idle))
    return len(idle)
