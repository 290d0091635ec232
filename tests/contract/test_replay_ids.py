"""The replay pairs each id of a recorded answer with the one the server gives now, whatever its type prefix: a
recorded create -> get -> delete sequence on any resource replays on the records this run made."""

from __future__ import annotations

from tools.contract.replay import learn_ids


def test_ids_at_the_same_place_with_the_same_prefix_are_paired_at_any_depth() -> None:
    recorded = {"data": {"mailbox": {"id": "mbx_old123456", "domain_id": "mdom_old123456"}, "n": 1}}
    fresh = {"data": {"mailbox": {"id": "mbx_new654321", "domain_id": "mdom_new654321"}, "n": 2}}
    ids: dict[str, str] = {}
    learn_ids(recorded, fresh, ids)
    assert ids == {"mbx_old123456": "mbx_new654321", "mdom_old123456": "mdom_new654321"}


def test_etags_are_paired_and_other_text_or_another_prefix_is_not() -> None:
    recorded = {"etag": 'W/"aaaa"', "name": "first", "id": "whk_old123456", "list": ["whda_a12345678"]}
    fresh = {"etag": 'W/"bbbb"', "name": "second", "id": "whda_new654321", "list": ["whda_b87654321"]}
    ids: dict[str, str] = {}
    learn_ids(recorded, fresh, ids)
    assert ids == {'W/"aaaa"': 'W/"bbbb"', "whda_a12345678": "whda_b87654321"}
