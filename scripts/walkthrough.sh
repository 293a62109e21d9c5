#!/usr/bin/env bash
# Một ca luân chuyển từ đầu đến cuối / A first rotation, from proposal to an active case, against a
# running service (`npm start` in another terminal). Every request, its body and the role that
# sends it are printed; any answer other than the expected status stops the script with exit 1.
#
#   PORT      the API port (default 3000); BASE_URL overrides the whole address
#   DATA_DIR  the service's data folder (default ./data): the token tool signs with its secret
#   RUN_ID    appended to unit codes, usernames and the decision number (default: the time),
#             so the script can run again on the same database
#
# Needs bash, curl and node (no jq).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE_URL=${BASE_URL:-http://127.0.0.1:${PORT:-3000}}
RUN_ID=${RUN_ID:-$(date +%s)}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

die() {
  printf '\n✗ %s\n' "$*" >&2
  exit 1
}

# The token tool runs in the project folder: a DATA_DIR given relative to here is made absolute.
if [ -n "${DATA_DIR:-}" ]; then
  DATA_DIR=$(cd "$DATA_DIR" 2>/dev/null && pwd) || die "DATA_DIR=$DATA_DIR: no such folder (the one npm start uses)"
  export DATA_DIR
fi

# ---- Helpers: a token per user, one request, one field of the last answer ----

# A bearer token for USERNAME from the operator's tool, kept for the rest of the run.
token() {
  local file="$WORK/token.$1"
  if [ ! -s "$file" ]; then
    (cd "$ROOT" && npm run -s token -- --user "$1") >"$file" || die "no token for $1 (is the service running with this DATA_DIR?)"
  fi
  cat "$file"
}

# request USERNAME METHOD PATH EXPECTED_STATUS [CURL_ARGS...]: sends the request as that user. The
# answer is left in $WORK/answer for `field`.
request() {
  local user=$1 method=$2 path=$3 expected=$4 status bearer
  shift 4
  bearer=$(token "$user") || exit 1
  local args=(-sS -o "$WORK/answer" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $bearer" "$@")
  status=$(curl "${args[@]}" "$BASE_URL$path") || die "$method $path: no answer from $BASE_URL (is the service running? PORT=${PORT:-3000})"
  if [ "$status" != "$expected" ]; then
    printf '  ← %s (expected %s)\n' "$status" "$expected" >&2
    cat "$WORK/answer" >&2
    die "$method $path answered $status"
  fi
  printf '  ← %s\n' "$status"
}

# as USERNAME METHOD PATH EXPECTED_STATUS [< body]: a POST, PUT or PATCH reads its JSON body from stdin.
as() {
  printf '  → %s  %s %s\n' "$1" "$2" "$3"
  if [ "$2" = GET ]; then
    request "$@"
  else
    cat >"$WORK/body"
    sed 's/^/      /' "$WORK/body"
    request "$@" -H 'Content-Type: application/json' --data-binary "@$WORK/body"
  fi
}

# upload USERNAME CASE KIND [ISSUED_AT]: a small PDF filed as that kind of document of the case's
# dossier (multipart/form-data).
upload() {
  local path="/v1/rotations/$2/documents" form=(-F "kind=$3" -F "file=@$WORK/document.pdf;type=application/pdf")
  [ -n "${4:-}" ] && form+=(-F "issuedAt=$4")
  printf '  → %s  POST %s  kind=%s%s\n' "$1" "$path" "$3" "${4:+ issuedAt=$4}"
  request "$1" POST "$path" 201 "${form[@]}"
}

# field PATH: a value of the last answer, e.g. `field id`, `field support.status`.
field() {
  node -e '
    const value = process.argv[1].split(".").reduce((v, k) => (v == null ? v : v[k]), JSON.parse(require("fs").readFileSync(0, "utf8")));
    process.stdout.write(value == null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value));
  ' "$1" <"$WORK/answer"
}

# until_field USERNAME PATH FIELD VALUE: polls GET PATH until FIELD is VALUE (the workflow goes on after an answer).
until_field() {
  local deadline=$((SECONDS + 60))
  while :; do
    as "$1" GET "$2" 200 >/dev/null
    [ "$(field "$3")" = "$4" ] && break
    [ $SECONDS -lt $deadline ] || die "$3 stayed $(field "$3"), expected $4"
    sleep 1
  done
  printf '  ✓ %s = %s\n' "$3" "$4"
}

# check FIELD VALUE: the last answer holds VALUE at FIELD.
check() {
  local actual
  actual=$(field "$1")
  [ "$actual" = "$2" ] || die "$1 is $actual, expected $2"
  printf '  ✓ %s = %s\n' "$1" "$2"
}

step() {
  printf '\n== %s\n' "$*"
}

# Today in Vietnam (UTC+7), the day the API counts dates in.
TODAY=$(node -e 'process.stdout.write(new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10))')

echo "Service: $BASE_URL   DATA_DIR: ${DATA_DIR:-./data}   RUN_ID: $RUN_ID"
as admin GET /v1/me 200 >/dev/null

# ---- 1. Reference data, entered by the admin (role admin, global) ----

step "1. Đơn vị / Units: a province, a district and a commune (admin)"
as admin POST /v1/units 201 <<JSON
{"code": "HD-$RUN_ID", "name": "Tỉnh Hải Dương", "kind": "province"}
JSON
PROVINCE=$(field id)
as admin POST /v1/units 201 <<JSON
{"code": "NS-$RUN_ID", "name": "Huyện Nam Sách", "kind": "district", "parentId": "$PROVINCE"}
JSON
DISTRICT=$(field id)
as admin POST /v1/units 201 <<JSON
{"code": "NS-AL-$RUN_ID", "name": "Xã An Lâm", "kind": "commune", "parentId": "$DISTRICT"}
JSON
COMMUNE=$(field id)

step "2. Cán bộ / The cadre, working at the district and in its planning list for party secretary (admin)"
as admin POST /v1/cadres 201 <<JSON
{"fullName": "Đặng Văn Khoa", "sex": "male", "birthDate": "1982-04-12", "homeUnitId": "$DISTRICT", "currentUnitId": "$DISTRICT",
 "currentPosition": "deputy_head_organization", "politicalTheory": "advanced"}
JSON
CADRE=$(field id)
YEAR=${TODAY:0:4}
as admin POST /v1/planning-records 201 <<JSON
{"cadreId": "$CADRE", "title": "party_secretary", "unitId": "$DISTRICT", "from": "$((YEAR - 1))-01-01", "to": "$((YEAR + 4))-12-31",
 "decisionNumber": "QH-$RUN_ID/QĐ-HU"}
JSON

step "3. Người dùng / Users and their roles (admin): organizer, secretary, three committee members, finance, the cadre"
ORGANIZER=to.chuc.$RUN_ID
SECRETARY=bi.thu.$RUN_ID
MEMBERS=(uy.vien.1.$RUN_ID uy.vien.2.$RUN_ID uy.vien.3.$RUN_ID)
FINANCE=ke.toan.$RUN_ID
CADRE_USER=khoa.$RUN_ID
as admin POST /v1/users 201 <<JSON
{"username": "$ORGANIZER", "fullName": "Nguyễn Văn An (Ban Tổ chức)", "roles": [{"role": "organizer", "unitId": "$DISTRICT"}]}
JSON
as admin POST /v1/users 201 <<JSON
{"username": "$SECRETARY", "fullName": "Trần Thị Cúc (Bí thư)", "roles": [{"role": "secretary", "unitId": "$DISTRICT"}]}
JSON
MEMBER_IDS=()
for i in 0 1 2; do
  as admin POST /v1/users 201 <<JSON
{"username": "${MEMBERS[i]}", "fullName": "Ủy viên Ban Thường vụ $((i + 1))", "roles": [{"role": "committee_member", "unitId": "$DISTRICT"}]}
JSON
  MEMBER_IDS+=("\"$(field id)\"")
done
MEMBER_LIST=$(
  IFS=,
  echo "${MEMBER_IDS[*]}"
)
as admin POST /v1/users 201 <<JSON
{"username": "$FINANCE", "fullName": "Lê Văn Dũng (Kế toán xã)", "roles": [{"role": "finance", "unitId": "$COMMUNE"}]}
JSON
as admin POST /v1/users 201 <<JSON
{"username": "$CADRE_USER", "fullName": "Đặng Văn Khoa", "cadreId": "$CADRE", "roles": [{"role": "cadre", "unitId": "$DISTRICT"}]}
JSON

step "4. Ban Thường vụ / The district's Standing Committee, which votes on the case (admin; at least 3 members)"
as admin PUT "/v1/units/$DISTRICT/committee" 200 <<JSON
{"memberUserIds": [$MEMBER_LIST]}
JSON

step "5. Chính sách hỗ trợ / The support policy in force, before any decision is signed (admin)"
as admin PUT /v1/policies/support 201 <<JSON
{"effectiveFrom": "$TODAY", "oneTimeVnd": 50000000, "monthlySupplementVnd": 3000000, "housingAllowanceVnd": 2000000,
 "transportTiers": [{"maxKm": 20, "monthlyVnd": 500000}, {"maxKm": 50, "monthlyVnd": 1000000}], "earlySalaryRaise": true}
JSON

# ---- 2. The case ----

step "6. Đề xuất / Proposal (organizer): the cadre to An Lâm as its non-local party secretary"
as "$ORGANIZER" POST /v1/rotations 201 <<JSON
{"cadreId": "$CADRE", "fromUnitId": "$DISTRICT", "toUnitId": "$COMMUNE", "position": "party_secretary",
 "termMonths": 36, "reviewIntervalMonths": 6, "nonLocalSecretary": true, "distanceKm": 30,
 "reason": "Luân chuyển để đào tạo, bồi dưỡng qua thực tiễn"}
JSON
CASE=$(field id)
check status consultation

step "7. Lấy ý kiến / Consultation: the cadre answers for themself, the organizer records both units"
as "$CADRE_USER" POST "/v1/rotations/$CASE/consultations" 200 <<JSON
{"party": "cadre", "outcome": "agree_with_concerns", "concerns": [{"type": "distance", "note": "Nhà cách xã 30 km"}], "note": "Đồng ý"}
JSON
as "$ORGANIZER" POST "/v1/rotations/$CASE/consultations" 200 <<JSON
{"party": "sending_unit", "outcome": "agree"}
JSON
as "$ORGANIZER" POST "/v1/rotations/$CASE/consultations" 200 <<JSON
{"party": "receiving_unit", "outcome": "agree", "note": "Đảng ủy xã An Lâm đồng ý tiếp nhận"}
JSON
check status appraisal

step "8. Hồ sơ / The dossier (organizer): each document the rules require, the health certificate issued today"
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/MediaBox[0 0 3 3]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' >"$WORK/document.pdf"
for KIND in nomination_report personal_record self_assessment evaluations_3y political_conclusion asset_declaration; do
  upload "$ORGANIZER" "$CASE" "$KIND"
done
upload "$ORGANIZER" "$CASE" health_certificate "$TODAY"
as "$ORGANIZER" GET "/v1/rotations/$CASE/dossier" 200
check complete true

step "9. Thẩm định / Appraisal (organizer): endorsed"
as "$ORGANIZER" POST "/v1/rotations/$CASE/appraisal" 200 <<JSON
{"outcome": "endorse", "note": "Đủ tiêu chuẩn, điều kiện"}
JSON
check status committee_vote

step "10. Biểu quyết / The vote (committee members), by secret ballot: passes once 'for' is more than half of all 3 members"
as "${MEMBERS[0]}" POST "/v1/rotations/$CASE/votes" 200 <<JSON
{"vote": "for"}
JSON
as "${MEMBERS[1]}" POST "/v1/rotations/$CASE/votes" 200 <<JSON
{"vote": "abstain"}
JSON
check status committee_vote
as "${MEMBERS[2]}" POST "/v1/rotations/$CASE/votes" 200 <<JSON
{"vote": "for"}
JSON
check status decision_pending

step "11. Quyết định / The decision (secretary): signed today, effective today"
as "$SECRETARY" POST "/v1/rotations/$CASE/decision" 200 <<JSON
{"decisionNumber": "$RUN_ID-QĐ/HU", "signedAt": "$TODAY", "effectiveDate": "$TODAY"}
JSON
until_field admin "/v1/rotations/$CASE" status active
until_field admin "/v1/rotations/$CASE" support.status awaiting_approval

step "12. Hỗ trợ / Finance of the receiving commune approves the relocation support"
as "$FINANCE" GET /v1/tasks 200
printf '    tasks: %s\n' "$(field items)"
as "$FINANCE" POST "/v1/rotations/$CASE/support/approve" 200 <<JSON
{"note": "Đồng ý chi hỗ trợ luân chuyển"}
JSON
check support.status approved

step "13. Hồ sơ / The case (GET /v1/rotations/$CASE, admin)"
as admin GET "/v1/rotations/$CASE" 200
node -e '
  const c = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const votes = `${c.votes.for} for, ${c.votes.against} against, ${c.votes.abstain} abstain of ${c.votes.members} (secret ballot: ${c.votes.voted.length} voted)`;
  console.log(`  status            ${c.status}`);
  console.log(`  votes             ${votes}`);
  console.log(`  decision          ${c.decision.decisionNumber}, effective ${c.decision.effectiveDate}`);
  console.log(`  retainedPosition  ${c.retainedPosition.position} at ${c.retainedPosition.unitId}`);
  console.log(`  support           ${c.support.status}, policy version ${c.support.policyVersion}, ${c.support.payments.length} payments`);
  console.log(`  nextReviewDueAt   ${c.nextReviewDueAt}`);
  console.log("  history:");
  for (const h of c.history) console.log(`    ${h.at}  ${(h.actor?.username ?? "(hệ thống / system)").padEnd(24)} ${h.action}`);
' <"$WORK/answer"

printf '\n✓ Case %s is active (RUN_ID %s)\n' "$CASE" "$RUN_ID"
