"""The district's plan structure as layers: the riverfront axis, cores, stars and areas.

Two plan versions are built in:

* ``"14th"`` -- the 14th Five-Year Plan (2021-2025): 一轴引领、双核驱动、五星辉映
  (one axis, two cores, five stars);
* ``"15th-proposal"`` -- the 15th-plan proposal (2026-2030): 三核 (大湖滨, 钱江新城, 钱塘智慧城)
  and five areas (钱江新城二期, 望江新城, 南宋皇城, 环机场, 丁兰皋亭).

**The axis is derived, not drawn.** :func:`riverfront_axis` is the part of Shangcheng's
boundary shared with Binjiang (330108) and Xiaoshan (330109) -- the Qiantang's mid-line --
about 18.9 km in EPSG:4549, the plan's "19公里钱塘江黄金岸线". :func:`north_bank` is the
district's land edge against the water layer (GSHHG, banks accurate to tens to a few hundred
metres), and :func:`riverfront_corridor` the land within ``width_m`` of that bank.

**Zones are indicative, never official.** No official polygon of any core, star or area is
open. :func:`structure` builds each zone reproducibly by one rule: the union of circles of
``radius_m`` (default 1,000 m) around the element's anchor points -- the embedded ``places``
anchors that name the element, plus the stations the plan names for a hub -- clipped to the
district's land. Each zone carries ``status = "indicative"``, the ``method``, the anchors used,
and the lowest ``confidence`` of its anchors. An element with no open anchor (环机场) stays in
the layer with an empty geometry and ``confidence = "unlocated"``. Planners who hold the
official drawings load them with :func:`shangcheng_geo.zones.load_zones` and make a
:class:`PlanVersion` of them (:func:`version_from_zones`); every function that takes a version
takes that object too. Nothing is registered process-wide: two analyses in one session cannot
see each other's versions.

Examples
--------
>>> from shangcheng_geo import plan
>>> axis = plan.riverfront_axis()
>>> round(float(axis["length_m"].iloc[0]) / 1000, 1)
18.9
>>> zones = plan.structure("14th")
>>> zones["element_type"].value_counts().to_dict()
{'star': 5, 'core': 2, 'axis': 1}
>>> bool((zones["status"] == "indicative").all())
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._errors import InputError, renamed
from .._geom import QUAD_SEGS
from .._provenance import OSM_ATTRIBUTION, OSM_LICENCE, provenance
from .._validate import positive_metres
from . import _plan_data
from ._ground import analysis_crs_key, corridor_metric, geometries
from .riverfront import north_bank, riverfront_axis, riverfront_corridor

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "PlanVersion",
    "compare_versions",
    "elements",
    "north_bank",
    "riverfront_axis",
    "riverfront_corridor",
    "structure",
    "structure_metric",
    "version",
    "version_from_zones",
    "versions",
]

_CONFIDENCE_ORDER = ["unlocated", "unchecked", "low", "medium", "high"]


@dataclass(frozen=True, eq=False)
class PlanVersion:
    """A plan version: built in (zones drawn from open anchors) or the user's own zones.

    Parameters
    ----------
    name : str
        The version's name, e.g. ``"14th"`` or ``"official-2026"``.
    title_zh, title_en : str, optional
        Titles for tables and legends.
    zones : GeoDataFrame, optional
        Validated zones (:func:`shangcheng_geo.zones.validate_zones`); None for a built-in
        version, whose zones :func:`structure` draws.

    Examples
    --------
    >>> from shangcheng_geo import plan
    >>> v = plan.version("14th")
    >>> v.name, v.builtin
    ('14th', True)
    """

    name: str
    title_zh: str | None = None
    title_en: str | None = None
    zones: Any = None

    @property
    def builtin(self) -> bool:
        """Whether this is one of the library's versions (zones drawn from anchors)."""
        return self.zones is None


def version(name: str | PlanVersion) -> PlanVersion:
    """A plan version by name (built in), or the version object given.

    Parameters
    ----------
    name : str or PlanVersion
        ``"14th"``, ``"15th-proposal"``, or a :class:`PlanVersion`.

    Returns
    -------
    PlanVersion
        The version.

    Examples
    --------
    >>> from shangcheng_geo import plan
    >>> plan.version("15th-proposal").title_en is not None
    True
    """
    return _as_version(name)


def _as_version(name: Any) -> PlanVersion:
    if isinstance(name, PlanVersion):
        return name
    if not isinstance(name, str) or name not in _plan_data.VERSIONS:
        raise InputError(
            f"unknown plan version {name!r}; built in: {list(_plan_data.VERSIONS)}. For your "
            "own zones pass plan.version_from_zones('name', zones.load_zones(path, ...))."
        )
    meta = _plan_data.VERSIONS[name]
    return PlanVersion(name, title_zh=meta.get("title_zh"), title_en=meta.get("title_en"))


def version_from_zones(
    name: str, zones: gpd.GeoDataFrame, *, title: str | None = None
) -> PlanVersion:
    """Make a plan version of the user's zones (e.g. the official drawings).

    Parameters
    ----------
    name : str
        The version's name; not a built-in one.
    zones : GeoDataFrame
        Zones as :func:`shangcheng_geo.zones.load_zones` returns them (validated again here).
    title : str, optional
        A title for tables and legends.

    Returns
    -------
    PlanVersion
        Pass it wherever a version is taken: :func:`structure`, :func:`elements`,
        :func:`compare_versions`, :func:`shangcheng_geo.maps.plan_map`.

    Examples
    --------
    >>> from shangcheng_geo import plan, zones
    >>> mine = zones.validate_zones(plan.structure("14th").iloc[[1]])
    >>> v = plan.version_from_zones("one-zone", mine, title="test")
    >>> len(plan.structure(v)), plan.structure(v)["version"].iloc[0]
    (1, 'one-zone')
    """
    from .zones import validate_zones

    if not isinstance(name, str) or not name.strip():
        raise InputError(f"a plan version needs a non-empty name; received {name!r}.")
    if name in _plan_data.VERSIONS:
        raise InputError(
            f"{name!r} is a built-in plan version and cannot be replaced; choose another name, "
            "e.g. 'official-2026'."
        )
    checked = validate_zones(zones).assign(version=name)
    return PlanVersion(name, title_zh=title, title_en=title, zones=checked)


def versions() -> pd.DataFrame:
    """The built-in plan versions.

    Returns
    -------
    DataFrame
        Indexed by version name, with its titles.

    Examples
    --------
    >>> from shangcheng_geo import plan
    >>> plan.versions().index.tolist()[:2]
    ['14th', '15th-proposal']
    """
    import pandas as pd

    rows = [{"version": k, "builtin": True, **v} for k, v in _plan_data.VERSIONS.items()]
    return pd.DataFrame(rows).set_index("version")


def elements(version: str | PlanVersion = "14th") -> pd.DataFrame:
    """The plan's elements with their names, roles and citations (no geometry).

    Parameters
    ----------
    version : str or PlanVersion, default '14th'
        A plan version (see :func:`version`).

    Returns
    -------
    DataFrame
        One row per element: ``element_id``, ``element_type``, names, citation.

    Examples
    --------
    >>> from shangcheng_geo import plan
    >>> e = plan.elements("15th-proposal")
    >>> sorted(e.loc[e.element_type == "core", "name_zh"])
    ['大湖滨', '钱塘智慧城', '钱江新城']
    """
    import pandas as pd

    v = _as_version(version)
    if not v.builtin:
        return pd.DataFrame(v.zones.drop(columns=v.zones.geometry.name))
    version = v.name
    cols = ["element_id", "version", "element_type", "concept", "name_zh", "name_en"]
    cols += ["role_zh", "citation"]
    rows = [{c: e.get(c) for c in cols} for e in _plan_data.ELEMENTS if e["version"] == version]
    return pd.DataFrame(rows, columns=cols)


def _anchor_pool(crs: str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The places and stations that anchor zones, each projected once."""
    from .. import datasets

    keep = ["name_zh", "confidence", "source", "licence", "geometry"]
    stations = datasets.stations()[keep]
    return datasets.in_analysis_crs("places"), stations.to_crs(crs)  # crs: the analysis CRS


def _anchors(
    version: str, element: dict[str, Any], pool: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]
) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pandas as pd

    places, st = pool
    column = "plan_element" if version == "14th" else "plan_element_15th"
    named = places["name_zh"].isin(element.get("places", []))
    picked = places[(places[column] == element["element_id"]) | named]
    parts = [picked[["name_zh", "confidence", "source", "licence", "geometry"]]]
    if element.get("stations"):
        parts.append(st[st["name_zh"].isin(element["stations"])])
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=places.crs)


def _lowest(confidences: list[str]) -> str:
    return min(confidences, key=_CONFIDENCE_ORDER.index) if confidences else "unlocated"


def structure(
    version: str | PlanVersion = "14th",
    *,
    anchor_radius_m: float = 1000,
    width_m: float = 1000,
    corridor_width_m: float | None = None,
) -> gpd.GeoDataFrame:
    """The plan's elements as (indicative) zones, one polygon per element.

    Parameters
    ----------
    version : str or PlanVersion, default "14th"
        ``"14th"``, ``"15th-proposal"`` or a version made with :func:`version_from_zones`.
    anchor_radius_m : float, default 1000
        Radius of the circle drawn around each anchor point (built-in versions) -- not a
        station catchment radius.
    width_m : float, default 1000
        Depth of the riverfront corridor that stands for the axis element (the ``width_m``
        of :func:`riverfront_corridor`).
    corridor_width_m : float, optional
        Deprecated: the old name of ``width_m`` (warns).

    Returns
    -------
    GeoDataFrame (EPSG:4326)
        ``element_id``, ``version``, ``element_type`` (axis/core/star/area), ``concept``,
        ``name_zh``, ``name_en``, ``role_zh``, ``citation``, ``status`` ("indicative" or the
        user's), ``method``, ``anchors``, ``n_anchors``, ``source``, ``licence``,
        ``confidence``, ``area_m2``, geometry. Unlocated elements have an empty polygon.

    Examples
    --------
    >>> from shangcheng_geo import plan
    >>> z = plan.structure("15th-proposal")
    >>> z.set_index("element_id").loc["area15:around_airport", "confidence"]
    'unlocated'
    """
    width = renamed("corridor_width_m", "width_m", corridor_width_m, width_m, 1000)
    v = _as_version(version)
    if not v.builtin:
        zones: gpd.GeoDataFrame = v.zones.copy()
        return zones
    metric = structure_metric(v, anchor_radius_m=anchor_radius_m, width_m=width).to_crs("EPSG:4326")
    metric.attrs["provenance"] = _zones_provenance(v.name)
    return metric


def structure_metric(
    version: str | PlanVersion = "14th",
    *,
    anchor_radius_m: float = 1000,
    width_m: float = 1000,
    corridor_width_m: float | None = None,
) -> gpd.GeoDataFrame:
    """The plan's zones as :func:`structure` draws them, in the analysis CRS.

    The zones are drawn in the analysis CRS (``options.analysis_crs``, EPSG:4549 by default);
    this is that layer before it is turned to EPSG:4326, for measuring or mapping in metres
    without a round trip through degrees.

    Parameters
    ----------
    version : str or PlanVersion, default "14th"
        As in :func:`structure`.
    anchor_radius_m, width_m : float, default 1000
        As in :func:`structure`.
    corridor_width_m : float, optional
        Deprecated: the old name of ``width_m`` (warns).

    Returns
    -------
    GeoDataFrame
        The columns of :func:`structure`, in the analysis CRS.

    Examples
    --------
    >>> from shangcheng_geo import plan
    >>> z = plan.structure_metric("14th")
    >>> z.crs.to_epsg(), len(z)
    (4549, 8)
    >>> bool(abs(z.area - z["area_m2"]).max() < 1e-6)  # areas measured in metres
    True
    """
    import geopandas as gpd
    import shapely

    from ..crs import to_analysis_crs

    width = renamed("corridor_width_m", "width_m", corridor_width_m, width_m, 1000)
    v = _as_version(version)
    if not v.builtin:
        return to_analysis_crs(v.zones, "zones")
    version = v.name
    radius = positive_metres(anchor_radius_m, "anchor_radius_m")
    crs = analysis_crs_key()
    land = geometries(crs)["land"]
    corridor = corridor_metric(width)
    pool = _anchor_pool(crs)
    rows = []
    for element in _plan_data.ELEMENTS:
        if element["version"] != version:
            continue
        row = {k: element.get(k) for k in ("element_id", "version", "element_type", "concept")}
        row |= {k: element.get(k) for k in ("name_zh", "name_en", "role_zh", "citation")}
        row["includes"] = ";".join(map(str, element.get("includes", [])))  # type: ignore[call-overload]
        row["note"] = str(element.get("note", ""))
        row["status"] = "indicative"
        if element["element_type"] == "axis":
            geom = corridor.geometry.iloc[0]
            row |= {
                "method": f"riverfront corridor: district land within {width:g} m "
                "of the north bank",
                "anchors": "north bank (GSHHG)",
                "n_anchors": 0,
                "source": corridor["source"].iloc[0],
                "licence": corridor["licence"].iloc[0],
                "confidence": "medium",
            }
        else:
            anchors = _anchors(version, element, pool)
            outside = ~anchors.within(geometries(crs)["district"])
            if outside.any():  # a circle around it would leave a detached piece
                gone = ", ".join(anchors.loc[outside, "name_zh"])
                parts = [str(row["note"]), f"anchor outside the district not used: {gone}"]
                row["note"] = "; ".join(p for p in parts if p)
                anchors = anchors[~outside]
            if len(anchors):
                circles = anchors.buffer(radius, quad_segs=QUAD_SEGS).union_all()
                geom = shapely.make_valid(circles.intersection(land))
                method = f"union of {radius:g} m circles around the anchors, clipped to land"
            else:
                geom = shapely.Polygon()
                method = "no open anchor point: unlocated"
            row |= {
                "method": method,
                "anchors": ";".join(anchors["name_zh"]),
                "n_anchors": len(anchors),
                "source": "; ".join(dict.fromkeys(anchors["source"])) or "none",
                "licence": "; ".join(dict.fromkeys(anchors["licence"])) or "none",
                "confidence": _lowest(list(anchors["confidence"])),
            }
        row["area_m2"] = float(geom.area)
        row["geometry"] = geom
        rows.append(row)
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs)
    out.attrs["provenance"] = _zones_provenance(version)
    return out


def _zones_provenance(version: str) -> dict[str, Any]:
    return provenance(
        f"plan:{version}",
        source="indicative zones from open anchor points (OSM, Wikipedia, GeoNames)",
        licence=f"{OSM_LICENCE}, {OSM_ATTRIBUTION}",
        attribution=f"{OSM_ATTRIBUTION}; indicative zones, not official",
        status="indicative",
    )


def _concepts(z: Any, other: Any) -> Any:
    """Each zone's concept: its own; else (drawings loaded from a file carry ids and names
    only) the concept of the other version's element with the same ``element_id``, or whose
    concept is that id, or with the same ``name_zh``; else its own ``element_id``."""
    import pandas as pd

    def column(frame: Any, name: str) -> Any:
        if name not in frame:
            return pd.Series(None, index=frame.index, dtype=object)
        return frame[name].astype(object).where(frame[name].notna(), None)

    ids = column(z, "element_id").astype(str).str.strip()
    theirs = column(other, "concept")
    known = theirs.notna()
    found = column(z, "concept")
    for key, mine in (("element_id", ids), ("concept", ids), ("name_zh", column(z, "name_zh"))):
        keys = column(other, key)[known].astype(str).str.strip()
        lookup = dict(zip(keys, theirs[known], strict=True))
        found = found.where(found.notna(), mine.astype(str).str.strip().map(lookup))
    return found.where(found.notna(), ids)


def compare_versions(
    a: str | PlanVersion = "14th", b: str | PlanVersion = "15th-proposal", **kwargs: Any
) -> pd.DataFrame:
    """Compare two plan versions element by element.

    Elements are matched by ``concept`` (the same place in both plans, e.g. 钱塘智慧城 is a
    star in the 14th plan and a core in the 15th proposal); a zone without one (drawings
    loaded from a file carry ids and names only) takes the concept of the other version's
    element with its ``element_id`` (or whose concept is that id), else with its ``name_zh``,
    else stands alone under its id. Elements are also matched by an element that the plan
    says includes it (``match``): the 14th plan's 钱江新城 core includes 钱江新城二期, so the
    15th proposal's 二期 area is not new. For each concept: which version has it (``both``,
    ``only_a``, ``only_b``), the element ids and types, the zone areas, the
    overlap and the intersection over union.

    Parameters
    ----------
    a, b : str or PlanVersion
        Plan versions.
    **kwargs
        Passed to :func:`structure` for both versions.

    Returns
    -------
    DataFrame
        One row per concept.

    Examples
    --------
    >>> from shangcheng_geo import plan
    >>> c = plan.compare_versions("14th", "15th-proposal").set_index("concept")
    >>> c.loc["qiantang_smart_city", ["type_a", "type_b"]].tolist()
    ['star', 'core']
    >>> c.loc["around_airport", "presence"]
    'only_b'
    >>> c.loc["qianjiang_new_city_phase2", ["presence", "element_a"]].tolist()
    ['both', 'core:qianjiang_new_city']
    """
    import pandas as pd

    crs = analysis_crs_key()
    za = structure(a, **kwargs).to_crs(crs)
    zb = structure(b, **kwargs).to_crs(crs)
    za, zb = za.assign(concept=_concepts(za, zb)), zb.assign(concept=_concepts(zb, za))
    concepts = list(dict.fromkeys(list(za["concept"]) + list(zb["concept"])))

    def holding(z: Any, concept: str) -> tuple[Any, bool]:
        """Elements of a version for a concept: its own, else one that includes it."""
        own = z[z["concept"] == concept]
        if len(own) or "includes" not in z:
            return own, False
        within = z[z["includes"].fillna("").str.split(";").map(lambda v: concept in v)]
        return within, bool(len(within))

    rows = []
    for concept in concepts:
        ra, in_a = holding(za, concept)
        rb, in_b = holding(zb, concept)
        ga = ra.geometry.union_all() if len(ra) else None
        gb = rb.geometry.union_all() if len(rb) else None
        presence = "both" if len(ra) and len(rb) else ("only_a" if len(ra) else "only_b")
        area_a = float(ga.area) if ga is not None else float("nan")
        area_b = float(gb.area) if gb is not None else float("nan")
        if ga is not None and gb is not None and not ga.is_empty and not gb.is_empty:
            overlap = float(ga.intersection(gb).area)
            union = float(ga.union(gb).area)
            iou = overlap / union if union > 0 else float("nan")
        else:
            overlap, iou = float("nan"), float("nan")
        rows.append(
            {
                "concept": concept,
                "presence": presence,
                "element_a": ";".join(ra["element_id"]) or None,
                "element_b": ";".join(rb["element_id"]) or None,
                "type_a": ";".join(ra["element_type"])
                if "element_type" in ra and len(ra)
                else None,
                "type_b": ";".join(rb["element_type"])
                if "element_type" in rb and len(rb)
                else None,
                "name_a": ";".join(ra["name_zh"]) or None,
                "name_b": ";".join(rb["name_zh"]) or None,
                "match": "included in a larger element" if in_a or in_b else "same concept",
                "area_a_m2": area_a,
                "area_b_m2": area_b,
                "overlap_m2": overlap,
                "iou": iou,
            }
        )
    return pd.DataFrame(rows)
