"""Unit tests run handlers in-process against moto. Environment first, then moto, then handlers:
clients created before moto is imported would not be mocked."""

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
sys.path.insert(0, str(ROOT / "layers" / "shared" / "python"))
sys.path[1:1] = [str(d) for d in sorted((ROOT / "functions").iterdir()) if d.is_dir()]
sys.path.insert(0, str(ROOT))

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
