"""Cognito PreSignUp trigger, deployed only where the AutoConfirmSignUp parameter is true (local
and dev stages): confirms the account and its email at once, so no emailed code is needed."""

from shop import startup
from shop.observability import logger


@logger.inject_lambda_context
def handler(event: dict, context) -> dict:
    logger.set_correlation_id(context.aws_request_id)
    event["response"]["autoConfirmUser"] = True
    if "email" in event["request"].get("userAttributes", {}):
        event["response"]["autoVerifyEmail"] = True
    logger.info("sign-up auto-confirmed", extra={"user_name": event.get("userName")})
    return event


startup.init_done()  # built without the layer's entry points: see shop.startup
