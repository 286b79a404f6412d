"""template.yaml as data, for tests that check the code and the template agree."""

import json
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@cache
def template() -> dict:
    from cfnlint.decode import cfn_yaml

    # Round-trip through JSON to turn cfn-lint's node types into plain dicts and strings.
    return json.loads(json.dumps(cfn_yaml.load(str(ROOT / "template.yaml"))))


def resources(kind: str) -> dict[str, dict]:
    return {name: r for name, r in template()["Resources"].items() if r["Type"] == kind}


def api_routes() -> dict[str, dict]:
    """RouteKey ("GET /v1/products") -> the Route's properties."""
    return {r["Properties"]["RouteKey"]: r["Properties"] for r in resources("AWS::ApiGatewayV2::Route").values()}
