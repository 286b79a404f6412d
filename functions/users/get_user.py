"""GET /v1/users/{user_id}: a user's profile and addresses, for support (admin)."""

import user_table
from accounts import UserDetails
from shop.api import BEARER, create_app, http_handler
from shop.auth import require_admin
from shop.errors import NotFound
from shop.observability import logger, tracer

app = create_app()


@app.get("/v1/users/<user_id>", summary="Get a user (admin)", tags=["users"], security=BEARER)
@tracer.capture_method
def get_user(user_id: str) -> UserDetails:
    caller = require_admin(app)
    profile = user_table.find_profile(user_id)
    if profile is None:
        raise NotFound(f"user {user_id} has no profile")
    logger.info("user viewed by support", extra={"user_id": user_id, "by": caller.user_id})
    records = sorted(user_table.list_addresses(user_id), key=lambda record: record.created_at)
    return UserDetails(profile=profile.to_profile(),
                       addresses=[record.to_address(profile.default_address_id) for record in records])


handler = http_handler(app, admin_only=True)
