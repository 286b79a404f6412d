"""The users table (owned by the user service): one partition per user holding the profile item
(`record` = "PROFILE") and one item per address (`record` = "ADDRESS#<id>"). Every key starts
with the caller's own user id, so one user's request can never reach another's items.
"""

import uuid

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.models import Model

from accounts import MAX_ADDRESSES, Address, AddressChanges, NewAddress, Preferences, Profile, becomes_default
from shop import settings
from shop.domain_errors import Conflict, NotFound
from shop.observability import correlation_id
from shop.tables import cancellation_reasons, condition_failed, now_iso, share_one_session, write_transaction

share_one_session()  # one botocore session for all the models below (shop.tables)

PROFILE = "PROFILE"
ADDRESS = "ADDRESS#"
TABLE = settings.required("USERS_TABLE")


class ProfileRecord(Model):
    class Meta:
        table_name = TABLE
        region = settings.REGION

    user_id = UnicodeAttribute(hash_key=True)
    record = UnicodeAttribute(range_key=True, default=PROFILE)
    email = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)
    marketing_opt_in = BooleanAttribute(default=False)
    preferred_currency = UnicodeAttribute(default="EUR")
    default_address_id = UnicodeAttribute(null=True)
    address_count = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    def to_profile(self) -> Profile:
        return Profile(
            user_id=self.user_id, email=self.email, name=self.name, phone=self.phone,
            preferences=Preferences(marketing_opt_in=self.marketing_opt_in, preferred_currency=self.preferred_currency),
            default_address_id=self.default_address_id, created_at=self.created_at, updated_at=self.updated_at,
        )



class AddressRecord(Model):
    class Meta:
        table_name = TABLE
        region = settings.REGION

    user_id = UnicodeAttribute(hash_key=True)
    record = UnicodeAttribute(range_key=True)
    label = UnicodeAttribute(null=True)
    recipient = UnicodeAttribute()
    line1 = UnicodeAttribute()
    line2 = UnicodeAttribute(null=True)
    city = UnicodeAttribute()
    region = UnicodeAttribute(null=True)
    postal_code = UnicodeAttribute()
    country = UnicodeAttribute()
    phone = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    correlation_id = UnicodeAttribute(null=True)  # carried into address.* events

    @property
    def address_id(self) -> str:
        return self.record.removeprefix(ADDRESS)

    def to_address(self, default_address_id: str | None) -> Address:
        fields = {name: getattr(self, name) for name in Address.model_fields if name not in ("id", "is_default")}
        return Address(id=self.address_id, is_default=self.address_id == default_address_id, **fields)





def find_profile(user_id: str) -> ProfileRecord | None:
    try:
        return ProfileRecord.get(user_id, PROFILE)
    except ProfileRecord.DoesNotExist:
        return None


def get_or_create_profile(user_id: str, email: str | None, name: str | None = None) -> ProfileRecord:
    """The caller's profile, created on first access (the emulator never fires Cognito's
    PostConfirmation trigger, and a profile that appears when first needed works everywhere)."""
    profile = find_profile(user_id)
    if profile is None:
        now = now_iso()
        profile = ProfileRecord(user_id, PROFILE, email=email, name=name, created_at=now, updated_at=now)
        try:
            profile.save(condition=ProfileRecord.user_id.does_not_exist())
        except PutError as error:
            if not condition_failed(error):
                raise
            profile = ProfileRecord.get(user_id, PROFILE)  # created by a concurrent request
    elif email and profile.email != email:  # the email changed in Cognito: the token is the truth
        profile.update(actions=[ProfileRecord.email.set(email), ProfileRecord.updated_at.set(now_iso())])
    return profile


def update_profile(user_id: str, email: str | None, changes: dict) -> ProfileRecord:
    """Apply `changes` (name, phone, preferences) in one write, creating the profile if needed."""
    now = now_iso()
    actions = [
        ProfileRecord.updated_at.set(now),
        ProfileRecord.created_at.set(ProfileRecord.created_at | now),
        ProfileRecord.address_count.set(ProfileRecord.address_count | 0),
    ]
    if email:
        actions.append(ProfileRecord.email.set(email))
    for field in ("name", "phone"):
        if field in changes:
            attribute = getattr(ProfileRecord, field)
            actions.append(attribute.set(changes[field]) if changes[field] is not None else attribute.remove())
    preferences = changes.get("preferences") or {}
    for field, default in (("marketing_opt_in", False), ("preferred_currency", "EUR")):
        attribute = getattr(ProfileRecord, field)
        value = preferences.get(field)
        actions.append(attribute.set(value) if value is not None else attribute.set(attribute | default))
    profile = ProfileRecord(user_id, PROFILE)
    profile.update(actions=actions)
    return profile


def list_addresses(user_id: str) -> list[AddressRecord]:
    return list(AddressRecord.query(user_id, AddressRecord.record.startswith(ADDRESS)))



def add_address(user_id: str, email: str | None, new: NewAddress) -> Address:
    profile = get_or_create_profile(user_id, email)
    make_default = becomes_default(new.is_default, profile.default_address_id)
    now = now_iso()
    address_id = str(uuid.uuid4())
    record = AddressRecord(user_id, ADDRESS + address_id, created_at=now, updated_at=now,
                           correlation_id=correlation_id(), **new.model_dump(exclude={"is_default"}))
    profile_actions = [ProfileRecord.address_count.add(1), ProfileRecord.updated_at.set(now)]
    if make_default:
        profile_actions.append(ProfileRecord.default_address_id.set(address_id))
    try:
        with write_transaction() as transaction:
            transaction.save(record, condition=AddressRecord.record.does_not_exist())
            transaction.update(ProfileRecord(user_id, PROFILE), actions=profile_actions,
                               condition=ProfileRecord.address_count < MAX_ADDRESSES)
    except TransactWriteError as error:
        if "ConditionalCheckFailed" in cancellation_reasons(error):
            raise Conflict(f"An address book holds at most {MAX_ADDRESSES} addresses; delete one first",
                           code="address_book_full")
        raise
    return record.to_address(address_id if make_default else profile.default_address_id)


def update_address(user_id: str, address_id: str, changes: AddressChanges) -> Address:
    fields = changes.field_changes()
    now = now_iso()
    address = AddressRecord(user_id, ADDRESS + address_id)
    actions = [getattr(AddressRecord, name).set(value) if value is not None else getattr(AddressRecord, name).remove()
               for name, value in fields.items()] + [AddressRecord.updated_at.set(now),
                                                     AddressRecord.correlation_id.set(correlation_id())]
    exists = AddressRecord.record.exists()
    try:
        if changes.is_default:
            with write_transaction() as transaction:
                transaction.update(address, actions=actions, condition=exists)
                transaction.update(ProfileRecord(user_id, PROFILE), condition=ProfileRecord.user_id.exists(),
                                   actions=[ProfileRecord.default_address_id.set(address_id),
                                            ProfileRecord.updated_at.set(now)])
        else:
            address.update(actions=actions, condition=exists)
    except (TransactWriteError, UpdateError) as error:
        reasons = cancellation_reasons(error) if isinstance(error, TransactWriteError) else []
        if condition_failed(error) or "ConditionalCheckFailed" in reasons:
            raise NotFound(f"address {address_id} does not exist")
        raise
    stored = AddressRecord.get(user_id, ADDRESS + address_id)
    profile = find_profile(user_id)
    return stored.to_address(profile.default_address_id if profile else None)


def delete_address(user_id: str, address_id: str) -> None:
    profile = find_profile(user_id)
    key = ADDRESS + address_id
    if profile is None:
        raise NotFound(f"address {address_id} does not exist")
    now = now_iso()
    profile_actions = [ProfileRecord.address_count.add(-1), ProfileRecord.updated_at.set(now)]
    if profile.default_address_id == address_id:  # the oldest remaining address takes over as default
        others = sorted((a for a in list_addresses(user_id) if a.record != key), key=lambda a: a.created_at)
        profile_actions.append(ProfileRecord.default_address_id.set(others[0].address_id) if others
                               else ProfileRecord.default_address_id.remove())
    try:
        with write_transaction() as transaction:
            transaction.delete(AddressRecord(user_id, key), condition=AddressRecord.record.exists())
            transaction.update(ProfileRecord(user_id, PROFILE), actions=profile_actions)
    except TransactWriteError as error:
        if "ConditionalCheckFailed" in cancellation_reasons(error):
            raise NotFound(f"address {address_id} does not exist")
        raise
