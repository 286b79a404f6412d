"""The one error shape of the API: {"message": str, "code": str, "details"?: list}.

`message` matches the key API Gateway itself uses for 401/404, so clients read one field whatever
answered. `code` is a stable, machine-readable snake_case string (see docs/conventions.md).
"""

from typing import Any


class ApiError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, details: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.details = details

    def headers(self) -> dict[str, str] | None:
        return None

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


class Unprocessable(ApiError):
    status = 422
    code = "validation_error"


class ServiceUnavailable(ApiError):
    """A service this request needs did not answer: nothing was changed; retry later."""

    status = 503
    code = "service_unavailable"
    retry_after_seconds = 1

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_seconds)}
