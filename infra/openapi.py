"""Generate the API's OpenAPI document from the handlers: `make openapi`.

Every `functions/<service>/<endpoint>.py` that defines a Powertools resolver named `app` is
imported and its routes and pydantic models merged (Powertools' OpenAPIMerge). The result is
written to functions/platform/openapi.json, which GET /v1/openapi.json serves. Each resolver
documents the errors its routes and the layer answer (shop.api); what the gateway in front of all of
them adds is added here: 429 from the stage's throttling (template.yaml, DefaultRouteSettings).
"""

import builtins
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
    layer = str(ROOT / "layers" / "shared" / "python")
    if layer not in sys.path:
        sys.path.insert(0, layer)  # service modules are loaded by file (load_module), not from sys.path

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


def _service_import(service: Path):
    """`__import__` for the modules of one service: a bare `import order_table` (at import time or
    inside a function) is that service's file, loaded by `load_module`; anything else is the
    normal import. So each module sees its own service's modules whatever else is loaded, as it
    does in its own Lambda package, and nothing of a service goes on sys.path or into sys.modules
    under a bare name another service could take."""
    own = {p.stem for p in service.glob("*.py")}

    def service_import(name, module_globals=None, module_locals=None, fromlist=(), level=0):
        if level == 0 and name in own:
            return load_module(service / f"{name}.py")
        return builtins.__import__(name, module_globals, module_locals, fromlist, level)

    return service_import


def load_module(path: Path):
    """A function module by file, as `<service>__<module>` (handler modules of different services
    share names: on_order_created.py). Its own imports of the service's modules are resolved in
    that service's folder only (_service_import), and every module of a service is loaded once, so
    a test that patches `order_table` patches the one every orders module uses."""
    path = Path(path).resolve()
    name = f"{path.parent.name}__{path.stem}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        module.__builtins__ = {**vars(builtins), "__import__": _service_import(path.parent)}
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise
    return sys.modules[name]


def service_module(service: str, module: str):
    """`functions/<service>/<module>.py` as its service's other modules see it."""
    return load_module(FUNCTIONS / service / f"{module}.py")


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
