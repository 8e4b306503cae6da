"""Where the embedded layers live and how they are read (private to the datasets family)."""

from __future__ import annotations

import json
import os
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import DataNotAvailableError

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["GPKG", "catalog", "data_dir", "layer", "read_layer", "read_table", "with_provenance"]

GPKG = "shangcheng.gpkg"


@lru_cache(maxsize=1)
def data_dir() -> Path:
    """The folder holding the embedded layers.

    In an installed wheel this is the package's ``_data`` folder; in a source checkout it is
    ``data/boundaries`` at the repository root. The environment variable
    ``SHANGCHENG_GEO_DATA`` overrides both.
    """
    env = os.environ.get("SHANGCHENG_GEO_DATA")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve().parents[1]  # the package folder
    candidates += [here / "_data", here.parent / "data" / "boundaries"]
    for path in candidates:
        if (path / GPKG).is_file():
            return path
    raise DataNotAvailableError(
        "the embedded data files were not found; looked in "
        + ", ".join(str(p) for p in candidates)
        + ". Reinstall the package (pip install shangcheng_geo), or rebuild them from a "
        "source checkout with: python scripts/build_data.py"
    )


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict[str, Any]]:
    catalog: dict[str, dict[str, Any]] = json.loads(
        (data_dir() / "catalog.json").read_text(encoding="utf-8")
    )
    return catalog


@cache
def read_layer(name: str, file: str = GPKG) -> gpd.GeoDataFrame:
    """A layer of one of the package's GeoPackages, read once (callers copy it)."""
    import geopandas as gpd

    return gpd.read_file(data_dir() / file, layer=name, engine="pyogrio")


@cache
def read_table(name: str) -> pd.DataFrame:
    import pandas as pd

    return pd.read_csv(data_dir() / f"{name}.csv", dtype=str, keep_default_na=False)


def with_provenance(obj: Any, name: str) -> Any:
    obj.attrs["provenance"] = {"layer": name, **catalog()[name]}
    return obj


def layer(name: str, file: str = GPKG) -> gpd.GeoDataFrame:
    """A fresh copy of an embedded layer with its provenance."""
    return with_provenance(read_layer(name, file).copy(), name)
