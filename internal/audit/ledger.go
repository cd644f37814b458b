package audit

import (
	"context"
	"encoding/base64"
	"errors"
	"io"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/ledger"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/signing"
)

// ServerSigner is the signer id of the server's own key, which signs
// ledger checkpoints.
const ServerSigner = "samstyr-server"

// Ledger makes, publishes and checks checkpoints over every case's hash
// chain, and checks what auditors read against the verified cases.
type Ledger struct {
	src    ledger.Source
	st     ledger.Store
	keys   *signing.KeyStore
	clock  platform.Clock
	checks Checks
	log    func(ctx context.Context, user, action string, filters map[string]string) error
}

// NewLedger returns the ledger service.
func NewLedger(src ledger.Source, st ledger.Store, keys *signing.KeyStore, clk platform.Clock) *Ledger {
	return &Ledger{src: src, st: st, keys: keys, clock: clk}
}

// WithChecks adds the checks Verify runs besides the chains and
// checkpoints, and returns l.
func (l *Ledger) WithChecks(c Checks) *Ledger {
	l.checks = c
	return l
}

// Checkpoint signs a new checkpoint over every case's chain head, linked
// to the previous one.
func (l *Ledger) Checkpoint(ctx context.Context) (ledger.Checkpoint, error) {
	return ledger.Build(ctx, l.src, l.st, l.keys, ServerSigner, l.clock.Now())
}

// CheckpointIfChanged signs a checkpoint unless no case changed since the
// last one; it reports whether it made one (the periodic checkpoint).
func (l *Ledger) CheckpointIfChanged(ctx context.Context) (ledger.Checkpoint, bool, error) {
	return ledger.BuildIfChanged(ctx, l.src, l.st, l.keys, ServerSigner, l.clock.Now())
}

// CheckpointRange is a ledger.Store that reads the checkpoints from a
// number on without reading the older ones (repo.Ledger); Roots uses it
// when the store has it.
type CheckpointRange interface {
	CheckpointsFrom(ctx context.Context, from int, fn func(ledger.Checkpoint) error) error
}

// Roots lists the checkpoints from number from on (all when from < 2) for
// publication: the public route and page, and the file a revisor keeps
// for `samstyr verify --against`.
func (l *Ledger) Roots(ctx context.Context, from int) (ledger.Roots, error) {
	key, err := l.ServerKey(ctx)
	if err != nil {
		return ledger.Roots{}, err
	}
	var cps []ledger.Checkpoint
	add := func(c ledger.Checkpoint) error {
		if c.Seq >= from {
			cps = append(cps, c)
		}
		return ctx.Err()
	}
	if r, ok := l.st.(CheckpointRange); ok {
		err = r.CheckpointsFrom(ctx, from, add)
	} else {
		err = l.st.Checkpoints(ctx, add)
	}
	return ledger.NewRoots(cps, key, l.clock.Now()), err
}

// LatestRoots is Roots of the newest n checkpoints.
func (l *Ledger) LatestRoots(ctx context.Context, n int) (ledger.Roots, error) {
	last, ok, err := l.st.LastCheckpoint(ctx)
	if err != nil {
		return ledger.Roots{}, err
	}
	from := 1
	if ok {
		from = max(1, last.Seq-n+1)
	}
	return l.Roots(ctx, from)
}

// ServerKey is the server's public key (base64), or "" before the first
// checkpoint made it.
func (l *Ledger) ServerKey(ctx context.Context) (string, error) {
	pub, _, err := l.keys.PublicKey(ctx, ServerSigner)
	if errors.Is(err, signing.ErrKeyNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(pub), nil
}

// ErrNotPermitted refuses the installation-wide check to those who
// neither keep the record nor audit it.
var ErrNotPermitted = fault.New(fault.Forbidden, "not_permitted")

// MayVerify reports whether u may check the whole installation's record:
// the auditors (revisorer) and those who keep it (administrators and
// secretaries), on today.
func MayVerify(u identity.User, today platform.Date) bool {
	for _, a := range u.RolesOn(today) {
		if a.Role == identity.RoleRevisor || a.Role == identity.RoleAdmin || a.Role == identity.RoleSekreterare {
			return true
		}
	}
	return false
}

// WithQueryLog makes VerifyAs record each check it allows with log (the
// audit log of queries, Service.Log), and returns l.
func (l *Ledger) WithQueryLog(log func(ctx context.Context, user, action string, filters map[string]string) error) *Ledger {
	l.log = log
	return l
}

// VerifyAs is Verify (against roots when not nil) for u, who must be
// allowed to (MayVerify), recorded in the query log (WithQueryLog) before
// it runs: the one door of the API and the web page.
func (l *Ledger) VerifyAs(ctx context.Context, u identity.User, roots *ledger.Roots) (ledger.Report, error) {
	if !MayVerify(u, platform.DateOf(l.clock.Now())) {
		return ledger.Report{}, ErrNotPermitted.WithDetail("only revisorer, secretaries and administrators check the whole record")
	}
	if l.log != nil {
		if err := l.log(ctx, u.Username, "verify", nil); err != nil {
			return ledger.Report{}, err
		}
	}
	return l.VerifyAgainst(ctx, roots)
}

// Verify checks every case chain and every checkpoint, and what the
// checks added with WithChecks cover, and reports every problem, the
// first one first.
func (l *Ledger) Verify(ctx context.Context) (ledger.Report, error) {
	return l.VerifyAgainst(ctx, nil)
}

// VerifyAgainst is Verify that also requires every checkpoint in roots
// (published earlier, kept outside the store) to be in the store
// unchanged.
func (l *Ledger) VerifyAgainst(ctx context.Context, roots *ledger.Roots) (ledger.Report, error) {
	key, err := l.ServerKey(ctx)
	if err != nil {
		return ledger.Report{}, err
	}
	o := ledger.VerifyOptions{Trust: ledger.TrustKey(key), Published: roots, DecisionPayload: l.checks.Payload}
	var pc *projectionCheck
	if l.checks.Records != nil {
		pc = &projectionCheck{Checks: l.checks, decisions: map[string]int{}}
	}
	var nc *numberCheck
	if l.checks.Numbers != nil {
		if nc, err = newNumberCheck(ctx, l.checks.Numbers); err != nil {
			return ledger.Report{}, err
		}
	}
	o.CheckCase = func(ctx context.Context, c cases.Case) ([]ledger.Problem, error) {
		if nc != nil {
			nc.see(c)
		}
		if pc == nil {
			return nil, nil
		}
		return pc.checkCase(ctx, c)
	}
	o.Finish = func(ctx context.Context, rep *ledger.Report) error {
		if pc != nil {
			if err := pc.finish(ctx, rep); err != nil {
				return err
			}
		}
		if nc != nil {
			return nc.finish(ctx, rep)
		}
		return nil
	}
	return ledger.VerifyWith(ctx, l.src, l.st, o)
}

// Export writes a self-contained ledger file that `samstyr verify --file`
// checks without the database.
func (l *Ledger) Export(ctx context.Context, w io.Writer) error {
	key, err := l.ServerKey(ctx)
	if err != nil {
		return err
	}
	if key == "" {
		return fault.New(fault.Unprocessable, "no_checkpoint").WithDetail("make a checkpoint first")
	}
	return ledger.Export(ctx, l.src, l.st, key, l.clock.Now(), w)
}
