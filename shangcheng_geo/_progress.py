"""Progress bars on long work: tqdm when installed and ``options.progress`` is on."""

from __future__ import annotations

import os
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
    try:  # a terminal that reports no size (some consoles, a bare pty) still gets a bar:
        size = os.get_terminal_size(sys.stderr.fileno())  # tqdm hides bars below 0 rows
        cols, rows = size.columns or 80, size.lines or 24
    except OSError:
        cols, rows = 80, 24
    bar: Any = tqdm(items, desc=desc, total=n, leave=False, file=sys.stderr, ncols=cols, nrows=rows)
    yield from bar
