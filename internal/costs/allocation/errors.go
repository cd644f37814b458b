package allocation

import (
	"errors"
	"strconv"
)

// ErrorCode names what is wrong with an Input, machine-readably. The
// codes are stable; callers map them to user-facing texts.
type ErrorCode string

// The validation codes of Calculate.
const (
	// CodeNoMembers: Input.Members is empty.
	CodeNoMembers ErrorCode = "no_members"
	// CodeMissingCode: a member has an empty code.
	CodeMissingCode ErrorCode = "missing_code"
	// CodeDuplicateMember: two members have the same code.
	CodeDuplicateMember ErrorCode = "duplicate_member"
	// CodeUsersNotPositive: a member's user count is zero or negative.
	CodeUsersNotPositive ErrorCode = "users_not_positive"
	// CodeMultipleHosts: more than one member is marked as värdkommun.
	CodeMultipleHosts ErrorCode = "multiple_hosts"
	// CodeInvalidYear: the year is zero or negative.
	CodeInvalidYear ErrorCode = "invalid_year"
	// CodeUnknownMode: the key mode is not a defined KeyMode.
	CodeUnknownMode ErrorCode = "unknown_mode"
	// CodeUnknownRule: the invoicing rule is not a defined InvoicingRule.
	CodeUnknownRule ErrorCode = "unknown_rule"
	// CodeUnknownResultKind: the result kind is neither "forecast" nor
	// "outcome".
	CodeUnknownResultKind ErrorCode = "unknown_result_kind"
	// CodeUnknownKind: a line's kind is not a defined LineKind.
	CodeUnknownKind ErrorCode = "unknown_kind"
	// CodeMissingMember: a political, direct or contribution line names
	// no member.
	CodeMissingMember ErrorCode = "missing_member"
	// CodeUnknownMember: a line names a member code not in Input.Members.
	CodeUnknownMember ErrorCode = "unknown_member"
	// CodeMemberOnShared: a shared line names a member; shared lines
	// belong to all members and are split by the key.
	CodeMemberOnShared ErrorCode = "member_on_shared"
	// CodeKeyAllZero: under KeyRoundedPercent every member's rounded
	// per-mille is 0 (only possible with more than 2000 members), so
	// there is no key to split by.
	CodeKeyAllZero ErrorCode = "key_all_zero"
	// CodeOverflow: a sum of amounts does not fit in an int64 öre.
	CodeOverflow ErrorCode = "overflow"
)

// Sections of an Input that hold lines, as named in LineError.
const (
	// SectionBudget is Input.Budget.
	SectionBudget = "Budget"
	// SectionResult is Input.Result.
	SectionResult = "Result"
)

// LineError is a problem with one line of Input.Budget or Input.Result.
type LineError struct {
	// Section is SectionBudget or SectionResult.
	Section string
	// Index is the line's index in its section.
	Index int
	// Field is the line's field at fault: "Kind", "Member" or "Amount".
	Field string
	// Code says what is wrong.
	Code ErrorCode
}

// Path is the field path of the error, e.g. "Result[3].Member".
func (e *LineError) Path() string {
	return e.Section + "[" + strconv.Itoa(e.Index) + "]." + e.Field
}

// Error implements error: "allocation: Result[3].Member: unknown_member".
func (e *LineError) Error() string { return "allocation: " + e.Path() + ": " + string(e.Code) }

// MemberError is a problem with one entry of Input.Members.
type MemberError struct {
	// Index is the member's index in Input.Members.
	Index int
	// Field is the member's field at fault: "Code", "Users" or "Host".
	Field string
	// Code says what is wrong.
	Code ErrorCode
}

// Path is the field path of the error, e.g. "Members[1].Users".
func (e *MemberError) Path() string {
	return "Members[" + strconv.Itoa(e.Index) + "]." + e.Field
}

// Error implements error: "allocation: Members[1].Users: users_not_positive".
func (e *MemberError) Error() string { return "allocation: " + e.Path() + ": " + string(e.Code) }

// InputError is a problem with a top-level field of Input ("Year",
// "Members", "Mode", "Rule", "ResultKind"), or an overflow in an amount
// derived from the input, whose Field is then the path of that amount
// (e.g. "Members[0].Reconciliation").
type InputError struct {
	// Field is the path of the field at fault.
	Field string
	// Code says what is wrong.
	Code ErrorCode
}

// Path is the field path of the error.
func (e *InputError) Path() string { return e.Field }

// Error implements error: "allocation: Mode: unknown_mode".
func (e *InputError) Error() string { return "allocation: " + e.Field + ": " + string(e.Code) }

// CodeOf returns the ErrorCode and field path of a validation error
// returned by Calculate (a *LineError, *MemberError or *InputError,
// possibly wrapped), and ok = false for any other error.
func CodeOf(err error) (code ErrorCode, path string, ok bool) {
	var le *LineError
	if errors.As(err, &le) {
		return le.Code, le.Path(), true
	}
	var me *MemberError
	if errors.As(err, &me) {
		return me.Code, me.Path(), true
	}
	var ie *InputError
	if errors.As(err, &ie) {
		return ie.Code, ie.Path(), true
	}
	return "", "", false
}
