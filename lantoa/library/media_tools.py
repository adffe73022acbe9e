"""The command-line tools the repository runs on uploaded files: ffprobe and ffmpeg (Debian's
ffmpeg package) for video and audio, pdftoppm (poppler-utils) for a PDF's first page.

Each runs with a time limit, on a path the server chose (never one a user typed: file names
become `file:` URLs so no name can be read as an option or another protocol), and raises
MediaToolError when the tool is missing, fails or runs too long.
"""

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PROBE_TIMEOUT = 60
# Reading a whole file (demuxing, no decoding) runs at disk speed: minutes only for files far
# larger than the 4 GB limit.
SCAN_TIMEOUT = 600
FRAME_TIMEOUT = 120

# What ffmpeg says when a file ends before its data does, or its index is missing.
_TRUNCATION = re.compile(
    r"partial file|ended prematurely|truncat|moov atom not found|invalid data found|end of file",
    re.IGNORECASE,
)


class MediaToolError(Exception):
    pass


@dataclass(frozen=True)
class MediaProbe:
    format_names: tuple[str, ...]
    duration: float | None
    width: int | None
    height: int | None
    video_codec: str
    audio_codec: str

    @property
    def has_video(self) -> bool:
        return bool(self.video_codec)

    @property
    def has_audio(self) -> bool:
        return bool(self.audio_codec)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise MediaToolError(f"{name} is not installed (Debian package: see the Makefile)")
    return found


def _input(path: Path) -> str:
    return f"file:{Path(path).resolve()}"


def _run(args: list[str], *, timeout: int) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(  # noqa: S603 (fixed tool, server-chosen paths)
            args, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise MediaToolError(f"{Path(args[0]).name} ran longer than {timeout} s") from error


def media_probe(path: Path) -> MediaProbe:
    """What ffprobe reads from the file's headers: container, duration, first streams."""
    result = _run(
        [
            _tool("ffprobe"),
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            _input(path),
        ],
        timeout=PROBE_TIMEOUT,
    )
    if result.returncode != 0:
        raise MediaToolError(result.stderr.decode("utf-8", "replace").strip()[:500])
    try:
        data = json.loads(result.stdout or b"{}")
    except ValueError as error:
        raise MediaToolError("ffprobe gave no readable answer") from error
    streams = data.get("streams") or []
    video = next(
        (
            stream
            for stream in streams
            if stream.get("codec_type") == "video"
            # A cover picture in an MP3 or M4A file is a "video" stream of one frame.
            and not (stream.get("disposition") or {}).get("attached_pic")
        ),
        None,
    )
    audio = next((stream for stream in streams if stream.get("codec_type") == "audio"), None)
    fmt = data.get("format") or {}
    try:
        duration = float(fmt.get("duration"))
    except (TypeError, ValueError):
        duration = None
    return MediaProbe(
        format_names=tuple((fmt.get("format_name") or "").split(",")),
        duration=duration,
        width=int(video["width"]) if video and video.get("width") else None,
        height=int(video["height"]) if video and video.get("height") else None,
        video_codec=(video or {}).get("codec_name", "") if video else "",
        audio_codec=(audio or {}).get("codec_name", "") if audio else "",
    )


def media_truncation(path: Path) -> str:
    """Why the file looks cut short or damaged ("" when it reads to the end): ffmpeg reads
    every packet without decoding (about disk speed) and reports data that is missing."""
    result = _run(
        [
            _tool("ffmpeg"),
            "-nostdin",
            "-v",
            "error",
            "-i",
            _input(path),
            "-map",
            "0",
            "-c",
            "copy",
            "-f",
            "null",
            "-",
        ],
        timeout=SCAN_TIMEOUT,
    )
    errors = result.stderr.decode("utf-8", "replace").strip()
    if result.returncode != 0:
        return errors[:500] or f"ffmpeg exited with {result.returncode}"
    match = _TRUNCATION.search(errors)
    return errors[:500] if match else ""


def video_poster_jpeg(path: Path, *, at_seconds: float, max_width: int = 1280) -> bytes:
    """One frame of the video as a JPEG, at most `max_width` pixels wide."""
    result = _run(
        [
            _tool("ffmpeg"),
            "-nostdin",
            "-v",
            "error",
            "-ss",
            f"{max(at_seconds, 0):.3f}",
            "-i",
            _input(path),
            "-frames:v",
            "1",
            "-vf",
            f"scale='min({max_width},iw)':-2",
            "-f",
            "image2",
            "-c:v",
            "mjpeg",
            "-q:v",
            "3",
            "pipe:1",
        ],
        timeout=FRAME_TIMEOUT,
    )
    if result.returncode != 0 or not result.stdout:
        raise MediaToolError(result.stderr.decode("utf-8", "replace").strip()[:500])
    return result.stdout


def pdf_first_page_jpeg(path: Path, *, size: int = 1200) -> bytes:
    """The PDF's first page as a JPEG whose longer side is `size` pixels."""
    with tempfile.TemporaryDirectory(prefix="lantoa-pdf-") as folder:
        target = Path(folder) / "page"
        result = _run(
            [
                _tool("pdftoppm"),
                "-f",
                "1",
                "-l",
                "1",
                "-scale-to",
                str(size),
                "-jpeg",
                "-singlefile",
                str(Path(path).resolve()),
                str(target),
            ],
            timeout=FRAME_TIMEOUT,
        )
        output = target.with_suffix(".jpg")
        if result.returncode != 0 or not output.exists():
            raise MediaToolError(result.stderr.decode("utf-8", "replace").strip()[:500])
        return output.read_bytes()
