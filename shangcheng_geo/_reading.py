"""Reading a user's files: the one door every file-taking function goes through.

:func:`shangcheng_geo.datasets.read_file` is its public face; the CLI's ``--units FILE`` and
the zone loaders read through it too.
"""

from __future__ import annotations

import codecs
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import CRSError, InputError, warn
from ._provenance import provenance

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["decode_text", "read_table", "read_vector", "shapefile_encoding"]


def read_table(
    path: Path, *, encoding: str | None = None, dtype: Any = None, empty: str | None = None
) -> Any:
    """A CSV or Excel table as a pandas DataFrame.

    A CSV is decoded strictly, never into mojibake: the caller's ``encoding``; else UTF-8
    with a BOM, UTF-16 with a BOM (Excel's "Unicode text", tab-separated), plain UTF-8, or
    else GB18030 (GBK and GB2312 included, as Excel in China saves CSV files) with a warning;
    a file that is none of these is refused, naming ``encoding=``. ``dtype`` goes to pandas
    (``str`` keeps codes such as ``090102`` whole); ``empty`` is the message for a file with
    no header row (default: its name and what a table needs)."""
    import pandas as pd

    if path.suffix.lower() not in (".csv", ".txt"):
        try:
            return pd.read_excel(path, dtype=dtype)
        except ImportError as exc:
            raise InputError(
                f"could not read {path.name}: {exc}. Save it as .xlsx or CSV."
            ) from None
        except Exception as exc:  # openpyxl and xlrd raise many types
            raise InputError(
                f"could not read {path.name} as an Excel workbook: {exc}. Save it as .xlsx or CSV."
            ) from None
    text = decode_text(path, encoding)
    sep = "\t" if "\t" in text.partition("\n")[0] and "," not in text.partition("\n")[0] else ","
    try:
        return pd.read_csv(io.StringIO(text), dtype=dtype, sep=sep)
    except pd.errors.EmptyDataError:
        raise InputError(
            empty or f"{path.name} is empty: expected a header row and data."
        ) from None
    except pd.errors.ParserError as exc:
        raise InputError(f"could not read {path.name} as CSV: {exc}") from None


def decode_text(path: Path, encoding: str | None = None) -> str:
    """The text of a file, decoded strictly (see :func:`read_table`)."""
    data = path.read_bytes()
    if encoding is not None:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InputError(
                f"unknown encoding {encoding!r}; use e.g. 'utf-8', 'gb18030' or 'utf-16'."
            ) from None
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path.name} is not {encoding}: byte {exc.start} does not decode ({exc.reason})."
                " Leave encoding= out to let the library detect UTF-8 or GBK/GB18030."
            ) from None
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path.name} starts with a {codec.upper()} byte-order mark but byte "
                    f"{exc.start} is not {codec.upper()}: re-save it, or pass encoding=."
                ) from None
            return text.lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path.name} is neither UTF-8 nor GBK/GB18030 (byte {exc.start} decodes as "
            "neither): pass encoding='...' (e.g. 'big5' or 'cp1252')."
        ) from None
    warn(f"{path.name} is not UTF-8: read as GB18030 (GBK), as Excel in China saves CSV files.")
    return text


def read_vector(
    path: str | os.PathLike[str], *, datum: str | None = None, **kwargs: Any
) -> gpd.GeoDataFrame:
    """A vector file in EPSG:4326, shifted from ``datum`` where given (see
    :func:`shangcheng_geo.datasets.read_file`)."""
    import geopandas as gpd

    from .crs import from_datum, normalize_datum, require_crs

    p = Path(path)
    if not p.exists():
        raise InputError(f"file not found: {str(p)!r}. Check the path (relative to {os.getcwd()}).")
    encoding = shapefile_encoding(p, kwargs.pop("encoding", None))
    if encoding is not None:
        kwargs["encoding"] = encoding
    try:
        gdf = gpd.read_file(p, engine="pyogrio", **kwargs)
    except Exception as exc:  # GDAL errors come in many types
        raise InputError(f"could not read {str(p)!r} as a vector file: {exc}") from None
    if not isinstance(gdf, gpd.GeoDataFrame) or "geometry" not in gdf:
        raise InputError(f"{str(p)!r} has no geometry column; expected a vector layer.")
    src = normalize_datum(datum) if datum is not None else None
    if src is not None and src != "wgs84":
        out = from_datum(gdf, src)
    elif gdf.crs is None:
        if src == "wgs84":
            out = gdf.set_crs("EPSG:4326")
        else:
            raise CRSError(
                f"{str(p)!r} declares no CRS. Say what its coordinates are: datum='wgs84' for "
                "GPS/OSM lon/lat, datum='gcj02' for Amap/Tencent, datum='bd09' for Baidu; or "
                "fix the file's CRS in your GIS."
            )
    else:
        require_crs(gdf, repr(str(p)))
        out = gdf.to_crs("EPSG:4326")
    out.attrs["provenance"] = provenance(
        p.stem,
        source=str(p),
        licence="user data",
        source_datum=src or (gdf.crs.to_string() if gdf.crs else "unknown"),
    )
    return out


def _sidecar(path: Path, ext: str) -> Path | None:
    for cand in (path.with_suffix(ext), path.with_suffix(ext.upper())):
        if cand.exists():
            return cand
    return None


def shapefile_encoding(path: Path, encoding: str | None = None) -> str | None:
    """The text encoding to read a Shapefile with: the caller's, else None (GDAL decides)
    when a ``.cpg`` names it or the attributes are valid UTF-8, else GB18030 (GBK and GB2312
    included) when they decode as that -- the files Chinese desktop GIS writes -- with a
    warning saying it was guessed. Never mojibake silently."""
    if encoding is not None or path.suffix.lower() != ".shp" or _sidecar(path, ".cpg"):
        return encoding
    dbf = _sidecar(path, ".dbf")
    if dbf is None:
        return None
    data = dbf.read_bytes()
    body = data[int.from_bytes(data[8:10], "little") :] if len(data) > 32 else b""
    try:
        body.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    try:
        body.decode("gb18030")
    except UnicodeDecodeError:
        warn(
            f"{path.name} has no .cpg and its attributes are neither UTF-8 nor GBK/GB18030; "
            "names may be garbled: pass encoding='...' (e.g. 'cp1252')."
        )
        return None
    warn(
        f"{path.name} has no .cpg and its attributes are not UTF-8: read as GB18030 (GBK), as "
        "Chinese desktop GIS writes them. Pass encoding='...' to say otherwise."
    )
    return "GB18030"
