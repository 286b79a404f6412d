"""HTTP plumbing for every API function: one resolver setup, one error shape, one handler wrapper.

A handler module does:

    app = create_app()

    @app.get("/v1/things/<thing_id>")
    def get_thing(thing_id: str) -> dict: ...

    handler = http_handler(app)

Whatever a client sends, the answer is a 4xx in the one error shape, never a 5xx: http_handler
refuses bodies over MAX_BODY_BYTES (413), JSON nested deeper than MAX_JSON_DEPTH (400) and path
parameters that cannot be ids (404) before anything is parsed or read; a 422 names at most
MAX_DETAILS fields. Every status a route can answer is in the OpenAPI document: the ones the layer
knows of (401 behind the authorizer, 403 for admin routes, 400/413/422 for input, 404 for ids, 409
and 422 for idempotency keys) are added here, and a route declares its own with
`responses=errors(409)`.
"""

import base64
import binascii
import inspect
import json
import re
import time
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.logging import correlation_paths

from shop import aws_calls, domain_errors, startup
from shop.auth import caller_from_claims
from shop.errors import MAX_DETAILS, ApiError, BadRequest, ErrorBody, Forbidden, NotFound, PayloadTooLarge, Unauthorized
from shop.observability import logger, metrics, tracer

# Name of the security scheme in the OpenAPI document; routes behind the JWT authorizer declare it.
BEARER = [{"bearerAuth": []}]
# A client may name its request with X-Correlation-Id; otherwise API Gateway's request id is used.
CORRELATION_ID = re.compile(r"[A-Za-z0-9._-]{8,100}")

# Input limits, checked before a body is parsed or a key reaches DynamoDB.
MAX_BODY_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32
# Every path parameter is an id: uuids, "shp_<order id>", Cognito subs, or the email an admin names
# a user by. Anything else cannot name a resource, so it is a 404 before any table is read (and
# never a DynamoDB key-size error).
ID_PATTERN = r"^[A-Za-z0-9_-][A-Za-z0-9@.+_-]{0,127}$"
_ID = re.compile(ID_PATTERN)
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")

# The one place where domain errors (shop.domain_errors, raised by domain and data-access modules)
# become HTTP: the status for each class, the nearest in the error's class hierarchy winning. The
# body is the API's one error shape, {"message", "code"}, with the error's own stable code.
DOMAIN_STATUSES: dict[type[domain_errors.DomainError], int] = {
    domain_errors.DomainError: 400,
    domain_errors.Refused: 401,
    domain_errors.NotAllowed: 403,
    domain_errors.NotFound: 404,
    domain_errors.Conflict: 409,           # also VersionConflict
    domain_errors.Unacceptable: 422,
    domain_errors.TooManyAttempts: 429,
    domain_errors.Unavailable: 503,        # with Retry-After
}

_ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorBody"}
_DESCRIPTIONS = {
    400: "Malformed or unusable input",
    401: "No, bad or expired token (the gateway answers {\"message\": \"Unauthorized\"}), or credentials refused",
    403: "Not allowed: the route needs the admin role, or the account cannot sign in yet",
    404: "No such resource (or one that belongs to another user)",
    409: "The write conflicts with the current state, or a request with this Idempotency-Key is still running",
    413: f"The body is larger than {MAX_BODY_BYTES // 1024} KB",
    422: f"The input fails validation (details names at most {MAX_DETAILS} fields)",
    429: "Too many requests; retry later",
    503: "A service this request needs did not answer; nothing was changed; retry after Retry-After seconds",
}


def json_response(status: int, body: Any = None, headers: dict[str, str] | None = None) -> Response:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=None if body is None else json.dumps(body, separators=(",", ":")),
        headers=headers,
    )


def errors(*statuses: int) -> dict[int, dict]:
    """OpenAPI responses for the error statuses a route raises itself: `responses=errors(404, 409)`
    (with a success response too if the route declares one: `responses={204: ..., **errors(409)}`)."""
    return {status: {"description": _DESCRIPTIONS[status], "content": {"application/json": {"schema": _ERROR_SCHEMA}}}
            for status in statuses}


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _validation_details(error: RequestValidationError) -> list[dict[str, str]]:
    details = []
    for item in error.errors():
        location, *path = item.get("loc") or ("body",)
        if item.get("type") == "json_invalid":  # its "path" is a character position, not a field
            details.append({"in": "body", "field": "body", "message": "The body is not valid JSON"})
            continue
        details.append({
            "in": str(location),
            "field": _short(".".join(str(part) for part in path) or str(location)),
            "message": _short(str(item.get("msg", "invalid")), 300),
        })
    return details


def _invalid_request_body(details: list[dict[str, str]]) -> dict:
    """The 422 body: every field named in `message` up to MAX_DETAILS, and as many `details`."""
    fields = sorted({d["field"] for d in details})
    named = ", ".join(fields[:MAX_DETAILS])
    if len(fields) > MAX_DETAILS:
        named += f" and {len(fields) - MAX_DETAILS} more"
    return {"message": f"Invalid request: {named}", "code": "validation_error", "details": details[:MAX_DETAILS]}


def _too_deeply_nested() -> BadRequest:
    return BadRequest(f"The body is nested deeper than {MAX_JSON_DEPTH} levels", code="too_deeply_nested")


def _parse_json(text: str | bytes) -> Any:
    """json.loads, with the inputs it cannot take answered as invalid JSON (422) instead of escaping
    as exceptions: integers of more than 4,300 digits, lone surrogates (no UTF-8 for DynamoDB or
    Cognito), and nesting beyond the interpreter's recursion limit (400)."""
    try:
        value = json.loads(text)
        json.dumps(value, ensure_ascii=False).encode()  # raises on a lone surrogate ("\ud800")
        return value
    except RecursionError:
        raise _too_deeply_nested() from None
    except json.JSONDecodeError:
        raise
    except ValueError as error:  # also UnicodeError
        raise json.JSONDecodeError(f"not usable JSON: {_short(str(error))}", "", 0) from None


class ShopResolver(APIGatewayHttpResolver):
    """Powertools' HTTP API resolver whose OpenAPI operations list every status they may answer."""

    admin_only = False  # set by http_handler(app, admin_only=True)
    _route_signature = inspect.signature(APIGatewayHttpResolver.route)

    def route(self, *args: Any, **kwargs: Any) -> Callable:
        """As Powertools' route; `responses` may hold only errors, and the success response is still
        documented from the return annotation (Powertools drops it once any response is given)."""
        arguments = self._route_signature.bind(self, *args, **kwargs)
        arguments.apply_defaults()
        given = dict(arguments.arguments["responses"] or {})
        if not any(int(status) < 400 for status in given):
            given = {arguments.arguments["status_code"]: {"description": arguments.arguments["response_description"]},
                     **given}
        arguments.arguments["responses"] = given
        return super().route(*arguments.args[1:], **arguments.kwargs)

    def _layer_errors(self, route: Any) -> tuple[int, ...]:
        """The error statuses the layer itself may answer on this route."""
        dependant = route.dependant
        statuses: set[int] = set()
        if route.security:
            statuses.add(401)
        if self.admin_only:
            statuses |= {401, 403}
        if dependant.path_params:
            statuses.add(404)  # not an id, or no such resource
        if dependant.body_params:
            statuses |= {400, 413, 422}  # too deeply nested; too large; invalid
        if dependant.query_params or dependant.header_params or dependant.body_params:
            statuses.add(422)
        if any(param.name == "cursor" for param in dependant.query_params):
            statuses.add(400)  # invalid_cursor (shop.cursor)
        if any(param.alias.lower() == "idempotency-key" for param in dependant.header_params):
            statuses |= {409, 422}  # request_in_progress, idempotency_key_reused (shop.idempotency)
        return tuple(sorted(statuses))

    def get_openapi_schema(self, **kwargs: Any):
        from aws_lambda_powertools.event_handler.openapi.models import Schema

        routes = self._dynamic_routes + self._static_routes
        declared = {id(route): route.responses for route in routes}
        try:
            for route in routes:
                route.responses = {**errors(*self._layer_errors(route)), **route.responses}
            schema = super().get_openapi_schema(**kwargs)
        finally:
            for route in routes:
                route.responses = declared[id(route)]
        for path in schema.paths.values():
            for operation in filter(None, (path.get, path.put, path.post, path.patch, path.delete)):
                # Powertools documents its own 422 shape on every route; ours replaced it where input is validated.
                if "HTTPValidationError" in str(operation.responses.get(422)):
                    del operation.responses[422]
                for parameter in operation.parameters or []:
                    if parameter.in_.value == "path":  # every path parameter is an id
                        parameter.schema_.pattern = ID_PATTERN
        schemas = schema.components.schemas
        for unused in ("HTTPValidationError", "ValidationError", "ResponseValidationError"):
            schemas.pop(unused, None)
        error_schema = ErrorBody.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
        for name, definition in {**error_schema.pop("$defs"), "ErrorBody": error_schema}.items():
            schemas[name] = Schema.model_validate(definition)
        return schema


def domain_error_response(error: domain_errors.DomainError) -> tuple[int, dict, dict[str, str] | None]:
    """Status, body and headers of the answer to a domain error (DOMAIN_STATUSES)."""
    status = next(DOMAIN_STATUSES[cls] for cls in type(error).__mro__ if cls in DOMAIN_STATUSES)
    headers = None
    if isinstance(error, domain_errors.Unavailable):
        headers = {"Retry-After": str(error.retry_after_seconds)}
    return status, {"message": error.message, "code": error.code}, headers


def create_app() -> ShopResolver:
    app = ShopResolver(enable_validation=True, json_body_deserializer=_parse_json)

    @app.exception_handler(ApiError)
    def _api_error(error: ApiError) -> Response:
        return json_response(error.status, error.body())

    @app.exception_handler(domain_errors.DomainError)
    def _domain_error(error: domain_errors.DomainError) -> Response:
        status, body, headers = domain_error_response(error)
        return json_response(status, body, headers=headers)

    @app.exception_handler(RequestValidationError)
    def _invalid_request(error: RequestValidationError) -> Response:
        return json_response(422, _invalid_request_body(_validation_details(error)))

    @app.exception_handler(RecursionError)
    def _recursion(_: RecursionError) -> Response:  # a safety net: http_handler refuses deep JSON first
        logger.warning("recursion limit reached on input")
        error = _too_deeply_nested()
        return json_response(error.status, error.body())

    @app.not_found
    def _no_route(_: Exception) -> Response:
        return json_response(404, {"message": "Not Found", "code": "not_found"})

    return app


def json_depth(text: str, limit: int = MAX_JSON_DEPTH) -> int:
    """How deeply arrays and objects nest in a JSON text (brackets inside strings do not count),
    counted up to just past `limit`; no parsing, so no recursion whatever the input."""
    depth = deepest = 0
    for bracket in _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def _checked_request(event: dict) -> dict:
    """The event as the resolver should see it, or an ApiError for input no route can take: path
    parameters that are not ids, a body over MAX_BODY_BYTES or nested deeper than MAX_JSON_DEPTH.
    The body is handed on decoded (base64, UTF-8) and as JSON whatever Content-Type says (curl -d
    sends form encoding by default), so a client gets a JSON error about its body, not a form one."""
    for name, value in (event.get("pathParameters") or {}).items():
        if not isinstance(value, str) or not _ID.fullmatch(value):
            raise NotFound(f"No such {name.removesuffix('_id')}: ids are 1-128 letters, digits and - _ . @ +")
    body = event.get("body")
    if not body:
        return event
    too_large = PayloadTooLarge(f"The body is larger than {MAX_BODY_BYTES // 1024} KB")
    if event.get("isBase64Encoded"):
        if len(body) > (MAX_BODY_BYTES + 2) // 3 * 4:
            raise too_large
        try:
            text = base64.b64decode(body).decode("utf-8")
        except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
            raise BadRequest("The body is not base64-encoded UTF-8 text") from None
    else:
        text = body
    if len(text) > MAX_BODY_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BODY_BYTES:
        raise too_large
    if json_depth(text) > MAX_JSON_DEPTH:
        raise _too_deeply_nested()
    headers = event.get("headers") or {}
    if "json" not in headers.get("content-type", ""):
        headers = {**headers, "content-type": "application/json"}
    return {**event, "body": text, "isBase64Encoded": False, "headers": headers}


def _refuse_non_admins(event: dict) -> None:
    """For admin-only functions: 401/403 before anything else, so a customer learns nothing about
    the route (not even how its body is validated)."""
    authorizer = (event.get("requestContext") or {}).get("authorizer") or {}
    caller = caller_from_claims(authorizer.get("jwt", {}).get("claims"))
    if caller is None:
        raise Unauthorized("Sign in to use this route")
    if not caller.is_admin:
        raise Forbidden("This route needs the admin role")


def _error_response(error: ApiError) -> dict:
    return {"statusCode": error.status, "headers": {"Content-Type": content_types.APPLICATION_JSON},
            "body": json.dumps(error.body(), separators=(",", ":"))}


def http_handler(app: ShopResolver, *, admin_only: bool = False) -> Callable[[dict, Any], dict]:
    """The Lambda entry point for an API function: structured logs with the request id as
    correlation id, one log line per request (route, status, duration), a trace segment, and EMF
    metrics flushed at the end of each invocation. `admin_only` functions refuse other callers
    before routing or validation; then input no route can take is refused (_checked_request)."""
    app.admin_only = admin_only

    @logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
    @tracer.capture_lambda_handler
    @metrics.log_metrics(capture_cold_start_metric=True)
    def handler(event: dict, context: Any) -> dict:
        started = time.perf_counter()
        aws_calls.start_invocation()
        if (given := (event.get("headers") or {}).get("x-correlation-id")) and CORRELATION_ID.fullmatch(given):
            logger.set_correlation_id(given)  # a client's own id, to find its request in the logs
        try:
            if admin_only:
                _refuse_non_admins(event)
            response = app.resolve(_checked_request(event), context)
        except ApiError as error:
            response = _error_response(error)
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

    startup.init_done()  # the handler module's last line: its init is over
    return handler
