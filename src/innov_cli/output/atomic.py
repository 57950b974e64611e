"""Write files atomically: a reader (or a second innov) never sees a half-written file.

What is at the target decides how:
- nothing, or a regular file: a temporary file beside it, renamed into place (atomic);
- a symlink: the same, at the file it points to (the link stays a link);
- a regular file with several hard links: written to a temporary file first, then copied into
  the existing file, so every link keeps seeing the new content (the copy is not atomic);
- anything else (a device such as /dev/stdout or /dev/null, a FIFO): written in place, since
  renaming over it would replace the device or the pipe by a regular file.
Every failure (no folder, no permission, a full disk, a name too long) is an `UnusableFile`
(exit 4), never an internal error; SIGTERM while writing removes the temporary file as
Ctrl-C does.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from innov_cli.errors import UnusableFile
from innov_cli.signals import terminate_as_interrupt
from innov_cli.view.model import msg

# The temporary file is `.NAME.XXXXXXXX.tmp`: NAME is cut short so that a long (but valid)
# target name does not make the temporary one too long for the file system.
_TEMP_NAME_CHARS = 64


def check_output_path(path: Path) -> os.stat_result | None:
    """The one check of a path innov is about to write, for every command and format: what is
    there now (None: nothing), or an `UnusableFile` (exit 4) that names the problem: not a
    valid name, a name too long, a folder that is missing or is a file, no permission, a
    directory in the way."""
    name = str(path)
    if "\x00" in name:
        raise UnusableFile(msg("error.bad_file_name", path=name))
    info = _stat(path, path)  # follows a symlink
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UnusableFile(msg("error.is_directory", path=str(path)))
    if info is None:
        directory = path.parent if str(path.parent) else Path(".")
        folder = _stat(directory, path)
        if folder is None or not stat.S_ISDIR(folder.st_mode):
            raise UnusableFile(msg("error.no_folder", path=str(path), folder=str(directory)))
    return info


def _stat(target: Path, written: Path) -> os.stat_result | None:
    """What is at `target` (None: nothing), or an `UnusableFile` about writing `written`."""
    try:
        return os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _unusable(written, exc) from None


def write_atomically(path: Path, produce: Callable[[Path], None]) -> None:
    """Let `produce` write the file at `path` (see the module docstring for how)."""
    info = check_output_path(path)
    with terminate_as_interrupt():
        if info is not None and not stat.S_ISREG(info.st_mode):
            _write_in_place(path, produce)
            return
        if info is not None and _names_a_descriptor(path):
            _append_through(path, produce)
            return
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        _write_via_temporary(target, produce, info)


def _names_a_descriptor(path: Path) -> bool:
    """/dev/stdout, /dev/fd/N, /proc/self/fd/N: an open descriptor, even when it leads to a
    regular file (`innov export /dev/stdout >> log`): written through, never replaced, so an
    appending shell redirection keeps what the file held."""
    return Path(os.path.abspath(path)).parts[:2] in (("/", "dev"), ("/", "proc"))


def _write_in_place(path: Path, produce: Callable[[Path], None]) -> None:
    try:
        produce(path)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _unusable(path, exc) from None


def _temporary_file(path: Path, directory: Path | None, prefix: str) -> Path:
    """A new empty file to produce `path`'s content in (in `directory`, else the system's
    temporary folder); failing to make one is a problem with `path`."""
    try:
        handle, name = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=".tmp")
        os.close(handle)
    except OSError as exc:
        raise _unusable(path, exc) from None
    return Path(name)


def _append_through(path: Path, produce: Callable[[Path], None]) -> None:
    """A regular file reached through an open descriptor (`/dev/stdout >> log`): reopening it
    for writing would truncate it, so the output is produced aside and then appended."""
    temp = _temporary_file(path, None, ".innov-")
    try:
        produce(temp)
        with temp.open("rb") as source, path.open("ab") as target:
            shutil.copyfileobj(source, target)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _unusable(path, exc) from None
    finally:
        temp.unlink(missing_ok=True)


def _write_via_temporary(
    path: Path, produce: Callable[[Path], None], info: os.stat_result | None
) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    temp = _temporary_file(path, directory, f".{path.name[:_TEMP_NAME_CHARS]}.")
    try:
        produce(temp)
        if info is not None and info.st_nlink > 1:
            # Hard links share one file: renaming would detach this name from the others.
            # Copy the finished content into the existing file instead.
            with temp.open("rb") as source, path.open("r+b") as existing:
                existing.truncate(0)
                shutil.copyfileobj(source, existing)
            temp.unlink()
            return
        # mkstemp makes the file private (0600): a replaced file keeps its mode, a new one gets
        # the mode any new file would get (0666 less the umask), so it can be shared as usual.
        mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
        os.chmod(temp, mode)
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise _unusable(path, exc) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


# Advice for the OS errors a write meets (also used for a failing stdout: cli/guard.py).
OS_ERROR_HINTS = {
    errno.ENOSPC: "free some space, or write elsewhere",
    errno.EDQUOT: "free some space, or write elsewhere",
    errno.EIO: "the device failed: write elsewhere",
    errno.ENAMETOOLONG: "use a shorter file name",
    errno.EACCES: "check the folder's permissions, or write elsewhere",
    errno.EROFS: "write elsewhere",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ELOOP: "the path has a symbolic-link loop",
}


def _unusable(path: Path, exc: OSError) -> UnusableFile:
    """An OSError as a user-facing message: the reason in words, with advice where useful."""
    reason = exc.strerror or str(exc)
    return UnusableFile(
        msg("error.cannot_write", a0=str(path), a1=reason), hint=OS_ERROR_HINTS.get(exc.errno or 0)
    )


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
