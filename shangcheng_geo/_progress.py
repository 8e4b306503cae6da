"""Progress bars on long work: tqdm when installed and ``options.progress`` is on."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


def progress(
    items: Iterable[T], *, desc: str, total: int | None = None, min_items: int = 20
) -> Iterator[T]:
    """Wrap ``items`` in a tqdm bar on stderr for long loops; otherwise pass them through."""
    from ._options import options

    n = total if total is not None else (len(items) if hasattr(items, "__len__") else None)  # type: ignore[arg-type]
    if not options.progress or (n is not None and n < min_items) or not sys.stderr.isatty():
        yield from items
        return
    try:
        from tqdm import tqdm
    except ImportError:
        yield from items
        return
    bar: Any = tqdm(items, desc=desc, total=n, leave=False, file=sys.stderr)
    yield from bar
