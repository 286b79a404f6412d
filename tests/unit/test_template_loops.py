"""The Fn::ForEach template creates exactly the resources the written-out one did (issue 10).

`template_resources_before_loops.json` is `tests.template.template()["Resources"]` of the template
before its plumbing became loops (commit "Snapshot of template.yaml's resources ..."). Drop this test
and the snapshot once the change has landed and been deployed in place.
"""

import json
from pathlib import Path

from tests.template import inline_sub, template

SNAPSHOT = Path(__file__).with_name("template_resources_before_loops.json")


def test_the_expanded_template_has_the_resources_of_the_written_out_one():
    before = inline_sub(json.loads(SNAPSHOT.read_text()))
    after = inline_sub(template()["Resources"])
    assert sorted(after) == sorted(before)
    changed = [name for name in before if after[name] != before[name]]
    assert changed == [], f"{len(changed)} resources differ, first {changed[0]}: {after[changed[0]]}"


def test_only_the_loops_write_the_short_sub_in_its_long_form():
    """What inline_sub forgives is exactly what a loop cannot write: the written-out resources are
    compared as they are."""
    before = json.loads(SNAPSHOT.read_text())
    after = template()["Resources"]
    different = {name for name in before if after[name] != before[name]}
    generated = {name for name in after if name not in _written_names()}
    assert different <= generated


def _written_names() -> set[str]:
    from cfnlint.decode import cfn_yaml

    from tests.template import ROOT

    return {name for name in cfn_yaml.load(str(ROOT / "template.yaml"))["Resources"] if "::" not in name}
