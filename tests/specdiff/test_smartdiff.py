"""The bridge to api-smart-diff: one Node process serves every comparison of a Python process, says why when a
comparison fails, and is replaced when it has ended."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from tools.specdiff import smartdiff
from tools.specdiff.specdiff import build_report

from .test_rules import BASE


def _node() -> str:
    node = shutil.which("node")
    assert node is not None, "the spec differ needs Node on PATH"
    return node


def test_one_node_process_answers_every_comparison() -> None:
    changed = copy.deepcopy(BASE)
    del changed["paths"][next(iter(changed["paths"]))]
    first = build_report(BASE, changed, "base", "new")
    bridge = smartdiff._bridge(_node())
    for _ in range(3):
        assert build_report(BASE, changed, "base", "new").changes == first.changes
    assert smartdiff._bridge(_node()) is bridge and bridge.alive()
    assert {c.severity for c in first.changes if c.rule == "operation-removed"} == {"breaking"}


def test_a_comparison_that_fails_says_why_and_the_next_one_is_answered() -> None:
    bridge = smartdiff._bridge(_node())
    with pytest.raises(smartdiff.SmartDiffError, match=r"api-smart-diff failed:\n.*JSON"):
        bridge.ask("this is not JSON")
    assert smartdiff.compare(BASE, copy.deepcopy(BASE)).diffs == []
    assert smartdiff._bridge(_node()) is bridge


def test_a_node_that_ended_is_replaced() -> None:
    ended = smartdiff._bridge(_node())
    ended.close()
    assert not ended.alive()
    assert smartdiff.compare(BASE, copy.deepcopy(BASE)).diffs == []
    assert smartdiff._bridge(_node()) is not ended


def test_a_node_that_dies_during_a_comparison_is_reported_with_its_exit() -> None:
    bridge = smartdiff._bridge(_node())
    bridge.process.kill()
    bridge.process.wait()
    with pytest.raises(smartdiff.SmartDiffError, match=r"api-smart-diff failed \(exit -9\)"):
        bridge.ask('{"before": {}, "after": {}}')


def _fake_node(tmp_path: Path, script: str) -> str:
    node = tmp_path / "node"
    node.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    node.chmod(0o755)
    return str(node)


def test_a_node_that_fails_says_why_from_its_stderr(tmp_path: Path) -> None:
    bridge = smartdiff._Bridge(_fake_node(tmp_path, "echo 'cannot find api-smart-diff' >&2; exit 3"))
    try:
        with pytest.raises(smartdiff.SmartDiffError, match=r"failed \(exit 3\):\ncannot find api-smart-diff"):
            bridge.ask('{"before": {}, "after": {}}')
    finally:
        bridge.close()


def test_an_answer_that_is_not_json_ends_the_bridge(tmp_path: Path) -> None:
    bridge = smartdiff._Bridge(_fake_node(tmp_path, "read line; echo 'Segmentation fault'; read rest"))
    try:
        with pytest.raises(smartdiff.SmartDiffError, match=r"answered what is not JSON .*\nSegmentation fault"):
            bridge.ask('{"before": {}, "after": {}}')
        assert not bridge.alive()  # the next comparison gets a new Node, never this one's late answers
    finally:
        bridge.close()
