"""Cognito helpers for scripts and tests: create a confirmed user, sign in. Uses only the public
Cognito API, so it works the same against AWS and the local emulator."""

import contextlib
import os
from dataclasses import dataclass

# The demo logins `make up` creates (SHOP_* variables choose others); `make bench` signs in with them.
ADMIN_EMAIL = os.environ.get("SHOP_ADMIN_EMAIL") or "admin@shop.local"
ADMIN_PASSWORD = os.environ.get("SHOP_ADMIN_PASSWORD") or "Admin-Passw0rd"
CUSTOMER_EMAIL = os.environ.get("SHOP_CUSTOMER_EMAIL") or "customer@shop.local"
CUSTOMER_PASSWORD = os.environ.get("SHOP_CUSTOMER_PASSWORD") or "Customer-Passw0rd"


@dataclass(frozen=True)
class Tokens:
    id_token: str
    access_token: str
    refresh_token: str


def ensure_user(cognito, pool_id: str, email: str, password: str, name: str, groups: tuple[str, ...] = ()) -> None:
    """Create the user if missing, set a permanent password, and add it to `groups`."""
    with contextlib.suppress(cognito.exceptions.UsernameExistsException):
        cognito.admin_create_user(
            UserPoolId=pool_id,
            Username=email,
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "email_verified", "Value": "true"},
                {"Name": "name", "Value": name},
            ],
            MessageAction="SUPPRESS",
        )
    cognito.admin_set_user_password(UserPoolId=pool_id, Username=email, Password=password, Permanent=True)
    for group in groups:
        cognito.admin_add_user_to_group(UserPoolId=pool_id, Username=email, GroupName=group)


def sign_in(cognito, client_id: str, email: str, password: str) -> Tokens:
    result = cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )["AuthenticationResult"]
    return Tokens(result["IdToken"], result["AccessToken"], result["RefreshToken"])
