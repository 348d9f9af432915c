"""Task runner for contributors (``pip install -e ".[dev]"``, then ``nox -s NAME``; ``nox -l`` lists the sessions).

Every command that rewrites a stored file lives here, so "regenerate after an intended change" is one command:
``nox -s regenerate`` rewrites the claims index and the README's generated tables, the claim pages, the pinned
values (``theorems/test_pinned_values/``) and the figure baselines (``tests/test_figure_baselines/``); review the
diff before committing.  Sessions reuse the current environment (``python=False``): the project installs once.
"""

import nox

nox.options.default_venv_backend = "none"
nox.options.sessions = ["static", "tests"]


@nox.session(python=False)
def tests(session: nox.Session) -> None:
    """The README's test command."""
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python=False)
def static(session: nox.Session) -> None:
    """ruff, then the import layers and the type checker on a mirror of the installed layout."""
    session.run("ruff", "check", ".")
    session.run("python", "-m", "pytest", "-n", "0", "tests/test_static.py")


@nox.session(python=False)
def regenerate(session: nox.Session) -> None:
    """Rewrite every generated file from the current claims and figures (then review ``git diff``)."""
    session.run("python", "-m", "seqtheory.report.index", "--write", "--readme", "README.md")
    session.run("python", "-m", "pytest", "-n", "0", "-q", "--force-regen", "theorems/test_pinned_values.py",
                "tests/test_figure_baselines.py", success_codes=[0, 1])
    session.run("python", "-m", "pytest", "-n", "0", "-q", "theorems/test_pinned_values.py",
                "tests/test_figure_baselines.py")
