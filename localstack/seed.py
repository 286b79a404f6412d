"""Seed the local stack with demo data: an admin, a customer and a catalog (run by `make up`).

Safe to run again: users are updated in place, and the catalog is only loaded into an empty
products table. Products go in through the API with the admin's token, as a client would add them.
"""

import json
import sys
from pathlib import Path

import boto3
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infra.accounts import (  # noqa: E402
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    CUSTOMER_EMAIL,
    CUSTOMER_PASSWORD,
    ensure_user,
    remember_logins,
    sign_in,
)


def main() -> None:
    outputs = json.loads((ROOT / ".local" / "stack-outputs.json").read_text())
    cognito = boto3.client("cognito-idp")
    pool, client = outputs["UserPoolId"], outputs["UserPoolClientId"]
    ensure_user(cognito, pool, ADMIN_EMAIL, ADMIN_PASSWORD, "Shop Admin", groups=("admin",))
    ensure_user(cognito, pool, CUSTOMER_EMAIL, CUSTOMER_PASSWORD, "Demo Customer")
    remember_logins()

    api = outputs["ApiUrl"]
    first_page = requests.get(f"{api}/v1/products", params={"limit": 1}, timeout=30)
    first_page.raise_for_status()
    if first_page.json()["items"]:
        print("==> catalog already has products; not seeding it again")
    else:
        token = sign_in(cognito, client, ADMIN_EMAIL, ADMIN_PASSWORD).id_token
        products = json.loads((ROOT / "localstack" / "demo-catalog.json").read_text())
        with requests.Session() as http:
            http.headers["Authorization"] = f"Bearer {token}"
            for product in products:
                response = http.post(f"{api}/v1/products", json=product, timeout=30)
                if response.status_code != 201:
                    sys.exit(f"seeding {product['name']} failed: {response.status_code} {response.text}")
        print(f"==> seeded {len(products)} products")

    print(f"""
Shop API:   {api}
Try:        curl {api}/v1/products
OpenAPI:    {api}/v1/openapi.json
Admin:      {ADMIN_EMAIL} / {ADMIN_PASSWORD}
Customer:   {CUSTOMER_EMAIL} / {CUSTOMER_PASSWORD}
Outputs:    .local/stack-outputs.json (UserPoolId {pool}, UserPoolClientId {client})""")


if __name__ == "__main__":
    main()
