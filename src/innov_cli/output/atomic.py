"""Write files atomically: a reader (or a second innov) never sees a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from innov_cli.errors import UsageProblem
from innov_cli.view.model import msg


def write_atomically(path: Path, produce: Callable[[Path], None]) -> None:
    """Let `produce` write a temporary file beside `path`, then rename it into place."""
    if "\x00" in str(path):
        raise UsageProblem(
            f"cannot write {str(path)!r}: not a valid file name",
            words=msg("error.bad_file_name", path=str(path)),
        )
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise UsageProblem(
            f"cannot write {path}: folder {directory} does not exist",
            words=msg("error.no_folder", path=str(path), folder=str(directory)),
        )
    if path.is_dir():
        raise UsageProblem(
            f"cannot write {path}: it is a directory",
            words=msg("error.is_directory", path=str(path)),
        )
    try:
        handle, temp_name = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
        os.close(handle)
    except OSError as exc:
        raise UsageProblem(f"cannot write {path}: {exc.strerror or exc}") from None
    temp = Path(temp_name)
    try:
        produce(temp)
        # mkstemp makes the file private (0600); a written report or export gets the mode
        # any new file would get (0666 less the umask), so it can be shared as usual.
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
