"""The shangcheng-geo command: --version, --help, layers, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

import shangcheng_geo as sg
from shangcheng_geo.cli import main


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"shangcheng-geo {sg.__version__}"


def test_help_lists_layers(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "layers" in capsys.readouterr().out


def test_layers_lists_every_layer_with_source_and_licence(capsys):
    assert main(["layers"]) == 0
    out = capsys.readouterr().out
    for name in ("district", "districts", "water", "stations", "lines", "places", "subdistricts"):
        assert f"\n{name}  [" in out or out.startswith(f"{name}  [")
    assert "[layer, 200 features]" in out
    assert "GCJ-02" in out and "ODbL" in out and "LGPL-3.0" in out


def test_layers_json(capsys):
    assert main(["layers", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_name = {r["name"]: r for r in rows}
    assert by_name["stations"]["features"] == 200
    assert by_name["district"]["licence"].startswith("MIT")


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["no-such-command"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main([]) == 2


def test_console_script_is_installed():
    exe = shutil.which("shangcheng-geo")
    if exe is None:  # run the module instead, and say so
        cmd = [sys.executable, "-m", "shangcheng_geo.cli", "layers"]
        print("shangcheng-geo is not on PATH; running the module with python -m")
    else:
        cmd = [exe, "layers"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "stations  [layer, 200 features]" in done.stdout
