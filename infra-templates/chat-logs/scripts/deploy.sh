#!/usr/bin/env bash
# Builds the presign Lambda bundle, uploads it and deploys the four chat-log stacks in order:
#   <prefix>-kms -> <prefix>-bucket -> <prefix>-iam -> <prefix>-lambda
# Usage: AUTH_MODE=api-key API_KEYS=alice:<sha256hex> ALLOWED_ORIGINS=https://viewer.example.com \
#          infra-templates/chat-logs/scripts/deploy.sh [--env dev|stg|prod]
# See docs/chat-logs/deployment.md for every variable.
set -euo pipefail

# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<'EOF'
Usage: deploy.sh [--env dev|stg|prod] [--help]

Required on the first deployment (later runs keep the previous values when unset):
  AUTH_MODE            api-key | cognito | iam | none
  ALLOWED_ORIGINS      comma-separated browser origins, e.g. https://viewer.example.com
  API_KEYS             AUTH_MODE=api-key: name:<sha256 hex of key>,...   (or API_KEYS_SSM_PARAMETER)
  COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID   AUTH_MODE=cognito (COGNITO_TOKEN_USE=access|id, default access)

Optional:
  ENVIRONMENT (dev)  STACK_PREFIX (mv-chat-logs-<env>)  ARTIFACTS_BUCKET (mv-chat-logs-artifacts-<account>-<region>)
  CODE_ZIP (a ready zip with index.mjs at its root; skips the pnpm bundle step)
  API_KEYS_SSM_PARAMETER (name of an SSM SecureString holding API_KEYS)
  ARCHITECTURE  KEY_PREFIX  ALLOWED_CONTENT_TYPES  DEFAULT_EXPIRES_SECONDS  MAX_EXPIRES_SECONDS  MAX_UPLOAD_BYTES
  MULTIPART_PLAN_SECRET (generated on the first deployment when unset)
  MAX_MULTIPART_BYTES  LOG_LEVEL  LOG_RETENTION_DAYS  RESERVED_CONCURRENCY  CORS_MAX_AGE_SECONDS  ALARM_EMAIL  ALARM_TOPIC_ARN
  S3_4XX_ALARM_THRESHOLD  NONCURRENT_VERSION_EXPIRATION_DAYS  ACCESS_LOG_RETENTION_DAYS  KMS_PENDING_WINDOW_DAYS
AWS_PROFILE and AWS_REGION select the account and Region as usual.
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --env)
      [[ $# -ge 2 ]] || die "--env needs a value"
      ENVIRONMENT="$2"
      shift 2
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

resolve_deployment
log "account ${ACCOUNT_ID}, Region ${REGION}, environment ${ENVIRONMENT}, stacks ${STACK_PREFIX}-{kms,bucket,iam,lambda}"

# --- settings check (only what the templates cannot default) -------------------------------------
first_deploy=true
if stack_exists "$LAMBDA_STACK"; then first_deploy=false; fi
if [[ -n "${API_KEYS_SSM_PARAMETER:-}" && -z "${API_KEYS:-}" ]]; then
  log "reading API_KEYS from SSM parameter ${API_KEYS_SSM_PARAMETER}"
  API_KEYS="$(aws ssm get-parameter --name "$API_KEYS_SSM_PARAMETER" --with-decryption \
    --query Parameter.Value --output text)"
fi
if [[ "$first_deploy" == true ]]; then
  [[ -n "${AUTH_MODE:-}" ]] || die "AUTH_MODE is required (api-key | cognito | iam | none)"
  [[ -n "${ALLOWED_ORIGINS:-}" ]] || die "ALLOWED_ORIGINS is required, e.g. https://viewer.example.com"
fi
case "${AUTH_MODE:-}" in
  '' | iam | none) ;;
  api-key) [[ -n "${API_KEYS:-}" || "$first_deploy" == false ]] || die "AUTH_MODE=api-key needs API_KEYS=name:<sha256 hex>,..." ;;
  cognito) [[ -n "${COGNITO_USER_POOL_ID:-}" && -n "${COGNITO_CLIENT_ID:-}" || "$first_deploy" == false ]] ||
    die "AUTH_MODE=cognito needs COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID" ;;
  *) die "AUTH_MODE must be api-key, cognito, iam or none (got '${AUTH_MODE}')" ;;
esac
if [[ "${AUTH_MODE:-}" == none ]]; then
  warn "AUTH_MODE=none: anybody who knows the Function URL can upload. Use it for experiments only."
fi

# Appends Name=value to `params` only when a value is given, so that an update keeps the previous
# value of everything the caller does not mention. (No namerefs: macOS still ships bash 3.2.)
params=()
add_param() {
  if [[ -n "${2:-}" ]]; then params+=("$1=$2"); fi
}

# --- 1. bundle ------------------------------------------------------------------------------------
BUILD_DIR="${CHAT_LOGS_DIR}/.build"
mkdir -p "$BUILD_DIR"
if [[ -n "${CODE_ZIP:-}" ]]; then
  [[ -f "$CODE_ZIP" ]] || die "CODE_ZIP=${CODE_ZIP} does not exist"
  unzip -l "$CODE_ZIP" | grep -q ' index\.mjs$' || die "CODE_ZIP must contain index.mjs at its root"
  zip_file="$CODE_ZIP"
  log "using prebuilt bundle ${zip_file}"
else
  require_command pnpm zip
  log "bundling: pnpm --filter @mv/example-presign-lambda bundle"
  (cd "$REPO_ROOT" && pnpm --filter @mv/example-presign-lambda bundle)
  bundle="${REPO_ROOT}/examples/presign-lambda/dist/index.mjs"
  [[ -f "$bundle" ]] || die "the bundle step did not produce ${bundle}"
  zip_file="${BUILD_DIR}/presign-lambda.zip"
  rm -f "$zip_file"
  (cd "$(dirname "$bundle")" && zip -q -X "$zip_file" index.mjs)
  log "bundle: $(wc -c <"$bundle") bytes, zip: $(wc -c <"$zip_file") bytes"
fi
# The object is named after its content, so an unchanged bundle neither uploads nor redeploys. A
# fresh zip's timestamps change on every build, hence the bundle's own hash in that case.
if [[ -n "${CODE_ZIP:-}" ]]; then
  code_hash="$(sha256_hex "$zip_file" | cut -c1-16)"
else
  code_hash="$(sha256_hex "$bundle" | cut -c1-16)"
fi
code_key="chat-logs/${ENVIRONMENT}/presign-lambda-${code_hash}.zip"

# --- 2. artifacts bucket --------------------------------------------------------------------------
if aws s3api head-bucket --bucket "$ARTIFACTS_BUCKET" >/dev/null 2>&1; then
  log "artifacts bucket s3://${ARTIFACTS_BUCKET} exists"
else
  log "creating artifacts bucket s3://${ARTIFACTS_BUCKET}"
  if [[ "$REGION" == us-east-1 ]]; then
    aws s3api create-bucket --bucket "$ARTIFACTS_BUCKET" >/dev/null
  else
    aws s3api create-bucket --bucket "$ARTIFACTS_BUCKET" \
      --create-bucket-configuration "LocationConstraint=${REGION}" >/dev/null
  fi
  aws s3api wait bucket-exists --bucket "$ARTIFACTS_BUCKET"
  aws s3api put-public-access-block --bucket "$ARTIFACTS_BUCKET" --public-access-block-configuration \
    BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
  aws s3api put-bucket-encryption --bucket "$ARTIFACTS_BUCKET" --server-side-encryption-configuration \
    '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'
fi
if aws s3api head-object --bucket "$ARTIFACTS_BUCKET" --key "$code_key" >/dev/null 2>&1; then
  log "code s3://${ARTIFACTS_BUCKET}/${code_key} already uploaded"
else
  log "uploading code to s3://${ARTIFACTS_BUCKET}/${code_key}"
  aws s3 cp --only-show-errors "$zip_file" "s3://${ARTIFACTS_BUCKET}/${code_key}"
fi

# --- 3. stacks, in order --------------------------------------------------------------------------
deploy_stack() {
  local stack="$1" template="$2"
  shift 2
  log "deploying ${stack} (${template})"
  aws cloudformation deploy \
    --stack-name "$stack" \
    --template-file "${CHAT_LOGS_DIR}/${template}" \
    --capabilities CAPABILITY_NAMED_IAM \
    --no-fail-on-empty-changeset \
    --tags system=chat-logs "environment=${ENVIRONMENT}" \
    --parameter-overrides "$@"
}

params=("Environment=${ENVIRONMENT}")
add_param PendingWindowInDays "${KMS_PENDING_WINDOW_DAYS:-}"
deploy_stack "$KMS_STACK" kms-key.yaml "${params[@]}"
KMS_KEY_ARN="$(stack_output "$KMS_STACK" KmsKeyArn)"
[[ -n "$KMS_KEY_ARN" ]] || die "${KMS_STACK} has no KmsKeyArn output"

params=("Environment=${ENVIRONMENT}" "KmsKeyArn=${KMS_KEY_ARN}")
add_param AllowedOrigins "${ALLOWED_ORIGINS:-}"
add_param KeyPrefix "${KEY_PREFIX:-}"
add_param NoncurrentVersionExpirationDays "${NONCURRENT_VERSION_EXPIRATION_DAYS:-}"
add_param AccessLogRetentionDays "${ACCESS_LOG_RETENTION_DAYS:-}"
deploy_stack "$BUCKET_STACK" s3-bucket.yaml "${params[@]}"
BUCKET_NAME="$(stack_output "$BUCKET_STACK" BucketName)"
STACK_KEY_PREFIX="$(stack_output "$BUCKET_STACK" KeyPrefix)"
FILTER_ID="$(stack_output "$BUCKET_STACK" RequestMetricsFilterId)"
[[ -n "$BUCKET_NAME" && -n "$STACK_KEY_PREFIX" ]] || die "${BUCKET_STACK} has no BucketName/KeyPrefix output"

deploy_stack "$IAM_STACK" iam-roles.yaml "Environment=${ENVIRONMENT}" "BucketName=${BUCKET_NAME}" \
  "KeyPrefix=${STACK_KEY_PREFIX}" "KmsKeyArn=${KMS_KEY_ARN}"
ROLE_ARN="$(stack_output "$IAM_STACK" PresignFunctionRoleArn)"
[[ -n "$ROLE_ARN" ]] || die "${IAM_STACK} has no PresignFunctionRoleArn output"

params=(
  "Environment=${ENVIRONMENT}" "CodeS3Bucket=${ARTIFACTS_BUCKET}" "CodeS3Key=${code_key}"
  "RoleArn=${ROLE_ARN}" "BucketName=${BUCKET_NAME}" "KeyPrefix=${STACK_KEY_PREFIX}" "KmsKeyArn=${KMS_KEY_ARN}"
)
add_param RequestMetricsFilterId "$FILTER_ID"
add_param AuthMode "${AUTH_MODE:-}"
add_param ApiKeys "${API_KEYS:-}"
add_param CognitoUserPoolId "${COGNITO_USER_POOL_ID:-}"
add_param CognitoClientId "${COGNITO_CLIENT_ID:-}"
add_param CognitoTokenUse "${COGNITO_TOKEN_USE:-}"
add_param AllowedOrigins "${ALLOWED_ORIGINS:-}"
add_param AllowedContentTypes "${ALLOWED_CONTENT_TYPES:-}"
add_param DefaultExpiresSeconds "${DEFAULT_EXPIRES_SECONDS:-}"
add_param MaxExpiresSeconds "${MAX_EXPIRES_SECONDS:-}"
add_param MaxUploadBytes "${MAX_UPLOAD_BYTES:-}"
add_param MaxMultipartBytes "${MAX_MULTIPART_BYTES:-}"
# One key for every instance, so a multipart upload's signed plan is accepted whichever instance answers.
if [[ "$first_deploy" == true && -z "${MULTIPART_PLAN_SECRET:-}" ]]; then
  MULTIPART_PLAN_SECRET="$(head -c 32 /dev/urandom | base64)"
  log "generated a MULTIPART_PLAN_SECRET for this stack (kept across updates)"
fi
add_param MultipartPlanSecret "${MULTIPART_PLAN_SECRET:-}"
add_param Architecture "${ARCHITECTURE:-}"
add_param LogLevel "${LOG_LEVEL:-}"
add_param LogRetentionDays "${LOG_RETENTION_DAYS:-}"
add_param ReservedConcurrency "${RESERVED_CONCURRENCY:-}"
add_param CorsMaxAgeSeconds "${CORS_MAX_AGE_SECONDS:-}"
add_param AlarmEmail "${ALARM_EMAIL:-}"
add_param AlarmTopicArn "${ALARM_TOPIC_ARN:-}"
add_param S3ClientErrorThreshold "${S3_4XX_ALARM_THRESHOLD:-}"
# The parameter values (API key hashes included) are not printed; ApiKeys is NoEcho in the stack.
deploy_stack "$LAMBDA_STACK" lambda-function.yaml "${params[@]}"

FUNCTION_URL="$(stack_output "$LAMBDA_STACK" FunctionUrl)"
DEPLOYED_AUTH_MODE="$(stack_output "$LAMBDA_STACK" AuthMode)"
log "done"
printf '\nFunction URL (LAMBDA_FUNCTION_URL): %s\n' "$FUNCTION_URL"
printf 'Bucket:                             %s\n' "$BUCKET_NAME"
printf 'KMS key:                            %s\n' "$KMS_KEY_ARN"
printf 'Auth mode:                          %s\n' "$DEPLOYED_AUTH_MODE"
if [[ -n "${ALARM_EMAIL:-}" && -z "${ALARM_TOPIC_ARN:-}" ]]; then
  printf '\nConfirm the SNS subscription e-mail sent to %s, or the alarms reach nobody.\n' "$ALARM_EMAIL"
fi
printf '\nNext: CHAT_LOG_TOKEN=<key or JWT> %s/integration-test.sh --env %s\n' \
  "infra-templates/chat-logs/scripts" "$ENVIRONMENT"
