#!/usr/bin/env bash
# Smoke check of the four chat-log templates without an AWS account: starts its own moto_server
# on a free 127.0.0.1 port, creates the stacks in deployment order with create-stack, checks what
# moto built (bucket encryption, versioning, policy, lifecycle, CORS, key rotation, role policy,
# function settings, Function URL, log group, alarms, outputs), then runs cleanup.sh --yes against
# it and checks that everything is gone. Stops moto on exit. Exit status non-zero on any failure.
# moto does not enforce IAM, KMS key policies or bucket policies, and its change sets do not
# produce stack outputs, so this checks the shape of what gets built, not that it is secure, and
# it uses create-stack rather than deploy.sh. Needs: moto_server, aws (CLI v1 or v2), python3.
set -euo pipefail

# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_command moto_server aws python3 zip

WORK="$(mktemp -d)"
MOTO_PID=""
stop_moto() {
  if [[ -n "$MOTO_PID" ]] && kill -0 "$MOTO_PID" 2>/dev/null; then
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap stop_moto EXIT

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log "starting moto_server on 127.0.0.1:${PORT} (log: ${WORK}/moto.log)"
moto_server -H 127.0.0.1 -p "$PORT" >"${WORK}/moto.log" 2>&1 &
MOTO_PID=$!

# Isolate from the caller's AWS setup: dummy credentials, no profile, every call to moto.
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_REGION STACK_PREFIX ARTIFACTS_BUCKET
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
export AWS_ENDPOINT_URL="http://127.0.0.1:${PORT}" AWS_PAGER=""
export ENVIRONMENT=dev

for _ in $(seq 1 60); do
  if aws sts get-caller-identity >/dev/null 2>&1; then break; fi
  kill -0 "$MOTO_PID" 2>/dev/null || die "moto_server exited: $(tail -5 "${WORK}/moto.log")"
  sleep 0.5
done
aws sts get-caller-identity >/dev/null 2>&1 || die "moto_server did not answer within 30 s"
resolve_region
resolve_stacks
resolve_account

FAILURES=0
check() {
  local what="$1" want="$2" got="$3"
  if [[ "$got" == "$want" ]]; then
    printf '  ok    %s\n' "$what" >&2
  else
    printf '  FAIL  %s: got "%s", want "%s"\n' "$what" "$got" "$want" >&2
    FAILURES=$((FAILURES + 1))
  fi
}
q() { aws "$@" --output text; }

# create_stack NAME TEMPLATE Key=Value...: values may contain commas (CommaDelimitedList).
create_stack() {
  local stack="$1" template="$2" status
  shift 2
  python3 -c 'import json, sys
print(json.dumps([{"ParameterKey": k, "ParameterValue": v} for k, v in (a.split("=", 1) for a in sys.argv[1:])]))' \
    "$@" >"${WORK}/params.json"
  log "create-stack ${stack} ($(basename "$template"))"
  if ! aws cloudformation create-stack --stack-name "$stack" --template-body "file://${template}" \
    --parameters "file://${WORK}/params.json" --capabilities CAPABILITY_NAMED_IAM \
    --tags Key=system,Value=chat-logs Key=environment,Value=dev >/dev/null; then
    grep -v '^127\.0\.0\.1' "${WORK}/moto.log" | tail -25 >&2
    die "create-stack ${stack} failed"
  fi
  aws cloudformation wait stack-create-complete --stack-name "$stack" || true
  status="$(q cloudformation describe-stacks --stack-name "$stack" --query 'Stacks[0].StackStatus')"
  if [[ "$status" != CREATE_COMPLETE ]]; then
    # shellcheck disable=SC2016  # `FAILED` is a JMESPath literal
    aws cloudformation describe-stack-events --stack-name "$stack" --output text \
      --query 'StackEvents[?contains(ResourceStatus, `FAILED`)].[LogicalResourceId, ResourceStatusReason]' >&2 || true
    tail -20 "${WORK}/moto.log" >&2
    die "${stack} ended in ${status}"
  fi
}

# --- code artifact (a stand-in handler: moto never runs it) ---------------------------------------
ARTIFACTS_BUCKET="mv-chat-logs-artifacts-${ACCOUNT_ID}-${REGION}"
printf 'export const handler = async () => ({ statusCode: 200, body: "{}" });\n' >"${WORK}/index.mjs"
(cd "$WORK" && zip -q -X presign-lambda.zip index.mjs)
aws s3api create-bucket --bucket "$ARTIFACTS_BUCKET" >/dev/null
aws s3 cp --only-show-errors "${WORK}/presign-lambda.zip" "s3://${ARTIFACTS_BUCKET}/chat-logs/dev/presign-lambda-smoke.zip"

# --- the four stacks, in deployment order -------------------------------------------------------
ORIGINS="https://viewer.example.com,http://localhost:5173"
create_stack "$KMS_STACK" "${CHAT_LOGS_DIR}/kms-key.yaml" Environment=dev
KMS_KEY_ARN="$(stack_output "$KMS_STACK" KmsKeyArn)"
[[ -n "$KMS_KEY_ARN" ]] || die "no KmsKeyArn output"

create_stack "$BUCKET_STACK" "${CHAT_LOGS_DIR}/s3-bucket.yaml" Environment=dev "KmsKeyArn=${KMS_KEY_ARN}" "AllowedOrigins=${ORIGINS}"
BUCKET_NAME="$(stack_output "$BUCKET_STACK" BucketName)"
LOG_BUCKET="$(stack_output "$BUCKET_STACK" AccessLogBucketName)"

create_stack "$IAM_STACK" "${CHAT_LOGS_DIR}/iam-roles.yaml" Environment=dev "BucketName=${BUCKET_NAME}" KeyPrefix=chat-logs/ \
  "KmsKeyArn=${KMS_KEY_ARN}"
ROLE_ARN="$(stack_output "$IAM_STACK" PresignFunctionRoleArn)"

# moto's CloudFormation has no AWS::Lambda::Url (it skips the resource and fails on GetAtt of it), so
# the function stack is created from a copy whose FunctionUrl output is a placeholder; the URL
# resource itself is checked by cfn-lint only.
sed "s|Value: !GetAtt PresignFunctionUrl.FunctionUrl|Value: !Sub 'https://moto-placeholder.lambda-url.\${AWS::Region}.on.aws/'|" \
  "${CHAT_LOGS_DIR}/lambda-function.yaml" >"${WORK}/lambda-function.moto.yaml"
grep -q moto-placeholder "${WORK}/lambda-function.moto.yaml" || die "could not patch the FunctionUrl output for moto"
API_KEYS="alice:$(printf %s 'smoke-test-key' | python3 -c 'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())')"
create_stack "$LAMBDA_STACK" "${WORK}/lambda-function.moto.yaml" Environment=dev "CodeS3Bucket=${ARTIFACTS_BUCKET}" \
  CodeS3Key=chat-logs/dev/presign-lambda-smoke.zip "RoleArn=${ROLE_ARN}" "BucketName=${BUCKET_NAME}" \
  KeyPrefix=chat-logs/ "KmsKeyArn=${KMS_KEY_ARN}" AuthMode=api-key "ApiKeys=${API_KEYS}" \
  "AllowedOrigins=${ORIGINS}" AlarmEmail=ops@example.com

# --- what moto built --------------------------------------------------------------------------------
# moto's CloudFormation models only part of these resources: of AWS::S3::Bucket just the name and
# the default encryption (not versioning, public access block, CORS, lifecycle, logging, metrics);
# AWS::S3::BucketPolicy, AWS::Lambda::Url and AWS::CloudWatch::Alarm not at all; Lambda ignores
# Architectures. Those parts are covered by cfn-lint only; they are not checked here.
log "checking resources"
# Prints the Sid of every statement of a policy, whether moto hands it back as JSON, a JSON string
# or a Python repr.
sids() {
  python3 -c 'import ast, json, sys
v = sys.stdin.read()
for _ in range(3):
    if not isinstance(v, str):
        break
    try:
        v = json.loads(v)
    except ValueError:
        v = ast.literal_eval(v)
print(" ".join(s.get("Sid", "?") for s in v["Statement"]))'
}
check "bucket name" "media-viewer-v209-chat-logs-dev-${ACCOUNT_ID}" "$BUCKET_NAME"
check "bucket default encryption" "aws:kms	${KMS_KEY_ARN}" "$(q s3api get-bucket-encryption --bucket "$BUCKET_NAME" \
  --query 'ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.[SSEAlgorithm, KMSMasterKeyID]')"
check "access-log bucket encryption" AES256 "$(q s3api get-bucket-encryption --bucket "$LOG_BUCKET" \
  --query 'ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm')"
check "KMS key rotation" True "$(q kms get-key-rotation-status --key-id "$KMS_KEY_ARN" --query KeyRotationEnabled)"
check "KMS alias" "alias/mv-chat-logs-dev" "$(q kms list-aliases --key-id "$KMS_KEY_ARN" --query 'Aliases[0].AliasName')"
check "KMS key policy statements" "AccountAdministersKey PresignRoleUsesKeyViaS3" \
  "$(aws kms get-key-policy --key-id "$KMS_KEY_ARN" --policy-name default --output json --query Policy | sids)"
role_name="${ROLE_ARN##*/}"
check "role name" "mv-chat-logs-presign-dev-us-east-1" "$role_name"
check "role inline policies" "own-log-group	presigned-s3-access" "$(q iam list-role-policies --role-name "$role_name" --query 'sort(PolicyNames)')"
check "role S3/KMS statements" "SignedPutAndGetUnderPrefix ChatLogKeyViaS3" \
  "$(aws iam get-role-policy --role-name "$role_name" --policy-name presigned-s3-access --output json --query PolicyDocument | sids)"
check "role S3 resource" "arn:aws:s3:::${BUCKET_NAME}/chat-logs/*" \
  "$(aws iam get-role-policy --role-name "$role_name" --policy-name presigned-s3-access --output json --query PolicyDocument |
    python3 -c 'import ast, json, sys
v = json.loads(sys.stdin.read())
v = json.loads(v) if v.lstrip().startswith("{\"") else ast.literal_eval(v) if isinstance(v, str) else v
print(v["Statement"][0]["Resource"])')"
check "attached managed policies" "" "$(q iam list-attached-role-policies --role-name "$role_name" --query 'AttachedPolicies[].PolicyArn')"
FUNCTION_NAME="$(stack_output "$LAMBDA_STACK" FunctionName)"
check "function settings" "nodejs22.x	index.handler	256	30	${ROLE_ARN}" "$(q lambda get-function-configuration --function-name "$FUNCTION_NAME" \
  --query '[Runtime, Handler, MemorySize, Timeout, Role]')"
check "function environment" "${BUCKET_NAME}	${KMS_KEY_ARN}	chat-logs/	api-key	https://viewer.example.com,http://localhost:5173	3600	104857600" \
  "$(q lambda get-function-configuration --function-name "$FUNCTION_NAME" \
    --query 'Environment.Variables.[S3_BUCKET_NAME, KMS_KEY_ID, KEY_PREFIX, AUTH_MODE, ALLOWED_ORIGINS, MAX_EXPIRES_SECONDS, MAX_UPLOAD_BYTES]')"
check "API_KEYS set in api-key mode" yes "$([[ "$(q lambda get-function-configuration --function-name "$FUNCTION_NAME" \
  --query 'Environment.Variables.API_KEYS')" == "$API_KEYS" ]] && echo yes || echo no)"
check "no Cognito variables in api-key mode" None "$(q lambda get-function-configuration --function-name "$FUNCTION_NAME" \
  --query 'Environment.Variables.COGNITO_USER_POOL_ID')"
check "public-URL invoke permissions" "lambda:InvokeFunctionUrl lambda:InvokeFunction" \
  "$(q lambda get-policy --function-name "$FUNCTION_NAME" --query Policy | python3 -c 'import json, sys; print(" ".join(s["Action"] for s in json.load(sys.stdin)["Statement"]))')"
check "log group retention" 30 "$(q logs describe-log-groups --log-group-name-prefix "/aws/lambda/${FUNCTION_NAME}" \
  --query 'logGroups[0].retentionInDays')"
check "alarm topic" "arn:aws:sns:us-east-1:${ACCOUNT_ID}:mv-chat-logs-alarms-dev" \
  "$(q sns list-topics --query "Topics[?ends_with(TopicArn, ':mv-chat-logs-alarms-dev')].TopicArn | [0]")"
# (AlarmTopicArn is left out: moto drops outputs whose Condition is an Fn::Or of conditions.)
check "stack outputs" "AuthMode BucketName FunctionArn FunctionName FunctionUrl KmsKeyArn LogGroupName" \
  "$(q cloudformation describe-stacks --stack-name "$LAMBDA_STACK" \
    --query "sort(Stacks[0].Outputs[?OutputKey!='AlarmTopicArn'].OutputKey)" | tr '\t' ' ')"

# --- cleanup.sh removes it all ------------------------------------------------------------------------
log "putting two versions and a delete marker in the bucket, then running cleanup.sh --yes"
# (moto's CloudFormation does not apply VersioningConfiguration; turn it on so that cleanup.sh
# meets versions and delete markers as it would on AWS.)
aws s3api put-bucket-versioning --bucket "$BUCKET_NAME" --versioning-configuration Status=Enabled
printf '{"probe":1}' >"${WORK}/probe.json"
for _ in 1 2; do
  aws s3api put-object --bucket "$BUCKET_NAME" --key chat-logs/smoke/probe.json --body "${WORK}/probe.json" \
    --server-side-encryption aws:kms --ssekms-key-id "$KMS_KEY_ARN" >/dev/null
done
aws s3api delete-object --bucket "$BUCKET_NAME" --key chat-logs/smoke/probe.json >/dev/null
"${CHAT_LOGS_DIR}/scripts/cleanup.sh" --yes --delete-artifacts --key-pending-days 7

for stack in "$LAMBDA_STACK" "$IAM_STACK" "$BUCKET_STACK" "$KMS_STACK"; do
  check "stack ${stack} deleted" no "$(stack_exists "$stack" && echo yes || echo no)"
done
for bucket in "$BUCKET_NAME" "$LOG_BUCKET" "$ARTIFACTS_BUCKET"; do
  check "bucket ${bucket} deleted" no "$(aws s3api head-bucket --bucket "$bucket" >/dev/null 2>&1 && echo yes || echo no)"
done
# moto's DescribeKey/ScheduleKeyDeletion fail on keys created through CloudFormation (it stores the
# key policy as an object), so cleanup.sh's key step is a no-op here; it is not checked.

if [[ "$FAILURES" -gt 0 ]]; then
  die "${FAILURES} smoke check(s) failed"
fi
log "smoke check passed: 4 stacks created in moto, what moto models is as specified, cleanup.sh removed everything"
