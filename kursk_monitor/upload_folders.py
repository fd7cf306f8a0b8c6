"""Private folders for uploaded data: made fresh (mode 0700) under the system's temporary folder,
named after the process, removed when their owner is discarded or released, when the process exits,
or by the next process when the one that made them was killed."""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from pathlib import Path

FOLDER_PREFIX = "kursk_monitor_upload_"


def new_folder() -> Path:
    """A fresh private folder (mode 0700) for one session's data, named after this process."""
    _remove_orphans()
    return Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}_"))


def discard(folder: Path | str | None) -> None:
    """Remove a folder made by `new_folder`; anything else is left alone."""
    if not folder:
        return
    path = Path(folder)
    temp_root = Path(tempfile.gettempdir()).resolve()
    if path.name.startswith(FOLDER_PREFIX) and path.resolve().parent == temp_root and path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


class UploadFolder:
    """A folder from `new_folder` that exists as long as this object: removed by `discard`, when
    the object is released, or when the process exits."""

    def __init__(self) -> None:
        self.path = new_folder()
        self._finalizer = weakref.finalize(self, discard, self.path)

    def discard(self) -> None:
        """Remove the folder now (once; later calls do nothing)."""
        self._finalizer()


def _remove_orphans() -> None:
    """Remove upload folders whose process no longer runs (it was killed before it could clean up)."""
    for path in Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*_*"):
        pid = path.name.removeprefix(FOLDER_PREFIX).split("_", 1)[0]
        if pid.isdigit() and not _process_runs(int(pid)):
            discard(path)


def _process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it runs, under another user
    return True
