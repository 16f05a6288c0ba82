"""Every module imports; ``import lat`` and ``lat --help`` do not import torch."""

import importlib
import pkgutil
import subprocess
import sys

import lat


def test_every_module_imports():
    names = [
        m.name
        for m in pkgutil.walk_packages(lat.__path__, "lat.")
        if "_authoring" not in m.name and m.name != "lat.__main__"
    ]
    assert len(names) > 20
    for name in names:
        importlib.import_module(name)


def test_help_is_instant_and_lazy():
    code = "import sys; from lat.cli import build_parser; build_parser(); print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
