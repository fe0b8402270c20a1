"""``report.pdf``: the client report printed by headless Chromium (``plan --pdf``).

Chromium is not a Python package: it is found on the PATH (``chromium``, Debian's package, or
``chromium-browser`` / ``google-chrome``). The page is written to a private temporary folder,
printed with ``--print-to-pdf`` on the page's own print stylesheet (Letter unless the printer
says otherwise; page numbers from its ``@page`` margin boxes, Chromium's own header and footer
off) and the PDF's bytes are returned; nothing outside the temporary folder is touched. When
Chromium is missing or fails, :class:`PdfUnavailable` says so and how to fix it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from trimtab.errors import ExitCode, TrimtabError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
"""Flags for a headless run that makes no network request and keeps no state."""

TIMEOUT_SECONDS = 180
INSTALL_HINT = "install Chromium (Debian: apt-get install chromium) or leave out --pdf"


class PdfUnavailable(TrimtabError):
    """The PDF cannot be printed: Chromium is missing or failed (exit 2, nothing written)."""

    exit_code = ExitCode.INPUT_PROBLEMS


def find_chromium() -> str | None:
    """The path of a Chromium on the PATH, None when there is none."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found is not None:
            return found
    return None


def chromium_command(chromium: str, profile: Path, *args: str) -> list[str]:
    """A headless Chromium command line with a fresh profile folder."""
    return [chromium, *HEADLESS_FLAGS, f"--user-data-dir={profile}", *args]


def html_to_pdf(html: bytes, chromium: str | None = None) -> bytes:
    """The PDF of a self-contained HTML page, printed by headless Chromium."""
    chromium = chromium or find_chromium()
    if chromium is None:
        raise PdfUnavailable(
            f"--pdf needs headless Chromium, which is not installed: {INSTALL_HINT}"
        )
    with tempfile.TemporaryDirectory(prefix="trimtab-pdf-") as folder:
        work = Path(folder)
        page, pdf = work / "report.html", work / "report.pdf"
        page.write_bytes(html)
        command = chromium_command(
            chromium,
            work / "profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        )
        _run(command)
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise PdfUnavailable(f"Chromium ({chromium}) wrote no PDF: {INSTALL_HINT}")
        return pdf.read_bytes()


def _run(command: Sequence[str]) -> None:
    try:
        done = subprocess.run(
            list(command), capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PdfUnavailable(f"Chromium could not print the report: {exc}") from exc
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no message"]
        raise PdfUnavailable(
            f"Chromium could not print the report (exit {done.returncode}): {tail[0]}"
        )
