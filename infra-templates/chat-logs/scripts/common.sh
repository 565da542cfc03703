# shellcheck shell=bash
# shellcheck disable=SC2034  # the names set here are read by the scripts that source this file
# Shared by deploy.sh, integration-test.sh, cleanup.sh and smoke-moto.sh: names, Region, stack outputs.
# Sourced, never run on its own.

CHAT_LOGS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "${CHAT_LOGS_DIR}/../.." && pwd)"
export CHAT_LOGS_DIR REPO_ROOT

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

require_command() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' is not installed or not on PATH"
  done
}

# SHA-256 (hex) of a file; macOS has shasum instead of sha256sum.
sha256_hex() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# Region: AWS_REGION, else AWS_DEFAULT_REGION, else the profile's region. Exported as
# AWS_DEFAULT_REGION so that every aws call below (CLI v1 and v2) uses the same one.
resolve_region() {
  REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
  if [[ -z "$REGION" ]]; then
    REGION="$(aws configure get region 2>/dev/null || true)"
  fi
  [[ -n "$REGION" ]] || die "no AWS Region: set AWS_REGION (or configure one for profile '${AWS_PROFILE:-default}')"
  export AWS_DEFAULT_REGION="$REGION"
}

resolve_account() {
  ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)" ||
    die "cannot call sts:GetCallerIdentity; check AWS_PROFILE / credentials"
  [[ "$ACCOUNT_ID" =~ ^[0-9]{12}$ ]] || die "unexpected account id '$ACCOUNT_ID'"
}

# Environment and the four stack names, in deployment order.
resolve_stacks() {
  ENVIRONMENT="${ENVIRONMENT:-dev}"
  case "$ENVIRONMENT" in
    dev | stg | prod) ;;
    *) die "ENVIRONMENT must be dev, stg or prod (got '$ENVIRONMENT')" ;;
  esac
  STACK_PREFIX="${STACK_PREFIX:-mv-chat-logs-${ENVIRONMENT}}"
  KMS_STACK="${STACK_PREFIX}-kms"
  BUCKET_STACK="${STACK_PREFIX}-bucket"
  IAM_STACK="${STACK_PREFIX}-iam"
  LAMBDA_STACK="${STACK_PREFIX}-lambda"
}

stack_exists() {
  local status
  status="$(aws cloudformation describe-stacks --stack-name "$1" --query 'Stacks[0].StackStatus' --output text 2>/dev/null)" ||
    return 1
  [[ -n "$status" && "$status" != "DELETE_COMPLETE" ]]
}

# Prints one output of a stack, or nothing when the stack or the output does not exist.
stack_output() {
  local value
  value="$(aws cloudformation describe-stacks --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue | [0]" --output text 2>/dev/null)" || return 0
  [[ "$value" == "None" ]] || printf '%s' "$value"
}

# What every script that deploys or removes needs first: the CLI, Region, stack names, account, artifacts bucket.
resolve_deployment() {
  require_command aws
  resolve_region
  resolve_stacks
  resolve_account
  ARTIFACTS_BUCKET="${ARTIFACTS_BUCKET:-mv-chat-logs-artifacts-${ACCOUNT_ID}-${REGION}}"
}
