"""The rules from POI classes to life-circle categories: the packaged, cited table
(``poi_categories.csv``), the caller's ``mapping=``, and their matching against each POI's
Amap type code, type or tag text, OSM tags and name -- in order, first match wins."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._errors import InputError, warn
from .standards import CATEGORIES

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FILE_CATEGORY",
    "NAME_COLUMNS",
    "TYPECODE_COLUMNS",
    "TYPE_COLUMNS",
    "Rule",
    "categorise",
    "column",
    "column_text",
    "mapping_table",
    "table_rules",
    "user_rules",
]

#: one rule: (source, key, category or None, where it comes from)
Rule = tuple[str, str, str | None, str]
#: the rule that keeps a file's own ``category`` where it holds the standard's ids
FILE_CATEGORY = "file category"

NAME_COLUMNS = ("name", "名称", "poi_name", "poiname", "title", "名字")
TYPE_COLUMNS = ("type", "类型", "poi_type", "tag", "标签", "分类")
TYPECODE_COLUMNS = ("typecode", "type_code", "类型编码", "分类编码", "new_type")
_SPLIT_TYPE = ("大类", "中类", "小类")
_OSM_KEYS = ("amenity", "leisure", "shop", "healthcare", "social_facility")
_SOURCES = ("name", "amap_typecode", "amap_type", "baidu_tag", "osm_tag")


def mapping_table() -> pd.DataFrame:
    """The packaged rules from POI classes to life-circle categories, in order.

    Returns
    -------
    DataFrame
        ``source`` (``name``, ``amap_typecode``, ``amap_type``, ``baidu_tag``,
        ``osm_tag``), ``key`` (a type code, an ``osm_key=value`` tag, or a regular
        expression searched in the type text or the name), ``category``, ``note`` and
        ``citation``. Extend it and pass it back as ``read_pois(..., mapping=table)``.

    Examples
    --------
    >>> from shangcheng_geo.lifecircle import pois
    >>> t = pois.mapping_table()
    >>> t.loc[t["key"] == "141204", "category"].tolist()
    ['kindergarten']
    """
    import importlib.resources

    import pandas as pd

    with (
        importlib.resources.files(__package__)
        .joinpath("poi_categories.csv")
        .open(encoding="utf-8") as f
    ):
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def _check_category(cat: Any, where: str) -> str | None:
    if cat is None or (isinstance(cat, float) and cat != cat) or cat == "":
        return None
    if cat not in CATEGORIES:
        raise InputError(
            f"{where}: category {cat!r} is not one of {sorted(CATEGORIES)} (or None to leave "
            "those POIs unmapped). For a category of your own, set gdf['category'] after "
            "reading."
        )
    return str(cat)


def table_rules(table: Any, origin: str) -> list[Rule]:
    """The rules of a table shaped like :func:`mapping_table`, checked."""
    missing = {"source", "key", "category"} - set(table.columns)
    if missing:
        raise InputError(
            f"mapping needs the columns source, key and category; {sorted(missing)} missing "
            f"from {list(table.columns)}."
        )
    out = []
    for i, row in enumerate(table.itertuples(index=False)):
        source, key = str(row.source).strip(), str(row.key).strip()
        if source not in _SOURCES or not key:
            raise InputError(
                f"{origin} mapping row {i}: source must be one of {list(_SOURCES)} with a key; "
                f"received source={row.source!r}, key={row.key!r}."
            )
        if source in ("name", "amap_type", "baidu_tag"):
            try:
                re.compile(key)
            except re.error as exc:
                raise InputError(f"{origin} mapping row {i}: bad pattern {key!r}: {exc}") from None
        cat = _check_category(row.category, f"{origin} mapping row {i}")
        out.append((source, _code(key) if source == "amap_typecode" else key, cat, origin))
    return out


def user_rules(mapping: Any) -> list[Rule]:
    """The caller's ``mapping=`` (a dict or a table) as rules."""
    import pandas as pd

    if mapping is None:
        return []
    if isinstance(mapping, pd.DataFrame):
        return table_rules(mapping, "the caller's")
    if not isinstance(mapping, Mapping):
        raise InputError(
            f"mapping must be a dict or a DataFrame like mapping_table(); received "
            f"{type(mapping).__name__}."
        )
    out = []
    for key, cat in mapping.items():
        k = str(key).strip()
        c = _check_category(cat, f"mapping[{key!r}]")
        if re.fullmatch(r"\d{5,6}", k):
            out.append(("amap_typecode", _code(k), c, "the caller's"))
        elif re.fullmatch(r"[a-z_:]+=[^=]+", k):
            out.append(("osm_tag", k, c, "the caller's"))
        else:
            out.append(("amap_type", re.escape(k), c, "the caller's"))
    return out


def _code(text: str) -> str:
    """An Amap type code as six digits (Excel drops the leading zero of 090102)."""
    return text.zfill(6) if text.isdigit() else text


def column(df: Any, names: tuple[str, ...]) -> str | None:
    """The first of ``names`` among the columns (any case), or None."""
    lower = {str(c).strip().lower(): c for c in df.columns}
    return next((lower[n] for n in names if n in lower), None)


def column_text(df: Any, col: Any) -> Any:
    """A column as stripped text ('' for missing; all '' when ``col`` is None)."""
    import pandas as pd

    if col is None:
        return pd.Series("", index=df.index, dtype=object)
    return df[col].fillna("").astype(str).str.strip()


def _fields(layer: Any) -> dict[str, Any]:
    """The text each rule source reads, per row."""
    type_col = column(layer, TYPE_COLUMNS)
    if type_col is not None:
        types = column_text(layer, type_col)
    else:
        parts = [column_text(layer, c) for c in _SPLIT_TYPE if c in layer.columns]
        types = parts[0].str.cat(parts[1:], sep=";") if parts else column_text(layer, None)
    codes = column_text(layer, column(layer, TYPECODE_COLUMNS)).map(
        lambda s: {_code(c.strip().removesuffix(".0")) for c in s.split("|") if c.strip()}
    )
    tags: list[set[str]] = [set() for _ in range(len(layer))]
    for k in (k for k in _OSM_KEYS if k in layer.columns):
        for i, v in enumerate(layer[k]):
            if isinstance(v, str) and v.strip():
                tags[i].add(f"{k}={v.strip()}")
    return {"name": column_text(layer, "name"), "type": types, "codes": codes, "tags": tags}


def categorise(layer: Any, rules: list[Rule]) -> Any:
    """A copy with ``category`` and ``mapping_rule`` by the first rule that matches each row;
    the unmapped counted in one warning."""
    import numpy as np
    import pandas as pd

    f = _fields(layer)
    n = len(layer)
    cats: list[Any] = [None] * n
    hits: list[Any] = [None] * n
    todo = np.ones(n, bool)
    own = column_text(layer, "source_category" if "source_category" in layer else None)
    for source, key, cat, origin in rules:
        if not todo.any():
            break
        if source == FILE_CATEGORY:  # the file's own category ids, where it has them
            for i in np.flatnonzero((own.isin(list(CATEGORIES)) & todo).to_numpy()):
                cats[i], hits[i], todo[i] = own.iloc[i], "the file's category", False
            continue
        if source == "amap_typecode":
            mask = np.array([key in s for s in f["codes"]], bool)
        elif source == "osm_tag":
            mask = np.array([key in s for s in f["tags"]], bool)
        else:
            text = f["name"] if source == "name" else f["type"]
            mask = text.str.contains(key, regex=True).to_numpy(bool)
        for i in np.flatnonzero(mask & todo):
            cats[i], hits[i], todo[i] = cat, f"{source} {key} ({origin})", False
    out = layer.copy()
    out["category"] = pd.Series(cats, index=out.index, dtype=object)
    out["mapping_rule"] = pd.Series(hits, index=out.index, dtype=object)
    unmapped = out["category"].isna()
    if unmapped.any():
        label = f["type"].where(f["type"] != "", f["name"])[unmapped.to_numpy()]
        top = label.replace("", "(no type or name)").value_counts().head(5)
        warn(
            f"{int(unmapped.sum())} of {n} POIs map to no life-circle category (kept with "
            f"category=None); the most common: "
            f"{', '.join(f'{k!r} ({v})' for k, v in top.items())}. Pass mapping={{...}} "
            "to map them."
        )
    return out
