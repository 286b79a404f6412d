"""Pin the layers' dependencies for the Lambda platform: `make lock`.

Resolves each layer's requirements.txt for CPython 3.12 on manylinux x86_64 and writes its
requirements.lock without the packages the Lambda runtime already ships (boto3 and friends); the
Stripe layer's also leaves out what the shared layer holds, which sits beside it in the same
functions (two copies of one package in /opt would be whichever layer came last).
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

LAYERS = Path(__file__).resolve().parent.parent / "layers"
PROVIDED_BY_RUNTIME = {"boto3", "botocore", "jmespath", "urllib3", "python-dateutil", "six", "s3transfer"}
HEADER = (
    "# Generated from requirements.txt by `make lock` for the Lambda platform. boto3, botocore and their\n"
    "# dependencies are left out: the Lambda runtime provides them, and a second botocore would shadow its own.\n"
)


def pins(layer: Path, left_out: set[str], constraints: Path | None = None) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--dry-run",
             "--ignore-installed", "--only-binary=:all:", "--platform", "manylinux2014_x86_64",
             "--implementation", "cp", "--python-version", "3.12", "--target", str(Path(tmp) / "t"),
             "--report", str(report), "-r", str(layer / "requirements.txt"),
             *(["-c", str(constraints)] if constraints else [])],
            check=True,
        )
        installed = json.loads(report.read_text())["install"]
    return sorted(
        f"{name}=={item['metadata']['version']}"
        for item in installed
        if (name := item["metadata"]["name"].lower().replace("_", "-")) not in left_out
    )


def main() -> None:
    shared = pins(LAYERS / "shared", PROVIDED_BY_RUNTIME)
    (LAYERS / "shared" / "requirements.lock").write_text(HEADER + "\n".join(shared) + "\n")
    in_shared = {pin.split("==")[0] for pin in shared}
    # Resolved against the shared pins, so what both need is the version the shared layer holds.
    stripe = pins(LAYERS / "stripe", PROVIDED_BY_RUNTIME | in_shared,
                  constraints=LAYERS / "shared" / "requirements.lock")
    left_out = "# What the shared layer holds is left out too: these functions have both.\n"
    (LAYERS / "stripe" / "requirements.lock").write_text(HEADER + left_out + "\n".join(stripe) + "\n")


if __name__ == "__main__":
    main()
