"""Give an existing account the admin role: `make admin EMAIL=someone@example.com`.

For bootstrapping the first admin (after that, admins use PUT /v1/auth/admins/{user_id}).
Works against the local stack (default) and, with STACK_NAME set and AWS_ENDPOINT_URL unset, AWS.
The user must sign in again: groups are read into tokens when they are issued.
"""

import os
import sys

import boto3


def main(email: str) -> None:
    stack = boto3.client("cloudformation").describe_stacks(StackName=os.environ.get("STACK_NAME", "shop-local"))
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Stacks"][0]["Outputs"]}
    cognito = boto3.client("cognito-idp")
    try:
        cognito.admin_add_user_to_group(UserPoolId=outputs["UserPoolId"], Username=email, GroupName="admin")
    except cognito.exceptions.UserNotFoundException:
        sys.exit(f"no account for {email}: sign up first (POST /v1/auth/signup)")
    print(f"{email} is now an admin (effective from their next sign-in)")


if __name__ == "__main__":
    if len(sys.argv) != 2 or "@" not in sys.argv[1]:
        sys.exit("usage: make admin EMAIL=someone@example.com")
    main(sys.argv[1])
