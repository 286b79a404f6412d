"""Unit tests run handlers in-process against moto. Environment first, then moto, then handlers:
clients created before moto is imported would not be mocked.

Function modules are loaded by file, per service, never from sys.path: `handler_module(service,
module)` / `service_module(service, module)` (infra.openapi.load_module) load
`functions/<service>/<module>.py` as `<service>__<module>`, and a bare `import order_table` inside
it (at import or in a function) resolves in that service's folder only, as it does in the
service's own Lambda package. No service folder is on sys.path and no function module is in
sys.modules under its bare name, so two services may have modules of the same name and a test
can never get another service's module by accident (`import order_table` in a test fails: use
`service_module("orders", "order_table")`, the same module object the orders handlers use, so
patching it patches theirs). tests/unit/test_layering.py shows two same-named modules side by side.
"""

import json
import os
import sys
from pathlib import Path

for variable in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
    os.environ.pop(variable, None)
os.environ.update({
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "STAGE": "test",
    "POWERTOOLS_SERVICE_NAME": "unit-tests",
    "POWERTOOLS_METRICS_NAMESPACE": "ShopTest",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "PRODUCTS_TABLE": "products-unit",
    "USERS_TABLE": "users-unit",
    "ORDERS_TABLE": "orders-unit",
    "PAYMENTS_TABLE": "payments-unit",
    "SHIPMENTS_TABLE": "shipments-unit",
    "IDEMPOTENCY_TABLE": "idempotency-unit",
})

import boto3  # noqa: E402
import moto  # noqa: E402  (imported before any handler builds a client)
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "layers" / "shared" / "python"))  # the layer, as Lambda puts it on sys.path
sys.path.insert(0, str(ROOT))

from infra.openapi import load_module, service_module  # noqa: E402, F401  (service_module: for the tests)
from tests.events import LambdaContext, api_event  # noqa: E402, F401  (re-exported for the tests)
from tests.template import template  # noqa: E402

ADMIN = {"sub": "admin-sub", "email": "admin@example.com", "cognito:groups": "[admin]"}
CUSTOMER = {"sub": "customer-sub", "email": "customer@example.com"}


def create_table(logical_id: str, table_name: str) -> None:
    """Create the table exactly as template.yaml declares it (keys, indexes)."""
    properties = template()["Resources"][logical_id]["Properties"]
    wanted = ("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "BillingMode")
    arguments = {k: properties[k] for k in wanted if k in properties}
    if "StreamSpecification" in properties:
        arguments["StreamSpecification"] = {"StreamEnabled": True, **properties["StreamSpecification"]}
    boto3.client("dynamodb").create_table(TableName=table_name, **arguments)


@pytest.fixture
def aws():
    with moto.mock_aws():
        yield


@pytest.fixture
def products_table(aws):
    create_table("ProductsTable", os.environ["PRODUCTS_TABLE"])


@pytest.fixture
def users_tables(aws):
    create_table("UsersTable", os.environ["USERS_TABLE"])
    create_table("UsersIdempotencyTable", os.environ["IDEMPOTENCY_TABLE"])


@pytest.fixture
def orders_tables(aws):
    create_table("OrdersTable", os.environ["ORDERS_TABLE"])
    create_table("OrdersIdempotencyTable", os.environ["IDEMPOTENCY_TABLE"])


@pytest.fixture
def payments_table(aws):
    create_table("PaymentsTable", os.environ["PAYMENTS_TABLE"])


@pytest.fixture
def shipments_table(aws):
    create_table("ShipmentsTable", os.environ["SHIPMENTS_TABLE"])


@pytest.fixture
def user_pool(aws, monkeypatch):
    """A moto user pool configured like template.yaml's (email usernames, password policy, admin group)."""
    properties = template()["Resources"]["UserPool"]["Properties"]
    cognito = boto3.client("cognito-idp")
    pool = cognito.create_user_pool(PoolName="unit", UsernameAttributes=properties["UsernameAttributes"],
                                    Policies=properties["Policies"])["UserPool"]
    client = cognito.create_user_pool_client(
        UserPoolId=pool["Id"], ClientName="unit",
        ExplicitAuthFlows=template()["Resources"]["UserPoolClient"]["Properties"]["ExplicitAuthFlows"],
    )["UserPoolClient"]
    cognito.create_group(UserPoolId=pool["Id"], GroupName="admin")
    monkeypatch.setenv("USER_POOL_ID", pool["Id"])
    monkeypatch.setenv("USER_POOL_CLIENT_ID", client["ClientId"])
    return cognito, pool["Id"], client["ClientId"]


def captured_logs(caplog, capsys) -> str:
    """Every log line the handlers wrote, formatted as Powertools writes them to CloudWatch."""
    from shop.observability import logger

    formatted = "\n".join(logger.registered_formatter.format(record) for record in caplog.records)
    output = capsys.readouterr()
    return "\n".join((formatted, output.out, output.err))


def call(handler_module, event: dict) -> tuple[int, dict | None]:
    response = handler_module.handler(event, LambdaContext())
    body = response.get("body")
    return response["statusCode"], json.loads(body) if body else None


def handler_module(service: str, module: str):
    """A handler module loaded by file (as `<service>__<module>`): handler modules of different
    services share file names (on_order_created.py), so a plain import would pick the wrong one."""
    return load_module(ROOT / "functions" / service / f"{module}.py")


def envelope(event_type: str, data: dict, *, event_id: str = "evt-1", occurred_at: str = "2026-11-27T12:00:00.000Z",
             correlation_id: str | None = "corr-1") -> dict:
    return {"id": event_id, "type": event_type, "version": 1, "occurred_at": occurred_at,
            "correlation_id": correlation_id, "data": data}


def queue_event(sample: str, *envelopes: dict) -> dict:
    """The SQS event events/<sample>.json with one record per envelope (its body swapped in,
    message ids m0, m1, ...). The sample's own body is a change record, as a table's pipe publishes
    it (tests/unit/test_samples.py); consumers accept an envelope too, which lets a test name the
    very event that arrives."""
    template_record = json.loads((ROOT / "events" / f"{sample}.json").read_text())["Records"][0]
    records = []
    for n, message in enumerate(envelopes):
        record = json.loads(json.dumps(template_record))
        record["messageId"] = f"m{n}"
        record["body"] = json.dumps(message)
        records.append(record)
    return {"Records": records}


def consume(handler_module, *envelopes: dict) -> list[str]:
    """Deliver the envelopes to a queue consumer in one batch; the message ids it reports failed.
    (When every message of a batch fails, Powertools raises instead: the whole batch is retried.)"""
    sample = handler_module.__name__.replace("__", "/")
    result = handler_module.handler(queue_event(sample, *envelopes), LambdaContext())
    return [failure["itemIdentifier"] for failure in result["batchItemFailures"]]


def stream_record(event_id: str, old: dict | None, new: dict | None, sequence: str = "111",
                  keys: tuple[str, ...] = ()) -> dict:
    """A DynamoDB stream record of one item's change, as a table's pipe publishes it (`keys`: the
    table's key attributes, copied into the record's Keys)."""
    from boto3.dynamodb.types import TypeSerializer

    serialize = TypeSerializer().serialize
    item = new or old or {}
    change = {"ApproximateCreationDateTime": 1795780800, "SequenceNumber": sequence,
              "StreamViewType": "NEW_AND_OLD_IMAGES", "Keys": {key: serialize(item[key]) for key in keys}}
    if old is not None:
        change["OldImage"] = {key: serialize(value) for key, value in old.items() if value is not None}
    if new is not None:
        change["NewImage"] = {key: serialize(value) for key, value in new.items() if value is not None}
    name = "INSERT" if old is None else "REMOVE" if new is None else "MODIFY"
    return {"eventID": event_id, "eventName": name, "eventSource": "aws:dynamodb", "dynamodb": change}
