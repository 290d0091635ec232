"""What ``listen`` keeps on this machine, in the user's config folder: one signing secret per API and account, and
the id naming this machine's webhooks.

The folder follows each system's rule (what ``platformdirs`` gives, written out here so the command needs
nothing beyond the base package): ``%LOCALAPPDATA%\\sendmux`` on Windows, ``~/Library/Application Support/sendmux``
on macOS, else ``$XDG_CONFIG_HOME/sendmux`` (default ``~/.config/sendmux``). Files are private to the user.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

__all__ = ["config_dir", "machine_id", "pin_secret", "signing_secret"]


def config_dir() -> Path:
    if sys.platform == "win32":
        root = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        root = str(Path.home() / "Library" / "Application Support")
    else:
        root = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(root) / "sendmux"


def _kept(path: Path, make: Callable[[], str]) -> str:
    """The value stored in ``path``, or a new one stored there first. Two processes storing at once agree: the
    file appears whole and at once (a hard link), and the second finds the first's."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    _write_private(draft, make())
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text(encoding="utf-8").strip()


def _write_private(path: Path, value: str) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(value + "\n")


def machine_id() -> str:
    """A random id for this machine (this user's config folder), made once: listen names its webhooks with it."""
    return _kept(config_dir() / "machine-id", lambda: secrets.token_hex(6))


def _secret_file(base_url: str, api_key: str | None) -> Path:
    # The account is the key's: only a digest of it goes in the file name, never the key.
    account = hashlib.sha256(f"{base_url.rstrip('/')}\n{api_key or ''}".encode()).hexdigest()[:24]
    return config_dir() / "listen-secrets" / account


def signing_secret(base_url: str, api_key: str | None) -> str:
    """listen's signing secret for this API and account: the same on every run, made on the first."""
    return _kept(_secret_file(base_url, api_key), lambda: "whsec_" + secrets.token_hex(32))


def pin_secret(base_url: str, api_key: str | None, secret: str) -> None:
    """Keep ``secret`` as listen's signing secret for this API and account from now on."""
    path = _secret_file(base_url, api_key)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    _write_private(draft, secret)
    os.replace(draft, path)
