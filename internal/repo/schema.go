package repo

import "github.com/samstyr/samstyr/internal/store"

// Collection names.
const (
	CollUsers               = "users"
	CollCredentials         = "credentials"
	CollThrottles           = "throttles"
	CollBoards              = "boards"
	CollCases               = "cases"
	CollMemoRevisions       = "memo_revisions"
	CollBlobChunks          = "blob_chunks"
	CollDelegationOrders    = "delegation_orders"
	CollSigningKeys         = "signing_keys"
	CollSubDelegations      = "subdelegations"
	CollAgreements          = "agreements"
	CollBudgetYears         = "budget_years"
	CollAllocationHeads     = "allocation_heads"
	CollAllocationSnapshots = "allocation_snapshots"
	CollDecisions           = "decisions"
	CollAuditLog            = "audit_log"
	CollCheckpoints         = "checkpoints"
	CollCheckpointLeaves    = "checkpoint_leaves"
	CollMeetings            = "meetings"
	CollCaseEvents          = "case_events"
	CollRetentionPlans      = "retention_plans"
	CollArchiveProfiles     = "archive_profiles"
	CollAbsences            = "absences"
)

// Migrations is the schema, oldest first. Append; never edit a released
// entry (its version is recorded in stores that applied it).
var Migrations = []store.Migration{
	{
		Version:     1,
		Description: "identity and boards",
		Collections: []store.Collection{
			{Name: CollUsers, Indexes: []store.Index{{Name: "username", Fields: []string{"username"}, Unique: true}}},
			{Name: CollCredentials, Indexes: []store.Index{{Name: "user", Fields: []string{"user_id", "kind"}}}},
			{Name: CollThrottles},
			{Name: CollBoards},
		},
	},
	{
		Version:     2,
		Description: "cases, memo revisions and file chunks",
		Collections: []store.Collection{
			{Name: CollCases, Indexes: []store.Index{
				{Name: "dnr", Fields: []string{"registration_number"}, Unique: true},
				{Name: "board_registered", Fields: []string{"board", "registered_ns"}},
				{Name: "board_state_registered", Fields: []string{"board", "state", "registered_ns"}},
				{Name: "officer_registered", Fields: []string{"officer_id", "registered_ns"}},
				{Name: "registered", Fields: []string{"registered_ns"}},
			}},
			{Name: CollMemoRevisions, Indexes: []store.Index{{Name: "case", Fields: []string{"case_id", "no"}}}},
			{Name: CollBlobChunks, Indexes: []store.Index{{Name: "blob", Fields: []string{"blob_id", "n"}}}},
		},
	},
	{
		Version:     3,
		Description: "delegation orders, signing keys, decision indexes on cases",
		Collections: []store.Collection{
			{Name: CollDelegationOrders, Indexes: []store.Index{{Name: "board_number", Fields: []string{"board", "number"}, Unique: true}}},
			{Name: CollSigningKeys},
			{Name: CollSubDelegations, Indexes: []store.Index{{Name: "board_point", Fields: []string{"board", "point_code"}}}},
			{Name: CollCases, Indexes: []store.Index{
				{Name: "board_pending_report", Fields: []string{"board", "pending_report"}},
				{Name: "awaiting_signature", Fields: []string{"awaiting_signature_by"}},
			}},
		},
	},
	{
		Version:     4,
		Description: "agreements, budget years and cost-allocation snapshots",
		Collections: []store.Collection{
			{Name: CollAgreements, Indexes: []store.Index{{Name: "board_number", Fields: []string{"board", "number"}, Unique: true}}},
			{Name: CollBudgetYears},
			{Name: CollAllocationHeads},
			{Name: CollAllocationSnapshots, Indexes: []store.Index{{Name: "board_year_seq", Fields: []string{"board", "year", "seq"}, Unique: true}}},
			{Name: CollCases, Indexes: []store.Index{{Name: "recalc_pending", Fields: []string{"recalc_pending"}}}},
		},
	},
	{
		Version:     5,
		Description: "decision projection with full-text search, auditors' query log, ledger checkpoints",
		Collections: []store.Collection{
			{Name: CollDecisions, Text: []string{"title", "text"}, Indexes: []store.Index{
				{Name: "decided", Fields: []string{"decided_ns"}},
				{Name: "board_decided", Fields: []string{"board", "decided_ns"}},
				{Name: "board_point_decided", Fields: []string{"board", "point_code", "decided_ns"}},
				{Name: "board_decider_decided", Fields: []string{"board", "decider", "decided_ns"}},
				{Name: "board_reported_decided", Fields: []string{"board", "reported", "decided_ns"}},
				{Name: "board_signed_decided", Fields: []string{"board", "signed", "decided_ns"}},
				{Name: "board_compliant_decided", Fields: []string{"board", "compliant", "decided_ns"}},
				{Name: "board_on", Fields: []string{"board", "decided_on"}},
				{Name: "board_amount", Fields: []string{"board", "amount_ore"}},
			}},
			{Name: CollAuditLog, Indexes: []store.Index{{Name: "user_at", Fields: []string{"user", "at"}}}},
			{Name: CollCheckpoints, Indexes: []store.Index{{Name: "seq", Fields: []string{"seq"}, Unique: true}}},
			{Name: CollCheckpointLeaves, Indexes: []store.Index{{Name: "checkpoint_chunk", Fields: []string{"checkpoint", "chunk"}}}},
			{Name: CollCases, Indexes: []store.Index{{Name: "id", Fields: []string{"id"}}}},
			{Name: CollCases, Indexes: []store.Index{
				{Name: "has_decisions_id", Fields: []string{"has_decisions", "id"}},
				{Name: "has_jav", Fields: []string{"has_jav"}},
			}},
		},
	},
	{
		Version:     6,
		Description: "meetings (sammanträden) with protocols and notices",
		Collections: []store.Collection{
			{Name: CollMeetings, Indexes: []store.Index{
				{Name: "board_date", Fields: []string{"board", "date"}},
				{Name: "public_date", Fields: []string{"public", "date"}},
			}},
		},
	},
	{
		Version:     7,
		Description: "archive blocks of case histories (older events leave the case document)",
		Collections: []store.Collection{
			{Name: CollCaseEvents, Indexes: []store.Index{{Name: "case_first", Fields: []string{"case_id", "first"}, Unique: true}}},
		},
	},
	{
		Version:     8,
		Description: "a board's cases with decisions to report, in registration order, from one index",
		Collections: []store.Collection{
			{Name: CollCases, Indexes: []store.Index{{Name: "board_pending_report_registered", Fields: []string{"board", "pending_report", "registered_ns"}}}},
		},
	},
	{
		Version:     9,
		Description: "decisions by amount across every board (an auditor's largest-first search)",
		Collections: []store.Collection{
			{Name: CollDecisions, Indexes: []store.Index{{Name: "amount", Fields: []string{"amount_ore"}}}},
		},
	},
	{
		Version:     10,
		Description: "users by their single sign-on account (issuer and subject)",
		Collections: []store.Collection{
			{Name: CollUsers, Indexes: []store.Index{{Name: "external", Fields: []string{"external.issuer", "external.subject"}}}},
		},
	},
	{
		Version:     11,
		Description: "login attempts counted per throttle window (atomic increments), purged by window end",
		Collections: []store.Collection{
			{Name: CollThrottles, Indexes: []store.Index{{Name: "expires", Fields: []string{"expires"}}}},
		},
		Up: dropLockoutThrottles,
	},
	{
		Version: 12,
		Description: "administration: organisation, seats per board, reference data (prisbasbelopp, classification), " +
			"imports; baseline records of the users and boards found",
		Collections: []store.Collection{
			{Name: CollSeatRosters},
			{Name: CollReference},
			{Name: CollOrganisation},
			{Name: CollImports, Indexes: []store.Index{{Name: "status", Fields: []string{"status"}}}},
		},
		Up: recordExisting,
	},
	{
		Version:     13,
		Description: "the archive: informationshanteringsplan versions and archive profiles per board",
		Collections: []store.Collection{
			{Name: CollRetentionPlans, Indexes: []store.Index{{Name: "board_number", Fields: []string{"board", "number"}, Unique: true}}},
			{Name: CollArchiveProfiles},
		},
	},
	{
		Version:     14,
		Description: "the public e-diarium (full-text search of each case's public text) and requests for allmän handling",
		Collections: []store.Collection{
			{Name: CollCases, Text: []string{"public_text"}},
			{Name: CollDisclosureRequests, Indexes: []store.Index{
				{Name: "board_received", Fields: []string{"board", "received_ns"}},
				{Name: "open_board_received", Fields: []string{"open", "board", "received_ns"}},
			}},
		},
		Up: fillPublicText,
	},
	{
		Version:     15,
		Description: "recorded absences (förhinder) of a board's people, the fact an ersättare cites",
		Collections: []store.Collection{
			{Name: CollAbsences, Indexes: []store.Index{{Name: "board_from", Fields: []string{"board", "from"}}}},
		},
	},
	{
		Version:     16,
		Description: "the cases submitted to a person for decision (Att göra)",
		Collections: []store.Collection{
			{Name: CollCases, Indexes: []store.Index{{Name: "awaiting_decision", Fields: []string{"awaiting_decision_by"}}}},
		},
	},
	{
		Version: 17,
		Description: "the open decision API (OParl) reads what it returns: the meetings that dealt with an ärende from an index, " +
			"a board's justerade meetings and public ärenden a page at a time in list order",
		Collections: []store.Collection{
			{Name: CollMeetingCases, Indexes: []store.Index{
				{Name: "case", Fields: []string{"case_id"}},
				{Name: "meeting", Fields: []string{"meeting_id"}},
			}},
			{Name: CollMeetings, Indexes: []store.Index{{Name: "board_status_starts", Fields: []string{"board", "status", "starts_s"}}}},
			{Name: CollCases, Indexes: []store.Index{
				{Name: "board_public_registered_on_number", Fields: []string{"board", "public", "registered_on", "registration_number"}},
				{Name: "board_public_updated", Fields: []string{"board", "public", "updated_ns"}},
			}},
		},
		Up: fillOParlIndexes,
	},
	{
		Version: 18,
		Description: "the desk and the deadlines read a board's meetings with work open from an index (not announced; " +
			"announced, by appeal end), not the board's history",
		Collections: []store.Collection{
			{Name: CollMeetings, Indexes: []store.Index{{Name: "board_public_appeal_end", Fields: []string{"board", "public", "appeal_end"}}}},
		},
	},
	{
		Version: 19,
		Description: "the public anslagstavla reads the notices posted now (by appeal end) from an index, the older ones a page " +
			"at a time; the meetings-by-ärende index also files the ärenden a kallelse carried",
		Collections: []store.Collection{
			{Name: CollMeetings, Indexes: []store.Index{{Name: "public_appeal_end", Fields: []string{"public", "appeal_end"}}}},
		},
		Up: fillMeetingIndex,
	},
	{
		Version: 20,
		Description: "the administration's log reads the chains most recently changed first (log_ns, the time of each " +
			"chain's newest record, on every document with a chain), not every chain",
		Collections: logNSCollections(),
		Up:          fillLogNS,
	},
	{
		Version: 21,
		Description: "the administration's people list reads one page (in username order, from its index) and searches " +
			"name and username in search_folded, derived on every user, not every person",
		Up: fillPeopleSearch,
	},
	{
		Version:     22,
		Description: "the jäv register reads the jäv of the auditor's boards from an index (has_jav, board, registered_ns), not every board's",
		Collections: []store.Collection{
			{Name: CollCases, Indexes: []store.Index{{Name: "has_jav_board_registered", Fields: []string{"has_jav", "board", "registered_ns"}}}},
		},
	},
	{
		Version: 23,
		Description: "the auditors' budget report of a year reads that year's decisions (budget_years_key, derived on every " +
			"decision record), not the budget-impacting decisions of every year",
		Up: fillBudgetYearsKey,
	},
	{
		Version: 24,
		Description: "a case registration is idempotent per request: request_key_by (the creator's id and the request's key, " +
			"derived on every case registered with a key) is unique, so one request registers at most one ärende",
		Collections: []store.Collection{
			{Name: CollCases, Indexes: []store.Index{{Name: "request_key_by", Fields: []string{requestKeyField}, Unique: true}}},
		},
	},
	{
		Version: 25,
		Description: "the public e-diarium's search text follows today's rules (e-mail addresses scrubbed, a personnummer a " +
			"secret marking cuts masked whole): every case's public_text is written anew where it differs",
		Up: refreshPublicText,
	},
}

// logNSCollections declares the log_ns index on every collection with
// chains (migration 20).
func logNSCollections() []store.Collection {
	out := make([]store.Collection, 0, len(chainKinds))
	for _, k := range chainKinds {
		out = append(out, store.Collection{Name: k.coll, Indexes: []store.Index{{Name: logNSField, Fields: []string{logNSField}}}})
	}
	return out
}
