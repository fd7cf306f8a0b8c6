"""File safety for every command and loader: what may be read, and where something may be written.

- Data files are read only when they are regular files, and links are not followed: a
  `figures.csv` that points at `/etc/passwd` is refused, and a named pipe cannot hang a reader.
- Output is never written into a data folder (the curated `data/` or the folder being read), never
  through a link, and never into something that is not a regular file.

Every refusal is an `UnsafePath` whose text is one line; the command line prints it after
`error: ` and exits with status 2.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kursk_monitor import paths

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
FILE_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


class UnsafePath(Exception):
    """A path that is refused or cannot be used; the text is one line for the user."""


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    return exc.strerror or type(exc).__name__


def _kind(mode: int) -> str:
    return FILE_KINDS.get(stat.S_IFMT(mode), "not a regular file")


def read_regular_file(path: Path) -> bytes:
    """The bytes of `path` if it is a regular file and not a link; else `UnsafePath` ("is …")."""
    try:
        descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
    except FileNotFoundError as exc:
        raise UnsafePath("not found") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePath("is a symbolic link; links are not followed") from exc
        raise UnsafePath(f"cannot be read ({_reason(exc)})") from exc
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise UnsafePath(f"is {_kind(mode)}, not a regular file")
    with open(descriptor, "rb", closefd=True) as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise UnsafePath(f"cannot be read ({_reason(exc)})") from exc


def exists(path: Path) -> bool:
    """True when something (a file, a link, anything) is at `path`; False also when it cannot be seen."""
    return os.path.lexists(path)


def check_readable_folder(directory: Path) -> None:
    """Raise `UnsafePath` unless `directory` is a folder whose files can be listed and opened."""
    try:
        if not directory.is_dir():
            reason = "it does not exist" if not exists(directory) else "it is not a folder"
            raise UnsafePath(f"{directory} is not a readable folder ({reason})")
        os.listdir(directory)
    except OSError as exc:
        raise UnsafePath(f"{directory} is not a readable folder ({_reason(exc)})") from exc
    if not os.access(directory, os.R_OK | os.X_OK):
        raise UnsafePath(f"{directory} is not a readable folder (permission denied)")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def output_folder(out: Path, *data_folders: Path) -> Path:
    """Create `out` if needed and return it; refuse a folder in the curated data or in `data_folders`."""
    target = out.resolve()
    for folder in (paths.DATA_DIR, *data_folders):
        if _inside(target, Path(folder).resolve()):
            raise UnsafePath(f"{out} is inside the data folder {folder}; choose another output folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise UnsafePath(f"{out} exists and is not a folder") from exc
    except OSError as exc:
        raise UnsafePath(f"{out} cannot be created ({_reason(exc)})") from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise UnsafePath(f"{out} cannot be written (permission denied)")
    return out


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path`, replacing a regular file; refuse a link, a pipe or anything else."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | _NOFOLLOW | _NONBLOCK | _CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePath(f"{path} is a symbolic link; output is not written through links") from exc
        if exc.errno in (errno.ENXIO, errno.EISDIR):
            raise UnsafePath(f"{path} is not a regular file; it is not overwritten") from exc
        raise UnsafePath(f"{path} cannot be written ({_reason(exc)})") from exc
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise UnsafePath(f"{path} is {_kind(mode)}, not a regular file; it is not overwritten")
    with open(descriptor, "wb", closefd=True) as handle:
        try:
            handle.truncate(0)
            handle.write(data)
            handle.flush()
        except OSError as exc:
            raise UnsafePath(f"{path} cannot be written ({_reason(exc)})") from exc


def write_text(path: Path, text: str) -> None:
    """`write_file` for UTF-8 text."""
    write_file(path, text.encode("utf-8"))
