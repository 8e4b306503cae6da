"""Writes that never lose a file: write to a temporary name in the same folder, then move
the result into place in one step (``os.replace``, atomic on one file system).

A failure midway -- an error, a full disk, Ctrl-C -- leaves the previous file as it was and
no partial file behind; two runs writing the same output at once each move a complete file
into place, and the last one wins. The temporary name keeps the extension, so writers that
choose their format by it (GDAL, matplotlib, pandas) behave as for the real name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

__all__ = ["layer_options", "replacing"]

# files a Shapefile writer puts beside the .shp
_SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx")


def _siblings(tmp: Path) -> list[Path]:
    if tmp.suffix.lower() != ".shp":
        return [tmp]
    return [tmp.with_suffix(ext) for ext in _SHAPEFILE_PARTS if tmp.with_suffix(ext).exists()]


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it onto ``path`` when the block ends
    without an exception, remove it otherwise (the exception goes on)."""
    target = Path(path)
    tmp = target.with_name(f".{target.stem}.{uuid.uuid4().hex[:12]}.tmp{target.suffix}")
    try:
        yield tmp
    except BaseException:
        for part in _siblings(tmp):
            _remove(part)
        raise
    for part in _siblings(tmp):
        final = target.with_suffix(part.suffix) if target.suffix.lower() == ".shp" else target
        _move(part, final)


def _remove(p: Path) -> None:
    if p.is_dir():
        shutil.rmtree(p, ignore_errors=True)
    elif p.exists():
        p.unlink()


def _move(src: Path, dst: Path) -> None:
    if src.is_dir():  # a folder (a partitioned Parquet dataset): swap it in, then drop the old
        old = dst.with_name(f".{dst.name}.{uuid.uuid4().hex[:12]}.old")
        if dst.exists():
            os.replace(dst, old)
        os.replace(src, dst)
        _remove(old)
    else:
        os.replace(src, dst)


def layer_options(path: str | os.PathLike[str]) -> dict[str, str]:
    """Keywords for ``to_file`` on a temporary name: the layer keeps the real file's name
    (GeoPackage and GeoJSON name their layer after the file otherwise)."""
    target = Path(path)
    return {"layer": target.stem} if target.suffix.lower() in (".gpkg", ".geojson") else {}
