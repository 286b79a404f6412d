"""The one place that reads configuration. Every value comes from the function's environment,
which template.yaml sets; nothing here knows whether it runs on AWS or on the local emulator."""

import os


def required(name: str) -> str:
    """An environment variable the function cannot work without."""
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"environment variable {name} is not set (see template.yaml)")
    return value


def optional(name: str, default: str) -> str:
    return os.environ.get(name) or default


STAGE = optional("STAGE", "local")
REGION = optional("AWS_REGION", optional("AWS_DEFAULT_REGION", "us-east-1"))
ADMIN_GROUP = "admin"
