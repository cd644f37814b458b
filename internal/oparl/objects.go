package oparl

// The OParl 1.1 object types Samstyr publishes. Each struct carries only
// the properties Samstyr fills; empty ones are left out, as OParl asks
// (no null, no "" and no [] for an optional property). Properties named
// "samstyr:…" are Samstyr's extension (see extension.go); OParl clients
// must ignore what they do not know.

// Type URLs of the OParl 1.1 objects.
const (
	TypeSystem          = "https://schema.oparl.org/1.1/System"
	TypeBody            = "https://schema.oparl.org/1.1/Body"
	TypeLegislativeTerm = "https://schema.oparl.org/1.1/LegislativeTerm"
	TypeOrganization    = "https://schema.oparl.org/1.1/Organization"
	TypePerson          = "https://schema.oparl.org/1.1/Person"
	TypeMembership      = "https://schema.oparl.org/1.1/Membership"
	TypeMeeting         = "https://schema.oparl.org/1.1/Meeting"
	TypeAgendaItem      = "https://schema.oparl.org/1.1/AgendaItem"
	TypePaper           = "https://schema.oparl.org/1.1/Paper"
	TypeConsultation    = "https://schema.oparl.org/1.1/Consultation"
	TypeFile            = "https://schema.oparl.org/1.1/File"
	TypeLocation        = "https://schema.oparl.org/1.1/Location"
	// Version is the oparlVersion of the System.
	Version = "https://schema.oparl.org/1.1/"
)

// Stamp is what every object carries: its URL, its type and when it was
// created and last changed (OParl date-time, Europe/Stockholm offset).
type Stamp struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Created  string `json:"created,omitempty"`
	Modified string `json:"modified,omitempty"`
	Web      string `json:"web,omitempty"`
	License  string `json:"license,omitempty"`
}

// System is the OParl endpoint (oparl:System).
type System struct {
	Stamp
	OparlVersion string `json:"oparlVersion"`
	Body         string `json:"body"` // the list of bodies
	Name         string `json:"name,omitempty"`
	ContactEmail string `json:"contactEmail,omitempty"`
	ContactName  string `json:"contactName,omitempty"`
	Website      string `json:"website,omitempty"`
	Product      string `json:"product,omitempty"`
}

// Body is a nämnd as the authority that publishes (oparl:Body).
type Body struct {
	Stamp
	System           string            `json:"system,omitempty"`
	ShortName        string            `json:"shortName,omitempty"`
	Name             string            `json:"name"`
	Organization     string            `json:"organization"` // external lists …
	Person           string            `json:"person"`
	Meeting          string            `json:"meeting"`
	Paper            string            `json:"paper"`
	LegislativeTerm  []LegislativeTerm `json:"legislativeTerm"` // required, [] when none
	Classification   string            `json:"classification,omitempty"`
	MainOrganization string            `json:"mainOrganization,omitempty"`
	Kind             string            `json:"samstyr:kind,omitempty"`
	Members          []MemberExt       `json:"samstyr:memberMunicipalities,omitempty"`
}

// LegislativeTerm is a mandatperiod (oparl:LegislativeTerm).
type LegislativeTerm struct {
	Stamp
	Body      string `json:"body,omitempty"`
	Name      string `json:"name,omitempty"`
	StartDate string `json:"startDate,omitempty"`
	EndDate   string `json:"endDate,omitempty"`
}

// Organization is the nämnd as a gremium (oparl:Organization).
type Organization struct {
	Stamp
	Body             string   `json:"body,omitempty"`
	Name             string   `json:"name,omitempty"`
	ShortName        string   `json:"shortName,omitempty"`
	Membership       []string `json:"membership,omitempty"`
	Meeting          string   `json:"meeting,omitempty"`
	OrganizationType string   `json:"organizationType,omitempty"`
	Classification   string   `json:"classification,omitempty"`
}

// Person is an elected member with a seat (oparl:Person).
type Person struct {
	Stamp
	Body       string       `json:"body,omitempty"`
	Name       string       `json:"name,omitempty"`
	Membership []Membership `json:"membership,omitempty"`
}

// Membership is a seat on a board for a period (oparl:Membership).
type Membership struct {
	Stamp
	Person       string `json:"person,omitempty"`
	Organization string `json:"organization,omitempty"`
	Role         string `json:"role,omitempty"`
	VotingRight  *bool  `json:"votingRight,omitempty"`
	StartDate    string `json:"startDate,omitempty"`
	EndDate      string `json:"endDate,omitempty"`
}

// Location is where a meeting was held (oparl:Location).
type Location struct {
	Stamp
	Description string `json:"description,omitempty"`
}

// Meeting is a sammanträde with a justerat protocol (oparl:Meeting).
type Meeting struct {
	Stamp
	Name            string        `json:"name,omitempty"`
	MeetingState    string        `json:"meetingState,omitempty"`
	Start           string        `json:"start,omitempty"`
	Location        *Location     `json:"location,omitempty"`
	Organization    []string      `json:"organization,omitempty"`
	Participant     []string      `json:"participant,omitempty"`
	ResultsProtocol *File         `json:"resultsProtocol,omitempty"`
	AgendaItem      []AgendaItem  `json:"agendaItem,omitempty"`
	Justering       *JusteringExt `json:"samstyr:justering,omitempty"`
	Anslag          []AnslagExt   `json:"samstyr:anslag,omitempty"`
	Appeal          *AppealExt    `json:"samstyr:appeal,omitempty"`
}

// AgendaItem is a paragraph (§) of the protocol (oparl:AgendaItem).
type AgendaItem struct {
	Stamp
	Meeting        string        `json:"meeting,omitempty"`
	Number         string        `json:"number,omitempty"`
	Order          int           `json:"order"`
	Name           string        `json:"name,omitempty"`
	Public         *bool         `json:"public,omitempty"`
	Consultation   string        `json:"consultation,omitempty"`
	Result         string        `json:"result,omitempty"`
	ResolutionText string        `json:"resolutionText,omitempty"`
	Paragraph      *ParagraphExt `json:"samstyr:paragraph,omitempty"`
	Reported       []DecisionExt `json:"samstyr:reportedDecisions,omitempty"`
}

// Paper is an ärende (oparl:Paper).
type Paper struct {
	Stamp
	Body          string         `json:"body,omitempty"`
	Name          string         `json:"name,omitempty"`
	Reference     string         `json:"reference,omitempty"`
	Date          string         `json:"date,omitempty"`
	PaperType     string         `json:"paperType,omitempty"`
	MainFile      *File          `json:"mainFile,omitempty"`
	AuxiliaryFile []File         `json:"auxiliaryFile,omitempty"`
	Consultation  []Consultation `json:"consultation,omitempty"`
	State         string         `json:"samstyr:state,omitempty"`
	Decisions     []DecisionExt  `json:"samstyr:decisions,omitempty"`
}

// Consultation is the handling of a paper at a meeting
// (oparl:Consultation).
type Consultation struct {
	Stamp
	Paper         string   `json:"paper,omitempty"`
	AgendaItem    string   `json:"agendaItem,omitempty"`
	Meeting       string   `json:"meeting,omitempty"`
	Organization  []string `json:"organization,omitempty"`
	Authoritative *bool    `json:"authoritative,omitempty"`
	Role          string   `json:"role,omitempty"`
}

// File is a public handling, tjänsteskrivelse or protocol (oparl:File).
type File struct {
	Stamp
	Name        string   `json:"name,omitempty"`
	FileName    string   `json:"fileName,omitempty"`
	MimeType    string   `json:"mimeType,omitempty"`
	Date        string   `json:"date,omitempty"`
	Size        int64    `json:"size,omitempty"`
	AccessURL   string   `json:"accessUrl"`
	DownloadURL string   `json:"downloadUrl,omitempty"`
	Meeting     []string `json:"meeting,omitempty"`
	Paper       []string `json:"paper,omitempty"`
	SHA256      string   `json:"samstyr:sha256,omitempty"`
	MasterFile  string   `json:"masterFile,omitempty"`
	Direction   string   `json:"samstyr:direction,omitempty"`
}

// List is one page of an external object list: data, pagination, links.
type List struct {
	Data       []any      `json:"data"`
	Pagination Pagination `json:"pagination"`
	Links      Links      `json:"links"`
}

// Pagination describes the page (every field optional in OParl; Samstyr
// fills them all).
type Pagination struct {
	TotalElements   int `json:"totalElements"`
	ElementsPerPage int `json:"elementsPerPage"`
	CurrentPage     int `json:"currentPage"`
	TotalPages      int `json:"totalPages"`
}

// Links point at the neighbouring pages; next is given on every page but
// the last.
type Links struct {
	First string `json:"first,omitempty"`
	Prev  string `json:"prev,omitempty"`
	Self  string `json:"self,omitempty"`
	Next  string `json:"next,omitempty"`
	Last  string `json:"last,omitempty"`
}
