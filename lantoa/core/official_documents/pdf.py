"""PDF through LibreOffice: the .docx is the master, the PDF is what Word would print.

Each conversion runs `soffice --headless` in its own temporary directory with its own user
profile (`-env:UserInstallation`) and HOME: two conversions at once would otherwise fight over
one profile's lock and the second would exit without output, and a service user may have no
home directory at all. LibreOffice substitutes Liberation Serif for Times New Roman when Times
is absent (Debian's fonts-liberation2 carries the Vietnamese letters).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .model import OfficialDocument
from .word import render_docx

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 60


class DocumentConversionFailed(Exception):
    """LibreOffice is missing, failed or took too long. The message is for the user; `detail`
    carries LibreOffice's own output for the log."""

    def __init__(self, message, *, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail

    def __str__(self) -> str:
        return str(self.message)


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes, *, timeout: float | None = None) -> bytes:
    """Convert the bytes of a .docx file to the bytes of a PDF with LibreOffice.

    `timeout` defaults to the LANTOA_SOFFICE_TIMEOUT setting (60 seconds). Raises
    DocumentConversionFailed when LibreOffice is not installed, fails or runs out of time.
    """
    binary = soffice_binary()
    if binary is None:
        raise DocumentConversionFailed(
            _("LibreOffice is not installed on the server, so the PDF cannot be produced.")
        )
    if timeout is None:
        timeout = float(getattr(settings, "LANTOA_SOFFICE_TIMEOUT", DEFAULT_TIMEOUT))

    with tempfile.TemporaryDirectory(prefix="lantoa-soffice-") as work:
        work_path = Path(work)
        source = work_path / "document.docx"
        source.write_bytes(data)
        output = work_path / "out"
        profile = work_path / "profile"
        command = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(output),
            str(source),
        ]
        environment = {**os.environ, "HOME": work, "TMPDIR": work}
        # A session of its own, so that on a timeout the whole process group (soffice starts
        # soffice.bin) is stopped, not just the launcher.
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=environment,
            cwd=work,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise DocumentConversionFailed(
                _("LibreOffice did not finish converting the document within %(seconds)s seconds.")
                % {"seconds": f"{timeout:g}"},
            ) from None
        detail = (stdout + stderr).decode("utf-8", "replace").strip()
        result = output / "document.pdf"
        if process.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            logger.warning(
                "LibreOffice failed to convert a document (exit %s): %s",
                process.returncode,
                detail,
            )
            raise DocumentConversionFailed(
                _("LibreOffice could not convert the document to PDF."), detail=detail
            )
        return result.read_bytes()


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def render_pdf(doc: OfficialDocument, *, timeout: float | None = None) -> bytes:
    """The document as a PDF: rendered as .docx, then converted by LibreOffice."""
    return docx_to_pdf(render_docx(doc), timeout=timeout)
