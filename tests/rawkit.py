"""The raw data kit and the planning documents beside the repository (``../shared``), for the
tests that check the embedded data against them, read independently of the library.

A clone without ``../shared`` skips those checks, saying where it looked; under ``CI=true``
(where ``.ci/run`` runs with the kit beside it) a missing kit fails the test instead, so a
check can never drop out silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def require(path: Path, what: str) -> Path:
    """``path`` if it exists; otherwise skip (or, under CI, fail) naming ``what`` and ``path``."""
    if path.exists():
        return path
    msg = f"{what} not found at {path} (../shared beside the repository)"
    if os.environ.get("CI"):
        pytest.fail("CI must run this check against the raw kit: " + msg)
    pytest.skip(msg)
