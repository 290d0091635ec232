"""The wheel is made for pip users: it installs into a fresh venv, its metadata is complete, the long description
renders with absolute links only, ``sendmux-emulator`` without the extra says in one line how to get it, and
with the extra the quickstart runs against the emulator from the installed wheel.

``make dist`` runs this over what it built (``SENDMUX_DIST``); otherwise the test builds into a temporary folder.
The venv is made with ``python -m venv`` and pip, as a user would; the extra's dependencies come from PyPI.
"""

from __future__ import annotations

import email
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READY = "Sendmux emulator listening on "


def _run(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600, **kwargs)  # type: ignore[call-overload, no-any-return]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("SENDMUX_DIST"):
        return Path(os.environ["SENDMUX_DIST"])
    out = tmp_path_factory.mktemp("dist")
    uv = ROOT / ".tools" / "bin" / "uv"
    built = _run(uv if uv.exists() else shutil.which("uv") or "uv", "build", "--out-dir", out, cwd=ROOT)
    assert built.returncode == 0, built.stderr
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    (found,) = dist.glob("sendmux-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Iterator[Path]:
    """A fresh venv holding only the wheel (no extra), outside the checkout."""
    where = tmp_path_factory.mktemp("venv") / "v"
    assert _run(sys.executable, "-m", "venv", where).returncode == 0
    installed = _run(where / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel)
    assert installed.returncode == 0, installed.stderr
    yield where


def test_the_wheel_holds_the_license_metadata_and_no_maintainer_material(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = email.message_from_string(archive.read(metadata_name).decode())
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert metadata["License-Expression"] == "MIT"
    urls = dict(value.split(", ", 1) for value in metadata.get_all("Project-URL") or [])
    assert {"Homepage", "Source", "Issues", "Changelog"} <= set(urls)
    assert "Typing :: Typed" in (metadata.get_all("Classifier") or [])
    packages = {n.split("/")[0] for n in names if not n.startswith("sendmux-")}
    assert packages == {"sendmux", "sendmux_client", "sendmux_emulator", "sendmux_spec"}
    description = metadata.get_payload()
    assert isinstance(description, str) and "pip install sendmux" in description
    assert "Working on this repository" not in description  # a user installs, a contributor clones
    links = re.findall(r"\]\(([^)]+)\)", description)
    assert links and all(link.startswith(("https://", "#")) for link in links), links
    assert "make " not in description  # maintainer tasks live in CONTRIBUTING.md


def test_the_wheel_installs_no_command_that_sendmux_s_own_cli_installs(wheel: Path, venv: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
        scripts = archive.read(entry_points).decode()
    assert re.findall(r"^([\w-]+) =", scripts, re.MULTILINE) == ["sendmux-emulator", "sendmux-webhooks"]
    assert not (venv / "bin" / "sendmux").exists()
    done = _run(venv / "bin" / "sendmux-webhooks", "--help")
    assert done.returncode == 0 and done.stdout.startswith("usage: sendmux-webhooks"), done.stderr


def test_the_sdist_holds_the_license_and_the_sources(dist: Path) -> None:
    (sdist,) = dist.glob("sendmux-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "README.md", "pyproject.toml", "openapi.yaml", "overlays/sendmux/_core.py"} <= names
    assert not any("__pycache__" in name for name in names)


def test_twine_accepts_both(dist: Path) -> None:
    built = sorted([*dist.glob("sendmux-*.whl"), *dist.glob("sendmux-*.tar.gz")])
    checked = _run(Path(sys.executable).parent / "twine", "check", "--strict", *built)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_without_the_extra_the_emulator_command_says_how_to_install_it(venv: Path, tmp_path: Path) -> None:
    imported = _run(
        venv / "bin" / "python", "-c", "import sendmux, sendmux.models; print(sendmux.__file__)", cwd=tmp_path
    )
    assert imported.returncode == 0 and str(venv) in imported.stdout, imported.stderr
    done = _run(venv / "bin" / "sendmux-emulator", "--port", "0", cwd=tmp_path)
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert line.endswith("pip install 'sendmux[emulator]'")


def test_with_the_extra_the_quickstart_runs_against_the_emulator(venv: Path, wheel: Path, tmp_path: Path) -> None:
    trustme = pytest.importorskip("trustme")
    python = venv / "bin" / "python"
    extra = _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"{wheel}[emulator]")
    assert extra.returncode == 0, extra.stderr
    for name in ("quickstart.py", "receiver.py"):  # run from outside the checkout: only the wheel is importable
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    cert.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    cert.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    command = [venv / "bin" / "sendmux-emulator", "--port", "0", "--ca-file", tmp_path / "ca.pem", "--time-scale=0.01"]
    emulator = subprocess.Popen([str(c) for c in command], stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        assert emulator.stdout is not None
        line = emulator.stdout.readline().strip()
        assert line.startswith(READY), line
        env = {**os.environ, "SENDMUX_API_KEY": "smx_root_dev", "SENDMUX_BASE_URL": line[len(READY) :]}
        env.pop("PYTHONPATH", None)
        done = _run(python, "quickstart.py", "--local-receiver", "cert.pem", "key.pem", cwd=tmp_path, env=env)
    finally:
        emulator.terminate()
        emulator.wait(timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All steps passed." in done.stdout
