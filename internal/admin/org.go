package admin

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/board"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/fieldtext"
	"github.com/samstyr/samstyr/internal/identity"
)

// Organisation is the authority that runs this installation: its name,
// organisationsnummer and the letterhead its documents carry (the
// default letterhead of its nämnder's PDFs).
type Organisation struct {
	Name       string `json:"name"`
	OrgNumber  string `json:"org_number"`
	Letterhead string `json:"letterhead"`
	// Admin is the first administrator's username (samstyr init).
	Admin         string       `json:"admin"`
	InitialisedAt time.Time    `json:"initialised_at"`
	Log           adminlog.Log `json:"log,omitempty"`
	Version       int64        `json:"-"`
}

// ChainID is the id of the organisation's record chain.
func (o Organisation) ChainID() string { return adminlog.ChainID("organisation", "organisation") }

type orgState struct {
	Name       string `json:"name"`
	OrgNumber  string `json:"org_number"`
	Letterhead string `json:"letterhead"`
}

func (o Organisation) state() orgState { return orgState{o.Name, o.OrgNumber, o.Letterhead} }

// StateDigest is the digest of what the administration set.
func (o Organisation) StateDigest() string { return adminlog.StateDigest(o.state()) }

// OrgStorer keeps the organisation (one document).
type OrgStorer interface {
	// GetOrganisation returns fault.ErrNotFound before samstyr init.
	GetOrganisation(ctx context.Context) (Organisation, error)
	// PutOrganisation inserts (Version 0; a second insert is
	// ErrInitialised) or updates it, version-guarded.
	PutOrganisation(ctx context.Context, o Organisation) (Organisation, error)
}

// Faults of the organisation.
var (
	ErrInitialised    = fault.New(fault.Conflict, "already_initialised")
	ErrNotInitialised = fault.New(fault.NotFound, "not_initialised")
)

// Actions recorded in the organisation's chain.
const (
	ActionOrgCreated = "organisation_created"
	ActionOrgChanged = "organisation_changed"
)

// MaxLetterhead bounds the letterhead text (characters).
const MaxLetterhead = 200

func checkOrg(fs *fault.Fields, o *Organisation) {
	o.Name, o.Letterhead = strings.TrimSpace(o.Name), strings.TrimSpace(o.Letterhead)
	if o.Letterhead == "" {
		o.Letterhead = o.Name
	}
	switch {
	case o.Name == "":
		fs.Add("/name", "required")
	case utf8.RuneCountInString(o.Name) > board.MaxName:
		fs.Add("/name", "too_long")
	}
	fieldtext.Line(fs, "/name", o.Name)
	if n, ok := board.NormalizeOrgNumber(o.OrgNumber); ok {
		o.OrgNumber = n
	} else {
		fs.Add("/org_number", "invalid_org_number")
	}
	if utf8.RuneCountInString(o.Letterhead) > MaxLetterhead {
		fs.Add("/letterhead", "too_long")
	}
	fieldtext.Line(fs, "/letterhead", o.Letterhead)
}

// InitInput sets up a new installation.
type InitInput struct {
	Name, OrgNumber, Letterhead string
	AdminUsername, AdminName    string
	AdminEmail                  string
	Password                    string
}

// Initialised reports whether the store holds an organisation.
func (s *Service) Initialised(ctx context.Context) (bool, error) {
	_, err := s.org.GetOrganisation(ctx)
	if errors.Is(err, fault.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// CheckInit refuses an init whose fields Init would refuse, without a
// store: samstyr init asks it before it makes a data dir.
func CheckInit(in InitInput) error {
	_, err := checkInit(in)
	return err
}

// checkInit checks every field of an init and returns the organisation
// it describes. The account's fields are checked here, as CreateUser
// will: Init writes the organisation first, and a refusal after it would
// leave a store every later init with another administrator refuses.
func checkInit(in InitInput) (Organisation, error) {
	o := Organisation{Name: in.Name, OrgNumber: in.OrgNumber, Letterhead: in.Letterhead,
		Admin: strings.ToLower(strings.TrimSpace(in.AdminUsername))}
	var fs fault.Fields
	checkOrg(&fs, &o)
	if !identity.ValidUsername(o.Admin) {
		fs.Add("/admin/username", "invalid_username")
	}
	identity.CheckProfile(&fs, in.AdminName, "", in.AdminEmail)
	if code := identity.PasswordProblem(in.Password, o.Admin, in.AdminName); code != "" {
		fs.Add("/admin/password", code)
	}
	return o, fs.Err(fault.Unprocessable)
}

// Init sets up an empty store (samstyr init): the organisation and its
// first administrator, who holds the administrator role for every board
// from today. It refuses a store that holds an organisation or any user
// (already_initialised); an init that stopped between the two writes is
// finished by running it again with the same administrator.
func (s *Service) Init(ctx context.Context, in InitInput) (Organisation, identity.User, error) {
	o, err := checkInit(in)
	if err != nil {
		return Organisation{}, identity.User{}, err
	}
	o.InitialisedAt = s.clock.Now().UTC()
	users, err := s.id.Users(ctx)
	if err != nil {
		return Organisation{}, identity.User{}, err
	}
	existing, err := s.org.GetOrganisation(ctx)
	switch {
	case err == nil:
		if existing.Admin != o.Admin || len(users) > 0 {
			return Organisation{}, identity.User{}, ErrInitialised.WithDetail("the store holds the organisation %q", existing.Name)
		}
		o = existing // resume: the organisation is written, the administrator is not
	case errors.Is(err, fault.ErrNotFound):
		if len(users) > 0 {
			return Organisation{}, identity.User{}, ErrInitialised.WithDetail("the store already has %d users", len(users))
		}
		o.Log.Append(o.ChainID(), adminlog.Record{At: s.clock.Now(), Actor: o.Admin, Action: ActionOrgCreated,
			After: adminlog.JSON(o.state()), Note: "samstyr init", State: o.StateDigest()})
		if o, err = s.org.PutOrganisation(ctx, o); err != nil {
			return Organisation{}, identity.User{}, err
		}
	default:
		return Organisation{}, identity.User{}, err
	}
	u, err := s.id.CreateUser(ctx, identity.NewUser{Username: o.Admin, Name: in.AdminName, Email: in.AdminEmail,
		Title: "Systemadministratör", Password: in.Password, Actor: o.Admin, Note: "samstyr init",
		Roles: []identity.RoleAssignment{{Board: identity.AllBoards, Role: identity.RoleAdmin, ValidFrom: s.today()}}})
	if err != nil {
		return Organisation{}, identity.User{}, err
	}
	return o, u, nil
}

// Organisation returns the organisation (not_initialised before init).
func (s *Service) Organisation(ctx context.Context) (Organisation, error) {
	o, err := s.org.GetOrganisation(ctx)
	if errors.Is(err, fault.ErrNotFound) {
		return o, ErrNotInitialised.WithDetail("run samstyr init")
	}
	return o, err
}

// OrgPatch changes the organisation; nil fields stay.
type OrgPatch struct {
	Name, OrgNumber, Letterhead *string
}

// UpdateOrganisation changes the organisation's name, number or
// letterhead (an administrator); on a store set up before organisations
// were recorded it creates the organisation.
func (s *Service) UpdateOrganisation(ctx context.Context, u identity.User, version int64, p OrgPatch) (Organisation, error) {
	if err := s.requireAdmin(u); err != nil {
		return Organisation{}, err
	}
	o, err := s.org.GetOrganisation(ctx)
	if err != nil && !errors.Is(err, fault.ErrNotFound) {
		return o, err
	}
	if version != 0 && o.Version != version {
		return Organisation{}, fault.ErrVersionConflict.WithDetail("the organisation is at version %d", o.Version)
	}
	before := o.state()
	for _, x := range []struct {
		p *string
		f *string
	}{{p.Name, &o.Name}, {p.OrgNumber, &o.OrgNumber}, {p.Letterhead, &o.Letterhead}} {
		if x.p != nil {
			*x.f = *x.p
		}
	}
	var fs fault.Fields
	checkOrg(&fs, &o)
	if err := fs.Err(fault.Unprocessable); err != nil {
		return Organisation{}, err
	}
	action, b := ActionOrgChanged, adminlog.JSON(before)
	if o.Version == 0 {
		action, b, o.InitialisedAt, o.Admin = ActionOrgCreated, "", s.clock.Now().UTC(), u.Username
	}
	o.Log.Append(o.ChainID(), adminlog.Record{At: s.clock.Now(), Actor: u.Username, Action: action, Before: b,
		After: adminlog.JSON(o.state()), State: o.StateDigest()})
	return s.org.PutOrganisation(ctx, o)
}
