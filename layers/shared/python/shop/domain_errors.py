"""What domain and data-access modules raise when a request cannot be done: plain Python, no HTTP.

Each error carries a stable, machine-readable `code` (docs/conventions.md lists them) and a
message for people. Which HTTP status a client sees is decided in one place, the table in
`shop.api` (DOMAIN_STATUSES) that `create_app()` applies; modules that raise these never import
`shop.errors` or `shop.api` (tests/unit/test_structure.py checks it).
"""


class DomainError(Exception):
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code or self.code


class Refused(DomainError):
    """Who is asking could not be established: wrong credentials, an expired or revoked token."""

    code = "unauthorized"


class NotAllowed(DomainError):
    """Who is asking is known but may not do this (yet): an unconfirmed account, say."""

    code = "forbidden"


class TooManyAttempts(DomainError):
    """Too many tries in a short time; wait and try again."""

    code = "too_many_requests"


class NotFound(DomainError):
    """No such thing (or one that is not the caller's)."""

    code = "not_found"


class Conflict(DomainError):
    """The current state forbids the change: the cart is full, the address book too, ..."""

    code = "conflict"


class VersionConflict(Conflict):
    """The write lost a race with another one: read again and retry."""

    code = "version_conflict"


class Unacceptable(DomainError):
    """The request breaks a rule of the domain whatever the state (nothing to order, one currency per order)."""

    code = "unacceptable"


class Unavailable(DomainError):
    """Something this request needs did not answer; nothing was changed; retry after a moment."""

    code = "service_unavailable"
    retry_after_seconds = 1
