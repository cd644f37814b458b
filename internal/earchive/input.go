// Package earchive builds the package in which an archived ärende is
// delivered to an e-archive: one FGS 2.0 submission information package
// (SIP) per ärende, that is E-ARK CSIP 2.1.0 + E-ARK SIP 2.1.0 (FGS
// Paketstruktur 2.0) with the case metadata in E-ARK CITS ERMS, schema
// 2.1.2 (FGS Ärendehantering 2.0); see DOMAIN.md §5.
//
// A package is a folder named after its identifier:
//
//	<id>/METS.xml                            the package METS (SIP profile)
//	<id>/metadata/descriptive/ERMS.xml       the ärende, its handlingar, decisions and events
//	<id>/metadata/preservation/premis.xml    fixity, formats, signatures and the hash chain (PREMIS 3.0)
//	<id>/representations/rep1/METS.xml       the representation METS
//	<id>/representations/rep1/data/…        the documents, as stored
//	<id>/schemas/…                           the XML schemas the package uses
//	<id>/documentation/Om_paketet.txt        a Swedish description of the package
//
// Build takes a plain Input (the later mapping from cases, decisions and
// meetings is one function) and returns the files in memory; Package
// writes them to a directory, a zip or a tar stream. Equal input gives
// byte-identical output: nothing reads the clock, the package creation
// time is an input. Validate checks a written package against the CSIP
// and SIP MUST requirements that schema validity does not catch.
package earchive

import (
	"time"

	"github.com/samstyr/samstyr/internal/platform"
)

// Input is one ärende to deliver, with the parties to the delivery.
type Input struct {
	// Created is when the package is made (METS CREATEDATE and every
	// CREATED of metadata files). It is an input so that output is
	// deterministic.
	Created time.Time
	// SoftwareVersion is Samstyr's version, recorded with the creating
	// software agent (CSIP15).
	SoftwareVersion string
	// Creator is the arkivbildare: the authority whose records these are
	// (SIP9, agent ROLE ARCHIVIST), e.g. "Ölands IT-nämnd".
	Creator Organisation
	// Submitter is the organisation that delivers the package (SIP15),
	// e.g. "Borgholms kommun".
	Submitter Organisation
	// Contact is the person to ask about the delivery (SIP21); optional.
	Contact *Person
	// Archive is the receiving e-archive (SIP26, PRESERVATION); optional.
	Archive *Organisation
	// SubmissionAgreement is the leveransöverenskommelse's reference
	// (SIP5); optional.
	SubmissionAgreement string
	// ClassificationScheme names the klassificeringsstruktur the case's
	// class belongs to, e.g. "Klassificeringsstruktur för Ölands
	// IT-nämnd, version 2025".
	ClassificationScheme string
	// Case is the ärende.
	Case Case
}

// Organisation is an organisation taking part in the delivery.
type Organisation struct {
	Name string `json:"name"`
	// ID is an identification code such as "ORG:2120000712" (the
	// organisation number); optional.
	ID string `json:"id,omitempty"`
}

// Person is a named person in the case or the delivery.
type Person struct {
	Name  string `json:"name"`
	Title string `json:"title,omitempty"` // befattning or role, e.g. "IT-chef"
	// Contact is contact information (e-mail, telephone); optional.
	Contact string `json:"contact,omitempty"`
}

// Case is the ärende with everything the archive receives about it.
type Case struct {
	// ID is Samstyr's case id (the ERMS systemIdentifier).
	ID string
	// RegistrationNumber is the diarienummer, e.g. "ITN 2026/14".
	RegistrationNumber string
	// Title is the ärendemening.
	Title string
	// Description is the short description of the case; optional.
	Description string
	// Class is the case's place in the klassificeringsstruktur.
	Class Class
	// State is the case's Samstyr state ("arkiverad", "makulerad" …).
	State string
	// Officer is the handläggare.
	Officer Person
	// Parties are the motparter (counterparts) of the case.
	Parties []Party
	// Secrecy is the case's sekretessmarkering, if any. Parties of a
	// case with a marking are masked in the metadata.
	Secrecy *Secrecy
	// Registered, Decided, Closed and Archived are the case's dates
	// (Decided may be zero).
	Registered, Decided, Closed, Archived time.Time
	// Handlings are the case's documents, each with its content.
	Handlings []Handling
	// Decisions are the beslut taken in the case.
	Decisions []Decision
	// Events are the case's history, oldest first: the links of its
	// hash chain.
	Events []Event
	// Chain is the result of checking the hash chain before export.
	Chain ChainCheck
	// Disposal is what the informationshanteringsplan says about the
	// case; nil when no plan applies.
	Disposal *Disposal
}

// Class is a class of the klassificeringsstruktur.
type Class struct {
	Code string `json:"code"` // e.g. "2.3.1"
	Name string `json:"name"` // e.g. "Avtal och samverkan"
}

// Party is a motpart: the avsändare or mottagare of the case or a
// handling.
type Party struct {
	Name string
	// Role is "avsändare", "mottagare" or "motpart".
	Role string
}

// Secrecy is a sekretessmarkering: the OSL provision and the date it was
// marked.
type Secrecy struct {
	Reference string // e.g. "OSL 21 kap. 7 §"
	Date      platform.Date
}

// Direction is whether a handling came in, went out or was drawn up by
// the authority.
type Direction string

// Handling directions (the values of cases.Direction).
const (
	Incoming Direction = "inkommande"
	Outgoing Direction = "utgaende"
	DrawnUp  Direction = "upprattad"
)

// Handling is one document of the case.
type Handling struct {
	// No is the löpnummer within the case.
	No int
	// Type is the handlingstyp, e.g. "Inkommen handling",
	// "Tjänsteskrivelse", "Beslut", "Protokollsutdrag".
	Type string
	// Title is the short description of the handling.
	Title     string
	Direction Direction
	// Date is when it was received, drawn up or sent.
	Date platform.Date
	// Party is the avsändare (incoming) or mottagare (outgoing); it is
	// masked in the metadata when the handling or the case is marked
	// secret.
	Party string
	// FileName is the file's name as registered.
	FileName string
	// Added is when the file was registered in Samstyr.
	Added time.Time
	// Content is the file. It is nil only for a handling that has been
	// weeded (Weeded set): its metadata and digest stay.
	Content []byte
	// SHA256 is the hex digest Samstyr recorded for the file; Build
	// refuses content that does not match it.
	SHA256 string
	// Secrecy is the handling's sekretessmarkering, if any.
	Secrecy *Secrecy
	// Version names the version delivered, e.g. "revision 4" for the
	// tjänsteskrivelse's final version; optional.
	Version string
	// RedactedVersionOf is the löpnummer of the handling this one is a
	// masked copy of (0: none).
	RedactedVersionOf int
	// Signatures are the electronic signatures over the handling (a
	// decision's signatures go on the decision's handling).
	Signatures []Signature
	// Weeded records that the content was weeded (gallrad).
	Weeded *Weeding
}

// Weeding records a gallring of a handling's content.
type Weeding struct {
	On        platform.Date
	Decision  string // the gallringsbeslut, e.g. "ITN 2027-02-10 § 4"
	Reference string // the informationshanteringsplan's §
}

// Signature is an electronic signature and the evidence of its check.
type Signature struct {
	SignerName string
	Role       string // e.g. "beslutsfattare", "ordförande", "justerare"
	Method     string // e.g. "samstyr-ed25519"
	KeyID      string
	PublicKey  string // base64
	Value      string // base64
	// Digest is the hex SHA-256 of what was signed (a decision's
	// canonical payload).
	Digest   string
	SignedAt time.Time
	// VerifiedAt is when the signature was last checked and found valid
	// (zero: not checked).
	VerifiedAt time.Time
}

// DecisionKind is the kind of a beslut.
type DecisionKind string

// Decision kinds.
const (
	BoardDecision        DecisionKind = "namndbeslut"       // nämndbeslut, taken at a meeting (§)
	DelegatedDecision    DecisionKind = "delegationsbeslut" // taken under a delegation point
	UrgentDecision       DecisionKind = "ordforandebeslut"  // ordförandebeslut i brådskande ärende (KL 6:39)
	SubDelegatedDecision DecisionKind = "vidaredelegerat"   // taken under a vidaredelegering
)

// Decision is one beslut in the case.
type Decision struct {
	ID   string
	Kind DecisionKind
	// Intro opens the decision, e.g. "IT-nämnden beslutar".
	Intro string
	// Clauses are the att-satser, without their leading "att".
	Clauses []string
	// Decider is who decided: the delegate, the chair, or (for a board
	// decision) the board's name.
	Decider Person
	// Point, OrderVersion and OrderHash identify the delegation point and
	// the delegationsordning version it was taken under (delegated and
	// urgent decisions).
	Point        string
	OrderVersion int
	OrderHash    string
	// Paragraph is the protocol reference of a board decision, or of the
	// meeting where a delegated decision was reported (anmält), e.g.
	// "ITN 2025-05-15 § 7".
	Paragraph string
	// Reported is the anmälan of a delegated decision; empty when none.
	Reported  string
	DecidedAt time.Time
	// AppealEnd is the last day of the appeal period; LagaKraft the day
	// the decision gained legal force (zero: not yet, or not known).
	AppealEnd platform.Date
	LagaKraft platform.Date
	// Digest is the hex SHA-256 of the decision's canonical payload.
	Digest string
	// Handling is the löpnummer of the decision document (0: none).
	Handling int
	// Extract is the löpnummer of the protokollsutdrag (0: none).
	Extract int
}

// Event is one entry of the case's hash chain (cases.Event).
type Event struct {
	Seq        int
	At         time.Time
	Actor      string
	Action     string
	Label      string // the action in Swedish, e.g. "Ärendet registrerat"
	From, To   string
	Ref, Note  string
	DataDigest string
	PrevHash   string
	Hash       string
}

// ChainCheck is the result of verifying the case's hash chain before
// export (cases.Case.Verify).
type ChainCheck struct {
	At      time.Time
	OK      bool
	Problem string // when not OK
}

// Disposal is what the informationshanteringsplan says about the case.
type Disposal struct {
	// Keep is true for "bevaras".
	Keep bool
	// Years is the retention period before gallring when not kept.
	Years int
	// Reference is the plan's §, e.g. "IHP 2025 § 4.2".
	Reference string
	// Due is the first day gallring may run (zero when kept).
	Due platform.Date
}
