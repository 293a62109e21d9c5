// Every refusal's text, by code, in each language the service answers in: domain refusals,
// the API's own problems and the generic detail of each status. Pure, safe inside the workflow
// sandbox. A refusal is raised with `refusalText(code, params)`; the answer picks the language.

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

declare const FROM_A_CATALOGUE: unique symbol;

/**
 * A refusal's text in every language, made only by this catalogue (`refusalText`, `listOf`) or
 * taken whole from another one (`catalogued`: zod's locales): a refusal a user sees is raised
 * with one, never with a plain string, so none is left untranslated.
 */
export interface Wording {
  readonly en: string;
  readonly vi: string;
  readonly [FROM_A_CATALOGUE]: true;
}

/** A text that may have no Vietnamese (a workflow refusal's details before they are read). */
export interface MaybeWorded {
  readonly en: string;
  readonly vi?: string;
}

/** The text in `lang`, English where the text has no wording in it. */
export function inLanguage(text: string | MaybeWorded, lang: Language): string {
  return typeof text === 'string' ? text : (text[lang] ?? text.en);
}

/** A text another catalogue words in each language (zod's locales). */
export function catalogued(en: string, vi: string): Wording {
  return { en, vi } as Wording;
}

type Value = string | number | readonly string[];
type Entry<P> = Readonly<Record<Language, (p: P) => string>>;

function entry<P extends Record<string, Value> = Record<never, never>>(en: (p: P) => string, vi: (p: P) => string): Entry<P> {
  return { en, vi };
}

/** What an id names, for "no … with this id". */
export const THINGS = {
  cadre: 'cán bộ',
  'follow-up': 'việc cần theo dõi',
  payment: 'khoản chi hỗ trợ',
  unit: 'đơn vị',
  user: 'người dùng',
  delegation: 'ủy quyền',
  document: 'tài liệu',
  notification: 'thông báo',
  'planning record': 'bản ghi quy hoạch',
  'rotation case': 'hồ sơ luân chuyển',
} as const;
export type Thing = keyof typeof THINGS;

const NATIONAL_EXCEPTION = { en: 'the competent level may record an exception', vi: 'cấp có thẩm quyền có thể ghi nhận ngoại lệ' };

interface CommitteeCount extends Record<string, Value> {
  min: number;
  members: number;
}
const COMMITTEE_TOO_SMALL = entry<CommitteeCount>(
  (p) => `a Standing Committee has at least ${p.min} members; this one would have ${p.members}`,
  (p) => `Ban Thường vụ phải có ít nhất ${p.min} thành viên; ban này sẽ chỉ có ${p.members}`,
);

/** What a count limit counts, for "at most … ". */
export const COUNTED = {
  concerns: { en: 'concerns in one answer', vi: 'băn khoăn trong một ý kiến' },
  committeeMembers: { en: 'members of the deciding Standing Committee', vi: 'thành viên Ban Thường vụ quyết định' },
  followUpsPerReview: { en: 'follow-ups agreed at one review', vi: 'việc cần theo dõi thống nhất tại một kỳ đánh giá' },
  followUpsPerCase: { en: 'follow-ups over the term', vi: 'việc cần theo dõi trong suốt thời gian luân chuyển' },
  totalTermMonths: { en: 'months of term, extensions included', vi: 'tháng luân chuyển, kể cả thời gian gia hạn' },
  evaluationsPerCase: { en: 'evaluations over the term', vi: 'bản đánh giá trong suốt thời gian luân chuyển' },
} as const;
export type Counted = keyof typeof COUNTED;

/** What a count limit counts, in each language. */
export function counted(what: Counted): Wording {
  return catalogued(COUNTED[what].en, COUNTED[what].vi);
}

const TEXTS = {
  // ---- generic details of a status ----
  request_invalid: entry(
    () => 'the request is not valid',
    () => 'yêu cầu không hợp lệ',
  ),
  request_unreadable: entry(
    () => 'the request could not be read',
    () => 'không đọc được yêu cầu',
  ),
  body_not_json: entry(
    () => 'the request body is not valid JSON',
    () => 'nội dung yêu cầu không phải JSON hợp lệ',
  ),
  body_too_large: entry(
    () => 'the request body is too large',
    () => 'nội dung yêu cầu quá lớn',
  ),
  body_encoding: entry(
    () => 'the request body has an unsupported encoding',
    () => 'nội dung yêu cầu có kiểu mã hóa không được hỗ trợ',
  ),
  body_charset: entry(
    () => 'the request body has an unsupported charset',
    () => 'nội dung yêu cầu có bảng mã ký tự không được hỗ trợ',
  ),
  body_too_deep: entry<{ max: number }>(
    (p) => `the request body is nested more than ${p.max} levels deep`,
    (p) => `nội dung yêu cầu lồng nhau sâu quá ${p.max} cấp`,
  ),
  path_not_utf8: entry(
    () => 'the path is not valid percent-encoded UTF-8',
    () => 'đường dẫn không phải UTF-8 mã hóa phần trăm hợp lệ',
  ),
  no_route: entry<{ method: string; path: string }>(
    (p) => `there is no ${p.method} ${p.path}`,
    (p) => `không có ${p.method} ${p.path}`,
  ),
  not_found: entry<{ what: Thing }>(
    (p) => `no ${p.what} with this id`,
    (p) => `không có ${THINGS[p.what]} nào với mã này`,
  ),
  not_found_many: entry<{ what: Thing }>(
    (p) => `no ${p.what} with these ids`,
    (p) => `không có ${THINGS[p.what]} nào với các mã này`,
  ),
  precondition_failed: entry(
    () => 'the resource has changed since the version the request names',
    () => 'dữ liệu đã thay đổi so với phiên bản mà yêu cầu nêu',
  ),
  precondition_required: entry(
    () => 'this request must name the version it changes (If-Match)',
    () => 'yêu cầu này phải nêu phiên bản mà nó thay đổi (If-Match)',
  ),
  too_many_from_address: entry<{ limit: number }>(
    (p) => `more than ${p.limit} requests a minute from this address; try again later`,
    (p) => `địa chỉ này đã gửi quá ${p.limit} yêu cầu trong một phút; vui lòng thử lại sau`,
  ),
  too_many_from_user: entry<{ limit: number }>(
    (p) => `more than ${p.limit} requests a minute from this user; try again later`,
    (p) => `người dùng này đã gửi quá ${p.limit} yêu cầu trong một phút; vui lòng thử lại sau`,
  ),
  too_many_sign_ins: entry<{ limit: number }>(
    (p) => `more than ${p.limit} sign-in attempts a minute; try again later`,
    (p) => `đã có quá ${p.limit} lần đăng nhập trong một phút; vui lòng thử lại sau`,
  ),
  unexpected: entry(
    () => 'an unexpected error occurred',
    () => 'đã xảy ra lỗi không mong muốn',
  ),
  database_unavailable: entry(
    () => 'the database did not answer in time; try again',
    () => 'cơ sở dữ liệu không phản hồi kịp; vui lòng thử lại',
  ),
  workflow_unavailable: entry(
    () => 'the workflow service did not answer in time; try again',
    () => 'dịch vụ quy trình không phản hồi kịp; vui lòng thử lại',
  ),
  case_ended: entry(
    () => 'the case has ended; no step can be taken on it',
    () => 'hồ sơ đã kết thúc; không thể thực hiện thêm bước nào',
  ),
  case_has_no_workflow: entry(
    () => 'the case has no workflow',
    () => 'hồ sơ không có quy trình',
  ),
  workflow_running: entry(
    () => 'a workflow for this case is already running',
    () => 'quy trình của hồ sơ này đang chạy',
  ),
  // ---- sign-in (401) ----
  token_required: entry(
    () => 'an Authorization: Bearer token is required',
    () => 'cần có mã truy cập Authorization: Bearer',
  ),
  token_invalid: entry(
    () => 'the bearer token is not valid or has expired',
    () => 'mã truy cập không hợp lệ hoặc đã hết hạn',
  ),
  token_no_expiry: entry(
    () => 'the token has no expiry (exp)',
    () => 'mã truy cập không có thời hạn (exp)',
  ),
  token_no_claim: entry<{ claim: string }>(
    (p) => `the token has no ${p.claim} claim`,
    (p) => `mã truy cập không có trường ${p.claim}`,
  ),
  token_too_long: entry(
    () => 'the token lives longer than 12 hours',
    () => 'mã truy cập có hiệu lực dài hơn 12 giờ',
  ),
  token_unknown_user: entry(
    () => 'the token names no known user',
    () => 'mã truy cập không ứng với người dùng nào',
  ),
  token_user_deactivated: entry(
    () => 'the user named by the token is deactivated',
    () => 'người dùng của mã truy cập đã bị vô hiệu hóa',
  ),
  // ---- scope (403) ----
  role_needed: entry<{ roles: readonly string[] }>(
    (p) => `this needs the role ${p.roles.join(' or ')} over the units concerned`,
    (p) => `việc này cần vai trò ${p.roles.join(' hoặc ')} tại các đơn vị liên quan`,
  ),
  role_needed_on_any: entry<{ roles: readonly string[] }>(
    (p) => `this needs the role ${p.roles.join(' or ')} over one of the units concerned`,
    (p) => `việc này cần vai trò ${p.roles.join(' hoặc ')} tại một trong các đơn vị liên quan`,
  ),
  role_needed_global: entry<{ roles: readonly string[] }>(
    (p) => `this needs the role ${p.roles.join(' or ')} on no unit (global)`,
    (p) => `việc này cần vai trò ${p.roles.join(' hoặc ')} không gắn với đơn vị nào (toàn hệ thống)`,
  ),
  case_outside_units: entry(
    () => 'this case is outside your units',
    () => 'hồ sơ này nằm ngoài các đơn vị của bạn',
  ),
  // ---- who may take a step (403) ----
  admin_needed: entry(
    () => 'this needs the role admin',
    () => 'việc này cần vai trò admin',
  ),
  admin_or_organizer_needed: entry(
    () => 'this needs the role admin or organizer',
    () => 'việc này cần vai trò admin hoặc organizer',
  ),
  admin_over_user_needed: entry(
    () => 'this needs the role admin over one of the units the user works in',
    () => 'việc này cần vai trò admin tại một trong các đơn vị mà người dùng công tác',
  ),
  admin_not_on_themself: entry(
    () => 'an admin does not deactivate themself nor change their own roles; another admin does',
    () => 'quản trị viên không tự vô hiệu hóa hay tự thay đổi vai trò của mình; việc đó do một quản trị viên khác làm',
  ),
  organizer_step: entry(
    () => 'this step is for an organizer over the sending or the receiving unit',
    () => 'bước này dành cho người tổ chức (organizer) của đơn vị cử đi hoặc đơn vị tiếp nhận',
  ),
  consultation_recorder: entry(
    () => 'a consultation is recorded by an organizer over the sending or the receiving unit, or by the cadre for themself',
    () => 'ý kiến do người tổ chức (organizer) của đơn vị cử đi hoặc đơn vị tiếp nhận ghi nhận, hoặc do chính cán bộ tự ghi ý kiến của mình',
  ),
  vote_closer: entry(
    () => 'the vote is closed by a secretary over the deciding unit',
    () => 'việc kết thúc biểu quyết do bí thư (secretary) của đơn vị quyết định thực hiện',
  ),
  decision_signer: entry(
    () => 'the decision is signed by a secretary over the deciding unit',
    () => 'quyết định do bí thư (secretary) của đơn vị quyết định ký',
  ),
  reviewer: entry(
    () => 'a review is recorded by a reviewer or an organizer over the receiving unit or the deciding unit',
    () => 'kỳ đánh giá do người đánh giá (reviewer) hoặc người tổ chức (organizer) của đơn vị tiếp nhận hoặc đơn vị quyết định ghi nhận',
  ),
  evaluator: entry(
    () =>
      'the self-review is written by the cadre or an organizer over either unit, the receiving unit’s evaluation by a reviewer or organizer over it, the yearly evaluation and the conclusion by an organizer over the deciding unit',
    () =>
      'bản tự kiểm điểm do cán bộ hoặc người tổ chức của một trong hai đơn vị viết, đánh giá của đơn vị tiếp nhận do người đánh giá hoặc người tổ chức của đơn vị đó viết, đánh giá hằng năm và kết luận do người tổ chức của đơn vị quyết định viết',
  ),
  document_adder: entry(
    () => 'documents are added by an organizer over the sending, the receiving or the deciding unit',
    () => 'tài liệu do người tổ chức (organizer) của đơn vị cử đi, đơn vị tiếp nhận hoặc đơn vị quyết định bổ sung',
  ),
  support_handler: entry(
    () => 'relocation support is approved and paid by finance over the receiving unit',
    () => 'hỗ trợ luân chuyển do bộ phận tài chính (finance) của đơn vị tiếp nhận phê duyệt và chi trả',
  ),
  delegation_revoker: entry(
    () => 'a delegation is revoked by its delegator or an admin',
    () => 'ủy quyền do chính người ủy quyền hoặc quản trị viên thu hồi',
  ),
  exception_giver: entry<{ unit: string }>(
    (p) => `an exception to a national rule is given by an organizer of the deciding unit (${p.unit})`,
    (p) => `ngoại lệ đối với quy định của Trung ương do người tổ chức (organizer) của đơn vị quyết định (${p.unit}) ghi nhận`,
  ),
  // ---- a case or its support that takes no more steps (409) ----
  case_closed: entry<{ status: string }>(
    (p) => `the case is ${p.status}; no step can be taken on it`,
    (p) => `hồ sơ đang ở trạng thái ${p.status}; không thể thực hiện thêm bước nào`,
  ),
  case_closed_documents: entry<{ status: string }>(
    (p) => `the case is ${p.status}; no document can be added to it`,
    (p) => `hồ sơ đang ở trạng thái ${p.status}; không thể bổ sung tài liệu`,
  ),
  no_attention_needed: entry(
    () => 'the case needs no attention: there is no failed write to retry',
    () => 'hồ sơ không cần xử lý: không có thao tác ghi lỗi nào để thử lại',
  ),
  support_not_planned: entry(
    () => 'the case has no support yet; it is planned once the decision is signed',
    () => 'hồ sơ chưa có chế độ hỗ trợ; chế độ được lập khi quyết định được ký',
  ),
  support_no_policy: entry(
    () => 'no support policy was in force when the decision was signed',
    () => 'không có chính sách hỗ trợ nào có hiệu lực khi ký quyết định',
  ),
  support_stopped: entry(
    () => 'the support was stopped when its case ended; no step can be taken on it',
    () => 'chế độ hỗ trợ đã dừng khi hồ sơ kết thúc; không thể thực hiện thêm bước nào',
  ),
  support_ended: entry(
    () => 'the support has ended; no step can be taken on it',
    () => 'chế độ hỗ trợ đã kết thúc; không thể thực hiện thêm bước nào',
  ),
  unit_code_taken: entry<{ code: string }>(
    (p) => `a unit with code ${p.code} already exists`,
    (p) => `đã có đơn vị mang mã ${p.code}`,
  ),
  position_kept: entry<{ caseId: string }>(
    (p) => `this position is kept for its rotated holder (rotation case ${p.caseId})`,
    (p) => `chức vụ này đang được giữ cho người giữ chức vụ đi luân chuyển (hồ sơ luân chuyển ${p.caseId})`,
  ),
  username_taken: entry<{ username: string }>(
    (p) => `the username ${p.username} is taken`,
    (p) => `tên đăng nhập ${p.username} đã có người dùng`,
  ),
  version_saved_concurrently: entry(
    () => 'another version was saved at the same moment; send it again',
    () => 'một phiên bản khác vừa được lưu cùng lúc; vui lòng gửi lại',
  ),
  // ---- attention, reviews, evaluations and delegations ----
  attention_first: entry<{ reason: string; since: string }>(
    (p) => `the case needs attention (${p.reason}) since ${p.since}: an organizer retries the failed write or withdraws the case first`,
    (p) => `hồ sơ cần xử lý (${p.reason}) từ ${p.since}: người tổ chức phải thử lại thao tác ghi lỗi hoặc rút hồ sơ trước`,
  ),
  review_not_held_yet: entry(
    () => 'a review cannot be recorded before it is held',
    () => 'không thể ghi nhận kỳ đánh giá trước khi tổ chức',
  ),
  review_before_post: entry(
    () => 'a review cannot be held before the cadre took up the post',
    () => 'không thể tổ chức đánh giá trước khi cán bộ nhận nhiệm vụ',
  ),
  follow_up_before_review: entry(
    () => 'a follow-up cannot be due before the review that agreed it',
    () => 'hạn của việc cần theo dõi không được trước kỳ đánh giá đã thống nhất việc đó',
  ),
  follow_up_owner_only: entry(
    () => 'a follow-up is closed by its owner',
    () => 'việc cần theo dõi do chính người phụ trách đóng lại',
  ),
  no_continuation_asked: entry(
    () => 'no review has asked for a decision on continuing the rotation',
    () => 'chưa có kỳ đánh giá nào yêu cầu quyết định về việc tiếp tục luân chuyển',
  ),
  appointed_where: entry(
    () => 'a cadre is appointed at the receiving unit or at their home unit',
    () => 'cán bộ chỉ được bổ nhiệm tại đơn vị tiếp nhận hoặc đơn vị quê quán',
  ),
  appointed_post: entry<{ unitKind: string; position: string }>(
    (p) => `a ${p.unitKind} has no post ${p.position}; a cadre is appointed to a post the unit's kind has`,
    (p) => `đơn vị cấp ${p.unitKind} không có chức danh ${p.position}; cán bộ chỉ được bổ nhiệm vào chức danh mà cấp đơn vị đó có`,
  ),
  evaluation_on_behalf: entry(
    () => 'only the self-review is written on the cadre’s behalf',
    () => 'chỉ bản tự kiểm điểm mới được viết thay cán bộ',
  ),
  evaluation_empty: entry(
    () => 'an evaluation says something',
    () => 'bản đánh giá phải có nội dung',
  ),
  evaluation_recorded: entry<{ kind: string }>(
    (p) => `the ${p.kind} evaluation of this term is already recorded`,
    (p) => `đánh giá ${p.kind} của nhiệm kỳ này đã được ghi nhận`,
  ),
  delegation_to_self: entry(
    () => 'a delegation is to another user',
    () => 'chỉ được ủy quyền cho người dùng khác',
  ),
  delegation_of_vote: entry(
    () => 'a committee vote cannot be delegated: each member votes personally',
    () => 'không được ủy quyền biểu quyết: mỗi thành viên tự biểu quyết',
  ),
  delegation_in_past: entry<{ today: string }>(
    (p) => `a delegation begins today (${p.today}) or later`,
    (p) => `ủy quyền bắt đầu từ hôm nay (${p.today}) trở đi`,
  ),
  home_unit_under_open_case: entry<{ caseId: string }>(
    (p) => `the home unit cannot be corrected while the cadre's rotation case ${p.caseId} is open: the case was proposed on the home unit recorded then`,
    (p) => `không thể sửa đơn vị quê quán khi hồ sơ luân chuyển ${p.caseId} của cán bộ đang mở: hồ sơ được đề xuất theo đơn vị quê quán đã ghi nhận lúc đó`,
  ),
  planning_already_withdrawn: entry(
    () => 'this planning record is already withdrawn',
    () => 'bản ghi quy hoạch này đã được rút',
  ),
  period_ends_before: entry(
    () => 'the period ends before it begins',
    () => 'thời hạn kết thúc trước ngày bắt đầu',
  ),
  delegation_ends_before: entry(
    () => 'a delegation ends on or after the day it begins',
    () => 'ngày kết thúc ủy quyền không được trước ngày bắt đầu',
  ),
  delegation_too_long: entry<{ max: number }>(
    (p) => `a delegation lasts at most ${p.max} days`,
    (p) => `ủy quyền kéo dài tối đa ${p.max} ngày`,
  ),
  delegation_redelegated: entry(
    () => 'a delegate cannot re-delegate: you hold a delegation over this period',
    () => 'người được ủy quyền không được ủy quyền lại: bạn đang nhận ủy quyền trong thời gian này',
  ),
  delegation_delegator_busy: entry(
    () => 'this user has delegated their own tasks over this period and cannot act as a delegate',
    () => 'người dùng này đã ủy quyền công việc của mình trong thời gian này nên không thể nhận ủy quyền',
  ),
  // ---- fields a person types (400) ----
  unpaired_surrogate: entry(
    () => 'contains an unpaired surrogate (not valid Unicode text)',
    () => 'chứa ký tự thay thế lẻ (không phải văn bản Unicode hợp lệ)',
  ),
  control_character: entry<{ code: string }>(
    (p) => `contains the control character U+${p.code}`,
    (p) => `chứa ký tự điều khiển U+${p.code}`,
  ),
  single_line: entry(
    () => 'must be a single line',
    () => 'phải nằm trên một dòng',
  ),
  birth_date_too_late: entry<{ years: number; day: string }>(
    (p) => `must be at least ${p.years} years before today: ${p.day} or earlier`,
    (p) => `phải trước hôm nay ít nhất ${p.years} năm: từ ngày ${p.day} trở về trước`,
  ),
  birth_date_too_early: entry<{ years: number; day: string }>(
    (p) => `must be at most ${p.years} years before today: ${p.day} or later`,
    (p) => `không được trước hôm nay quá ${p.years} năm: từ ngày ${p.day} trở về sau`,
  ),
  case_date_range: entry<{ years: number; from: string; to: string }>(
    (p) => `must be within ${p.years} years of today: from ${p.from} to ${p.to}`,
    (p) => `phải trong vòng ${p.years} năm so với hôm nay: từ ngày ${p.from} đến ngày ${p.to}`,
  ),
  year_range: entry<{ min: number; max: number }>(
    (p) => `must be in a year from ${p.min} to ${p.max}`,
    (p) => `năm phải từ ${p.min} đến ${p.max}`,
  ),
  not_after_today: entry<{ today: string }>(
    (p) => `may not be after today, ${p.today}`,
    (p) => `không được sau hôm nay (${p.today})`,
  ),
  // ---- media types and files (413, 415) ----
  media_type_wrong: entry<{ accepted: string; given: string }>(
    (p) => `the request body must be sent as ${p.accepted}, not ${p.given}`,
    (p) => `nội dung yêu cầu phải gửi dưới dạng ${p.accepted}, không phải ${p.given}`,
  ),
  media_type_missing: entry<{ accepted: string }>(
    (p) => `the request body must be sent as ${p.accepted}, with that Content-Type`,
    (p) => `nội dung yêu cầu phải gửi dưới dạng ${p.accepted}, kèm Content-Type đó`,
  ),
  media_type_not_accepted: entry<{ given: string }>(
    (p) => `${p.given} is not accepted here`,
    (p) => `${p.given} không được chấp nhận ở đây`,
  ),
  missing: entry(
    () => 'missing',
    () => 'còn thiếu',
  ),
  file_too_large: entry<{ max: number }>(
    (p) => `the file may be at most ${p.max} bytes`,
    (p) => `tệp chỉ được tối đa ${p.max} byte`,
  ),
  file_larger_than: entry<{ max: number }>(
    (p) => `larger than ${p.max} bytes`,
    (p) => `lớn hơn ${p.max} byte`,
  ),
  file_type: entry<{ types: string }>(
    (p) => `the file must be one of ${p.types}, by its content`,
    (p) => `nội dung tệp phải thuộc một trong các loại ${p.types}`,
  ),
  file_type_none: entry(
    () => 'its content is none of the accepted types',
    () => 'nội dung tệp không thuộc loại nào được chấp nhận',
  ),
  // ---- Idempotency-Key (400, 409, 422) ----
  idempotency_key_length: entry<{ max: number }>(
    (p) => `the Idempotency-Key header must be 1 to ${p.max} characters`,
    (p) => `tiêu đề Idempotency-Key phải dài từ 1 đến ${p.max} ký tự`,
  ),
  wrong_length: entry(
    () => 'wrong length',
    () => 'độ dài không đúng',
  ),
  idempotency_key_reused: entry(
    () => 'this Idempotency-Key was already used for a different request',
    () => 'Idempotency-Key này đã được dùng cho một yêu cầu khác',
  ),
  idempotency_key_pending: entry(
    () => 'the first request with this Idempotency-Key is still being processed',
    () => 'yêu cầu đầu tiên với Idempotency-Key này vẫn đang được xử lý',
  ),
  // ---- national rules (422, rule named) ----
  planning_list: entry<{ position: string; on: string }>(
    (p) => `the cadre is not in the planning list for ${p.position} on ${p.on} (planning_list); ${NATIONAL_EXCEPTION.en}`,
    (p) => `cán bộ không có trong danh sách quy hoạch chức danh ${p.position} vào ngày ${p.on} (planning_list); ${NATIONAL_EXCEPTION.vi}`,
  ),
  working_time_left: entry<{ left: number; on: string; retires: string; needed: number }>(
    (p) => `the cadre has ${p.left} months of working time left on ${p.on} (retiring ${p.retires}); at least ${p.needed} are needed (working_time_left); ${NATIONAL_EXCEPTION.en}`,
    (p) => `cán bộ chỉ còn ${p.left} tháng công tác tính từ ngày ${p.on} (nghỉ hưu ngày ${p.retires}); cần ít nhất ${p.needed} tháng (working_time_left); ${NATIONAL_EXCEPTION.vi}`,
  ),
  minimum_term: entry<{ min: number; months: number }>(
    (p) => `a rotation lasts at least ${p.min} months, not ${p.months} (minimum_term); ${NATIONAL_EXCEPTION.en}`,
    (p) => `thời hạn luân chuyển ít nhất là ${p.min} tháng, không phải ${p.months} tháng (minimum_term); ${NATIONAL_EXCEPTION.vi}`,
  ),
  post_unavailable: entry<{ unitKind: string; position: string }>(
    (p) => `a ${p.unitKind} has no post ${p.position}; a rotation does not create one (post_unavailable); ${NATIONAL_EXCEPTION.en}`,
    (p) => `đơn vị cấp ${p.unitKind} không có chức danh ${p.position}; luân chuyển không tạo ra chức danh mới (post_unavailable); ${NATIONAL_EXCEPTION.vi}`,
  ),
  post_retained: entry<{ position: string; caseId: string }>(
    (p) => `${p.position} at the receiving unit is retained for rotation case ${p.caseId} (post_unavailable); ${NATIONAL_EXCEPTION.en}`,
    (p) => `chức danh ${p.position} tại đơn vị tiếp nhận đang được giữ cho hồ sơ luân chuyển ${p.caseId} (post_unavailable); ${NATIONAL_EXCEPTION.vi}`,
  ),
  // ---- the case's steps ----
  dossier_incomplete: entry<{ missing: string }>(
    (p) => `the dossier is incomplete: missing ${p.missing}`,
    (p) => `hồ sơ tài liệu chưa đầy đủ: còn thiếu ${p.missing}`,
  ),
  closing_evaluations_missing: entry<{ missing: string }>(
    (p) => `the cadre is placed once the closing evaluations are recorded: missing ${p.missing}`,
    (p) => `chỉ bố trí cán bộ sau khi đã ghi nhận các đánh giá kết thúc: còn thiếu ${p.missing}`,
  ),
  committee_too_small: COMMITTEE_TOO_SMALL,
  committee_size: entry<CommitteeCount>(
    (p) => `${COMMITTEE_TOO_SMALL.en(p)}: the collective decides, never one person`,
    (p) => `${COMMITTEE_TOO_SMALL.vi(p)}: tập thể quyết định, không phải một người`,
  ),
  committee_cannot_vote: entry<CommitteeCount>(
    (p) => `the deciding Standing Committee cannot vote: ${COMMITTEE_TOO_SMALL.en(p)}`,
    (p) => `Ban Thường vụ quyết định không thể biểu quyết: ${COMMITTEE_TOO_SMALL.vi(p)}`,
  ),
  own_case: entry<{ step: string }>(
    (p) => `no one decides their own case: a user linked to the rotated cadre may not take ${p.step} (only the cadre's own consultation answer)`,
    () => 'không ai tự quyết định hồ sơ của chính mình: người dùng gắn với cán bộ được luân chuyển không được thực hiện bước này (chỉ được trả lời lấy ý kiến của chính cán bộ)',
  ),
  own_record: entry(
    () => 'no one corrects their own record: the name, birth date, sex and home unit the national rules are checked against',
    () => 'không ai tự sửa hồ sơ cán bộ của chính mình: họ tên, ngày sinh, giới tính và đơn vị quê quán là căn cứ kiểm tra quy định của Trung ương',
  ),
  own_case_vote: entry(
    () => 'a member may not vote on their own rotation (recusal)',
    () => 'thành viên không được biểu quyết về việc luân chuyển của chính mình (phải tránh)',
  ),
  own_case_delegation: entry(
    () => 'no one decides their own case: a delegation never covers a case about the delegate or the delegator',
    () => 'không ai tự quyết định hồ sơ của chính mình: ủy quyền không bao giờ áp dụng cho hồ sơ về người được ủy quyền hoặc người ủy quyền',
  ),
  own_case_follow_up: entry(
    () => 'no one decides their own case: a follow-up is not owned by the rotated cadre',
    () => 'không ai tự quyết định hồ sơ của chính mình: cán bộ được luân chuyển không được phụ trách việc cần theo dõi',
  ),
  owner_is_cadre: entry(
    () => 'this user is the rotated cadre',
    () => 'người dùng này chính là cán bộ được luân chuyển',
  ),
  early_raise_needs_excellent: entry(
    () => 'the early salary raise is granted only after an evaluation of the cadre rated excellent',
    () => 'chỉ nâng lương trước thời hạn sau khi cán bộ có đánh giá xếp loại xuất sắc',
  ),
  step_not_allowed: entry<{ action: string; status: string; allowed: string }>(
    (p) => `${p.action} is not allowed while the case is ${p.status} (allowed: ${p.allowed})`,
    (p) => `không thể thực hiện ${p.action} khi hồ sơ đang ở trạng thái ${p.status} (được phép: ${p.allowed})`,
  ),
  consultation_recorded: entry<{ party: string; round: number }>(
    (p) => `the ${p.party} consultation of round ${p.round} is already recorded`,
    (p) => `ý kiến của ${p.party} ở vòng ${p.round} đã được ghi nhận`,
  ),
  concerns_needed: entry(
    () => 'agree_with_concerns needs at least one concern',
    () => 'đồng ý nhưng có băn khoăn (agree_with_concerns) thì phải nêu ít nhất một băn khoăn',
  ),
  resolutions_missing: entry<{ missing: string }>(
    (p) => `endorse needs a resolution for every party that objected: missing ${p.missing}`,
    (p) => `đề nghị thông qua (endorse) phải có hướng giải quyết cho mọi bên phản đối: còn thiếu ${p.missing}`,
  ),
  no_deciding_committee: entry(
    () => 'no Standing Committee with members covers both the sending and the receiving unit',
    () => 'không có Ban Thường vụ nào có thành viên quản lý cả đơn vị cử đi và đơn vị tiếp nhận',
  ),
  returned_too_often: entry<{ returns: number }>(
    (p) => `the case was returned to consultation ${p.returns} times, the most it may be: endorse or reject it`,
    (p) => `hồ sơ đã được trả lại lấy ý kiến ${p.returns} lần, mức tối đa cho phép: hãy đề nghị thông qua hoặc bác bỏ`,
  ),
  not_committee_member: entry(
    () => 'only members of the deciding Standing Committee vote on this case',
    () => 'chỉ thành viên Ban Thường vụ quyết định mới được biểu quyết về hồ sơ này',
  ),
  already_voted: entry(
    () => 'this member has already voted on this case',
    () => 'thành viên này đã biểu quyết về hồ sơ này',
  ),
  vote_closed_passed: entry<{ for: number; against: number; abstain: number; members: number }>(
    (p) => `the vote has closed: the Standing Committee passed the rotation (${p.for} for, ${p.against} against, ${p.abstain} abstain, of ${p.members} members)`,
    (p) =>
      `cuộc biểu quyết đã kết thúc: Ban Thường vụ đã thông qua việc luân chuyển (${p.for} tán thành, ${p.against} không tán thành, ${p.abstain} không biểu quyết, trên ${p.members} thành viên)`,
  ),
  vote_closed_failed: entry<{ for: number; against: number; abstain: number; members: number }>(
    (p) => `the vote has closed: the Standing Committee did not pass the rotation (${p.for} for, ${p.against} against, ${p.abstain} abstain, of ${p.members} members)`,
    (p) =>
      `cuộc biểu quyết đã kết thúc: Ban Thường vụ không thông qua việc luân chuyển (${p.for} tán thành, ${p.against} không tán thành, ${p.abstain} không biểu quyết, trên ${p.members} thành viên)`,
  ),
  vote_not_due: entry<{ at: string }>(
    (p) => `the vote may be closed once its deadline has passed, at ${p.at}`,
    (p) => `chỉ được kết thúc biểu quyết khi đã quá hạn, vào lúc ${p.at}`,
  ),
  effective_before_signed: entry(
    () => 'the effective date may not be before the date the decision is signed',
    () => 'ngày có hiệu lực không được trước ngày ký quyết định',
  ),
  post_kept: entry<{ post: string; caseId: string; refused: string }>(
    (p) => `${p.post} is kept for a cadre away on another rotation (case ${p.caseId}); ${p.refused}`,
    (p) => `chức danh ${p.post} đang được giữ cho một cán bộ đi luân chuyển khác (hồ sơ ${p.caseId}); không thể thực hiện bước này`,
  ),
  document_recent: entry<{ kind: string; months: number }>(
    (p) => `${p.kind} (issued within ${p.months} months)`,
    (p) => `${p.kind} (cấp trong vòng ${p.months} tháng)`,
  ),
  dossier_full: entry<{ max: number }>(
    (p) => `a case holds at most ${p.max} documents`,
    (p) => `mỗi hồ sơ chứa tối đa ${p.max} tài liệu`,
  ),
  // ---- what a workflow admits (422) ----
  field_text: entry<{ path: string; problem: string }>(
    (p) => `${p.path} ${p.problem}`,
    (p) => `trường ${p.path} ${p.problem}`,
  ),
  instant_not_real: entry<{ path: string }>(
    (p) => `${p.path} must be a date or an instant that exists`,
    (p) => `trường ${p.path} phải là một ngày hoặc một thời điểm có thật`,
  ),
  calendar_date_not_real: entry<{ path: string }>(
    (p) => `${p.path} must be a calendar date (YYYY-MM-DD) that exists`,
    (p) => `trường ${p.path} phải là một ngày dương lịch có thật (YYYY-MM-DD)`,
  ),
  date_not_real: entry(
    () => 'must be a date that exists, YYYY-MM-DD',
    () => 'phải là một ngày có thật, dạng YYYY-MM-DD',
  ),
  count_too_many: entry<{ limit: number; what: string; count: number }>(
    (p) => `at most ${p.limit} ${p.what}; this would make ${p.count}`,
    (p) => `tối đa ${p.limit} ${p.what}; nếu thêm sẽ thành ${p.count}`,
  ),
  case_too_large: entry<{ size: number; max: number }>(
    (p) => `the case would hold ${p.size} bytes, more than the ${p.max} a case may hold`,
    (p) => `hồ sơ sẽ chiếm ${p.size} byte, vượt mức tối đa ${p.max} byte của một hồ sơ`,
  ),
  no_deadline_waiting: entry<{ step: string }>(
    (p) => `the step ${p.step} has no deadline waiting`,
    (p) => `bước ${p.step} không có thời hạn nào đang chờ`,
  ),
  kind_not_delegable: entry<{ kind: string; delegable: readonly string[] }>(
    (p) => `tasks of kind ${p.kind} cannot be delegated (delegable: ${p.delegable.join(', ')})`,
    (p) => `không được ủy quyền công việc loại ${p.kind} (được ủy quyền: ${p.delegable.join(', ')})`,
  ),
  one_of: entry<{ field: string; values: readonly string[] }>(
    (p) => `${p.field} must be one of ${p.values.join(', ')}`,
    (p) => `trường ${p.field} phải là một trong các giá trị ${p.values.join(', ')}`,
  ),
  yearly_evaluations_done: entry<{ count: number }>(
    (p) => `every yearly evaluation of the term is recorded (${p.count})`,
    (p) => `đã ghi nhận đủ các đánh giá hằng năm của thời gian luân chuyển (${p.count})`,
  ),
  // ---- proposals ----
  same_units: entry(
    () => 'the receiving unit must differ from the sending unit',
    () => 'đơn vị tiếp nhận phải khác đơn vị cử đi',
  ),
  sending_unit_not_current: entry(
    () => "the sending unit must be the cadre's current unit",
    () => 'đơn vị cử đi phải là đơn vị cán bộ đang công tác',
  ),
  non_local_secretary_position: entry<{ expected: string; position: string }>(
    (p) => `a non-local secretary is appointed to ${p.expected}, not ${p.position}`,
    (p) => `bí thư không là người địa phương được bố trí giữ chức danh ${p.expected}, không phải ${p.position}`,
  ),
  non_local_secretary_commune: entry(
    () => 'a non-local secretary is appointed to a commune; the receiving unit is not one',
    () => 'bí thư không là người địa phương được bố trí về cấp xã; đơn vị tiếp nhận không phải cấp xã',
  ),
  non_local_secretary_home: entry(
    () => "non-local secretary: the cadre's home unit is the receiving commune or inside it",
    () => 'bí thư không là người địa phương: quê quán của cán bộ là xã tiếp nhận hoặc thuộc xã đó',
  ),
  no_exception_committee: entry(
    () => 'no unit above both units has a Standing Committee to decide an exception',
    () => 'không có đơn vị cấp trên của cả hai đơn vị có Ban Thường vụ để quyết định ngoại lệ',
  ),
  exception_once: entry(
    () => 'each rule may be excepted once',
    () => 'mỗi quy định chỉ được ghi nhận ngoại lệ một lần',
  ),
  // ---- reviews, follow-ups and the end of the term ----
  no_such_review: entry<{ seq: number }>(
    (p) => `the case has no review ${p.seq}`,
    (p) => `hồ sơ không có kỳ đánh giá số ${p.seq}`,
  ),
  review_done: entry<{ seq: number; on: string }>(
    (p) => `review ${p.seq} was already done on ${p.on}`,
    (p) => `kỳ đánh giá số ${p.seq} đã được thực hiện ngày ${p.on}`,
  ),
  review_not_due: entry<{ seq: number; on: string }>(
    (p) => `review ${p.seq} is not due until ${p.on}`,
    (p) => `kỳ đánh giá số ${p.seq} chưa đến hạn; hạn là ngày ${p.on}`,
  ),
  term_not_ended: entry<{ on: string }>(
    (p) => `the term does not end until ${p.on}`,
    (p) => `thời hạn luân chuyển chưa kết thúc; ngày kết thúc là ${p.on}`,
  ),
  only_with_outcome: entry<{ field: string; outcome: string }>(
    (p) => `${p.field} is only given with the outcome ${p.outcome}`,
    (p) => `trường ${p.field} chỉ được nêu khi kết quả là ${p.outcome}`,
  ),
  appoint_needs_position: entry(
    () => 'appoint needs the position the cadre is appointed to',
    () => 'bổ nhiệm (appoint) phải nêu chức vụ mà cán bộ được bổ nhiệm',
  ),
  extend_months_range: entry<{ min: number; max: number }>(
    (p) => `extendMonths must be a whole number from ${p.min} to ${p.max}`,
    (p) => `số tháng gia hạn (extendMonths) phải là số nguyên từ ${p.min} đến ${p.max}`,
  ),
  no_such_follow_up: entry<{ id: string }>(
    (p) => `the case has no follow-up ${p.id}`,
    (p) => `hồ sơ không có việc cần theo dõi ${p.id}`,
  ),
  follow_up_closed: entry<{ id: string; on: string }>(
    (p) => `follow-up ${p.id} was already closed on ${p.on}`,
    (p) => `việc cần theo dõi ${p.id} đã được đóng ngày ${p.on}`,
  ),
  early_end_needs_decision: entry(
    () => "ending the term early needs the competent level's decision number",
    () => 'kết thúc luân chuyển trước thời hạn phải có số quyết định của cấp có thẩm quyền',
  ),
  // ---- relocation support ----
  support_nothing_to_approve: entry(
    () => 'no support policy was in force when the decision was signed; there is nothing to approve',
    () => 'không có chính sách hỗ trợ nào có hiệu lực khi ký quyết định; không có gì để phê duyệt',
  ),
  support_approved: entry(
    () => 'the support of this case is already approved',
    () => 'chế độ hỗ trợ của hồ sơ này đã được phê duyệt',
  ),
  support_stopped_with_case: entry(
    () => 'the support was stopped when the case ended',
    () => 'chế độ hỗ trợ đã dừng khi hồ sơ kết thúc',
  ),
  support_not_approved: entry(
    () => 'the support of this case is not approved yet',
    () => 'chế độ hỗ trợ của hồ sơ này chưa được phê duyệt',
  ),
  no_such_payment: entry<{ id: string }>(
    (p) => `the support of this case has no payment ${p.id}`,
    (p) => `chế độ hỗ trợ của hồ sơ này không có khoản chi ${p.id}`,
  ),
  payment_paid: entry<{ id: string; on: string }>(
    (p) => `payment ${p.id} is already recorded as paid on ${p.on}`,
    (p) => `khoản chi ${p.id} đã được ghi nhận chi trả ngày ${p.on}`,
  ),
  payment_cancelled: entry<{ id: string }>(
    (p) => `payment ${p.id} was cancelled: the case ended before it fell due`,
    (p) => `khoản chi ${p.id} đã bị hủy: hồ sơ kết thúc trước khi đến hạn chi`,
  ),
  payment_not_due: entry<{ id: string; on: string }>(
    (p) => `payment ${p.id} is not due until ${p.on}`,
    (p) => `khoản chi ${p.id} chưa đến hạn; hạn chi là ngày ${p.on}`,
  ),
  not_in_future: entry<{ field: string }>(
    (p) => `${p.field} may not be in the future`,
    // Shown by its field (errors[].path names it), so the Vietnamese does not repeat the field's code.
    () => 'không được là thời điểm trong tương lai',
  ),
  no_early_raise: entry(
    () => 'the support of this case grants no early salary raise',
    () => 'chế độ hỗ trợ của hồ sơ này không có nâng lương trước thời hạn',
  ),
  early_raise_recorded: entry<{ on: string }>(
    (p) => `the early salary raise is already recorded on ${p.on}`,
    (p) => `việc nâng lương trước thời hạn đã được ghi nhận ngày ${p.on}`,
  ),
  early_raise_not_due: entry<{ on: string }>(
    (p) => `the early salary raise is due on ${p.on}, not before`,
    (p) => `việc nâng lương trước thời hạn đến hạn ngày ${p.on}, không được ghi nhận sớm hơn`,
  ),
  support_not_extended: entry<{ status: string }>(
    (p) => `a support that is ${p.status} is not extended`,
    (p) => `chế độ hỗ trợ đang ở trạng thái ${p.status} thì không được gia hạn`,
  ),
  extension_months: entry(
    () => 'an extension is a whole number of months',
    () => 'thời gian gia hạn phải là số tháng nguyên',
  ),
  support_no_attention: entry(
    () => 'the support needs no attention: there is no failed write to retry',
    () => 'chế độ hỗ trợ không cần xử lý: không có thao tác ghi lỗi nào để thử lại',
  ),
  support_attention_first: entry(
    () => 'the support needs attention: an organizer retries its failed write first',
    () => 'chế độ hỗ trợ cần xử lý: người tổ chức phải thử lại thao tác ghi lỗi trước',
  ),
  // ---- proposals, units, users and reference data (400, 409, 422) ----
  open_case_exists: entry(
    () => 'the cadre already has an open rotation case',
    () => 'cán bộ đã có một hồ sơ luân chuyển đang mở',
  ),
  term_months_range: entry<{ min: number; max: number }>(
    (p) => `termMonths must be a whole number from ${p.min} to ${p.max}`,
    (p) => `thời hạn luân chuyển (termMonths) phải là số tháng nguyên từ ${p.min} đến ${p.max}`,
  ),
  review_interval_range: entry<{ min: number; max: number }>(
    (p) => `reviewIntervalMonths must be a whole number from ${p.min} to ${p.max}`,
    (p) => `chu kỳ đánh giá (reviewIntervalMonths) phải là số tháng nguyên từ ${p.min} đến ${p.max}`,
  ),
  retirement_age_falls: entry<{ sex: string }>(
    (p) => `retirementAge.${p.sex}: the age may not fall (beforeMonths ≤ startMonths ≤ finalMonths)`,
    (p) => `retirementAge.${p.sex}: tuổi nghỉ hưu không được giảm (beforeMonths ≤ startMonths ≤ finalMonths)`,
  ),
  posts_empty: entry<{ kind: string }>(
    (p) => `posts.${p.kind}: a kind of unit has at least one post`,
    (p) => `posts.${p.kind}: mỗi cấp đơn vị phải có ít nhất một chức danh`,
  ),
  dossier_kind_twice: entry(
    () => 'dossier.required: each kind of document is named once',
    () => 'dossier.required: mỗi loại tài liệu chỉ được nêu một lần',
  ),
  unit_sits_under: entry<{ kind: string; parents: readonly string[] }>(
    (p) => `a ${p.kind} sits under a ${p.parents.join(' or ')}`,
    (p) => `đơn vị cấp ${p.kind} phải trực thuộc đơn vị cấp ${p.parents.join(' hoặc ')}`,
  ),
  unit_sits_at_top: entry<{ kind: string }>(
    (p) => `a ${p.kind} sits at the top, with no parent`,
    (p) => `đơn vị cấp ${p.kind} ở cấp cao nhất, không có đơn vị cấp trên`,
  ),
  role_on_unit: entry<{ role: string }>(
    (p) => `the role ${p.role} is held on a unit`,
    (p) => `vai trò ${p.role} phải gắn với một đơn vị`,
  ),
  password_too_short: entry<{ min: number }>(
    (p) => `at least ${p.min} characters`,
    (p) => `mật khẩu phải có ít nhất ${p.min} ký tự`,
  ),
  password_too_long: entry<{ max: number }>(
    (p) => `at most ${p.max} characters`,
    (p) => `mật khẩu chỉ được tối đa ${p.max} ký tự`,
  ),
  date_or_instant: entry(
    () => 'must be a date (YYYY-MM-DD) or an instant with its offset (2026-12-01T08:00:00+07:00)',
    () => 'phải là một ngày (YYYY-MM-DD) hoặc một thời điểm kèm múi giờ (2026-12-01T08:00:00+07:00)',
  ),
  not_a_year: entry(
    () => 'must be a year',
    () => 'phải là một năm',
  ),
  calendar_year_range: entry<{ min: number; max: number }>(
    (p) => `must be a year from ${p.min} to ${p.max}`,
    (p) => `phải là một năm từ ${p.min} đến ${p.max}`,
  ),
  day_of_year: entry<{ year: number }>(
    (p) => `must be a day of ${p.year}`,
    (p) => `phải là một ngày trong năm ${p.year}`,
  ),
  listed_twice: entry(
    () => 'is listed twice',
    () => 'bị liệt kê hai lần',
  ),
  swapped_day_weekend: entry(
    () => 'a swapped working day is a Saturday or Sunday worked instead of a day off',
    () => 'ngày làm việc bù phải là thứ Bảy hoặc Chủ nhật đi làm thay cho một ngày nghỉ',
  ),
  also_day_off: entry(
    () => 'is also listed as a day off',
    () => 'cũng đã được liệt kê là ngày nghỉ',
  ),
  km_order: entry(
    () => 'minKm must be below maxKm',
    () => 'minKm phải nhỏ hơn maxKm',
  ),
  policy_entry_once: entry(
    () => 'each combination of from, to, minKm, maxKm and area may appear once',
    () => 'mỗi tổ hợp from, to, minKm, maxKm và area chỉ được xuất hiện một lần',
  ),
  max_km_once: entry(
    () => 'each maxKm may appear once',
    () => 'mỗi giá trị maxKm chỉ được xuất hiện một lần',
  ),
  cursor_invalid: entry(
    () => 'not a cursor this API gave out',
    () => 'không phải con trỏ phân trang do API này cấp',
  ),
  identity_keys_unreachable: entry(
    () => "the identity provider's signing keys (JWT_JWKS_URL) cannot be fetched; try again",
    () => 'không lấy được khóa ký của nhà cung cấp định danh (JWT_JWKS_URL); vui lòng thử lại',
  ),
  // ---- multipart/form-data uploads (400) ----
  form_not_multipart: entry(
    () => 'the body is not a multipart/form-data form with a boundary',
    () => 'nội dung không phải biểu mẫu multipart/form-data có boundary',
  ),
  file_field: entry<{ field: string }>(
    (p) => `the file is sent in the field ${p.field}`,
    (p) => `tệp phải được gửi trong trường ${p.field}`,
  ),
  form_field_too_long: entry<{ max: number }>(
    (p) => `the field is longer than ${p.max} bytes`,
    (p) => `trường dài quá ${p.max} byte`,
  ),
  one_file_only: entry(
    () => 'one file only',
    () => 'chỉ được gửi một tệp',
  ),
  form_too_many_fields: entry<{ max: number }>(
    (p) => `at most ${p.max} fields`,
    (p) => `tối đa ${p.max} trường`,
  ),
  form_too_many_parts: entry<{ max: number }>(
    (p) => `at most ${p.max} parts`,
    (p) => `tối đa ${p.max} phần`,
  ),
  form_unreadable: entry(
    () => 'the multipart/form-data body could not be read',
    () => 'không đọc được nội dung multipart/form-data',
  ),
  file_required: entry(
    () => 'a file is required',
    () => 'cần có tệp đính kèm',
  ),
  // ---- the web app's own pages (403, 404) ----
  organizer_needed: entry(
    () => 'this needs the role organizer',
    () => 'việc này cần vai trò organizer',
  ),
  admin_over_unit_needed: entry(
    () => 'this needs the role admin over the unit',
    () => 'việc này cần vai trò admin tại đơn vị này',
  ),
  no_unit_to_report: entry(
    () => 'no unit to report on',
    () => 'không có đơn vị nào để báo cáo',
  ),
  no_such: entry<{ what: 'case' | 'unit' | 'document' }>(
    (p) => `no such ${p.what}`,
    (p) => `không có ${{ case: 'hồ sơ', unit: 'đơn vị', document: 'tài liệu' }[p.what]} này`,
  ),
} as const;

export type RefusalCode = keyof typeof TEXTS;
type ParamsOf<C extends RefusalCode> = (typeof TEXTS)[C] extends Entry<infer P> ? P : never;
/** A text parameter may itself be worded in each language (a list of missing documents). */
type Given<P> = { [K in keyof P]: P[K] extends string ? string | Wording : P[K] };
type ParamArgs<C extends RefusalCode> = keyof ParamsOf<C> extends never ? [] : [params: Given<ParamsOf<C>>];

/** The codes whose text has no parameters. */
export type PlainRefusalCode = { [C in RefusalCode]: keyof ParamsOf<C> extends never ? C : never }[RefusalCode];

export const REFUSAL_CODES = Object.keys(TEXTS) as RefusalCode[];

/** Each code's text in each language, as functions of its parameters. */
export const REFUSAL_TEXTS: Readonly<Record<RefusalCode, Entry<Record<string, Value>>>> = TEXTS as never;

/** The refusal `code` in every language, its parameters filled in. */
export function refusalText<C extends RefusalCode>(code: C, ...[params]: ParamArgs<C>): Wording {
  const texts = TEXTS[code] as Entry<Record<string, Value>>;
  const given = (params ?? {}) as Record<string, Value | Wording>;
  const inLang = (lang: Language) => Object.fromEntries(Object.entries(given).map(([k, v]) => [k, isWording(v) ? inLanguage(v, lang) : v]));
  return catalogued(texts.en(inLang('en')), texts.vi(inLang('vi')));
}

/** Items one after another, in each language. */
export function listOf(items: readonly (string | Wording)[]): Wording {
  return catalogued(items.map((i) => inLanguage(i, 'en')).join(', '), items.map((i) => inLanguage(i, 'vi')).join(', '));
}

function isWording(value: Value | Wording): value is Wording {
  return typeof value === 'object' && !Array.isArray(value) && 'en' in value;
}
