"""Counterexamples recorded by ``seqtheory falsify --record [PATH]``: a JSON list of
``{"id", "params", "seed", "evidence", "inside_stated_domain"}``.

seqtheory ships its own list, ``theorems/findings.json`` (:func:`path`), and ``theorems/test_registry_claims.py``
checks that every point in it still fails, so a discovered boundary stays a regression test; maintainers record
into it with ``--record theorems/findings.json`` from a source checkout.  Everyone else records into a file of their
own (default ``./findings.json``): ``--record`` never writes into an installed copy of seqtheory, whose files belong
to the installation (and whose tests would start failing once a plugin's claims are gone)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

#: Where ``--record`` writes when no path is given: the current folder.
DEFAULT = "findings.json"


def path() -> Path:
    """seqtheory's own shipped findings (read by its tests)."""
    return Path(str(resources.files("seqtheory.theorems").joinpath("findings.json")))


def load(where: Path | None = None) -> list[dict]:
    p = where or path()
    return json.loads(p.read_text("utf-8")) if p.exists() else []


def _inside_installed_package(target: Path) -> bool:
    """True when ``target`` lies inside an installed (non-checkout) seqtheory package."""
    from seqtheory import provenance

    root = Path(provenance.__file__).resolve().parent.parent
    try:
        target.resolve().relative_to(root)
    except ValueError:
        return False
    return provenance.source()["kind"] != "git"


def record(claim_id: str, params: dict, seed: int, evidence: str, inside: bool, where: Path | None = None) -> bool:
    """Append a counterexample to ``where`` (default :func:`path`) unless the same (id, params) is recorded there;
    True when written.  A ValueError names the file when it cannot be written or lies in an installed seqtheory."""
    target = where or path()
    if _inside_installed_package(target):
        raise ValueError(f"--record: {target} is inside the installed seqtheory package; record into a file of your "
                         f"own (--record PATH, default ./{DEFAULT})")
    entries = load(target)
    if any(e["id"] == claim_id and e["params"] == params for e in entries):
        return False
    entries.append({"id": claim_id, "params": params, "seed": seed, "evidence": evidence,
                    "inside_stated_domain": inside})
    try:
        target.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"--record: cannot write {target} ({exc.strerror or exc})") from None
    return True
