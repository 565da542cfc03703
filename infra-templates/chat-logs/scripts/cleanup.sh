#!/usr/bin/env bash
# Removes one chat-log environment: deletes the stacks in reverse order (lambda, iam, bucket, kms),
# empties and deletes the retained buckets (every version and delete marker) and schedules the
# retained KMS key for deletion. THIS DESTROYS ALL CHAT LOGS OF THE ENVIRONMENT.
# Usage: infra-templates/chat-logs/scripts/cleanup.sh [--env dev|stg|prod] [--yes]
#        [--keep-data] [--delete-artifacts] [--key-pending-days 7-30]
set -euo pipefail

# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ASSUME_YES=false
KEEP_DATA=false
DELETE_ARTIFACTS=false
KEY_PENDING_DAYS=30
while [[ $# -gt 0 ]]; do
  case "$1" in
    --env)
      [[ $# -ge 2 ]] || die "--env needs a value"
      ENVIRONMENT="$2"
      shift 2
      ;;
    --yes | -y)
      ASSUME_YES=true
      shift
      ;;
    --keep-data)
      KEEP_DATA=true
      shift
      ;;
    --delete-artifacts)
      DELETE_ARTIFACTS=true
      shift
      ;;
    --key-pending-days)
      [[ $# -ge 2 && "$2" =~ ^[0-9]+$ && "$2" -ge 7 && "$2" -le 30 ]] || die "--key-pending-days needs 7..30"
      KEY_PENDING_DAYS="$2"
      shift 2
      ;;
    -h | --help)
      cat <<'EOF'
Usage: cleanup.sh [--env dev|stg|prod] [--yes] [--keep-data] [--delete-artifacts] [--key-pending-days N]
  --yes               do not ask for confirmation
  --keep-data         delete the stacks only; keep both buckets and the KMS key (they are retained resources)
  --delete-artifacts  also empty and delete the artifacts bucket deploy.sh created (shared by all environments)
  --key-pending-days  waiting period before KMS deletes the key (7-30, default 30; cancellable meanwhile)
EOF
      exit 0
      ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

resolve_deployment

# Names come from the stacks when they still exist, else from the templates' naming scheme, so
# that a half-deleted environment can be cleaned up by running this again.
BUCKET_NAME="$(stack_output "$BUCKET_STACK" BucketName)"
BUCKET_NAME="${BUCKET_NAME:-media-viewer-v209-chat-logs-${ENVIRONMENT}-${ACCOUNT_ID}}"
LOG_BUCKET_NAME="$(stack_output "$BUCKET_STACK" AccessLogBucketName)"
LOG_BUCKET_NAME="${LOG_BUCKET_NAME:-${BUCKET_NAME}-access-logs}"
KMS_KEY_ARN="$(stack_output "$KMS_STACK" KmsKeyArn)"
if [[ -z "$KMS_KEY_ARN" ]]; then
  KMS_KEY_ARN="$(aws kms describe-key --key-id "alias/mv-chat-logs-${ENVIRONMENT}" \
    --query KeyMetadata.Arn --output text 2>/dev/null || true)"
fi

bucket_exists() { aws s3api head-bucket --bucket "$1" >/dev/null 2>&1; }

cat >&2 <<EOF
About to remove chat-log environment '${ENVIRONMENT}' in account ${ACCOUNT_ID}, Region ${REGION}:
  stacks      ${LAMBDA_STACK}, ${IAM_STACK}, ${BUCKET_STACK}, ${KMS_STACK} (in this order)
EOF
if [[ "$KEEP_DATA" == false ]]; then
  cat >&2 <<EOF
  buckets     s3://${BUCKET_NAME} and s3://${LOG_BUCKET_NAME}: every object version is deleted for good
  KMS key     ${KMS_KEY_ARN:-(not found)}: deletion scheduled in ${KEY_PENDING_DAYS} days
EOF
fi
if [[ "$DELETE_ARTIFACTS" == true ]]; then
  printf '  artifacts   s3://%s (shared by all environments of this account and Region)\n' "$ARTIFACTS_BUCKET" >&2
fi
if [[ "$ASSUME_YES" == false ]]; then
  [[ -t 0 ]] || die "not a terminal: pass --yes to confirm"
  read -r -p "Type the environment name (${ENVIRONMENT}) to continue: " answer
  [[ "$answer" == "$ENVIRONMENT" ]] || die "not confirmed; nothing was changed"
fi

delete_stack() {
  local stack="$1"
  if stack_exists "$stack"; then
    log "deleting stack ${stack}"
    aws cloudformation delete-stack --stack-name "$stack"
    aws cloudformation wait stack-delete-complete --stack-name "$stack" ||
      die "deleting ${stack} failed; see: aws cloudformation describe-stack-events --stack-name ${stack}"
  else
    log "stack ${stack} does not exist"
  fi
}

# Deletes every object version and delete marker, 400 + 400 at a time (delete-objects takes 1000).
empty_bucket() {
  local bucket="$1" batch="${WORK}/batch.json" count total=0
  while :; do
    # shellcheck disable=SC2016  # `true` is a JMESPath literal, not a command substitution
    aws s3api list-object-versions --bucket "$bucket" --max-items 400 --output json \
      --query '{Objects: [Versions, DeleteMarkers][][].{Key: Key, VersionId: VersionId}, Quiet: `true`}' >"$batch"
    count="$(grep -c '"Key"' "$batch" || true)"
    [[ "$count" -gt 0 ]] || break
    aws s3api delete-objects --bucket "$bucket" --delete "file://${batch}" --output json \
      --query 'Errors[0]' >"${WORK}/errors.json"
    if grep -q '"Code"' "${WORK}/errors.json"; then
      die "could not delete from ${bucket}: $(cat "${WORK}/errors.json")"
    fi
    total=$((total + count))
    log "  ${bucket}: ${total} versions/markers deleted"
  done
}

delete_bucket() {
  local bucket="$1"
  if bucket_exists "$bucket"; then
    # Late server-access-log deliveries can refill a bucket between emptying and deleting.
    local attempt
    for attempt in 1 2 3; do
      log "emptying s3://${bucket}"
      empty_bucket "$bucket"
      log "deleting bucket s3://${bucket}"
      if aws s3api delete-bucket --bucket "$bucket"; then return 0; fi
      warn "attempt ${attempt} to delete s3://${bucket} failed; retrying in 10 s"
      sleep 10
    done
    die "could not delete s3://${bucket}"
  else
    log "bucket s3://${bucket} does not exist"
  fi
}

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

delete_stack "$LAMBDA_STACK"
delete_stack "$IAM_STACK"
delete_stack "$BUCKET_STACK"
delete_stack "$KMS_STACK"

if [[ "$KEEP_DATA" == false ]]; then
  delete_bucket "$BUCKET_NAME"
  # The chat-log bucket may have delivered its last access logs meanwhile; emptying runs after it.
  delete_bucket "$LOG_BUCKET_NAME"
  if [[ -n "$KMS_KEY_ARN" ]]; then
    state="$(aws kms describe-key --key-id "$KMS_KEY_ARN" --query KeyMetadata.KeyState --output text 2>/dev/null || true)"
    if [[ "$state" == PendingDeletion ]]; then
      log "KMS key already pending deletion"
    elif [[ -n "$state" && "$state" != None ]]; then
      log "scheduling deletion of ${KMS_KEY_ARN} in ${KEY_PENDING_DAYS} days (aws kms cancel-key-deletion undoes it)"
      aws kms schedule-key-deletion --key-id "$KMS_KEY_ARN" --pending-window-in-days "$KEY_PENDING_DAYS" >/dev/null
    else
      warn "could not read the state of ${KMS_KEY_ARN}; schedule its deletion by hand:"
      warn "  aws kms schedule-key-deletion --key-id ${KMS_KEY_ARN} --pending-window-in-days ${KEY_PENDING_DAYS}"
    fi
  fi
else
  log "kept s3://${BUCKET_NAME}, s3://${LOG_BUCKET_NAME} and the KMS key (--keep-data)"
fi

if [[ "$DELETE_ARTIFACTS" == true ]]; then
  delete_bucket "$ARTIFACTS_BUCKET"
fi
log "environment ${ENVIRONMENT} removed"
