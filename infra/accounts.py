"""Cognito helpers for scripts and tests: create a confirmed user, sign in. Uses only the public
Cognito API, so it works the same against AWS and the local emulator."""

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

# The demo logins `make up` creates: SHOP_* variables choose others, and `make up` remembers what it
# was given in LOGINS_FILE (only on this machine, under .local/), so `make bench` and `make load`
# sign in with the same ones without being told again.
LOGINS_FILE = Path(__file__).resolve().parent.parent / ".local" / "demo-logins.json"
DEFAULTS = {"SHOP_ADMIN_EMAIL": "admin@shop.local", "SHOP_ADMIN_PASSWORD": "Admin-Passw0rd",
            "SHOP_CUSTOMER_EMAIL": "customer@shop.local", "SHOP_CUSTOMER_PASSWORD": "Customer-Passw0rd"}


def _login(name: str) -> str:
    remembered = json.loads(LOGINS_FILE.read_text()) if LOGINS_FILE.exists() else {}
    return os.environ.get(name) or remembered.get(name) or DEFAULTS[name]


ADMIN_EMAIL, ADMIN_PASSWORD = _login("SHOP_ADMIN_EMAIL"), _login("SHOP_ADMIN_PASSWORD")
CUSTOMER_EMAIL, CUSTOMER_PASSWORD = _login("SHOP_CUSTOMER_EMAIL"), _login("SHOP_CUSTOMER_PASSWORD")


def remember_logins() -> None:
    """Keep the logins this `make up` used for the tools run after it (readable by the owner only)."""
    LOGINS_FILE.parent.mkdir(exist_ok=True)
    LOGINS_FILE.touch(mode=0o600)
    LOGINS_FILE.chmod(0o600)  # touch sets the mode only when it creates the file
    LOGINS_FILE.write_text(json.dumps({"SHOP_ADMIN_EMAIL": ADMIN_EMAIL, "SHOP_ADMIN_PASSWORD": ADMIN_PASSWORD,
                                       "SHOP_CUSTOMER_EMAIL": CUSTOMER_EMAIL,
                                       "SHOP_CUSTOMER_PASSWORD": CUSTOMER_PASSWORD}, indent=2))


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
