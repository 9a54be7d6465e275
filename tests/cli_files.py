"""Files for the CLI refusal tests: a folder any user may enter, the state of a folder tree
(to show that a refused command created or changed nothing), and running as a user the
permission bits apply to."""

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NOBODY = 65534


@contextmanager
def open_folder() -> Iterator[Path]:
    """A fresh folder that any user may enter and write in (pytest's are root's alone),
    removed after."""
    path = Path(tempfile.mkdtemp(prefix="readmit-cli-"))
    path.chmod(0o777)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _digest(path: Path) -> str:
    return "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()


def tree(root: Path) -> dict[str, str]:
    """Every path under `root` with a digest of its content ("dir" for a folder)."""
    return {str(p.relative_to(root)): _digest(p) for p in sorted(root.rglob("*"))}


@contextmanager
def unprivileged() -> Iterator[None]:
    """Act as nobody while inside: root may read and write whatever the mode bits say, so a
    permission refusal can only be seen by another user. The real id stays root, so the
    effective one can be taken back."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
