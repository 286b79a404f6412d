"""What the auth routes accept and answer (plain pydantic, no AWS)."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

# Deliberately loose: Cognito is the authority on what an address and a password must be (its
# password policy lives in template.yaml); this only keeps absurd input away from it (control
# characters, which Cognito's username pattern refuses, included).
Email = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=254,
                                         pattern=r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")]
Password = Annotated[str, StringConstraints(min_length=1, max_length=256)]
Token = Annotated[str, StringConstraints(min_length=1, max_length=8192)]


def password_problems(password: str, policy: dict) -> list[str]:
    """The rules of a Cognito password policy (its PasswordPolicy dict) that `password` breaks."""
    rules = [
        (len(password) < policy.get("MinimumLength", 0), f"at least {policy.get('MinimumLength')} characters"),
        (policy.get("RequireUppercase") and not any(c.isupper() for c in password), "an uppercase letter"),
        (policy.get("RequireLowercase") and not any(c.islower() for c in password), "a lowercase letter"),
        (policy.get("RequireNumbers") and not any(c.isdigit() for c in password), "a number"),
        (policy.get("RequireSymbols") and all(c.isalnum() for c in password), "a symbol"),
    ]
    return [rule for broken, rule in rules if broken]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignUp(Strict):
    email: Email
    password: Password
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class SignedUp(BaseModel):
    user_id: str
    email: str
    confirmed: bool


class Confirmation(Strict):
    email: Email
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20, pattern=r"^\S+$")]


class LogIn(Strict):
    email: Email
    password: Password


class Refresh(Strict):
    refresh_token: Token


class LogOut(Strict):
    refresh_token: Token | None = None


class TokenSet(BaseModel):
    id_token: str
    access_token: str
    refresh_token: str | None = None
    expires_in: int
    token_type: str = "Bearer"  # noqa: S105 (the scheme name, not a secret)
