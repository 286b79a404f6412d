"""Powertools objects shared by every function. Service name, namespace, log level and whether
tracing is on come from POWERTOOLS_* variables set in template.yaml."""

import os
import warnings

from aws_lambda_powertools import Logger, Metrics

# An invocation that counted nothing is not news: without this, each one writes a warning line.
warnings.filterwarnings("ignore", message="No application metrics to publish")


class _Untraced:
    """The tracer when tracing is off (locally: X-Ray is not emulated). Powertools' Tracer would
    still import and set up the X-Ray SDK, a fifth of a cold start; these decorators change
    nothing and import nothing."""

    @staticmethod
    def capture_lambda_handler(handler=None, **_options):
        return handler if handler is not None else (lambda function: function)

    @staticmethod
    def capture_method(method=None, **_options):
        return method if method is not None else (lambda function: function)


# What the functions call out with: AWS (boto3 and PynamoDB both go through botocore) and the
# catalog lookup's urllib (httplib), patched at init; patch_all would also wrap modules nobody here
# uses. Stripe's SDK (requests) is patched when something imports requests: patching it at init
# would import it, about 15 ms of every other function's cold start.
TRACED_MODULES = ("botocore", "httplib")
TRACED_WHEN_IMPORTED = ("requests",)


def _tracer():
    if os.environ.get("POWERTOOLS_TRACE_DISABLED", "false").lower() in ("true", "1"):
        return _Untraced()
    import wrapt
    from aws_lambda_powertools import Tracer

    tracer = Tracer(patch_modules=TRACED_MODULES)
    for module in TRACED_WHEN_IMPORTED:
        wrapt.register_post_import_hook(lambda _module, name=module: tracer.patch([name]), module)
    return tracer


logger = Logger()
tracer = _tracer()
metrics = Metrics()


def correlation_id() -> str | None:
    """The id that ties this request or event to everything it causes; stored on written items so
    the events they produce carry it on (docs/events.md)."""
    return logger.get_correlation_id()
