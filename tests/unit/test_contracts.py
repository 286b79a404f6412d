"""Event contracts (shop.contracts): docs/events.md's catalogue is what the models say, publishers
build their data with them, and consumers refuse what matches no contract with a clear error."""

import json
import re
import typing

import pytest
from pydantic import BaseModel

from infra import contracts as contract_schemas
from shop.contracts import ContractError, EventData, build, contracts, model_for, parse_data
from tests.unit.conftest import ROOT, LambdaContext, captured_logs, consume, envelope, handler_module, queue_event

PUBLISHERS = {"orders": "orders", "products": "products", "payments": "payments", "shipping": "shipping",
              "users": "users"}  # catalogue's "published by" -> shop.contracts module


def _split_top(text: str) -> list[str]:
    """Comma-separated items, commas inside brackets kept."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    return [item for item in (*items, current.strip()) if item]


def _fields(text: str) -> dict[str, set[str] | None]:
    """'a, b[c, d] (a note)' -> {"a": None, "b": {"c", "d"}}."""
    text = re.sub(r"\([^)]*\)", "", text)
    fields: dict[str, set[str] | None] = {}
    for item in _split_top(text):
        match = re.fullmatch(r"([a-z_]+)(?:\[(.*)\])?", item)
        assert match, f"docs/events.md: {item!r} is not a field name (notes go in parentheses)"
        fields[match[1]] = set(_split_top(match[2])) if match[2] is not None else None
    return fields


def catalogue() -> dict[str, tuple[str, dict[str, set[str] | None]]]:
    text = (ROOT / "docs" / "events.md").read_text()
    table = text.split("## Catalogue", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        for event_type in re.findall(r"`([a-z_]+\.[a-z_]+)`", cells[0]):
            assert event_type not in rows, f"{event_type} is in the catalogue twice"
            rows[event_type] = (cells[1], _fields(cells[2]))
    return rows


def _part(annotation) -> type[BaseModel] | None:
    """The model nested in a field's annotation (list[OrderLine] -> OrderLine), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        if found := _part(argument):
            return found
    return None


def newest() -> dict[str, type[EventData]]:
    models: dict[str, type[EventData]] = {}
    for (event_type, _version), model in sorted(contracts().items()):
        models[event_type] = model
    return models


def test_the_catalogue_lists_every_contract_and_nothing_else():
    assert sorted(catalogue()) == sorted(newest())


@pytest.mark.parametrize("event_type", sorted(newest()))
def test_the_catalogue_names_the_fields_of_each_contract(event_type):
    publisher, documented = catalogue()[event_type]
    model = newest()[event_type]
    assert model.__module__ == f"shop.contracts.{PUBLISHERS[publisher]}", "the publisher's module holds its contracts"
    assert set(documented) == set(model.model_fields), f"docs/events.md's fields of {event_type}"
    for name, nested in documented.items():
        part = _part(model.model_fields[name].annotation)
        if nested is not None:
            assert part is not None, f"{event_type}.{name} has no nested fields in its model"
            assert nested == set(part.model_fields), f"docs/events.md's fields of {event_type}.{name}"


def test_every_contract_is_version_1_and_known_by_type_and_version():
    assert {version for _, version in contracts()} == {1}
    assert model_for("order.created", 1).__name__ == "OrderCreated"
    with pytest.raises(ContractError, match=r"order.created v2: no contract for this version \(known: 1\)"):
        model_for("order.created", 2)
    with pytest.raises(ContractError, match=r"order\.invented v1: no such event type"):
        model_for("order.invented", 1)


def test_publishers_build_exactly_the_fields_given_and_refuse_others():
    assert build("order.cancel_requested", order_id="o1", user_id="u1") == (
        "order.cancel_requested", {"order_id": "o1", "user_id": "u1"})
    assert build("payment.failed", order_id="o1", amount=5, currency="EUR", reason=None)[1]["reason"] is None
    assert "reason" not in build("shipment.cancelled", order_id="o1", shipment_id="s", carrier="c",
                                 tracking_number="t")[1]
    with pytest.raises(ContractError, match="not in its contract: orderid"):
        build("order.cancel_requested", orderid="o1", user_id="u1")
    with pytest.raises(ContractError, match="user_id: Field required"):
        build("order.cancel_requested", order_id="o1")
    with pytest.raises(ContractError, match="total: Input should be a valid integer"):
        build("order.payment_requested", order_id="o1", user_id="u1", total="lots", currency="EUR",
              payment_token=None)


def test_consumers_ignore_fields_they_do_not_know_and_refuse_missing_ones():
    parsed = parse_data("stock.reserved", 1, {"order_id": "o1", "lines": [], "warehouse": "north"})
    assert parsed.order_id == "o1" and not hasattr(parsed, "warehouse")
    with pytest.raises(ContractError, match=r"stock.reserved v1 does not match its contract: lines: Field required"):
        parse_data("stock.reserved", 1, {"order_id": "o1"})


ORDER = {"order_id": "o1", "user_id": "u1", "status": "PAID", "lines": [], "total": 0, "currency": "EUR",
         "previous_status": "PENDING"}


@pytest.mark.parametrize(("message", "said"), [
    ({**envelope("order.created", {**ORDER, "status": "PENDING"}), "version": 2},
     "order.created v2: no contract for this version"),
    (envelope("order.created", {"user_id": "u1", "lines": [{"product_id": "book"}]}),
     "order.created v1 does not match its contract: order_id: Field required"),
    ({"type": "order.created", "data": {}}, "neither a change record nor an event envelope"),
    ("not json", "neither a change record nor an event envelope"),
], ids=["unknown version", "malformed data", "not an envelope", "not json"])
def test_a_message_that_matches_no_contract_fails_with_a_clear_error_and_never_reaches_the_handler(
        message, said, caplog, capsys, monkeypatch):
    consumer = handler_module("products", "on_order_created")
    monkeypatch.setattr(consumer.product_table, "reserve_stock", lambda *a: pytest.fail("the handler ran"))
    ignored = envelope("order.paid", ORDER)  # not accepted here: dropped, a success
    if isinstance(message, str):
        event = queue_event("products/on_order_created", ignored, ignored)
        event["Records"][0]["body"] = message
        failed = [f["itemIdentifier"] for f in consumer.handler(event, LambdaContext())["batchItemFailures"]]
    else:
        failed = consume(consumer, message, ignored)
    assert failed == ["m0"]
    logs = captured_logs(caplog, capsys)
    assert said in logs and "KeyError" not in logs


def test_the_published_json_schemas_are_fresh():
    written = {path.name: path.read_text() for path in (ROOT / "docs" / "events").glob("*.json")}
    wanted = {name: contract_schemas.render(schema) for name, schema in contract_schemas.schemas().items()}
    assert written == wanted, "run `make contracts`"
    assert json.loads(written["order.created.v1.json"])["required"][0] == "order_id"


def test_a_batch_of_no_messages_is_a_no_op_so_the_local_deploy_can_warm_a_consumer(monkeypatch):
    consumer = handler_module("products", "on_order_created")
    monkeypatch.setattr(consumer.product_table, "reserve_stock", lambda *a: pytest.fail("the handler ran"))
    assert consumer.handler({"Records": []}, LambdaContext()) == {"batchItemFailures": []}
