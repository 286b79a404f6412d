"""Create the admin the browser tests sign in with, and print its login as shell exports.

    eval "$(.local/venv/bin/python localstack/e2e_accounts.py)"   # then: cd web && npx playwright test

Reads the stack outputs from SHOP_STACK_OUTPUTS (default .local/stack-outputs.json), as the
integration tests do. Shoppers sign themselves up in the tests, as people do.
"""

import json
import os
import shlex
import sys
from pathlib import Path

import boto3

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infra.accounts import ensure_user  # noqa: E402

EMAIL = "e2e-admin@shop.local"
PASSWORD = "E2e-Admin-Passw0rd"


def main() -> None:
    outputs = json.loads((ROOT / os.environ.get("SHOP_STACK_OUTPUTS", ".local/stack-outputs.json")).read_text())
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        os.environ.setdefault(name, "test")  # the emulator takes any credentials
    cognito = boto3.client("cognito-idp", endpoint_url=outputs["EndpointUrl"], region_name=outputs["Region"])
    ensure_user(cognito, outputs["UserPoolId"], EMAIL, PASSWORD, "E2E Admin", groups=("admin",))
    print(f"export E2E_ADMIN_EMAIL={shlex.quote(EMAIL)} E2E_ADMIN_PASSWORD={shlex.quote(PASSWORD)}")


if __name__ == "__main__":
    main()
