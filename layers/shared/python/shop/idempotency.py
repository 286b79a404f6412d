"""Idempotent HTTP writes: a client that may retry sends an `Idempotency-Key` header. The first
request with a key runs; a retry with the same key and body gets the first response again (status
and body); the same key with a different body is refused with 422; a retry that arrives while the
first is still running gets 409. Built on Powertools idempotency with the service's own
idempotency table (IDEMPOTENCY_TABLE); records expire after 24 hours.

    return run_once(app, key=idempotency_key, scope=caller.user_id, payload=body.model_dump(),
                    action=lambda: (201, create(...)))
"""

from collections.abc import Callable
from functools import cache
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.event_handler.openapi.params import Header

from shop import settings
from shop.api import json_response
from shop.errors import Conflict, Unprocessable

Action = Callable[[], tuple[int, Any]]
KEY_HEADER = "Idempotency-Key"
# The route parameter that reads the header: `idempotency_key: IdempotencyKey = None`.
IdempotencyKey = Annotated[str | None, Header(min_length=1, max_length=255,
                                              description="a key of the client's choosing that makes retries safe")]
EXPIRES_AFTER_SECONDS = 24 * 60 * 60


@cache
def _idempotent_runner() -> tuple[Callable[..., dict], Any]:
    # Imported on first use: routes that are never retried do not pay for it at cold start.
    import boto3
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    from shop.tables import botocore_session

    config = IdempotencyConfig(
        event_key_jmespath="[scope, key]",  # the key is per caller: two users may pick the same one
        payload_validation_jmespath="payload",
        expires_after_seconds=EXPIRES_AFTER_SECONDS,
        raise_on_no_idempotency_key=True,
    )
    store = DynamoDBPersistenceLayer(table_name=settings.required("IDEMPOTENCY_TABLE"),
                                     boto3_session=boto3.session.Session(botocore_session=botocore_session()))

    @idempotent_function(data_keyword_argument="request", persistence_store=store, config=config)
    def perform(request: dict, action: Action) -> dict:
        status, body = action()
        return {"status": status, "body": body}

    return perform, config


def prepare() -> None:
    """Build the idempotency store now. A route that always takes a key calls this at import, so
    its cost (imports, a DynamoDB client) is paid while the function initialises, not inside the
    first request's time limit: under a burst of cold starts that was what timed out (docs/decisions.md)."""
    _idempotent_runner()


def run_once(app: APIGatewayHttpResolver, *, key: str | None, scope: str, payload: Any, action: Action,
             headers_for: Callable[[Any], dict[str, str]] | None = None) -> Response:
    """`action()` → (status, body), run once per key; `headers_for(body)` adds response headers
    (e.g. Location) to the first response and to replays alike."""

    def respond(status: int, body: Any) -> Response:
        return json_response(status, body, headers=headers_for(body) if headers_for else None)

    if key is None:
        return respond(*action())

    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyValidationError,
    )

    perform, config = _idempotent_runner()
    config.register_lambda_context(app.lambda_context)
    try:
        result = perform(request={"scope": scope, "key": key, "payload": payload}, action=action)
    except IdempotencyValidationError:
        raise Unprocessable(f"This {KEY_HEADER} was already used with a different request body",
                            code="idempotency_key_reused")
    except IdempotencyAlreadyInProgressError:
        raise Conflict(f"A request with this {KEY_HEADER} is still being processed; retry shortly",
                       code="request_in_progress")
    return respond(result["status"], result["body"])
