"""The distribution version is the API version plus a client revision (codegen/MAINTAINING.md, "Versions")."""

from __future__ import annotations

import re
import tomllib

from .conftest import ROOT, load

# API_MAJOR.API_MINOR.API_PATCH[.CLIENT_REVISION][aN|bN|rcN]: a plain PEP 440 release, so PyPI takes it.
SCHEME = re.compile(r"(?P<api>\d+\.\d+\.\d+)(?:\.(?P<revision>[1-9]\d*))?(?:(?:a|b|rc)\d+)?")


def test_package_version_is_the_api_version_plus_a_client_revision() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    api_version = load(ROOT / "openapi.yaml")["info"]["version"]

    match = SCHEME.fullmatch(version)
    assert match, f"pyproject.toml version {version!r} is not API_VERSION[.N] (no +local, no .postN)"
    assert match["api"] == api_version, f"pyproject.toml says API {match['api']}, openapi.yaml says {api_version}"
