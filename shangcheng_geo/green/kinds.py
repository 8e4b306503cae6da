"""What a green measurement measures, and the one name it carries everywhere.

Two kinds of green data give two different numbers:

* ``"canopy"``: land cover or NDVI (rasters), or vector polygons of vegetation cover (a survey
  of tree crowns, shrubs and grass). The measurement is **绿化覆盖率** (green coverage ratio,
  GB/T 50563-2010): columns ``green_m2`` and ``green_ratio``; the plan's targets (39.2 %,
  40.5 %) are of this kind.
* ``"mapped_green"``: green space *mapped* as polygons, as OpenStreetMap maps parks, gardens,
  grass and woods (:func:`shangcheng_geo.datasets.green_space`,
  :func:`~shangcheng_geo.green.green_from_osm`). Street trees, courtyards and roof green are
  not mapped, so the share reads low: it is a proxy, named **已测绘绿地占比** (OSM-mapped
  green space share, not 绿化覆盖率) in its columns (``mapped_green_m2``,
  ``mapped_green_share``), attributes, headers, maps and tables, and never compared with the
  plan's targets as a shortfall.

:func:`~shangcheng_geo.green.green_coverage` takes ``kind='auto'`` (the default): a raster is
canopy; a vector layer is mapped green space when its provenance (``attrs['provenance']``,
or the per-feature ``source`` column) says OpenStreetMap or mapped green space, and canopy
otherwise. ``kind='canopy'`` or ``kind='mapped_green'`` declares a vector layer's kind.

Examples
--------
>>> from shangcheng_geo import datasets
>>> from shangcheng_geo.green import kinds
>>> kinds.layer_kind(datasets.green_space())
'mapped_green'
>>> kinds.MAPPED_GREEN.column, kinds.CANOPY.column
('mapped_green_share', 'green_ratio')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._errors import InputError, warn
from .._provenance import mentions_osm

__all__ = [
    "CANOPY",
    "INDICATIVE",
    "KINDS",
    "MAPPED_GREEN",
    "MAPPED_GREEN_LABEL",
    "GreenIndicator",
    "indicator_of",
    "layer_kind",
    "overall_ratio",
    "resolve",
]

KINDS = ("auto", "canopy", "mapped_green")

MAPPED_GREEN_LABEL = "OSM-mapped green space share (not 绿化覆盖率)"

INDICATIVE = "indicative: mapped green share vs 绿化覆盖率 target; not comparable"


@dataclass(frozen=True)
class GreenIndicator:
    """The names of one kind of green measurement.

    Parameters
    ----------
    kind : str
        ``'canopy'`` or ``'mapped_green'``.
    column : str
        The ratio column (0-1).
    area_column : str
        The green area column (m²).
    name_zh : str
        The Chinese name, for titles, headers and legends.
    name_en : str
        The English name.
    indicator : str
        The name stored in ``attrs['green']['indicator']``.
    comparable : bool
        Whether the plan's 绿化覆盖率 targets can be compared with it.

    Examples
    --------
    >>> from shangcheng_geo.green.kinds import MAPPED_GREEN
    >>> MAPPED_GREEN.name_zh
    '已测绘绿地占比（OSM，非绿化覆盖率）'
    """

    kind: str
    column: str
    area_column: str
    name_zh: str
    name_en: str
    indicator: str
    comparable: bool

    @property
    def label(self) -> str:
        """The bilingual name, Chinese first: what a title, a legend or a bar says."""
        return f"{self.name_zh} {self.name_en}"


CANOPY = GreenIndicator(
    kind="canopy",
    column="green_ratio",
    area_column="green_m2",
    name_zh="绿化覆盖率",
    name_en="Green coverage ratio",
    indicator="绿化覆盖率 (green coverage ratio, GB/T 50563-2010)",
    comparable=True,
)
MAPPED_GREEN = GreenIndicator(
    kind="mapped_green",
    column="mapped_green_share",
    area_column="mapped_green_m2",
    name_zh="已测绘绿地占比（OSM，非绿化覆盖率）",
    name_en="OSM-mapped green space share",
    indicator=MAPPED_GREEN_LABEL,
    comparable=False,
)
_BY_KIND = {CANOPY.kind: CANOPY, MAPPED_GREEN.kind: MAPPED_GREEN}


def _says_mapped(text: Any) -> bool:
    """OpenStreetMap data (the one rule of :func:`~shangcheng_geo._provenance.mentions_osm`),
    or a layer that calls itself mapped green."""
    return mentions_osm(text) or "mapped green" in str(text).lower()


def layer_kind(layer: Any) -> str:
    """The kind of a vector green layer, read from its provenance.

    ``'mapped_green'`` when ``attrs['provenance']`` declares ``green_kind='mapped_green'`` or
    names OpenStreetMap (its ``source``, ``licence`` or ``layer``), or when any feature's
    ``source`` says OpenStreetMap; ``'canopy'`` when the provenance declares
    ``green_kind='canopy'`` or says nothing of the kind.

    Parameters
    ----------
    layer : GeoDataFrame
        Green polygons.

    Returns
    -------
    str
        ``'canopy'`` or ``'mapped_green'``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> from shangcheng_geo.green import kinds
    >>> survey = gpd.GeoDataFrame(geometry=[box(0, 0, 10, 10)], crs=4549)
    >>> kinds.layer_kind(survey), kinds.layer_kind(survey.assign(source="OpenStreetMap"))
    ('canopy', 'mapped_green')
    """
    prov = getattr(layer, "attrs", {}).get("provenance") or {}
    if isinstance(prov, dict):
        declared = prov.get("green_kind")
        if declared in _BY_KIND:
            return str(declared)
        if any(_says_mapped(prov.get(k, "")) for k in ("source", "licence", "layer")):
            return MAPPED_GREEN.kind
    columns = getattr(layer, "columns", ())
    sources = set(layer["source"].dropna().astype(str)) if "source" in columns else set()
    if any(_says_mapped(s) for s in sources):
        return MAPPED_GREEN.kind
    return CANOPY.kind


def indicator_of(result: Any) -> GreenIndicator:
    """The kind of a :func:`~shangcheng_geo.green.green_coverage` result, by its columns.

    Parameters
    ----------
    result : DataFrame
        A ``green_coverage`` result (``green_ratio`` or ``mapped_green_share``).

    Returns
    -------
    GreenIndicator
        :data:`CANOPY` or :data:`MAPPED_GREEN`.

    Examples
    --------
    >>> import pandas as pd
    >>> from shangcheng_geo.green import kinds
    >>> kinds.indicator_of(pd.DataFrame({"mapped_green_share": [0.2]})).name_en
    'OSM-mapped green space share'
    """
    columns = set(getattr(result, "columns", ()))
    for ind in (MAPPED_GREEN, CANOPY):
        if ind.column in columns or ind.area_column in columns:
            return ind
    raise InputError(
        f"result must come from green.green_coverage() (a {CANOPY.column!r} or "
        f"{MAPPED_GREEN.column!r} column); columns: {sorted(map(str, columns))}."
    )


def resolve(kind: str, layer: Any, *, raster: bool) -> GreenIndicator:
    """The indicator a green layer measures, from the declared ``kind`` and its provenance.

    Parameters
    ----------
    kind : {'auto', 'canopy', 'mapped_green'}
        As declared to :func:`~shangcheng_geo.green.green_coverage`.
    layer : GeoDataFrame or raster
        The green data (a vector layer already read).
    raster : bool
        Whether it is a raster (always canopy: land cover or NDVI).

    Returns
    -------
    GreenIndicator
        :data:`CANOPY` or :data:`MAPPED_GREEN`.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> from shangcheng_geo.green import kinds
    >>> kinds.resolve("auto", datasets.green_space(), raster=False).column
    'mapped_green_share'
    """
    if kind not in KINDS:
        raise InputError(
            f"kind must be one of {list(KINDS)}; received {kind!r}. 'canopy': vegetation cover "
            "(绿化覆盖率); 'mapped_green': green space mapped as polygons (OSM)."
        )
    if raster:
        if kind == MAPPED_GREEN.kind:
            raise InputError(
                "kind='mapped_green' is for vector layers of mapped green space; a land-cover "
                "or NDVI raster measures vegetation cover: pass kind='auto' or 'canopy'."
            )
        return CANOPY
    found = layer_kind(layer)
    if kind == "auto":
        return _BY_KIND[found]
    if kind == CANOPY.kind and found == MAPPED_GREEN.kind:
        warn(
            "kind='canopy' was declared for a layer whose provenance says OpenStreetMap: OSM maps "
            "green space, not vegetation cover, so 绿化覆盖率 from it reads low. The result is "
            "labelled 绿化覆盖率 as declared."
        )
    return _BY_KIND[kind]


def overall_ratio(result: Any) -> float:
    """The units' ratio taken together: their green area over the part of their base that the
    data observes (a raster's nodata and a layer's unmapped part left out), NaN where none is.

    Parameters
    ----------
    result : DataFrame
        A :func:`~shangcheng_geo.green.green_coverage` result.

    Returns
    -------
    float
        Between 0 and 1, or NaN when no part of any unit is observed.

    Examples
    --------
    >>> import pandas as pd
    >>> from shangcheng_geo.green import kinds
    >>> r = pd.DataFrame({"green_m2": [30.0, 0.0], "base_m2": [100.0, 100.0],
    ...                   "green_ratio": [0.6, float("nan")], "nodata_share": [0.5, 1.0]})
    >>> kinds.overall_ratio(r)  # 30 m² green over the 50 m² observed
    0.6
    """
    import math

    ind = indicator_of(result)
    base = result["base_m2"].astype(float)
    if "nodata_share" in result.columns:
        base = base * (1.0 - result["nodata_share"].astype(float).fillna(1.0))
    observed = float(base.sum())
    if observed <= 0:
        return math.nan
    return float(result[ind.area_column].astype(float).sum()) / observed
