"""Sample API Gateway events from events/ (the files `sam local invoke -e` takes), adjusted per test."""

import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class LambdaContext:
    function_name = "unit-test"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:unit-test"
    aws_request_id = "unit-test-request"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 10_000


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
