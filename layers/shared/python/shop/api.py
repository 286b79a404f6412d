"""HTTP plumbing for every API function: one resolver setup, one error shape, one handler wrapper.

A handler module does:

    app = create_app()

    @app.get("/v1/things/<thing_id>")
    def get_thing(thing_id: str) -> dict: ...

    handler = http_handler(app)
"""

import json
import re
import time
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.logging import correlation_paths

from shop import aws_calls
from shop.auth import caller_from_claims
from shop.errors import ApiError, Forbidden, Unauthorized
from shop.observability import logger, metrics, tracer

# Name of the security scheme in the OpenAPI document; routes behind the JWT authorizer declare it.
BEARER = [{"bearerAuth": []}]
# A client may name its request with X-Correlation-Id; otherwise API Gateway's request id is used.
CORRELATION_ID = re.compile(r"[A-Za-z0-9._-]{8,100}")


def json_response(status: int, body: Any = None, headers: dict[str, str] | None = None) -> Response:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=None if body is None else json.dumps(body, separators=(",", ":")),
        headers=headers,
    )


def _validation_details(error: RequestValidationError) -> list[dict[str, str]]:
    details = []
    for item in error.errors():
        location, *path = item.get("loc") or ("body",)
        if item.get("type") == "json_invalid":  # its "path" is a character position, not a field
            details.append({"in": "body", "field": "body", "message": "The body is not valid JSON"})
            continue
        details.append({
            "in": str(location),
            "field": ".".join(str(part) for part in path) or str(location),
            "message": item.get("msg", "invalid"),
        })
    return details


def create_app() -> APIGatewayHttpResolver:
    app = APIGatewayHttpResolver(enable_validation=True)

    @app.exception_handler(ApiError)
    def _api_error(error: ApiError) -> Response:
        return json_response(error.status, error.body(), headers=error.headers())

    @app.exception_handler(RequestValidationError)
    def _invalid_request(error: RequestValidationError) -> Response:
        details = _validation_details(error)
        fields = ", ".join(sorted({d["field"] for d in details}))
        return json_response(
            422,
            {"message": f"Invalid request: {fields}", "code": "validation_error", "details": details},
        )

    @app.not_found
    def _no_route(_: Exception) -> Response:
        return json_response(404, {"message": "Not Found", "code": "not_found"})

    return app


def _json_body(event: dict) -> dict:
    """The API speaks JSON only: a body is parsed as JSON whatever Content-Type says (curl -d sends
    form encoding by default), so a client gets a JSON error about its body, not a form-parsing one."""
    headers = event.get("headers") or {}
    if event.get("body") and "json" not in headers.get("content-type", ""):
        event = {**event, "headers": {**headers, "content-type": "application/json"}}
    return event


def _refuse_non_admins(event: dict) -> dict | None:
    """For admin-only functions: 401/403 before anything else, so a customer learns nothing about
    the route (not even how its body is validated)."""
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    caller = caller_from_claims(authorizer.get("jwt", {}).get("claims"))
    if caller is None:
        error: ApiError = Unauthorized("Sign in to use this route")
    elif not caller.is_admin:
        error = Forbidden("This route needs the admin role")
    else:
        return None
    return {"statusCode": error.status, "headers": {"Content-Type": content_types.APPLICATION_JSON},
            "body": json.dumps(error.body(), separators=(",", ":"))}


def http_handler(app: APIGatewayHttpResolver, *, admin_only: bool = False) -> Callable[[dict, Any], dict]:
    """The Lambda entry point for an API function: structured logs with the request id as
    correlation id, one log line per request (route, status, duration), a trace segment, and EMF
    metrics flushed at the end of each invocation. `admin_only` functions refuse other callers
    before routing or validation."""

    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
    @tracer.capture_lambda_handler
    @metrics.log_metrics(capture_cold_start_metric=True)
    def handler(event: dict, context: Any) -> dict:
        started = time.perf_counter()
        aws_calls.start_invocation()
        if (given := (event.get("headers") or {}).get("x-correlation-id")) and CORRELATION_ID.fullmatch(given):
            logger.set_correlation_id(given)  # a client's own id, to find its request in the logs
        try:
            response = (admin_only and _refuse_non_admins(event)) or app.resolve(_json_body(event), context)
        except Exception:
            metrics.add_metric(name="HandlerErrors", unit="Count", value=1)
            raise  # Lambda records the error; the gateway answers 500 {"message": "Internal Server Error"}
        logger.info("request", extra={
            "route": event.get("routeKey"),
            "status": response.get("statusCode"),
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "aws_calls": aws_calls.made(),
        })
        response.setdefault("headers", {})["X-Correlation-Id"] = logger.get_correlation_id()
        return response

    return handler
