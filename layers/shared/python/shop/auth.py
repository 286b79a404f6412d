"""Who is calling. The API Gateway JWT authorizer has already verified the token (signature,
expiry, issuer, audience); handlers only read its claims and enforce roles."""

from dataclasses import dataclass

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

from shop.errors import Forbidden, Unauthorized
from shop.settings import ADMIN_GROUP


@dataclass(frozen=True)
class Caller:
    user_id: str
    email: str | None
    groups: frozenset[str]
    name: str | None = None  # the name given at sign-up (ID token); a profile starts with it

    @property
    def is_admin(self) -> bool:
        return ADMIN_GROUP in self.groups


def parse_groups(raw: object) -> frozenset[str]:
    """API Gateway flattens array claims to a string such as "[admin customers]"."""
    if isinstance(raw, (list, tuple)):
        return frozenset(str(group) for group in raw)
    text = str(raw or "").strip().strip("[]")
    return frozenset(part.strip("\"' ") for part in text.replace(",", " ").split() if part.strip("\"' "))


def caller_from_claims(claims: dict | None) -> Caller | None:
    """The caller the gateway's verified claims describe, or None without a token."""
    if not claims or not claims.get("sub"):
        return None
    return Caller(user_id=claims["sub"], email=claims.get("email"), groups=parse_groups(claims.get("cognito:groups")),
                  name=claims.get("name"))


def current_caller(app: APIGatewayHttpResolver) -> Caller:
    authorizer = app.current_event.request_context.authorizer
    caller = caller_from_claims(authorizer.jwt_claim if authorizer else None)
    if caller is None:
        raise Unauthorized("Sign in to use this route")
    return caller


def require_admin(app: APIGatewayHttpResolver) -> Caller:
    caller = current_caller(app)
    if not caller.is_admin:
        raise Forbidden("This route needs the admin role")
    return caller
