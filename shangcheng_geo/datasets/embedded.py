"""Load the embedded default layers of Shangcheng District (all EPSG:4326, WGS84).

Every loader returns a fresh copy, so a caller may modify the result freely. Every layer
carries ``source`` and ``licence`` per feature (``confidence`` where a feature is an
approximation), and the layer's provenance -- title, source, licence, attribution, the
datum it came in and its accuracy -- in ``gdf.attrs["provenance"]``.

OpenStreetMap layers of western Shangcheng (streets, green space, facilities, 9 subdistrict
boundaries) are in :mod:`shangcheng_geo.datasets.osm`. What is *not* bundled because no open
source exists: any of those for the east of the district, population grids, and the positions
of 68 metro stations in service (:func:`missing_stations`; none of them in Shangcheng).
Functions that need such data take the user's layers.

Examples
--------
>>> from shangcheng_geo import datasets
>>> d = datasets.district()
>>> d.crs.to_epsg(), len(d)
(4326, 1)
>>> round(float(d.to_crs(4549).area.sum()) / 1e6, 1)
120.4
>>> int(datasets.stations(in_shangcheng=True).shape[0])  # in service today
50
>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")  # 五堡, 六堡: status unknown before 2026-08-14
...     first_year = datasets.stations(as_of="2012-12-31", in_shangcheng=True)
>>> len(first_year)
11
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING, Any

from .._dates import measured_day, parse_date
from .._errors import InputError
from .._options import options

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

from ._store import catalog, data_dir, layer, read_layer, read_table, with_provenance

__all__ = [
    "attribution",
    "catalog_value",
    "city",
    "data_dir",
    "district",
    "districts",
    "in_analysis_crs",
    "layers",
    "line_openings",
    "lines",
    "measured_day",
    "missing_stations",
    "parse_date",
    "places",
    "pois",
    "read_file",
    "stations",
    "water",
]


_PLAIN_LAYERS = ("district", "districts", "city", "water", "lines", "places")


def in_analysis_crs(name: str) -> gpd.GeoDataFrame:
    """An embedded layer in the analysis CRS, projected once per process and CRS.

    For the library's own measurements and maps, which read the same embedded layers
    many times: each is reprojected once, and every call gets its own copy.

    Parameters
    ----------
    name : {'district', 'districts', 'city', 'water', 'lines', 'places'}
        The layer, as its loader names it.

    Returns
    -------
    GeoDataFrame
        A copy of the layer in ``options.analysis_crs``, with its provenance.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> datasets.in_analysis_crs("district").crs.to_epsg()
    4549
    """

    if name not in _PLAIN_LAYERS:
        raise InputError(f"name must be one of {list(_PLAIN_LAYERS)}; received {name!r}.")
    return with_provenance(_projected(name, options.analysis_crs.to_wkt()).copy(), name)


@cache
def _projected(name: str, crs_wkt: str) -> gpd.GeoDataFrame:
    from ..crs import to_analysis_crs

    return to_analysis_crs(read_layer(name), name)


def district() -> gpd.GeoDataFrame:
    """Shangcheng District (330102) as a one-row GeoDataFrame.

    The post-2021 district (old Shangcheng + old Jianggan), converted from the GCJ-02 source
    with :func:`shangcheng_geo.crs.from_datum`. It runs to the mid-line of the Qiantang River,
    so it contains about 12.5 km² of water: about 120.4 km² in EPSG:4549 (official: 122 km²).

    Returns
    -------
    GeoDataFrame
        One row (``adcode``, ``name_zh``, ``name_en``, provenance columns), EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> round(float(datasets.district().to_crs(4549).area.iloc[0]) / 1e6, 1)
    120.4
    """
    return layer("district")


def districts() -> gpd.GeoDataFrame:
    """Hangzhou's 13 districts and counties (``adcode``, ``name_zh``, ``name_en``).

    Returns
    -------
    GeoDataFrame
        13 rows, post-2021 boundaries, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> d = datasets.districts()
    >>> sorted(d.loc[d.adcode.isin(["330108", "330109"]), "name_en"])
    ['Binjiang', 'Xiaoshan']
    """
    return layer("districts")


def city() -> gpd.GeoDataFrame:
    """Hangzhou's city outline (330100).

    Returns
    -------
    GeoDataFrame
        One row, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> datasets.city()["adcode"].tolist()
    ['330100']
    """
    return layer("city")


def water() -> gpd.GeoDataFrame:
    """The Qiantang River water polygon (GSHHG full resolution).

    Banks are accurate to tens to a few hundred metres (1:250,000 source); West Lake and the
    canals are not included. Good enough to separate land from river at district scale.

    Returns
    -------
    GeoDataFrame
        The river polygon(s), EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> river = datasets.water().to_crs(4549).union_all()
    >>> land = datasets.district().to_crs(4549).geometry.iloc[0]
    >>> round(land.intersection(river).area / 1e6, 1)  # water inside the district, km²
    12.5
    """
    return layer("water")


def stations(
    as_of: Any = None,
    *,
    line: str | None = None,
    in_shangcheng: bool | None = None,
    include_unknown_dates: bool = False,
) -> gpd.GeoDataFrame:
    """Hangzhou Metro stations, optionally those open on a date.

    Parameters
    ----------
    as_of : date, Timestamp or ISO str, optional
        Keep the stations open on that day: ``opened <= as_of``, or, for a station whose
        opening date is unknown, ``in_service_by <= as_of`` (五堡 and 六堡: in service by
        2026-08-14). ``None`` returns every placed station in service today (the data's
        vintage is 2026).
    line : str, optional
        Keep stations served by this line id (``"1"`` ... ``"19"``, ``"hanghai"``).
    in_shangcheng : bool, optional
        Keep stations inside (``True``) or outside (``False``) the district.
    include_unknown_dates : bool, default False
        With ``as_of``, stations of unknown status on that day are left out and named in a
        :class:`~shangcheng_geo.DataQualityWarning`; pass ``True`` to keep them instead.

    Returns
    -------
    GeoDataFrame
        Points with ``station_id``, ``name_zh``, ``name_en``, ``lines`` (``;``-separated
        ids), ``opened`` (datetime64, NaT if unknown), ``opened_status``, ``in_shangcheng``,
        ``source``, ``licence``, ``confidence`` (from ``qa_dist_to_amap_m``: high <= 50 m,
        medium <= 150 m, low beyond), ``qa_note``.

    Notes
    -----
    68 stations in service have no open position and are not here (none in Shangcheng); see
    :func:`missing_stations`. 五堡 and 六堡 (Line 9) have no known opening date but
    ``in_service_by`` 2026-08-14. An interchange is one feature with several lines;
    ``opened`` is the first opening on any line.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> s = datasets.stations(line="6", in_shangcheng=True)
    >>> "火车东站（东广场）" in set(s.name_zh)
    True
    """
    import pandas as pd

    gdf = layer("stations")
    gdf["opened"] = pd.to_datetime(gdf["opened"].replace("", None), format="%Y-%m-%d")
    gdf["in_shangcheng"] = gdf["in_shangcheng"].astype(bool)
    if line is not None:
        known = sorted({x for v in gdf["lines"] for x in v.split(";")}, key=lambda s: (len(s), s))
        if str(line) not in known:
            raise InputError(f"unknown line {line!r}; the station layer has lines {known}.")
        gdf = gdf[gdf["lines"].map(lambda v: str(line) in v.split(";"))]
    if in_shangcheng is not None:
        gdf = gdf[gdf["in_shangcheng"] == bool(in_shangcheng)]
    if as_of is not None:
        from .._validate import open_on

        day = parse_date(as_of)
        is_open, unknown = open_on(
            gdf,
            day,
            f"as_of={day.date()}",
            report=not include_unknown_dates,
            hint=" Pass include_unknown_dates=True to keep them.",
        )
        keep = is_open | (unknown & include_unknown_dates)
        gdf = gdf[keep]
    return gdf


def missing_stations(*, in_shangcheng: bool | None = None) -> pd.DataFrame:
    """Stations in service that no open source places: names, lines, dates, no geometry.

    Parameters
    ----------
    in_shangcheng : bool, optional
        Keep those inside (True) or outside (False) the district.

    Returns
    -------
    DataFrame
        ``name_zh``, lines, opening dates and ``in_shangcheng``, with provenance in ``attrs``.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> len(datasets.missing_stations()), len(datasets.missing_stations(in_shangcheng=True))
    (68, 0)
    """
    df = read_table("missing_stations").copy()
    df["in_shangcheng"] = df["in_shangcheng"] == "True"
    if in_shangcheng is not None:
        df = df[df["in_shangcheng"] == bool(in_shangcheng)].reset_index(drop=True)
    return with_provenance(df, "missing_stations")


def lines() -> gpd.GeoDataFrame:
    """Metro lines, one feature per line and ``geometry_kind``.

    ``geometry_kind`` is ``"track"`` (a surveyed 2019 track shape) or ``"station_chain"``
    (straight segments between placed stations, not the alignment).

    Returns
    -------
    GeoDataFrame
        ``line_id``, ``name_zh``, ``name_en``, ``colour``, ``geometry_kind``, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> set(datasets.lines()["geometry_kind"]) <= {"track", "station_chain"}
    True
    """
    return layer("lines")


def line_openings() -> pd.DataFrame:
    """Opening events per line section: ``line_id``, ``section_zh``, ``opened``, ``date_status``.

    Returns
    -------
    DataFrame
        One row per opening, provenance in ``attrs``.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> o = datasets.line_openings()
    >>> o.loc[(o["line_id"] == "1") & (o["opened"] != ""), "opened"].min()
    '2012-11-24'
    """
    return with_provenance(read_table("line_openings").copy(), "line_openings")


def places() -> gpd.GeoDataFrame:
    """Plan anchors and named places with ``kind``, ``plan_element`` and ``confidence``.

    Returns
    -------
    GeoDataFrame
        Points, EPSG:4326, with ``name_zh`` and provenance columns.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> "玉皇山" in set(datasets.places()["name_zh"])
    True
    """
    return layer("places")


def pois() -> gpd.GeoDataFrame:
    """OpenStreetMap points of interest within 1 km of the district.

    Returns
    -------
    GeoDataFrame
        Points, EPSG:4326 (ODbL 1.0, © OpenStreetMap contributors).

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> len(datasets.pois()) > 100
    True
    """
    return layer("pois")


def catalog_value(name: str, key: str) -> Any:
    """One fact of the embedded data's catalogue (``catalog.json``), e.g. a layer's count.

    Parameters
    ----------
    name : str
        The layer or table, as :func:`layers` names it.
    key : str
        The fact.

    Returns
    -------
    object
        The value as the build script recorded it.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> datasets.catalog_value("stations", "features")
    202
    """
    entry = catalog().get(name)
    if entry is None or key not in entry:
        raise InputError(f"the catalogue has no {key!r} for {name!r}; see datasets.layers().")
    return entry[key]


def layers() -> pd.DataFrame:
    """The catalogue of embedded layers and tables with counts, datum, source and licence.

    Returns
    -------
    DataFrame
        Indexed by layer name.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> cat = datasets.layers()
    >>> int(cat.loc["stations", "features"])
    202
    """
    import pandas as pd

    rows = [{"name": name, **meta} for name, meta in catalog().items()]
    cols = ["name", "kind", "features", "source_datum", "source", "licence", "attribution"]
    cols += ["title", "accuracy"]
    return pd.DataFrame(rows)[cols].set_index("name")


def attribution(*layers_: Any) -> str:
    """The attribution text that must accompany a map or report built from these layers.

    Parameters
    ----------
    *layers_ : GeoDataFrame or DataFrame
        Layers carrying ``attrs['provenance']``.

    Returns
    -------
    str
        Their attributions, each once, joined by ``"; "``.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> "OpenStreetMap" in attribution(datasets.stations())
    True
    """
    parts: list[str] = []
    for obj in layers_:
        prov = getattr(obj, "attrs", {}).get("provenance", {})
        text = prov.get("attribution") or prov.get("source")
        for piece in str(text or "").split("; "):
            if piece and piece not in parts:
                parts.append(piece)
    return "; ".join(parts)


def read_file(
    path: str | os.PathLike[str], *, datum: str | None = None, **kwargs: Any
) -> gpd.GeoDataFrame:
    """Read a user's vector file (GeoPackage, GeoJSON, Shapefile...) into EPSG:4326.

    Parameters
    ----------
    path : str or path
        Any file GDAL reads.
    datum : {'wgs84', 'gcj02', 'bd09'}, optional
        The datum of lon/lat coordinates. Needed for data from Chinese web maps -- Amap and
        Tencent give GCJ-02, Baidu BD-09 -- whose files usually claim EPSG:4326 or no CRS.
        Leave it out for files whose CRS is right (any projected or WGS84 CRS).
    **kwargs
        Passed to :func:`geopandas.read_file` (``layer=``, ``bbox=``, ``encoding=``...). A
        Shapefile without a ``.cpg`` whose attributes are not UTF-8 but decode as GBK/GB18030
        (as Chinese desktop GIS writes them) is read as GB18030, with a warning; pass
        ``encoding=`` to say otherwise.

    Returns
    -------
    GeoDataFrame
        The layer in EPSG:4326 (shifted from ``datum`` where given).

    Examples
    --------
    >>> import os, tempfile
    >>> from shangcheng_geo import datasets
    >>> path = os.path.join(tempfile.mkdtemp(), "district.geojson")
    >>> datasets.district().to_file(path)
    >>> datasets.read_file(path).crs.to_epsg()
    4326
    """
    from .._reading import read_vector

    return read_vector(path, datum=datum, **kwargs)
