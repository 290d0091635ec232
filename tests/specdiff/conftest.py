"""Shared pieces of the spec-diff tests: spec loading, regeneration."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from sendmux_spec import read_yaml
from tests.once import once_per_run
from tools.specdiff.smartdiff import INSTALLED

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
_BUILT = Path(tempfile.mkdtemp(prefix="sendmux-rehearsals-"))
atexit.register(shutil.rmtree, _BUILT, True)


@functools.cache
def _rehearsal_texts() -> dict[str, str]:
    """Every rehearsal's text, built once per process (each build reads and writes the whole spec as YAML)."""
    from tests.codegen.fixtures import make_kitchen_sink

    from .fixtures import make_fixtures, make_vendor_fixtures

    source = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    texts = {**make_fixtures.build(source), make_vendor_fixtures.NAME: make_vendor_fixtures.build(source)}
    texts["kitchen-sink.yaml"] = make_kitchen_sink.build(source)
    return texts


@functools.cache
def rehearsal(name: str) -> Path:
    """A rehearsal spec built from today's openapi.yaml (so the rehearsals follow every change of the spec, with no
    script a maintainer must remember): ``openapi-1.1.yaml``, ``openapi-1.2.yaml`` and ``openapi-2.0.yaml``
    (fixtures/make_fixtures.py), ``openapi-1.1-vendor.yaml`` (fixtures/make_vendor_fixtures.py) and
    ``kitchen-sink.yaml`` (tests/codegen/fixtures/make_kitchen_sink.py)."""
    texts = _rehearsal_texts()
    if name not in texts:
        raise KeyError(f"no rehearsal {name}; there are {sorted(texts)}")
    (_BUILT / name).write_text(texts[name], encoding="utf-8")
    return _BUILT / name


SPECDIFF = ROOT / "tools" / "specdiff"


@pytest.fixture(autouse=True, scope="session")
def _differ_installed() -> None:
    # Fail rather than skip: a missing differ must not look like a passing suite.
    if not INSTALLED.is_file():
        pytest.fail(f"api-smart-diff is not installed in {SPECDIFF}/node_modules: run `make diff-deps`")


def load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        doc = read_yaml(handle)
    assert isinstance(doc, dict)
    return doc


def generate(spec: Path, out_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run codegen/generate.sh for `spec` into `out_dir`, as `make generate` does, and return how it went.

    generate.sh reads the openapi.yaml next to its own folder, so the script and its config are copied
    unchanged into a scratch project root whose openapi.yaml is `spec`: the same pipeline as
    `make generate`, byte for byte.
    """
    project = out_dir / "project"
    shutil.copytree(ROOT / "codegen", project / "codegen")
    shutil.copyfile(spec, project / "openapi.yaml")
    env = {**os.environ, "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(project / "codegen" / "generate.sh"), str(out_dir)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,  # a bound for a hung generator, which would hold every worker waiting on tests/once.py
    )


def regenerate(spec: Path, out_dir: Path) -> Path:
    """Generate everything `make generate` writes into generated/ (`sendmux_client` and the generated part of
    `sendmux`) for `spec`, into `out_dir` (see generate()); return `out_dir`."""
    result = generate(spec, out_dir)
    assert result.returncode == 0, f"generate.sh failed for {spec.name}:\n{result.stdout}\n{result.stderr}"
    return out_dir


def regenerated_once(spec: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`regenerate` for ``spec``, done once per test run and shared by the workers (tests/once.py)."""
    return once_per_run(tmp_path_factory, f"regenerated-{spec.stem}", lambda out: regenerate(spec, out))


def run_python(
    *argv: str, first_on_path: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python *argv` from the repository root, with `first_on_path` first on sys.path.

    The installed `sendmux_client` and generated part of `sendmux` (an editable install of generated/) are
    shadowed by the ones there, while the handwritten overlays/sendmux stays the repository's. This is also the
    way to run the client's own tests against a rehearsal, e.g.
    `run_python("-m", "pytest", "tests/client", first_on_path=regenerated_1_1)`.
    """
    pythonpath = os.pathsep.join(filter(None, [str(first_on_path), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, *argv],
        cwd=ROOT,
        env={**os.environ, **(env or {}), "PYTHONPATH": pythonpath},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def regenerated_1_1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding `sendmux_client` generated from fixtures/openapi-1.1.yaml.

    Put it first on sys.path (see run_python) to run code, such as the client's smoke tests, against
    the 1.1 rehearsal instead of generated/.
    """
    return regenerated_once(rehearsal("openapi-1.1.yaml"), tmp_path_factory)


@pytest.fixture(scope="session")
def regenerated_1_2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding what `make generate` writes, generated from fixtures/openapi-1.2.yaml."""
    return regenerated_once(rehearsal("openapi-1.2.yaml"), tmp_path_factory)


@pytest.fixture(scope="session")
def regenerated_2_0(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding `sendmux_client` generated from fixtures/openapi-2.0.yaml."""
    return regenerated_once(rehearsal("openapi-2.0.yaml"), tmp_path_factory)
