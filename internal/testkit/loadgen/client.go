// Package loadgen drives Samstyr's real HTTP API the way its users do:
// handläggare drafting cases (registrera, tjänsteskrivelse, handlingar),
// deciders taking, signing and reporting delegation decisions (anmälan
// till nämnden) and closing and archiving the cases, and revisorer
// searching the decision history. It records the latency of every
// operation and every write the server acknowledged, so a load run gives
// throughput numbers and a crash test can check that nothing acknowledged
// was lost. The `samstyr bench` command and the crash test use it.
package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Config says where the server is and how the simulated users log in.
type Config struct {
	BaseURL  string // e.g. "http://127.0.0.1:8080"
	Password string // the demo users' password (SAMSTYR_DEMO_PASSWORD)
	Board    string // the board the cases are registered on; "ITN" when empty
	// BudgetYear is the year of the budget impact of the decisions that
	// have one (default 2026, the last year of the demo agreement).
	BudgetYear int
	// Patience is how long a client keeps retrying an operation whose
	// request failed in transport or with a 5xx (the server restarting);
	// zero means it gives up at once.
	Patience time.Duration
	// HTTP is the client to use; a pooled default when nil.
	HTTP *http.Client
	// People are the usernames acting on Board; the demo users when
	// empty.
	People People
}

// People are the users a flow acts as: the handläggare who registers and
// prepares, the ordförande who decides under A16, the förvaltningschef
// who decides under B3, the nämndsekreterare who reports and archives,
// and the revisor who searches.
type People struct {
	Officer, Chair, Manager, Secretary, Auditor string
}

// DemoPeople are the demo installation's users of the board ITN.
var DemoPeople = People{Officer: "handlaggare", Chair: "ordforande", Manager: "it-chef", Secretary: "sekreterare", Auditor: "revisor"}

func (c Config) withDefaults() Config {
	if c.Board == "" {
		c.Board = "ITN"
	}
	if c.People == (People{}) {
		c.People = DemoPeople
	}
	if c.BudgetYear == 0 {
		c.BudgetYear = 2026
	}
	if c.HTTP == nil {
		c.HTTP = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return c
}

// Client is one simulated user agent (one worker); it is not safe for
// concurrent use. Clients share the Stats and Acks they record into.
type Client struct {
	cfg    Config
	stats  *Stats
	acks   *Acks
	tokens *Tokens
}

// Tokens holds the API tokens of the demo users, so that the clients of a
// run share one login per user (as people do: one login, many requests).
// Safe for concurrent use.
type Tokens struct {
	mu      sync.Mutex
	m       map[string]string
	logging map[string]*sync.Mutex // held while a user logs in
}

// NewTokens returns an empty token store.
func NewTokens() *Tokens { return &Tokens{m: map[string]string{}, logging: map[string]*sync.Mutex{}} }

// get returns user's token, or "" with user's login lock held (the
// caller logs in, calls put, and unlocks).
func (t *Tokens) get(user string) (string, *sync.Mutex) {
	t.mu.Lock()
	l := t.logging[user]
	if l == nil {
		l = &sync.Mutex{}
		t.logging[user] = l
	}
	t.mu.Unlock()
	l.Lock()
	t.mu.Lock()
	tok := t.m[user]
	t.mu.Unlock()
	if tok != "" {
		l.Unlock()
		return tok, nil
	}
	return "", l
}

// Set stores user's token, so that clients use it instead of logging in
// (for users without a password, such as accounts provisioned by single
// sign-on).
func (t *Tokens) Set(user, token string) {
	t.mu.Lock()
	t.m[user] = token
	t.mu.Unlock()
}

// LogIn logs each of the people in (those without a token yet), so that
// a run given these tokens does not spend its time on logins.
func (t *Tokens) LogIn(ctx context.Context, cfg Config, people People) error {
	c := NewClient(cfg, nil, nil, t)
	for _, u := range []string{people.Officer, people.Chair, people.Manager, people.Secretary, people.Auditor} {
		if _, err := c.token(ctx, u); err != nil {
			return err
		}
	}
	return nil
}

// NewClient returns a client recording into stats and acks (either may be
// nil) and logging in through tokens (its own when nil).
func NewClient(cfg Config, stats *Stats, acks *Acks, tokens *Tokens) *Client {
	if tokens == nil {
		tokens = NewTokens()
	}
	return &Client{cfg: cfg.withDefaults(), stats: stats, acks: acks, tokens: tokens}
}

// ErrUnavailable is returned when the server stayed unreachable (or kept
// answering 5xx) for longer than Config.Patience.
var ErrUnavailable = errors.New("loadgen: server unavailable")

// response is one HTTP answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) decode(v any) error {
	if err := json.Unmarshal(r.body, v); err != nil {
		return fmt.Errorf("decode %d response: %w: %.200s", r.status, err, r.body)
	}
	return nil
}

// problemCode is the code of a problem+json answer ("" otherwise).
func (r response) problemCode() string {
	var p struct {
		Code string `json:"code"`
	}
	_ = json.Unmarshal(r.body, &p)
	return p.Code
}

// request describes one call.
type request struct {
	op          string // operation name for the statistics
	method      string
	path        string
	user        string // demo user whose token is sent ("" = none)
	json        any
	raw         []byte
	contentType string
	ifMatch     string
}

// send performs one attempt: a transport error is returned as err, every
// HTTP answer as the response. The latency is recorded under op, as an
// error when the attempt failed or the status is 5xx.
func (c *Client) send(ctx context.Context, rq request) (response, error) {
	var body io.Reader
	ct := rq.contentType
	switch {
	case rq.json != nil:
		b, err := json.Marshal(rq.json)
		if err != nil {
			return response{}, err
		}
		body, ct = bytes.NewReader(b), "application/json"
	case rq.raw != nil:
		body = bytes.NewReader(rq.raw)
	}
	req, err := http.NewRequestWithContext(ctx, rq.method, c.cfg.BaseURL+rq.path, body)
	if err != nil {
		return response{}, err
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if rq.ifMatch != "" {
		req.Header.Set("If-Match", `"`+rq.ifMatch+`"`)
	}
	if rq.user != "" {
		tok, err := c.token(ctx, rq.user)
		if err != nil {
			return response{}, err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	start := time.Now()
	res, err := c.cfg.HTTP.Do(req)
	if err != nil {
		if ctx.Err() == nil { // a request the run itself cut short is no error of the server
			c.stats.Record(rq.op, time.Since(start), 0)
		}
		return response{}, err
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		if ctx.Err() == nil {
			c.stats.Record(rq.op, time.Since(start), 0)
		}
		return response{}, err
	}
	c.stats.Record(rq.op, time.Since(start), res.StatusCode)
	return response{status: res.StatusCode, header: res.Header, body: b}, nil
}

// do sends rq, retrying transport errors and 5xx answers with a short
// backoff for as long as Config.Patience allows. A retried write may have
// been applied by the attempt that failed: the flows re-read before they
// repeat anything that is not idempotent.
func (c *Client) do(ctx context.Context, rq request) (response, error) {
	deadline := time.Now().Add(c.cfg.Patience)
	wait := 20 * time.Millisecond
	for {
		res, err := c.send(ctx, rq)
		if err == nil && res.status < 500 {
			return res, nil
		}
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		if time.Now().After(deadline) {
			if err != nil {
				return res, fmt.Errorf("%w: %s %s: %v", ErrUnavailable, rq.method, rq.path, err)
			}
			return res, fmt.Errorf("%w: %s %s: %d %.200s", ErrUnavailable, rq.method, rq.path, res.status, res.body)
		}
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case <-time.After(wait):
		}
		if wait < 500*time.Millisecond {
			wait *= 2
		}
	}
}

// token logs user in once per token store (tokens are stored
// server-side, so they survive a restart of the server); clients that
// need the same user meanwhile wait for that login.
func (c *Client) token(ctx context.Context, user string) (string, error) {
	tok, l := c.tokens.get(user)
	if tok != "" {
		return tok, nil
	}
	defer l.Unlock()
	res, err := c.do(ctx, request{op: "login", method: http.MethodPost, path: "/api/v1/auth/token",
		json: map[string]string{"username": user, "password": c.cfg.Password}})
	if err != nil {
		return "", err
	}
	if res.status != http.StatusCreated {
		return "", fmt.Errorf("login %s: %d %.200s", user, res.status, res.body)
	}
	var t struct {
		AccessToken string `json:"access_token"`
	}
	if err := res.decode(&t); err != nil {
		return "", err
	}
	c.tokens.mu.Lock()
	c.tokens.m[user] = t.AccessToken
	c.tokens.mu.Unlock()
	return t.AccessToken, nil
}

// unexpected is an answer no flow step expects: a bug in the server or in
// the flow, never a condition to retry.
func unexpected(what string, res response) error {
	return fmt.Errorf("%s: unexpected %d %.300s", what, res.status, res.body)
}
