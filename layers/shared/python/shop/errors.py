"""The one error shape of the API: {"message": str, "code": str, "details"?: list}.

`message` matches the key API Gateway itself uses for 401/404, so clients read one field whatever
answered. `code` is a stable, machine-readable snake_case string (see docs/conventions.md).
"""

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

# A 422 names at most this many fields: the answer to a body with thousands of bad keys stays small.
MAX_DETAILS = 20


class ApiError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, details: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.details = details

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.details:
            body["details"] = self.details
        return body


class BadRequest(ApiError):
    status = 400
    code = "bad_request"


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"


class Forbidden(ApiError):
    status = 403
    code = "forbidden"


class NotFound(ApiError):
    status = 404
    code = "not_found"


class Conflict(ApiError):
    status = 409
    code = "conflict"


class PayloadTooLarge(ApiError):
    status = 413
    code = "payload_too_large"


class Unprocessable(ApiError):
    status = 422
    code = "validation_error"



def _no_default(schema: dict) -> None:
    schema.pop("default", None)  # absent, not null: the document shows an optional field


class ErrorDetail(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    location: str = Field(alias="in", description="body, query, path or header")
    field: str = Field(description="the field, dotted for nested ones (items.0.quantity)")
    message: str


class ErrorBody(BaseModel):
    """Every error response's body, as the OpenAPI document describes it. API Gateway's own answers
    (401 for a missing or bad token, 404 for an unknown route, 429 when throttled) have only `message`."""

    message: str = Field(description="for people")
    code: str | SkipJsonSchema[None] = Field(
        None, description="stable and machine-readable (docs/conventions.md); absent from the gateway's own answers",
        json_schema_extra=_no_default)
    details: Annotated[list[ErrorDetail], Field(max_length=MAX_DETAILS)] | SkipJsonSchema[None] = Field(
        None, description=f"for a 422: the fields that failed, at most {MAX_DETAILS}", json_schema_extra=_no_default)
