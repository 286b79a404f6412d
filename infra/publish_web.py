"""Upload the storefront's build to its bucket on AWS: infra/publish_web.py STACK_NAME.

Run by infra/deploy.sh after `sam deploy` for dev and prod (locally a static server serves web/dist,
docs/decisions.md). The hashed files under assets/ are uploaded first and cached for a year;
index.html, the service worker and config.json last, never cached, so no client ever loads an
index.html whose assets are not there yet. Old assets are left in place: a page loaded before the
deploy may still ask for them.
"""

import json
import mimetypes
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "web" / "dist"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def runtime_config(outputs: dict[str, str]) -> dict[str, str]:
    """What the app reads at startup (web/src/app/config.ts): one build serves every stage. The
    local static server (localstack/storefront.py) serves the same."""
    return {"apiUrl": outputs["ApiUrl"], "userPoolId": outputs.get("UserPoolId", ""),
            "userPoolClientId": outputs.get("UserPoolClientId", ""), "stage": outputs.get("Stage", "local")}


def cache_control(key: str) -> str:
    return IMMUTABLE if key.startswith("assets/") else REVALIDATE


def content_type(key: str) -> str:
    if key.endswith(".webmanifest"):
        return "application/manifest+json"
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


def upload_order(build: Path) -> list[str]:
    """Every file of the build as a key, the hashed assets first."""
    keys = sorted(p.relative_to(build).as_posix() for p in build.rglob("*") if p.is_file())
    return sorted(keys, key=lambda key: not key.startswith("assets/"))


def publish(s3, bucket: str, build: Path, config: dict[str, str]) -> int:
    keys = upload_order(build)
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=(build / key).read_bytes(),
                      ContentType=content_type(key), CacheControl=cache_control(key))
    s3.put_object(Bucket=bucket, Key="config.json", Body=json.dumps(config).encode(),
                  ContentType="application/json", CacheControl=REVALIDATE)
    return len(keys) + 1


def main() -> None:
    import boto3

    stack = sys.argv[1]
    described = boto3.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])}
    if not (BUILD / "index.html").exists():
        raise SystemExit(f"no build in {BUILD}: run `make web` first")
    count = publish(boto3.client("s3"), outputs["StorefrontBucketName"], BUILD, runtime_config(outputs))
    print(f"==> storefront: {count} files to s3://{outputs['StorefrontBucketName']}; {outputs['StorefrontUrl']}")


if __name__ == "__main__":
    main()
