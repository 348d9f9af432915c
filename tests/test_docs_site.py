"""The docs site builds with Sphinx + myst-nb from the notebooks (here without executing them — the notebooks'
execution is ``test_notebooks.py``), every page parses, every local link and image resolves, and no page loads
anything from the network (no CDN: the site reads offline)."""

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.remote_scripts = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("href", "src"):
            value = attrs.get(key)
            if value is None:
                continue
            if value.startswith(("http://", "https://")):
                if tag in ("script", "link", "img"):
                    self.remote_scripts.append(value)
            elif not value.startswith(("#", "mailto:")):
                self.links.append(value.split("#")[0].split("?")[0])


def test_docs_site_builds_and_links_resolve(tmp_path):
    out = tmp_path / "html"
    res = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-D", "nb_execution_mode=off",
                          str(DOCS), str(out)], capture_output=True, text=True, timeout=600, check=False)
    assert res.returncode == 0, res.stderr[-3000:]
    pages = sorted(out.glob("*.html"))
    names = {p.stem for p in pages}
    assert {"index", "notation", "sources", "claims", "falsify", "api", "wishart_moments"} <= names
    for page in pages:
        refs = _Refs()
        refs.feed(page.read_text(encoding="utf-8"))
        assert not refs.remote_scripts, (page.name, refs.remote_scripts)
        for link in refs.links:
            if link:
                assert (page.parent / link).exists(), (page.name, link)
    assert "seqtheory.theorems.run.falsify" in (out / "api.html").read_text(encoding="utf-8")


def test_the_docs_build_starts_its_kernels_over_ipc_not_tcp(tmp_path):
    """docs/conf.py sets jupyter_client's transport to IPC for the build (no ipykernel warning about unencrypted
    TCP per notebook); checked in a fresh process, which executes one cell through nbclient as myst-nb does, the
    kernel in another folder than the client (a relative socket path would hang there)."""
    code = ("import runpy, nbformat\n"
            "from nbclient import NotebookClient\n"
            f"conf = runpy.run_path({str(DOCS / 'conf.py')!r})\n"
            "conf['_kernels_over_ipc'](None, None)\n"
            "from jupyter_client import KernelManager\n"
            "assert KernelManager().transport == 'ipc'\n"
            "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('print(6 * 7)')])\n"
            # the kernel in another folder than the client, as myst-nb runs it (the notebook's folder)
            f"NotebookClient(nb, kernel_name='python3', startup_timeout=30,\n"
            f"               resources={{'metadata': {{'path': {str(tmp_path)!r}}}}}).execute()\n"
            "print(nb.cells[0].outputs[0]['text'])\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "42"
    assert "without encryption" not in res.stderr
