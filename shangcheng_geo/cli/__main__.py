"""``python -m shangcheng_geo.cli``: the ``shangcheng-geo`` command."""

from __future__ import annotations

if __name__ == "__main__":
    from ._main import main

    raise SystemExit(main())
