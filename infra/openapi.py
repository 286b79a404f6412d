"""Generate the API's OpenAPI document from the handlers: `make openapi`.

Every `functions/<service>/<endpoint>.py` that defines a Powertools resolver named `app` is
imported and its routes and pydantic models merged (Powertools' OpenAPIMerge). The result is
written to functions/platform/openapi.json, which GET /v1/openapi.json serves. Each resolver
documents the errors its routes and the layer answer (shop.api); what the gateway in front of all of
them adds is added here: 429 from the stage's throttling (template.yaml, DefaultRouteSettings).
"""

import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS = ROOT / "functions"
OUTPUT = FUNCTIONS / "platform" / "openapi.json"

# Handler modules read their table names at import; any value will do for reading their routes.
PLACEHOLDER_ENV = {
    "AWS_DEFAULT_REGION": "us-east-1",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_NAMESPACE": "Shop",
    "PRODUCTS_TABLE": "openapi-placeholder",
    "USERS_TABLE": "openapi-placeholder",
    "ORDERS_TABLE": "openapi-placeholder",
    "PAYMENTS_TABLE": "openapi-placeholder",
    "SHIPMENTS_TABLE": "openapi-placeholder",
    "IDEMPOTENCY_TABLE": "openapi-placeholder",
}


def service_dirs() -> list[Path]:
    return sorted(d for d in FUNCTIONS.iterdir() if d.is_dir() and not d.name.startswith(("_", ".")))


def generate() -> dict:
    for name, value in PLACEHOLDER_ENV.items():
        os.environ.setdefault(name, value)
    for path in [ROOT / "layers" / "shared" / "python", *service_dirs()]:
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))

    from aws_lambda_powertools.event_handler.openapi.merge import OpenAPIMerge
    from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

    security_schemes = {"bearerAuth": HTTPBearer(scheme="bearer", bearerFormat="JWT")}
    merge = OpenAPIMerge(
        title="Shop API",
        version="1.0.0",
        description="Serverless e-commerce backend. Money is integer minor units with a currency.",
        security_schemes=security_schemes,
        on_conflict="error",
    )
    for app in resolvers():
        merge.add_schema(app.get_openapi_schema(security_schemes=security_schemes))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a conflict between two handlers must fail the generation
        document = json.loads(merge.get_openapi_json_schema())
    from shop.api import errors

    throttled = {str(status): response for status, response in errors(429).items()}
    for operations in document["paths"].values():
        for operation in operations.values():
            operation["responses"] = {**throttled, **operation["responses"]}
    return document


def load_module(path: Path):
    """A function module by file, named after its service and file: handler modules of different
    services may share a name (on_order_created.py); their helper modules may not."""
    name = f"{path.parent.name}__{path.stem}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def resolvers() -> list:
    """The `app` of every API handler module, in a stable order."""
    found = []
    for service in service_dirs():
        for module_file in sorted(service.glob("*.py")):
            module = load_module(module_file)
            if hasattr(getattr(module, "app", None), "get_openapi_schema"):
                found.append(module.app)
    return found


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    document = generate()
    OUTPUT.write_text(render(document))
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(document['paths'])} paths)")
