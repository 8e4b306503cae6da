"""Writes that never lose a file: write to a temporary name in the same folder, then move
the result into place in one step (``os.replace``, atomic on one file system).

A failure midway -- an error, a full disk, Ctrl-C -- leaves the previous file as it was and
no partial file behind; two runs writing the same output at once each move a complete file
into place, and the last one wins. The temporary name keeps the extension, so writers that
choose their format by it (GDAL, matplotlib, pandas) behave as for the real name.

A GeoPackage (or SpatiaLite file) is a project, not a file: :func:`replacing` copies the
existing one to the temporary name first, so writing a layer there replaces that layer and
keeps every other one, and the copy moves into place only when the layer is complete.

Every way a write can fail for where it goes -- a missing or read-only folder, a path that
is a folder, a full disk, a file-size limit -- becomes one :class:`OutputError` naming the
caller's path (never the temporary one) and the fix; :func:`check_output_path` finds the
first three before any work is done.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ._errors import InputError, OutputError

__all__ = ["CONTAINER_SUFFIXES", "check_output_path", "layer_options", "replacing"]

# files a Shapefile writer puts beside the .shp
_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx")
# files holding several layers, written by GDAL into an existing file: one layer replaced,
# the others kept
CONTAINER_SUFFIXES = (".gpkg", ".sqlite")
# what SQLite keeps beside a database while it writes
_JOURNALS = ("-journal", "-wal", "-shm")
_KEPT = "The previous file, if any, is unchanged."


def check_output_path(
    path: str | os.PathLike[str],
    *,
    suffixes: Sequence[str] | None = None,
    what: str = "files",
    folder: bool = False,
) -> Path:
    """Check, before any work is done, that a file can be written at ``path``.

    The folder must exist and take a new file (checked by creating and dropping a nameless
    one there), and ``path`` must not be a folder. Call it first in anything that computes
    before it writes, so a long analysis does not run only to fail at the write; the write
    itself still goes through :func:`replacing`, which turns a full disk or a file-size
    limit into the same error.

    Parameters
    ----------
    path : str or path-like
        The file to write.
    suffixes : sequence of str, optional
        The extensions allowed (lower case, with the dot), e.g. ``(".csv",)``.
    what : str, default 'files'
        What is written, for the message about a wrong extension ("CSV tables").
    folder : bool, default False
        ``path`` may be an existing folder (a partitioned dataset that is replaced whole).

    Returns
    -------
    Path
        ``path`` as a Path.

    Raises
    ------
    OutputError
        The folder does not exist, is not writable, or ``path`` is a folder; the message
        names ``path`` and what to do.
    InputError
        The extension is not one of ``suffixes``.

    Examples
    --------
    >>> import os, tempfile
    >>> from shangcheng_geo import OutputError
    >>> from shangcheng_geo.export import check_output_path
    >>> folder = tempfile.mkdtemp()
    >>> check_output_path(os.path.join(folder, "r.csv"), suffixes=(".csv",)).name
    'r.csv'
    >>> try:
    ...     check_output_path(folder)
    ... except OutputError as exc:
    ...     print(str(exc).split(": ", 1)[1])
    it is a folder: give a file name inside it.
    """
    try:
        out = Path(os.fspath(path))
    except TypeError:
        raise InputError(
            f"an output path is a str or path-like; received {type(path).__name__}."
        ) from None
    if not folder and (out.is_dir() or out.name in ("", ".", "..")):
        raise _error(out, errno.EISDIR, suffixes=suffixes)
    if suffixes is not None and out.suffix.lower() not in suffixes:
        raise InputError(f"{what} are written as {' or '.join(suffixes)}; received {out.name!r}.")
    parent = out.parent
    if not parent.exists():
        raise _error(out, errno.ENOENT)
    if not parent.is_dir():
        raise _error(out, errno.ENOTDIR)
    try:  # the one check that sees permissions, ACLs and read-only disks alike
        with tempfile.TemporaryFile(dir=parent):
            pass
    except OSError as exc:
        raise _error(out, exc.errno or errno.EIO) from None
    return out


def _error(
    target: Path, code: int, *, suffixes: Sequence[str] | None = None, after: str = ""
) -> OutputError:
    """The library's error for writing ``target`` failing with ``code`` (an errno)."""
    t, parent = str(target), str(target.parent)
    if code == errno.ENOENT:
        fix = f"the folder {parent!r} does not exist: create it (mkdir -p) or choose another."
    elif code == errno.ENOTDIR:
        above = next((p for p in target.parents if p.exists()), target.parent)
        fix = f"{str(above)!r} is a file, not a folder: choose another folder."
    elif code in (errno.EACCES, errno.EPERM):
        fix = (
            f"no permission to write in the folder {parent!r}: choose a folder you can write "
            "to, or ask for write permission there."
        )
    elif code == errno.EROFS:
        fix = f"the folder {parent!r} is on a read-only disk: choose another folder."
    elif code == errno.EISDIR:
        ext = suffixes[0] if suffixes else target.suffix
        example = f", e.g. {'result' + ext!r}" if ext else ""
        fix = f"it is a folder: give a file name inside it{example}."
    elif code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        fix = f"disk full (no space left in {parent!r}): free some space or write to another disk."
    elif code == errno.EFBIG:
        limit = _size_limit()
        where = f" ({limit:,} bytes, ulimit -f)" if limit is not None else ""
        fix = (
            f"file too large for the limit{where}: raise the limit or write a smaller or "
            "partitioned output."
        )
    else:
        fix = f"{os.strerror(code).lower()}{after}."
    error = OutputError(f"cannot write {t!r}: {fix}" + (f" {_KEPT}" if after or _io(code) else ""))
    error.errno, error.strerror, error.filename = code, os.strerror(code), t
    return error


def _io(code: int) -> bool:
    return code in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EIO)


def _size_limit() -> int | None:
    """The process's file-size limit in bytes, or None when there is none."""
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    soft = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    return None if soft == resource.RLIM_INFINITY else int(soft)


# GDAL reports failed writes as its own errors, without the errno
_GDAL_IO = re.compile(
    r"(?i)file too large|no space left|disk is full|disk full|permission denied|errno|"
    r"failed to commit transaction|cannot write feature|fwrite|i/o error|write error"
)


def _translated(exc: BaseException, target: Path, tmp: Path) -> OutputError | None:
    """The OutputError a failed write stands for, or None when it is not about the output
    (bad data, Ctrl-C): that goes on unchanged."""
    if isinstance(exc, OutputError) or not isinstance(exc, Exception):
        return None
    code = exc.errno if isinstance(exc, OSError) else None
    if code is not None and (
        code in _WRITING or (code in _WHERE and _names_output(exc, target, tmp))
    ):
        return _error(target, code)
    if code:  # about another file (an input, a socket)
        return None
    text = " ".join(str(e) for e in (exc, exc.__context__, exc.__cause__) if e is not None)
    from_gdal = type(exc).__module__.split(".")[0] in ("pyogrio", "fiona")
    if not _GDAL_IO.search(text) or not (from_gdal or isinstance(exc, OSError)):
        return None
    found = re.search(r"\[errno (\d+)\]", text, re.IGNORECASE)
    if found:
        return _error(target, int(found.group(1)))
    if re.search(r"(?i)permission denied", text):
        return _error(target, errno.EACCES)
    if re.search(r"(?i)file too large", text):
        return _error(target, errno.EFBIG)
    cause = _diagnosis(target, tmp)
    if re.search(r"(?i)no space left|disk is full|disk full", text):
        return _error(target, errno.EFBIG if cause == errno.EFBIG else errno.ENOSPC)
    return _error(target, cause, after=f" ({text.replace(str(tmp), str(target))})")


# errors that only a write raises, and errors about a place (translated when they name the output)
_WRITING = {errno.ENOSPC, errno.EFBIG, errno.EROFS, getattr(errno, "EDQUOT", errno.ENOSPC)}
_WHERE = {errno.ENOENT, errno.ENOTDIR, errno.EACCES, errno.EPERM, errno.EISDIR, errno.EIO}


def _names_output(exc: BaseException, target: Path, tmp: Path) -> bool:
    filename = getattr(exc, "filename", None)
    names = {str(p) for p in (target, *_parts(tmp))}
    return filename is None or str(filename) in names


def _diagnosis(target: Path, tmp: Path) -> int:
    """Why a write without an errno stopped: the file-size limit reached, the disk full, or
    an I/O error otherwise."""
    limit = _size_limit()
    largest = max((p.stat().st_size for p in _parts(tmp) if p.is_file()), default=0)
    if limit is not None and largest + 2**20 >= limit:
        return errno.EFBIG
    with contextlib.suppress(OSError):
        if shutil.disk_usage(target.parent).free < 16 * 2**20:
            return errno.ENOSPC
    return errno.EIO


def _parts(tmp: Path) -> list[Path]:
    """The files a write to ``tmp`` may have made."""
    if tmp.suffix.lower() == ".shp":
        return [tmp.with_suffix(ext) for ext in _SHAPEFILE_PARTS]
    return [tmp, *(tmp.with_name(tmp.name + j) for j in _JOURNALS)]


_HELD = threading.local()  # the folders whose lock this thread holds


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold the folder's lock: writes that move several files into place or update a
    container take turns, so none sees or leaves a mixture. (Not on Windows: no ``fcntl``.)"""
    key = os.path.realpath(folder)
    held = _HELD.__dict__.setdefault("folders", set())
    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    if fcntl is None or key in held:  # this thread holds it already (a write inside a write)
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # a folder one may write to but not read: no lock to take
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        held.add(key)
        yield
    finally:
        held.discard(key)
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str], *, folder: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it onto ``path`` when the block ends
    without an exception, remove it otherwise (the exception goes on, as an
    :class:`OutputError` naming ``path`` when it is about the output).

    The path is checked first (:func:`check_output_path`; ``folder=True`` lets a folder --
    a partitioned dataset -- be replaced whole). For a GeoPackage or SpatiaLite file that
    exists, the temporary path starts as a copy of it: a layer written there replaces only
    that layer. A Shapefile's parts move together, and parts of an older write that the new
    one does not have (a stale ``.qix`` index, a ``.cpg``) are removed.
    """
    target = check_output_path(path, folder=folder)
    tmp = target.with_name(
        f".{target.stem}.{os.getpid()}-{uuid.uuid4().hex[:12]}.tmp{target.suffix}"
    )
    container = target.suffix.lower() in CONTAINER_SUFFIXES
    with contextlib.ExitStack() as held:
        try:
            if container:  # the whole copy-write-move, so no other layer written meanwhile is lost
                held.enter_context(_folder_lock(target.parent))
                if target.is_file():
                    shutil.copyfile(target, tmp)  # the content; the mode is new
            yield tmp
        except BaseException as exc:
            error = _translated(exc, target, tmp)
            _discard(tmp)
            if error is None:
                raise
            raise error from exc
        try:
            if not container:
                held.enter_context(_folder_lock(target.parent))
            _move_into_place(tmp, target)
        except OSError as exc:
            _discard(tmp)
            raise _error(target, exc.errno or errno.EIO, suffixes=None) from exc


def _discard(tmp: Path) -> None:
    """Remove what a write to ``tmp`` made; never fails (it runs while an error goes on)."""
    for part in _parts(tmp):
        with contextlib.suppress(OSError):
            if part.is_dir():
                shutil.rmtree(part, ignore_errors=True)
            elif part.exists():
                part.unlink()


def _move_into_place(tmp: Path, target: Path) -> None:
    if target.suffix.lower() == ".shp":
        upper = target.suffix.isupper()
        for ext in _SHAPEFILE_PARTS:
            src = tmp.with_suffix(ext)
            dst = target.with_suffix(ext.upper() if upper else ext)
            if src.exists():
                os.replace(src, dst)
            elif dst.exists():  # a part of an older write: it would not match the new one
                dst.unlink()
    elif tmp.is_dir():  # a folder (a partitioned Parquet dataset): swap it in, then drop the old
        old = target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:12]}.old")
        if target.exists():
            os.replace(target, old)
        os.replace(tmp, target)
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        elif old.exists():  # a single file was there before
            old.unlink()
    else:
        os.replace(tmp, target)
    _discard(tmp)  # a journal SQLite may have left


def layer_options(path: str | os.PathLike[str], layer: str | None = None) -> dict[str, Any]:
    """Keywords for ``to_file`` on a temporary name: the layer is ``layer``, or keeps the real
    file's name (GeoPackage and GeoJSON name their layer after the file otherwise)."""
    target = Path(path)
    options: dict[str, Any] = {}
    if target.suffix.lower() in (*CONTAINER_SUFFIXES, ".geojson"):
        options["layer"] = layer or target.stem
    if target.suffix.lower() == ".sqlite":  # not found by extension: a folder otherwise
        options["driver"] = "SQLite"
    return options
