"""Write the JSON Schema of every event's data (shop.contracts) to docs/events/: `make contracts`.

One file per event type and version, `docs/events/<type>.v<version>.json`, for consumers outside
this repository; a unit test fails when a file is not what the models generate.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "events"


def schemas() -> dict[str, dict]:
    sys.path.insert(0, str(ROOT / "layers" / "shared" / "python"))
    from shop.contracts import contracts

    return {f"{event_type}.v{version}.json": {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **model.model_json_schema(mode="serialization"),
        "description": f"The data of {event_type}, version {version} (docs/events.md)",
    } for (event_type, version), model in sorted(contracts().items())}


def render(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def main() -> None:
    OUTPUT.mkdir(exist_ok=True)
    wanted = schemas()
    for stale in {p.name for p in OUTPUT.glob("*.json")} - set(wanted):
        (OUTPUT / stale).unlink()
    for name, schema in wanted.items():
        (OUTPUT / name).write_text(render(schema))
    print(f"wrote {len(wanted)} schemas to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
