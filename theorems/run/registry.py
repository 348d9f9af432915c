"""The registry: every claim module, found by discovery, plus claim modules contributed by other packages.

*Built-in claims.* Every module in a paper folder of :mod:`seqtheory.theorems` (any subpackage but ``core`` and
``exact``; ``test_*`` and ``_*`` modules excluded) is a claim module and exposes ``CLAIMS``, a tuple of
:class:`~seqtheory.theorems.core.claim.Claim`.  A claim's id names its file by :func:`module_for_id`:
``huang2025/thm3.1/one-step-loss`` → ``seqtheory.theorems.huang2025.thm3_1``.

*Other packages.* A distribution adds claims through the entry-point group ``seqtheory.claims``; each entry
point names a module exposing ``CLAIMS`` (``[project.entry-points."seqtheory.claims"] mine = "my_pkg.claims"``).
:func:`register` adds a module by name at run time — the same path the entry-point loader takes.

Modules are imported on first use, never at package import; discovery itself imports no claim module.

*Faults.*  A plugin that cannot be loaded — an import error, no ``CLAIMS``, a malformed claim, an id another module
already uses — is skipped with a :class:`PluginWarning` naming it and the problem, and every other claim stays
usable; :func:`plugin_status` lists each plugin's fate (run reports carry it as ``plugins``).  With
``set_strict_plugins(True)`` (``--strict-plugins``) such a plugin is an error instead.  A fault in a built-in module
is a bug of seqtheory itself and always raises.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable
from importlib import metadata
from typing import TYPE_CHECKING

from seqtheory.theorems.core.paper import Contents, Family

if TYPE_CHECKING:  # the registry itself stays light: listing metadata must not import numpy or sympy
    from seqtheory.theorems.core.claim import Claim

#: The package whose paper folders hold the built-in claim modules.
BUILTIN_PACKAGE = "seqtheory.theorems"
#: Subpackages of :data:`BUILTIN_PACKAGE` that hold machinery, not claims.
MACHINERY = frozenset({"core", "exact", "run"})
#: The entry-point group through which other installed packages contribute claim modules.
ENTRY_POINT_GROUP = "seqtheory.claims"

_registered: list[str] = []
#: ``{plugin module: "" when loaded, else the problem}`` for the plugins tried in this process
_plugin_problems: dict[str, str] = {}
_strict = [False]


class PluginWarning(UserWarning):
    """A claim plugin was skipped because it could not be loaded."""


class PluginError(RuntimeError):
    """A claim plugin could not be loaded and plugins are strict (``--strict-plugins``)."""


def set_strict_plugins(strict: bool) -> None:
    """A plugin that cannot be loaded is an error (True) or a skipped module with a warning (False, the default)."""
    _strict[0] = bool(strict)


def plugin_status() -> list[dict]:
    """``[{"module", "status": "loaded" | "skipped" | "not loaded", "problem"}]`` for every plugin module."""
    out = []
    for name in plugin_modules():
        problem = _plugin_problems.get(name)
        status = "not loaded" if problem is None else "skipped" if problem else "loaded"
        out.append({"module": name, "status": status, "problem": problem or ""})
    return out


def module_for_id(claim_id: str) -> str:
    """The module a built-in claim with this id must live in: the id's first two segments with ``.`` and ``-``
    turned into ``_`` (``wishart/identities/symmetry`` → ``seqtheory.theorems.wishart.identities``)."""
    parts = claim_id.split("/")
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"claim id must have three segments 'paper/result/name', got {claim_id!r}")
    return ".".join([BUILTIN_PACKAGE, *(re.sub(r"[.-]", "_", p) for p in parts[:2])])


def builtin_modules() -> list[str]:
    """Names of the built-in claim modules, sorted (found on disk; none is imported)."""
    names = []
    for folder in paper_folders():
        package = importlib.import_module(f"{BUILTIN_PACKAGE}.{folder}")
        names += [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)
                  if not m.ispkg and not m.name.startswith(("test_", "_")) and m.name != "conftest"]
    return sorted(names)


def paper_folders() -> list[str]:
    """The built-in paper folders (packages of claim modules), sorted."""
    root = importlib.import_module(BUILTIN_PACKAGE)
    return sorted(f.name for f in pkgutil.iter_modules(root.__path__) if f.ispkg and f.name not in MACHINERY)


def contents() -> list[Contents]:
    """Every built-in paper folder's table of contents (its ``__init__.CONTENTS``; light: no claim module is
    imported)."""
    out = []
    for folder in paper_folders():
        toc = getattr(importlib.import_module(f"{BUILTIN_PACKAGE}.{folder}"), "CONTENTS", None)
        if not isinstance(toc, Contents) or toc.folder != folder:
            raise TypeError(f"paper folder {folder} must define CONTENTS, a Contents with folder={folder!r}")
        out.append(toc)
    return out


def family(claim_id: str) -> Family:
    """The notebook and figure of a claim id's file (an empty Family for plugin claims and unknown files)."""
    folder = claim_id.split("/")[0]
    for toc in contents():
        if toc.folder == folder:
            return toc.family(claim_id)
    return Family()


def register(module: str) -> None:
    """Add a claim module by its import name (as the ``seqtheory.claims`` entry points do).  It is imported,
    and must expose ``CLAIMS``, when the claims are first listed or run."""
    if not isinstance(module, str) or not module or not all(p.isidentifier() for p in module.split(".")):
        raise ValueError(f"module must be a dotted import name, got {module!r}")
    if module not in _registered:
        _registered.append(module)


def unregister(module: str) -> None:
    """Remove a module added by :func:`register` (for tests and interactive use)."""
    if module in _registered:
        _registered.remove(module)


def plugin_modules() -> list[str]:
    """Claim modules contributed by other packages: the ``seqtheory.claims`` entry points, then :func:`register`."""
    names = [ep.value.split(":")[0].strip() for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)]
    return list(dict.fromkeys(names + _registered))


def _claims_of(name: str) -> tuple[Claim, ...]:
    from seqtheory.theorems.core.claim import Claim

    module = importlib.import_module(name)
    claims = getattr(module, "CLAIMS", None)
    if not isinstance(claims, tuple) or not all(isinstance(c, Claim) for c in claims):
        raise TypeError(f"claim module {name} must expose CLAIMS, a tuple of Claim objects")
    return claims


def claims_by_module(modules: Iterable[str] | None = None, taken: dict[str, str] | None = None
                     ) -> dict[str, tuple[Claim, ...]]:
    """``{module name: its CLAIMS}`` for the given modules (default: built-in, then plugins), importing them.  A
    plugin module that fails to load, or reuses an id of an earlier module, is skipped with a
    :class:`PluginWarning` (an error in strict mode); built-in modules always raise.  Duplicate ids among built-in
    modules raise RuntimeError.  ``taken`` maps ids already in use (e.g. the shipped built-in index) to their
    modules."""
    import warnings

    names = list(modules) if modules is not None else builtin_modules() + plugin_modules()
    out: dict[str, tuple[Claim, ...]] = {}
    owner: dict[str, str] = dict(taken or {})
    for name in names:
        builtin = name.startswith(BUILTIN_PACKAGE + ".")
        try:
            claims = _claims_of(name)
            taken = sorted({c.id for c in claims} & set(owner))
            if taken:
                raise RuntimeError(f"duplicate claim ids {taken} (already defined by "
                                   f"{', '.join(sorted({owner[i] for i in taken}))})")
        except Exception as exc:
            if builtin:
                raise
            _plugin_problems[name] = f"{type(exc).__name__}: {exc}"
            if _strict[0]:
                raise PluginError(f"claim plugin {name} cannot be loaded: {_plugin_problems[name]} (drop "
                                  "--strict-plugins to skip it and run the other claims)") from exc
            warnings.warn(f"claim plugin {name} skipped: {_plugin_problems[name]}", PluginWarning, stacklevel=2)
            continue
        if not builtin:
            _plugin_problems[name] = ""
        owner.update({c.id: name for c in claims})
        out[name] = claims
    return out


def all_claims() -> list[Claim]:
    """Every registered claim (built-in in module order, then the plugins that load)."""
    return [c for group in claims_by_module().values() for c in group]


def _id(item) -> str:
    return item["id"] if isinstance(item, dict) else item.id


def select_from(items: list, ids: list[str] | None = None) -> list:
    """Items (claims, or index entries with an ``"id"``) chosen by ``ids`` (all when empty), in the order asked for.

    A wanted id that is a whole claim id selects that claim alone (``planted/trace/mean`` does not also select
    ``planted/trace/mean-weak-z``); ``ID$`` asks for exactly ``ID`` and nothing else; any other text selects every
    id it prefixes (``huang2025/thm3.1``).  An empty id, or one that matches nothing, raises ValueError — the latter
    naming the closest known ids.  A single string is one id (not its characters)."""
    if isinstance(ids, str):
        ids = [ids]
    if ids is not None and not isinstance(ids, list | tuple):
        from seqtheory.simulate.validate import ArgumentTypeError

        raise ArgumentTypeError(f"ids must be a list of claim ids, an id, or None (every claim), got "
                                f"{type(ids).__name__}")
    if not ids:
        return list(items)
    known = [_id(c) for c in items]
    chosen: list = []
    for wanted in ids:
        if not isinstance(wanted, str) or not wanted.strip("$").strip():
            raise ValueError(f"claim id must be non-empty text (an id, an id prefix or ID$), got {wanted!r}")
        exact = wanted.endswith("$") or wanted in known
        key = wanted.rstrip("$")
        hits = [c for c in items if (_id(c) == key if exact else _id(c).startswith(key))]
        if not hits:
            raise ValueError(f"unknown claim id {wanted!r}{_suggest(key, known)}")
        chosen.extend(h for h in hits if h not in chosen)
    return chosen


def _suggest(wanted: str, known: list[str]) -> str:
    """"; did you mean …" with the closest known ids (difflib), or the count of ids `seqtheory list` shows."""
    import difflib

    close = difflib.get_close_matches(wanted, known, n=5, cutoff=0.6)
    folder = wanted.split("/")[0]
    if not close:
        close = [k for k in known if k.split("/")[0] == folder][:5]
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return f"{hint} (`seqtheory list` shows all {len(known)} ids)"


def select(ids: list[str] | None = None) -> list[Claim]:
    """Registered claims chosen by ``ids`` (all when empty; see :func:`select_from`)."""
    return select_from(all_claims(), ids)


def claim_by_id(claim_id: str, module: str | None = None) -> Claim:
    """The registered claim with exactly this id (from ``module`` when given: a worker process that has not seen
    a runtime :func:`register` call still finds it); ValueError if there is none."""
    pool = _claims_of(module) if module is not None else all_claims()
    for claim in pool:
        if claim.id == claim_id:
            return claim
    raise ValueError(f"unknown claim id {claim_id!r}")


def modules_of(claims: Iterable[Claim]) -> dict[str, str] | None:
    """``{claim id: the module whose CLAIMS holds it}`` for registered claims (one pass over the registry), or
    None when one of them is not registered."""
    owner = {id(c): name for name, group in claims_by_module().items() for c in group}
    try:
        return {c.id: owner[id(c)] for c in claims}
    except KeyError:
        return None


def module_of(claim: Claim) -> str:
    """The module whose CLAIMS holds ``claim``."""
    found = modules_of([claim])
    if found is None:
        raise ValueError(f"claim {claim.id!r} is not registered")
    return found[claim.id]
