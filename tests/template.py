"""template.yaml as data, for tests that check the code and the template agree.

The template repeats its plumbing with `Fn::ForEach` (AWS::LanguageExtensions). `template()` answers
it with those loops expanded by cfn-lint's implementation of the transform, so tests see the
resources CloudFormation creates. Only the loops are expanded: everything else stays as written
(a `!FindInMap [StageSettings, !Ref Stage, ...]` is resolved by CloudFormation per stage, and
cfn-lint's whole-template pass would pick one stage for it).
"""

import json
from copy import deepcopy
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOR_EACH = "Fn::ForEach::"


@cache
def template() -> dict:
    from cfnlint.decode import cfn_yaml
    from cfnlint.template import Template
    from cfnlint.template.transforms._language_extensions import _Transform

    written = cfn_yaml.load(str(ROOT / "template.yaml"))
    # cfn-lint resolves Fn::FindInMap against cfn.template; a copy, as Template() rewrites some of it.
    cfn = Template(str(ROOT / "template.yaml"), deepcopy(written), regions=["us-east-1"])
    transform = _Transform()
    expanded = dict(written)
    for section in ("Conditions", "Resources", "Outputs"):
        members = {}
        for key, value in written.get(section, {}).items():
            if not key.startswith(FOR_EACH):
                members[key] = value
                continue
            for name, member in transform._walk({key: value}, {}, cfn).items():
                assert name not in members and name not in written[section], f"{key} repeats {name}"
                members[name] = member
        if section in written:
            expanded[section] = members
    # Round-trip through JSON to turn cfn-lint's node types into plain dicts and strings.
    return json.loads(json.dumps(expanded))


def inline_sub(node):
    """`node` with every `Fn::Sub` variable map folded into its string where a variable is a plain
    string, a `Ref` or a `Fn::GetAtt`: `!Sub ["/aws/lambda/${F}", {F: !Ref X}]` is
    `!Sub /aws/lambda/${X}`, the same value. A loop cannot write the short form (a variable in a
    variable name, `${${Route}Function}`, is refused), so the two are compared this way."""
    if isinstance(node, list):
        return [inline_sub(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: inline_sub(value) for key, value in node.items()}
    sub = node.get("Fn::Sub")
    if len(node) == 1 and isinstance(sub, list) and len(sub) == 2:
        text, variables = sub
        left = {}
        for name, value in variables.items():
            if isinstance(value, str):
                text = text.replace("${" + name + "}", value)
            elif isinstance(value, dict) and list(value) == ["Ref"] and isinstance(value["Ref"], str):
                text = text.replace("${" + name + "}", "${" + value["Ref"] + "}")
            elif isinstance(value, dict) and list(value) == ["Fn::GetAtt"]:
                text = text.replace("${" + name + "}", "${" + ".".join(value["Fn::GetAtt"]) + "}")
            else:
                left[name] = value
        return {"Fn::Sub": [text, left] if left else text}
    return node


def resources(kind: str) -> dict[str, dict]:
    return {name: r for name, r in template()["Resources"].items() if r["Type"] == kind}


def api_routes() -> dict[str, dict]:
    """RouteKey ("GET /v1/products") -> the Route's properties."""
    return {r["Properties"]["RouteKey"]: r["Properties"] for r in resources("AWS::ApiGatewayV2::Route").values()}
