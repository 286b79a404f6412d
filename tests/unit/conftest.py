"""Unit tests run handlers in-process against moto. Environment first, then moto, then handlers:
clients created before moto is imported would not be mocked."""

import copy
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
})

import boto3  # noqa: E402
import moto  # noqa: E402  (imported before any handler builds a client)
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "layers" / "shared" / "python"))
sys.path[1:1] = [str(d) for d in sorted((ROOT / "functions").iterdir()) if d.is_dir()]
sys.path.insert(0, str(ROOT))

from tests.template import template  # noqa: E402

ADMIN = {"sub": "admin-sub", "email": "admin@example.com", "cognito:groups": "[admin]"}
CUSTOMER = {"sub": "customer-sub", "email": "customer@example.com"}


class LambdaContext:
    function_name = "unit-test"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:unit-test"
    aws_request_id = "unit-test-request"


def create_table(logical_id: str, table_name: str) -> None:
    """Create the table exactly as template.yaml declares it (keys, indexes)."""
    properties = template()["Resources"][logical_id]["Properties"]
    wanted = ("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "BillingMode", "StreamSpecification")
    boto3.client("dynamodb").create_table(TableName=table_name, **{k: properties[k] for k in wanted if k in properties})


@pytest.fixture
def aws():
    with moto.mock_aws():
        yield


@pytest.fixture
def products_table(aws):
    create_table("ProductsTable", os.environ["PRODUCTS_TABLE"])


def api_event(sample: str, *, body=None, claims=None, query=None, path_params=None, raw_body=None) -> dict:
    """A sample event from events/ (the same files `sam local invoke -e` takes), adjusted."""
    event = copy.deepcopy(json.loads((ROOT / "events" / f"{sample}.json").read_text()))
    if body is not None or raw_body is not None:
        event["body"] = raw_body if raw_body is not None else json.dumps(body)
    if query is not None:
        event["queryStringParameters"] = query
        event["rawQueryString"] = "&".join(f"{k}={v}" for k, v in query.items())
    if path_params is not None:
        event["pathParameters"] = path_params
        path = event["routeKey"].split(" ", 1)[1]
        for name, value in path_params.items():
            path = path.replace("{" + name + "}", value)
        event["rawPath"] = event["requestContext"]["http"]["path"] = path
    if claims is not None:  # {} means "no token": the route is public or the test expects a 401
        event["requestContext"].pop("authorizer", None)
        if claims:
            event["requestContext"]["authorizer"] = {"jwt": {"claims": claims, "scopes": None}}
    return event


def call(handler_module, event: dict) -> tuple[int, dict | None]:
    response = handler_module.handler(event, LambdaContext())
    body = response.get("body")
    return response["statusCode"], json.loads(body) if body else None
