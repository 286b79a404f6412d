"""PATCH /v1/users/me: change the caller's name, phone or preferences (email comes from the token)."""

import user_table
from accounts import Profile, ProfileChanges
from shop.api import BEARER, create_app, http_handler
from shop.auth import current_caller
from shop.observability import logger, tracer

app = create_app()


@app.patch("/v1/users/me", summary="Update my profile", tags=["users"], security=BEARER)
@tracer.capture_method
def update_my_profile(changes: ProfileChanges) -> Profile:
    caller = current_caller(app)
    fields = changes.model_dump(exclude_unset=True)
    profile = user_table.update_profile(caller.user_id, caller.email, fields)
    logger.info("profile updated", extra={"user_id": caller.user_id, "fields": sorted(fields)})
    return profile.to_profile()


handler = http_handler(app)
