package earchive

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
)

// Profile is what a board's deliveries to its e-archive say besides the
// cases: the arkivbildare's organisation number, the receiving archive,
// the leveransöverenskommelse, a contact, and the klassificeringsstruktur
// whose class codes the cases carry (cases.Case.Class) and the
// informationshanteringsplan is checked against. One per board, kept by
// the arkivarie.
type Profile struct {
	Board string `json:"board"`
	// OrgNumber is the organisation number of the arkivbildare's
	// organisation, e.g. "212000-0712" (optional).
	OrgNumber string `json:"org_number,omitempty"`
	// Archive names the receiving e-archive (optional).
	Archive string `json:"archive,omitempty"`
	// Agreement is the leveransöverenskommelse's reference (optional).
	Agreement string `json:"agreement,omitempty"`
	// Contact is the person to ask about deliveries (optional).
	Contact *Person `json:"contact,omitempty"`
	// SchemeName names the klassificeringsstruktur, e.g.
	// "Klassificeringsstruktur för Ölands IT-nämnd, version 2025".
	SchemeName string `json:"scheme_name,omitempty"`
	// Classes are the classes of the klassificeringsstruktur, by code.
	Classes   []Class   `json:"classes"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
	Version   int64     `json:"-"`
}

// ProfileStorer is what profiles need from storage: Get returns
// fault.ErrNotFound for a board without one; Put inserts (version 0) or
// updates (version-guarded, fault.ErrVersionConflict when stale).
type ProfileStorer interface {
	GetProfile(ctx context.Context, board string) (Profile, error)
	PutProfile(ctx context.Context, p Profile) (Profile, error)
}

// Limits of a profile.
const (
	MaxClasses  = 2000
	maxText     = 300
	maxClassLen = 100
)

// classCode is a class code of a klassificeringsstruktur: letters and
// digits, with dots, dashes, colons, slashes and spaces between them
// ("2.3.1", "KS 1.2", "A-3").
var classCode = regexp.MustCompile(`^[\p{L}\p{N}]+([ .:/-]?[\p{L}\p{N}]+)*$`)

// orgNumber is a Swedish organisation number, NNNNNN-NNNN.
var orgNumber = regexp.MustCompile(`^\d{6}-\d{4}$`)

// Class returns the class with code.
func (p Profile) Class(code string) (Class, bool) {
	for _, c := range p.Classes {
		if c.Code == code {
			return c, true
		}
	}
	return Class{}, false
}

// CaseClass finds the class a case records: by its code, or by "code
// name" — how a case registered in the organisation's classification
// scheme records its class (refdata.Class.Label). The longest code that
// begins the text wins, so a renamed class is still found by its code.
func (p Profile) CaseClass(s string) (Class, bool) {
	s = strings.TrimSpace(s)
	if c, ok := p.Class(s); ok {
		return c, true
	}
	best, found := Class{}, false
	for _, c := range p.Classes {
		if strings.HasPrefix(s, c.Code+" ") && len(c.Code) > len(best.Code) {
			best, found = c, true
		}
	}
	return best, found
}

// ClassCodes lists the codes of the klassificeringsstruktur.
func (p Profile) ClassCodes() []string {
	out := make([]string, len(p.Classes))
	for i, c := range p.Classes {
		out[i] = c.Code
	}
	return out
}

// OrgID is the organisation number as an identification code for the
// package ("ORG:2120000712"), or "" when none is set.
func (p Profile) OrgID() string {
	if p.OrgNumber == "" {
		return ""
	}
	return "ORG:" + strings.ReplaceAll(p.OrgNumber, "-", "")
}

// Normalize trims the profile's texts and checks them, naming every
// problem: an organisation number that is not NNNNNN-NNNN, texts that are
// too long or hold control characters, class codes missing, repeated or
// too long, and too many classes.
func (p *Profile) Normalize() error {
	var fs fault.Fields
	p.OrgNumber = strings.TrimSpace(p.OrgNumber)
	if p.OrgNumber != "" && !orgNumber.MatchString(p.OrgNumber) {
		fs.Add("/org_number", "invalid_org_number")
	}
	text := func(field string, s *string) {
		*s = strings.TrimSpace(*s)
		if utf8.RuneCountInString(*s) > maxText {
			fs.Add(field, "too_long")
		}
		fieldtext.Line(&fs, field, *s)
	}
	text("/archive", &p.Archive)
	text("/agreement", &p.Agreement)
	text("/scheme_name", &p.SchemeName)
	if p.Contact != nil {
		text("/contact/name", &p.Contact.Name)
		text("/contact/title", &p.Contact.Title)
		text("/contact/contact", &p.Contact.Contact)
		if p.Contact.Name == "" {
			if p.Contact.Title == "" && p.Contact.Contact == "" {
				p.Contact = nil
			} else {
				fs.Add("/contact/name", "required")
			}
		}
	}
	if len(p.Classes) > MaxClasses {
		fs.Add("/classes", "too_many_classes")
	}
	seen := map[string]bool{}
	for i := range p.Classes {
		c := &p.Classes[i]
		field := "/classes/" + strconv.Itoa(i)
		c.Code, c.Name = strings.TrimSpace(c.Code), strings.TrimSpace(c.Name)
		switch {
		case c.Code == "":
			fs.Add(field+"/code", "required")
		case utf8.RuneCountInString(c.Code) > maxClassLen:
			fs.Add(field+"/code", "too_long")
		case seen[c.Code]:
			fs.Add(field+"/code", "duplicate_class")
		case !classCode.MatchString(c.Code):
			fs.Add(field+"/code", "invalid_class_code")
		}
		seen[c.Code] = true
		fieldtext.Line(&fs, field+"/code", c.Code)
		text(field+"/name", &c.Name)
	}
	return fs.Err(fault.Unprocessable)
}
