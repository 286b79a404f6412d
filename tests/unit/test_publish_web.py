"""The storefront's upload to S3 on AWS (infra/publish_web.py), against moto."""

import json

import boto3
import pytest
from moto import mock_aws

from infra.publish_web import IMMUTABLE, REVALIDATE, publish, runtime_config, upload_order


@pytest.fixture
def build(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "index-3f2a.js").write_text("console.log(1)")
    (tmp_path / "assets" / "index-9c1d.css").write_text("body{}")
    (tmp_path / "index.html").write_text("<!doctype html>")
    (tmp_path / "sw.js").write_text("self.addEventListener('fetch', () => {})")
    (tmp_path / "manifest.webmanifest").write_text("{}")
    return tmp_path


def test_hashed_assets_go_up_before_the_pages_that_name_them(build):
    order = upload_order(build)
    assert order[:2] == ["assets/index-3f2a.js", "assets/index-9c1d.css"]
    assert set(order[2:]) == {"index.html", "sw.js", "manifest.webmanifest"}


@mock_aws
def test_assets_are_cached_for_a_year_pages_and_config_never(build):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="web")
    outputs = {"ApiUrl": "https://api.example", "UserPoolId": "pool", "UserPoolClientId": "client", "Stage": "prod"}
    assert publish(s3, "web", build, runtime_config(outputs)) == 6

    def head(key):
        return s3.head_object(Bucket="web", Key=key)

    assert head("assets/index-3f2a.js")["CacheControl"] == IMMUTABLE
    assert head("assets/index-3f2a.js")["ContentType"] == "text/javascript"
    assert head("assets/index-9c1d.css")["ContentType"] == "text/css"
    assert head("manifest.webmanifest")["ContentType"] == "application/manifest+json"
    for key in ("index.html", "sw.js", "config.json"):
        assert head(key)["CacheControl"] == REVALIDATE, key
    config = json.loads(s3.get_object(Bucket="web", Key="config.json")["Body"].read())
    assert config == {"apiUrl": "https://api.example", "userPoolId": "pool", "userPoolClientId": "client",
                      "stage": "prod"}
