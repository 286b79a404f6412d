# Source this to point AWS tools at the local emulator:  . localstack/env.sh [PORT]
export AWS_ENDPOINT_URL="http://127.0.0.1:${1:-${EMULATOR_PORT:-4566}}"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
