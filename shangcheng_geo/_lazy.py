"""Lazy loading for the package and its subpackages, and the import paths that moved.

Each family of modules is a subpackage (``access/``, ``plan/``, ``green/``, ``maps/``) whose
``__init__`` imports nothing until a name is asked for: :func:`attach` gives it a module
``__getattr__`` that imports a submodule on first use and answers every other name from the
family's main module, so ``from shangcheng_geo.maps import coverage_map`` works as it did when
``maps`` was one file. :func:`alias_modules` keeps the dotted paths of modules that moved into a
family (``import shangcheng_geo.static`` is ``shangcheng_geo.maps.static``): one table, one
import hook that answers only for those names.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import Any

__all__ = ["alias_modules", "attach"]


def attach(
    package: str,
    *,
    main: str | tuple[str, ...],
    submodules: Iterable[str],
    offered: Mapping[str, str] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Module ``__getattr__`` and ``__dir__`` for a lazily loaded family.

    Parameters
    ----------
    package : str
        The subpackage's ``__name__``.
    main : str or tuple of str
        Its main module(s), whose names the subpackage answers (``"interactive"`` for
        ``maps``); with several, the first that has the name answers.
    submodules : iterable of str
        The public submodules, imported on first use.
    offered : mapping of str to str, optional
        What the family offers the other families from its private modules: name -> the
        private module that holds it (``{"Units": "_units"}``). The other families import
        these names from the family (``from ..access import Units``), never its private
        modules; they are not part of ``__all__``.

    Examples
    --------
    >>> import shangcheng_geo.maps as m
    >>> callable(m.coverage_map) and m.static.__name__
    'shangcheng_geo.maps.static'
    """
    mains = (main,) if isinstance(main, str) else tuple(main)
    subs = frozenset(submodules) | set(mains)
    shared = dict(offered or {})

    def __getattr__(name: str) -> Any:
        if name in subs:
            return importlib.import_module(f"{package}.{name}")
        if name in shared:
            return getattr(importlib.import_module(f"{package}.{shared[name]}"), name)
        if name.startswith("__") and name != "__all__":
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        if name == "__all__":
            return [n for m in mains for n in importlib.import_module(f"{package}.{m}").__all__]
        for m in mains:
            module = importlib.import_module(f"{package}.{m}")
            if hasattr(module, name):
                return getattr(module, name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        names = set(subs)
        for m in mains:
            names |= set(getattr(importlib.import_module(f"{package}.{m}"), "__all__", ()))
        return sorted(names)

    return __getattr__, __dir__


class _Aliases(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``old`` dotted names and hands back the module now at the ``new`` name."""

    def __init__(self, aliases: Mapping[str, str]) -> None:
        self.aliases = dict(aliases)
        self._specs: dict[str, Any] = {}

    def find_spec(
        self, fullname: str, path: Any = None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.aliases:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(self.aliases[spec.name])
        self._specs[spec.name] = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # the import system stamps the alias's spec on the module; give it back its own
        own = self._specs.pop(module.__spec__.name, None) if module.__spec__ else None
        if own is not None:
            module.__spec__ = own


def alias_modules(aliases: Mapping[str, str]) -> None:
    """Make each ``old`` dotted module name import the module at ``new`` (idempotent)."""
    for finder in sys.meta_path:
        if isinstance(finder, _Aliases):
            finder.aliases.update(aliases)
            return
    sys.meta_path.append(_Aliases(aliases))
