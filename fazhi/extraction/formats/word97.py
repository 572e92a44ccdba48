"""Word 97-2003 (``.doc``) and WPS (``.wps``) files as text, converted by LibreOffice.

These are OLE compound files in formats no maintained pure-Python reader covers (WPS Office saves
its own variant), so fazhi runs LibreOffice headless (``soffice --convert-to txt``), which reads
both, each file in a fresh temporary folder and user profile (so that parallel jobs do not share
one). Without LibreOffice, one line says how to install it. Conversion takes about a second and a
half a file.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from fazhi.errors import InputError

#: What to run to install the converter, as the error says it.
INSTALL = "sudo apt install libreoffice-writer-nogui (or save the file as .docx or PDF)"
#: Seconds one conversion may take before the file is given up.
TIMEOUT = 120


def converter() -> str | None:
    """The LibreOffice program on this machine, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def word97_text(data: bytes, *, name: str) -> str:
    """The text of a Word 97-2003 or WPS file; an :class:`InputError` naming ``name`` when it cannot be had."""
    program = converter()
    if program is None:
        raise InputError(name, f"is a Word 97-2003 or WPS document (.doc, .wps); reading it needs LibreOffice: {INSTALL}")
    suffix = Path(name).suffix.lower() if Path(name).suffix.lower() in (".doc", ".wps") else ".doc"
    with tempfile.TemporaryDirectory(prefix="fazhi-word97-") as folder:
        work = Path(folder)
        source = work / f"report{suffix}"
        source.write_bytes(data)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(
                name, f"took LibreOffice over {TIMEOUT} s to convert; save it as .docx or PDF and build that"
            ) from None
        except OSError as err:
            raise InputError(name, f"could not be converted: {program} did not run ({err.strerror or err}); {INSTALL}") from None
        out = work / "out" / "report.txt"
        if not out.exists():
            raise InputError(
                name, "could not be converted by LibreOffice (damaged, or not a Word document); open and save it as .docx"
            )
        return out.read_text("utf-8-sig", errors="replace").replace("\r\n", "\n").strip()
