"""What a webhook receiver loads: `from sendmux import verify_webhook, ...` must not bring in an HTTP stack, and
the receiving toolkit (`sendmux.receiving`) loads each store and adapter, with its library, only when used.

Each check runs in a fresh interpreter, so nothing this test session imported can hide a load.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from .deliveries import event_body

RECEIVING = "from sendmux import verify_webhook, sign_webhook, WebhookEvent, WebhookVerificationError"
HTTP_STACK = ("httpx", "httpcore", "anyio", "h11", "ssl", "sendmux_client.api", "sendmux._client", "sendmux._core")
FRAMEWORKS = ("starlette", "fastapi", "flask", "werkzeug", "django")
STORES = ("sqlite3", "_sqlite3", "redis", "sendmux.receiving._memory", "sendmux.receiving._sqlite")
STORES += ("sendmux.receiving._redis",)


def loaded_after(code: str) -> set[str]:
    report = "import json, sys; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", f"{code}\n{report}"], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.splitlines()[-1]))


def under(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


def test_the_receiving_import_loads_no_http_stack_and_no_generated_code() -> None:
    loaded = loaded_after(RECEIVING)
    assert "sendmux._verify" in loaded
    assert under(loaded, HTTP_STACK) == []
    assert under(loaded, ("sendmux_client", "attrs", "attr")) == []  # the models load with the first event
    assert under(loaded, ("sendmux.receiving",)) == []


def test_verifying_an_event_loads_the_models_but_still_no_http_stack() -> None:
    body = event_body(id="evt_1")
    code = f"{RECEIVING}\nb = {body!r}\nassert verify_webhook(b, sign_webhook(b, 'whsec_x'), 'whsec_x').id == 'evt_1'"
    loaded = loaded_after(code)
    assert "sendmux_client.models.webhook_event_payload" in loaded
    assert under(loaded, HTTP_STACK) == []


def test_the_client_still_loads_on_first_use() -> None:
    loaded = loaded_after("import sendmux\nsendmux.Sendmux")
    assert {"httpx", "sendmux._client"} <= loaded


def test_the_router_loads_no_store_no_framework_and_no_http_stack() -> None:
    loaded = loaded_after("from sendmux.receiving import WebhookRouter, process_once")
    assert "sendmux.receiving._router" in loaded
    assert under(loaded, HTTP_STACK + FRAMEWORKS + STORES) == []
    assert under(loaded, ("sendmux_client", "attrs", "attr")) == []


def test_each_store_loads_when_first_used_and_brings_only_its_own_library() -> None:
    loaded = loaded_after("import sendmux.receiving as r\nr.SQLiteStore")
    assert {"sqlite3", "sendmux.receiving._sqlite"} <= loaded
    assert under(loaded, HTTP_STACK + FRAMEWORKS + ("redis", "sendmux.receiving._redis")) == []
    loaded = loaded_after("import sendmux.receiving as r\nr.MemoryStore")
    assert "sendmux.receiving._memory" in loaded
    assert under(loaded, HTTP_STACK + FRAMEWORKS + ("sqlite3", "redis")) == []


def test_each_adapter_loads_only_its_own_framework() -> None:
    for adapter, framework in [("starlette", "starlette"), ("flask", "flask"), ("django", "django")]:
        loaded = loaded_after(f"import sendmux.receiving.{adapter}")
        assert framework in loaded
        others = tuple(f for f in ("starlette", "flask", "django") if f != framework)
        assert under(loaded, others + STORES) == [], adapter


@pytest.mark.parametrize(
    ("adapter", "framework"), [("starlette", "starlette"), ("flask", "flask"), ("django", "django")]
)
def test_an_adapter_without_its_framework_names_the_extra_to_install(
    adapter: str, framework: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [framework, *(m for m in sys.modules if m.startswith(framework + "."))]:
        monkeypatch.setitem(sys.modules, name, None)  # as if not installed: importing it raises ImportError
    monkeypatch.delitem(sys.modules, f"sendmux.receiving.{adapter}", raising=False)
    with pytest.raises(ModuleNotFoundError) as raised:
        importlib.import_module(f"sendmux.receiving.{adapter}")
    assert str(raised.value) == (
        f"sendmux.receiving.{adapter} needs {framework}, which is not installed: pip install 'sendmux[{framework}]'"
    )
