"""User profiles and address books: their shapes and rules, in plain Python (no AWS)."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

MAX_ADDRESSES = 20
REQUIRED_ADDRESS_FIELDS = ("recipient", "line1", "city", "postal_code", "country")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+[1-9][0-9]{6,14}$")]  # E.164
# ISO 3166-1 alpha-2, stored upper-case ("fr" is accepted as "FR")
Country = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z]{2}$"), AfterValidator(str.upper)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
PostalCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Preferences(BaseModel):
    marketing_opt_in: bool = False
    preferred_currency: Currency = "EUR"


class PreferenceChanges(Strict):
    marketing_opt_in: bool | None = None
    preferred_currency: Currency | None = None


class Profile(BaseModel):
    user_id: str
    email: str | None
    name: str | None
    phone: str | None
    preferences: Preferences
    default_address_id: str | None
    created_at: str
    updated_at: str


class ProfileChanges(Strict):
    """A PATCH of /v1/users/me. `email` is not here: it comes from the token."""

    name: Text | None = None
    phone: Phone | None = None
    preferences: PreferenceChanges | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> "ProfileChanges":
        if not self.model_fields_set:
            raise ValueError("nothing to change: give name, phone or preferences")
        return self


class AddressFields(Strict):
    label: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] | None = None
    recipient: Text
    line1: LongText
    line2: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    city: Text
    region: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    postal_code: PostalCode
    country: Country
    phone: Phone | None = None


class NewAddress(AddressFields):
    is_default: bool = False


class AddressChanges(Strict):
    label: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] | None = None
    recipient: Text | None = None
    line1: LongText | None = None
    line2: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    city: Text | None = None
    region: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    postal_code: PostalCode | None = None
    country: Country | None = None
    phone: Phone | None = None
    is_default: bool | None = Field(None, description="true makes this the default address")

    @model_validator(mode="after")
    def _valid_change(self) -> "AddressChanges":
        if not self.model_fields_set:
            raise ValueError("nothing to change")
        if self.is_default is False:
            raise ValueError("to change the default address, mark another address as default")
        cleared = [name for name in REQUIRED_ADDRESS_FIELDS
                   if name in self.model_fields_set and getattr(self, name) is None]
        if cleared:
            raise ValueError(f"{', '.join(cleared)} cannot be removed")
        return self

    def field_changes(self) -> dict:
        """Changed address fields (is_default is handled separately; null clears an optional field)."""
        return {name: getattr(self, name) for name in self.model_fields_set - {"is_default"}}


class Address(AddressFields):
    id: str
    is_default: bool
    created_at: str
    updated_at: str


class AddressList(BaseModel):
    items: list[Address]


class UserDetails(BaseModel):
    """What support sees: the profile and the address book."""

    profile: Profile
    addresses: list[Address]


def becomes_default(requested: bool, current_default: str | None) -> bool:
    """A new address is the default when asked for, or when there is no default yet (the first one)."""
    return requested or current_default is None
