"""Reading and writing data files: bounded reads, and locked,
atomic replacement that never overwrites a change made since the file was read."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from haowen.io.problems import shown_path

# Line breaks to YAML (besides \n and \r) that editors, git and GitHub do not count as such.
UNICODE_BREAKS = "\x85\u2028\u2029"


MAX_BYTES = 256 * 2**20  # a data file larger than this (about a million links) is refused
LOCK_TIMEOUT = 60.0  # seconds to wait for another writer of the same file


class FileError(OSError):
    """A file that cannot be read or written as asked; str() is `path: what happened and what to do`."""

    def __init__(self, path: Path, message: str, code: int = 2) -> None:
        super().__init__(f"{shown_path(Path(path))}: {message}")
        self.code = code  # the exit status of the command that meets it

    def __str__(self) -> str:
        return str(self.args[0])


def read_bounded(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them.

    FileNotFoundError passes through; a directory, a device, a pipe or a larger file is a FileError.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # opening a FIFO must not hang
    except FileNotFoundError:
        raise  # the caller says what is missing
    except OSError as exc:
        raise FileError(path, f"无法读取（{exc.strerror}）：请检查路径和权限") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise FileError(path, "是目录，不是文件：请指向其中的文件（例如 data/links.yaml）")
        if not stat.S_ISREG(mode):
            raise FileError(path, "不是普通文件（设备、管道或套接字）：请指向一个数据文件")
        with open(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileError(path, f"文件超过 {limit // 2**20} MB，不像是数据文件：请检查路径")
    return data


def current_text(path: Path) -> str | None:
    """What `path` holds now as text (None if there is no such file), to compare with later."""
    try:
        return read_bounded(path).decode("utf-8", "replace").removeprefix("\ufeff")
    except FileNotFoundError:
        return None


@contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the advisory write lock of `path` (`.NAME.lock` beside it; flock, or Windows' own lock) while inside."""
    path = Path(path)
    lock = filelock.FileLock(path.with_name(f".{path.name}.lock"), timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise FileError(path, f"另一个 haowen 命令正在写这个文件，等了 {timeout:g} 秒还没写完，"
                              "本次修改没有写入：请稍后重新运行", code=1) from None
    except OSError as exc:
        raise FileError(Path(lock.lock_file), f"无法创建写锁（{exc.strerror}）：数据文件所在目录需要可写，文件未改动") from None
    try:
        yield
    finally:
        lock.release()


def write_unchanged(path: Path, seen: str | None, text: str, redo: Callable[[], str] | None = None) -> str:
    """Replace `path` with `text`, made from `seen` (what the caller read; None: no file); return what was written.

    Holds the lock of `path` (see `locked`) from the comparison to the rename.  When the file no
    longer holds `seen` (another writer or an editor changed it), `redo()` makes the change anew
    from what the file holds now; without `redo` nothing is written and FileError says why.
    """
    with locked(path):
        if current_text(path) != seen:
            if redo is None:
                raise FileError(path, "在本命令读取之后被改过（另一个命令或编辑器同时在写），"
                                      "为不覆盖那次修改，本次结果没有写入：请重新运行", code=1)
            text = redo()
        atomic_write(path, text)
    return text


def write_locked(path: Path, text: str) -> None:
    """Replace `path` with `text`, which does not depend on what it held, under its lock."""
    with locked(path):
        atomic_write(path, text)


def atomic_write(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a reader sees the old or the new file, never half."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
