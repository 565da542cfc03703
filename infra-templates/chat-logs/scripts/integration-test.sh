#!/usr/bin/env bash
# Round trip against a deployed chat-log stack: presign an upload, PUT the bytes, check that S3
# stored them SSE-KMS with the stack's key, presign a download, GET and compare, and check that
# the function refuses what it must refuse. Then, when present, runs the Media Viewer example.
# Usage: CHAT_LOG_TOKEN=<api key or Cognito JWT> infra-templates/chat-logs/scripts/integration-test.sh [--env dev]
#        [--origin https://viewer.example.com] [--keep] [--skip-example]
# AUTH_MODE=iam signs the presign call with the caller's AWS credentials (curl --aws-sigv4).
set -euo pipefail

# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

KEEP=false
RUN_EXAMPLE=true
ORIGIN="${TEST_ORIGIN:-}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --env)
      [[ $# -ge 2 ]] || die "--env needs a value"
      ENVIRONMENT="$2"
      shift 2
      ;;
    --origin)
      [[ $# -ge 2 ]] || die "--origin needs a value"
      ORIGIN="$2"
      shift 2
      ;;
    --keep)
      KEEP=true
      shift
      ;;
    --skip-example)
      RUN_EXAMPLE=false
      shift
      ;;
    -h | --help)
      sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

require_command aws curl node openssl
resolve_region
resolve_stacks

FUNCTION_URL="$(stack_output "$LAMBDA_STACK" FunctionUrl)"
BUCKET_NAME="$(stack_output "$LAMBDA_STACK" BucketName)"
KMS_KEY_ARN="$(stack_output "$LAMBDA_STACK" KmsKeyArn)"
AUTH_MODE="$(stack_output "$LAMBDA_STACK" AuthMode)"
[[ -n "$FUNCTION_URL" ]] || die "stack ${LAMBDA_STACK} not found in ${REGION} (or it has no FunctionUrl output); run deploy.sh first"
log "testing ${FUNCTION_URL} (AUTH_MODE=${AUTH_MODE}, bucket ${BUCKET_NAME}, Region ${REGION})"

TOKEN="${CHAT_LOG_TOKEN:-}"
case "$AUTH_MODE" in
  api-key | cognito) [[ -n "$TOKEN" ]] || die "AUTH_MODE=${AUTH_MODE}: set CHAT_LOG_TOKEN to an API key or a Cognito JWT" ;;
  iam)
    if [[ -z "${AWS_ACCESS_KEY_ID:-}" ]]; then
      # CLI v2 can hand out the profile's credentials; v1 users export them first.
      creds="$(aws configure export-credentials --format env 2>/dev/null)" ||
        die "AUTH_MODE=iam: export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY[/AWS_SESSION_TOKEN] (or use AWS CLI v2)"
      eval "$creds"
    fi
    ;;
esac

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
FAILURES=0
pass() { printf '  ok    %s\n' "$*" >&2; }
fail() {
  printf '  FAIL  %s\n' "$*" >&2
  FAILURES=$((FAILURES + 1))
}
# json_get FILE EXPR: prints a field of a JSON file (EXPR is JavaScript on `j`).
json_get() { node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const v=('"$2"');process.stdout.write(v===undefined||v===null?"":String(v))' "$1"; }

# presign BODY OUT: POSTs a presign request, writes the answer to OUT, prints the HTTP status.
presign() {
  local body="$1" out="$2" auth=()
  case "$AUTH_MODE" in
    api-key | cognito) auth=(-H "authorization: Bearer ${TOKEN}") ;;
    iam)
      auth=(--aws-sigv4 "aws:amz:${REGION}:lambda" --user "${AWS_ACCESS_KEY_ID}:${AWS_SECRET_ACCESS_KEY}")
      if [[ -n "${AWS_SESSION_TOKEN:-}" ]]; then auth+=(-H "x-amz-security-token: ${AWS_SESSION_TOKEN}"); fi
      ;;
  esac
  if [[ -n "$ORIGIN" ]]; then auth+=(-H "origin: ${ORIGIN}"); fi
  curl -sS -o "$out" -w '%{http_code}' -X POST "$FUNCTION_URL" \
    -H 'content-type: application/json' "${auth[@]}" --data-binary "$body"
}

# Turns the answer's `headers` object into curl -H arguments, one per line. content-length and
# host are left to curl, which sends the same values; every other header goes out verbatim.
header_args() {
  # shellcheck disable=SC2016  # ${k} and ${v} belong to the JavaScript template literal
  node -e 'const h=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).headers||{};
    for (const [k,v] of Object.entries(h)) { if (!/^(content-length|host)$/i.test(k)) console.log(`${k}: ${v}`); }' "$1"
}

# --- 1. presign an upload ---------------------------------------------------------------------------
payload="${WORK}/chat-log.json"
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
printf '{"sessionId":"integration-%s","messages":[{"role":"user","content":"こんにちは, integration test","timestamp":"%s"}],"metadata":{"source":"integration-test.sh"}}\n' \
  "$$" "$now" >"$payload"
size="$(wc -c <"$payload" | tr -d ' ')"
sha_b64="$(openssl dgst -sha256 -binary "$payload" | openssl base64 -A)"
sha_hex="$(openssl dgst -sha256 -r "$payload" | cut -d' ' -f1)"

status="$(presign "{\"action\":\"upload\",\"fileName\":\"integration test.json\",\"contentType\":\"application/json\",\"contentLength\":${size},\"checksumSha256\":\"${sha_b64}\"}" "${WORK}/up.json")"
[[ "$status" == 200 ]] || die "presign upload answered ${status}: $(cat "${WORK}/up.json")"
S3_KEY="$(json_get "${WORK}/up.json" 'j.s3Key')"
UPLOAD_URL="$(json_get "${WORK}/up.json" 'j.presignedUrl')"
pass "presign upload -> 200, key ${S3_KEY}, method $(json_get "${WORK}/up.json" 'j.method'), expires $(json_get "${WORK}/up.json" 'j.expiresAt')"

# --- 2. PUT the bytes with exactly the returned headers ---------------------------------------------
put_headers=()
while IFS= read -r line; do put_headers+=(-H "$line"); done < <(header_args "${WORK}/up.json")
status="$(curl -sS -o "${WORK}/put.out" -D "${WORK}/put.headers" -w '%{http_code}' -X PUT "$UPLOAD_URL" \
  "${put_headers[@]}" --data-binary "@${payload}")"
[[ "$status" == 200 ]] || die "S3 PUT answered ${status}: $(cat "${WORK}/put.out")"
VERSION_ID="$(tr -d '\r' <"${WORK}/put.headers" | awk -F': ' 'tolower($1)=="x-amz-version-id"{print $2}')"
pass "PUT to S3 -> 200 (version ${VERSION_ID:-none})"

# --- 3. S3 stored it SSE-KMS with the stack's key ---------------------------------------------------
aws s3api head-object --bucket "$BUCKET_NAME" --key "$S3_KEY" --output json >"${WORK}/head.json"
sse="$(json_get "${WORK}/head.json" 'j.ServerSideEncryption')"
kms="$(json_get "${WORK}/head.json" 'j.SSEKMSKeyId')"
if [[ "$sse" == aws:kms && "$kms" == "$KMS_KEY_ARN" ]]; then
  pass "head-object: ServerSideEncryption=aws:kms, SSEKMSKeyId is the stack's key, BucketKeyEnabled=$(json_get "${WORK}/head.json" 'j.BucketKeyEnabled')"
else
  fail "head-object: ServerSideEncryption=${sse:-none} SSEKMSKeyId=${kms:-none} (expected aws:kms and ${KMS_KEY_ARN})"
fi

# --- 4. presign a download, GET, compare ---------------------------------------------------------------
status="$(presign "{\"action\":\"download\",\"s3Key\":\"${S3_KEY}\"}" "${WORK}/down.json")"
if [[ "$status" == 200 ]]; then
  get_headers=()
  while IFS= read -r line; do get_headers+=(-H "$line"); done < <(header_args "${WORK}/down.json")
  status="$(curl -sS -o "${WORK}/got.json" -w '%{http_code}' "$(json_get "${WORK}/down.json" 'j.presignedUrl')" "${get_headers[@]}")"
  got_hex="$(openssl dgst -sha256 -r "${WORK}/got.json" | cut -d' ' -f1)"
  if [[ "$status" == 200 && "$got_hex" == "$sha_hex" ]]; then
    pass "presign download + GET -> 200, SHA-256 matches"
  else
    fail "GET answered ${status}, SHA-256 ${got_hex} (uploaded ${sha_hex})"
  fi
else
  fail "presign download answered ${status}: $(cat "${WORK}/down.json")"
fi

# --- 5. what must be refused ---------------------------------------------------------------------------
expect_status() {
  local want="$1" what="$2" body="$3"
  local got
  got="$(presign "$body" "${WORK}/neg.json")"
  if [[ "$got" == "$want" ]]; then pass "${what} -> ${got}"; else fail "${what} -> ${got}, expected ${want}: $(cat "${WORK}/neg.json")"; fi
}
other_key="${S3_KEY%/*/*}/integration-intruder/never.json"
expect_status 403 "download outside the caller's prefix" "{\"action\":\"download\",\"s3Key\":\"${other_key}\"}"
expect_status 415 "content type not allowed" '{"action":"upload","fileName":"x.exe","contentType":"application/x-msdownload"}'
# Only this one variable is read: the function's configuration also holds API_KEYS.
max_bytes="$(aws lambda get-function-configuration --function-name "$(stack_output "$LAMBDA_STACK" FunctionName)" \
  --query 'Environment.Variables.MAX_UPLOAD_BYTES' --output text 2>/dev/null || true)"
[[ "$max_bytes" =~ ^[0-9]+$ ]] || max_bytes=104857600
expect_status 413 "contentLength over the limit" \
  "{\"action\":\"upload\",\"fileName\":\"big.json\",\"contentType\":\"application/json\",\"contentLength\":$((max_bytes + 1))}"
if [[ "$AUTH_MODE" == api-key || "$AUTH_MODE" == cognito ]]; then
  saved="$TOKEN"
  TOKEN="not-a-valid-token"
  expect_status 401 "wrong bearer token" '{"action":"upload","fileName":"x.json","contentType":"application/json"}'
  TOKEN="$saved"
fi
# Same length, other bytes: S3 itself must reject them against the signed checksum.
status="$(presign "{\"action\":\"upload\",\"fileName\":\"tampered.json\",\"contentType\":\"application/json\",\"contentLength\":${size},\"checksumSha256\":\"${sha_b64}\"}" "${WORK}/up2.json")"
if [[ "$status" == 200 ]]; then
  tampered="${WORK}/tampered.json"
  sed 's/integration/INTEGRATION/g' "$payload" >"$tampered"
  tamper_headers=()
  while IFS= read -r line; do tamper_headers+=(-H "$line"); done < <(header_args "${WORK}/up2.json")
  status="$(curl -sS -o "${WORK}/tamper.out" -w '%{http_code}' -X PUT "$(json_get "${WORK}/up2.json" 'j.presignedUrl')" \
    "${tamper_headers[@]}" --data-binary "@${tampered}")"
  if [[ "$status" =~ ^4 ]]; then pass "PUT of altered bytes rejected by S3 -> ${status}"; else fail "PUT of altered bytes -> ${status}"; fi
else
  fail "second presign upload answered ${status}"
fi

# --- 6. the Media Viewer example, when the workspace has it -----------------------------------------------
example="${REPO_ROOT}/examples/media-viewer-node/upload-chat-log.mjs"
if [[ "$RUN_EXAMPLE" == true && -f "$example" && "$AUTH_MODE" != iam ]]; then
  log "running node ${example#"${REPO_ROOT}"/} --test"
  if (cd "$REPO_ROOT" && LAMBDA_FUNCTION_URL="$FUNCTION_URL" CHAT_LOG_TOKEN="$TOKEN" node "$example" --test); then
    pass "examples/media-viewer-node/upload-chat-log.mjs"
  else
    fail "examples/media-viewer-node/upload-chat-log.mjs exited non-zero"
  fi
elif [[ "$RUN_EXAMPLE" == true ]]; then
  log "skipping the Media Viewer example (not present, or AUTH_MODE=iam)"
fi

# --- 7. tidy up -------------------------------------------------------------------------------------------
if [[ "$KEEP" == false && -n "$VERSION_ID" ]]; then
  # Deleting the exact version leaves no delete marker behind. Needs s3:DeleteObjectVersion.
  if aws s3api delete-object --bucket "$BUCKET_NAME" --key "$S3_KEY" --version-id "$VERSION_ID" >/dev/null 2>&1; then
    log "deleted test object ${S3_KEY} (version ${VERSION_ID})"
  else
    warn "could not delete s3://${BUCKET_NAME}/${S3_KEY} (version ${VERSION_ID}); remove it by hand if you like"
  fi
fi

if [[ "$FAILURES" -gt 0 ]]; then
  die "${FAILURES} check(s) failed"
fi
log "all checks passed"
