"""Execute every derivation notebook under docs/ (MyST Markdown read by jupytext, run by nbclient)."""

from pathlib import Path

import jupytext  # test dependencies: a missing one fails the run, it is never skipped
import nbclient
import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
NOTEBOOKS = sorted(p for p in DOCS.glob("*.md") if "jupytext:" in p.read_text(encoding="utf-8")[:400])
TIMEOUT_S = 240


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no derivation notebooks found under {DOCS}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes(path):
    nb = jupytext.read(path)
    client = nbclient.NotebookClient(nb, timeout=TIMEOUT_S, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent.parent)}})
    client.execute()
