"""The Cognito user pool behind the auth routes: every call made to it, and which domain error
each of its refusals is (shop.api answers them). Messages never echo passwords or tokens."""

from functools import cache

import boto3
from botocore.exceptions import ClientError

from credentials import SignedUp, TokenSet, password_problems
from shop.domain_errors import Conflict, DomainError, NotAllowed, NotFound, Refused, TooManyAttempts
from shop.settings import ADMIN_GROUP, required

cognito = boto3.client("cognito-idp")


def _client_id() -> str:
    return required("USER_POOL_CLIENT_ID")


def _pool_id() -> str:
    return required("USER_POOL_ID")


WRONG_CREDENTIALS = "Incorrect email or password"


def _error_code(error: ClientError) -> str:
    return error.response.get("Error", {}).get("Code", "")


def _translate(error: ClientError, overrides: dict[str, DomainError]) -> DomainError:
    """The domain error for a Cognito error we expect; anything else is re-raised as it is."""
    code = _error_code(error)
    if code in overrides:
        return overrides[code]
    if code in ("TooManyRequestsException", "LimitExceededException", "TooManyFailedAttemptsException"):
        return TooManyAttempts("Too many attempts; wait a moment and try again")
    raise error  # unexpected: let Lambda record it as an error


@cache
def _password_policy() -> dict:
    """The pool's password policy (template.yaml), read once per container and only on a refusal."""
    pool = cognito.describe_user_pool(UserPoolId=_pool_id())["UserPool"]
    return pool.get("Policies", {}).get("PasswordPolicy", {})


def _weak_password(password: str, cognito_message: str) -> DomainError:
    problems = password_problems(password, _password_policy())
    message = f"Password must have {', '.join(problems)}" if problems else cognito_message
    return DomainError(message or "Password does not meet the password policy", code="weak_password")


def sign_up(email: str, password: str, name: str) -> SignedUp:
    try:
        result = cognito.sign_up(
            ClientId=_client_id(), Username=email, Password=password,
            UserAttributes=[{"Name": "email", "Value": email}, {"Name": "name", "Value": name}],
        )
    except ClientError as error:
        message = error.response.get("Error", {}).get("Message", "")
        weak = _weak_password(password, message) if _error_code(error) == "InvalidPasswordException" else None
        raise _translate(error, {
            "UsernameExistsException": Conflict("An account with this email already exists", code="email_taken"),
            "InvalidPasswordException": weak,
            "InvalidParameterException": DomainError(message or "Invalid sign-up details", code="invalid_sign_up"),
        })
    return SignedUp(user_id=result["UserSub"], email=email, confirmed=bool(result.get("UserConfirmed")))


def confirm_sign_up(email: str, code: str) -> None:
    invalid = DomainError("The confirmation code is wrong or has expired", code="invalid_code")
    try:
        cognito.confirm_sign_up(ClientId=_client_id(), Username=email, ConfirmationCode=code)
    except ClientError as error:
        raise _translate(error, {
            "CodeMismatchException": invalid, "ExpiredCodeException": invalid,
            "UserNotFoundException": invalid, "NotAuthorizedException": invalid,
            "InvalidParameterException": invalid,  # a code or address Cognito's patterns refuse
        })


def _tokens(result: dict) -> TokenSet:
    tokens = result["AuthenticationResult"]
    return TokenSet(
        id_token=tokens["IdToken"], access_token=tokens["AccessToken"],
        refresh_token=tokens.get("RefreshToken"), expires_in=tokens.get("ExpiresIn", 3600),
        token_type=tokens.get("TokenType", "Bearer"),
    )


def log_in(email: str, password: str) -> TokenSet:
    try:
        result = cognito.initiate_auth(
            ClientId=_client_id(), AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
    except ClientError as error:
        # Unknown email and wrong password are the same answer: no user enumeration.
        raise _translate(error, {
            "NotAuthorizedException": Refused(WRONG_CREDENTIALS, code="invalid_credentials"),
            "UserNotFoundException": Refused(WRONG_CREDENTIALS, code="invalid_credentials"),
            "InvalidParameterException": Refused(WRONG_CREDENTIALS, code="invalid_credentials"),
            "UserNotConfirmedException": NotAllowed("Confirm your email address first", code="not_confirmed"),
            "PasswordResetRequiredException": NotAllowed("Reset your password first", code="password_reset_required"),
        })
    if "AuthenticationResult" not in result:  # a challenge (e.g. new password) this API does not offer
        raise NotAllowed("This account needs attention before it can sign in", code="challenge_required")
    return _tokens(result)


def refresh(refresh_token: str) -> TokenSet:
    try:
        result = cognito.initiate_auth(
            ClientId=_client_id(), AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": refresh_token},
        )
    except ClientError as error:
        raise _translate(error, {
            "NotAuthorizedException": Refused("The refresh token is invalid, expired or revoked",
                                                   code="invalid_refresh_token"),
        })
    tokens = _tokens(result)
    return tokens.model_copy(update={"refresh_token": None})


def log_out(user_id: str, refresh_token: str | None) -> None:
    """Revoke the given refresh token, and sign the user out everywhere (all refresh tokens)."""
    if refresh_token:
        try:
            cognito.revoke_token(Token=refresh_token, ClientId=_client_id())
        except ClientError as error:
            invalid = DomainError("That refresh token is not valid", code="invalid_refresh_token")
            raise _translate(error, {"UnauthorizedException": invalid, "UnsupportedTokenTypeException": invalid})
    cognito.admin_user_global_sign_out(UserPoolId=_pool_id(), Username=user_id)


def subject_of(user_id: str) -> str:
    """The `sub` of the user that `user_id` names: a username, an email (our alias) or a sub."""
    try:
        user = cognito.admin_get_user(UserPoolId=_pool_id(), Username=user_id)
    except ClientError as error:
        raise _translate(error, {"UserNotFoundException": NotFound(f"user {user_id} does not exist")})
    attributes = {attribute["Name"]: attribute["Value"] for attribute in user.get("UserAttributes", [])}
    return attributes.get("sub", user["Username"])


def set_admin(user_id: str, admin: bool) -> None:
    try:
        if admin:
            cognito.admin_add_user_to_group(UserPoolId=_pool_id(), Username=user_id, GroupName=ADMIN_GROUP)
        else:
            cognito.admin_remove_user_from_group(UserPoolId=_pool_id(), Username=user_id, GroupName=ADMIN_GROUP)
    except ClientError as error:
        raise _translate(error, {"UserNotFoundException": NotFound(f"user {user_id} does not exist")})
