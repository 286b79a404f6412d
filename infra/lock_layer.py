"""Pin the shared layer's dependencies for the Lambda platform: `make lock`.

Resolves layers/shared/requirements.txt for CPython 3.12 on manylinux x86_64 and writes
requirements.lock without the packages the Lambda runtime already ships (boto3 and friends).
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

LAYER = Path(__file__).resolve().parent.parent / "layers" / "shared"
PROVIDED_BY_RUNTIME = {"boto3", "botocore", "jmespath", "urllib3", "python-dateutil", "six", "s3transfer"}
HEADER = (
    "# Generated from requirements.txt by `make lock` for the Lambda platform. boto3, botocore and their\n"
    "# dependencies are left out: the Lambda runtime provides them, and a second botocore would shadow its own.\n"
)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--dry-run",
             "--ignore-installed", "--only-binary=:all:", "--platform", "manylinux2014_x86_64",
             "--implementation", "cp", "--python-version", "3.12", "--target", str(Path(tmp) / "t"),
             "--report", str(report), "-r", str(LAYER / "requirements.txt")],
            check=True,
        )
        installed = json.loads(report.read_text())["install"]
    pins = sorted(
        f"{name}=={item['metadata']['version']}"
        for item in installed
        if (name := item["metadata"]["name"].lower().replace("_", "-")) not in PROVIDED_BY_RUNTIME
    )
    (LAYER / "requirements.lock").write_text(HEADER + "\n".join(pins) + "\n")


if __name__ == "__main__":
    main()
