package web

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/sso"
	"github.com/samstyr/samstyr/workflow"
)

// Signing with a single sign-on step-up: a person whose account has no
// local password confirms a signature (a decision, a justering, a refusal
// of a request for allmän handling) by logging in again at the provider.
// The form posts to the act's own route with stepup=1; the handler keeps
// the act and the pending login (state, nonce, PKCE verifier) in a
// short-lived HttpOnly cookie bound to the session and the person, and
// sends the browser to the provider with prompt=login and max_age=0. The
// callback verifies the ID token (sso.FinishStepUp: issuer, audience,
// nonce, this person's subject, a fresh auth_time) and performs the act
// through the same use case with identity.Proof{SSOAuthAt: auth_time}.

const (
	// stepUpCookie holds a pending step-up between the act's form and
	// /auth/oidc/callback.
	stepUpCookie = "samstyr_stepup"
	// maxStepUpCookie bounds the cookie (browsers keep about 4 KB).
	maxStepUpCookie = 3800
)

// The acts a step-up confirms.
const (
	stepUpDecision  = "beslut"
	stepUpJustering = "justering"
	stepUpRefusal   = "avslag"
)

// stepUpAct is the act being confirmed and the version of it the person
// saw: the decision's digest, the meeting's or the request's version.
type stepUpAct struct {
	Kind    string                 `json:"k"`
	ID      string                 `json:"i"`
	Digest  string                 `json:"d,omitempty"`
	Version int64                  `json:"v,omitempty"`
	Refusal *workflow.RefusalInput `json:"r,omitempty"`
}

// stepUpPending is the step-up cookie's content.
type stepUpPending struct {
	Login   sso.Pending `json:"p"`
	Session string      `json:"s"` // the web session's credential id
	User    string      `json:"u"` // the person's user id
	Act     stepUpAct   `json:"a"`
}

func (p stepUpPending) encode() string {
	b, _ := json.Marshal(p)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeStepUp(s string) (stepUpPending, bool) {
	var p stepUpPending
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(s) > maxStepUpCookie || json.Unmarshal(b, &p) != nil || p.Login.State == "" || p.Login.Nonce == "" ||
		p.Login.Verifier == "" || p.Session == "" || p.User == "" || p.Act.ID == "" {
		return stepUpPending{}, false
	}
	return p, true
}

// stepUpVia returns the name of the provider u signs with by a step-up
// login, or "" when u signs with the password: only an account linked to
// the configured provider that has no local password steps up.
func (ui *UI) stepUpVia(u *identity.User) string {
	if u == nil || ui.SSO == nil || u.External == nil || u.HasPassword() || u.External.Issuer != ui.SSO.Issuer() {
		return ""
	}
	if iss, err := url.Parse(ui.SSO.Issuer()); err == nil && iss.Host != "" {
		return iss.Host
	}
	return ui.SSO.Issuer()
}

// startStepUp begins the step-up for act when the form asked for one
// (stepup=1) and the person signs that way. It reports whether it has
// answered; when it has not, the caller goes on with the password proof
// (which an empty password makes the use case refuse).
func (ui *UI) startStepUp(c *gin.Context, act stepUpAct, refused func(err error)) bool {
	u := currentUser(c)
	if c.PostForm("stepup") != "1" || ui.stepUpVia(&u) == "" {
		return false
	}
	authURL, login, err := ui.SSO.StartStepUp(c.Request.Context())
	if err != nil {
		refused(err)
		return true
	}
	v := stepUpPending{Login: login, Session: currentSession(c).ID, User: u.ID, Act: act}.encode()
	if len(v) > maxStepUpCookie {
		refused(fault.New(fault.Unprocessable, "stepup_too_long"))
		return true
	}
	ui.setStepUpCookie(c, v, int(sso.PendingTTL.Seconds()))
	c.Header("Cache-Control", "no-store")
	c.Redirect(http.StatusSeeOther, authURL)
	return true
}

func (ui *UI) setStepUpCookie(c *gin.Context, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: stepUpCookie, Value: value, Path: ssoCookiePath, MaxAge: maxAge,
		HttpOnly: true, Secure: ui.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// pendingStepUp returns the browser's pending step-up when the callback
// is its answer (the state is the step-up's).
func (ui *UI) pendingStepUp(c *gin.Context) (stepUpPending, bool) {
	raw, err := c.Cookie(stepUpCookie)
	if err != nil || raw == "" {
		return stepUpPending{}, false
	}
	p, ok := decodeStepUp(raw)
	if !ok || c.Query("state") != p.Login.State {
		return stepUpPending{}, false
	}
	return p, true
}

// stepUpCallback finishes a step-up at the provider's callback: the
// cookie is used once; the browser's session must be the one that began
// it, of the same person; the ID token must be theirs and fresh; the act
// must be as they saw it. Then the act is done with the SSO proof. Any
// refusal shows on the act's page and nothing is signed.
func (ui *UI) stepUpCallback(c *gin.Context, p stepUpPending) {
	ctx := c.Request.Context()
	ui.setStepUpCookie(c, "", -1)
	c.Header("Cache-Control", "no-store")
	secret, _ := c.Cookie(sessionCookie)
	u, sess, err := ui.Identity.Resolve(ctx, identity.KindWebSession, secret)
	if err != nil || sess.ID != p.Session || u.ID != p.User || u.External == nil {
		ui.Log.InfoContext(ctx, "sso step-up refused", "code", "stepup_session")
		ui.render(c, http.StatusForbidden, "error", view{Title: "Signeringen misslyckades", Error: t("stepup_session")})
		return
	}
	c.Set(ctxUser, u)
	c.Set(ctxSession, sess)
	c.Params = append(c.Params, gin.Param{Key: "id", Value: p.Act.ID})
	refused := ui.stepUpRefused(c, p.Act)
	at, err := ui.SSO.FinishStepUp(ctx, p.Login, c.Request.URL.Query(), *u.External)
	if err != nil {
		ui.Log.InfoContext(ctx, "sso step-up refused", "code", fault.From(err).Code, "detail", fault.From(err).Detail)
		refused(err)
		return
	}
	proof := identity.Proof{SSOAuthAt: at, ClientIP: c.ClientIP()}
	changed := fault.New(fault.Conflict, "stepup_changed")
	switch p.Act.Kind {
	case stepUpDecision:
		_, d, err := ui.Decisions.DecisionOf(ctx, u, p.Act.ID)
		if err == nil && d.Digest != p.Act.Digest {
			err = changed
		}
		if err == nil {
			_, _, err = ui.Decisions.Sign(ctx, u, p.Act.ID, proof)
		}
		if err != nil {
			refused(err)
			return
		}
		c.Redirect(http.StatusSeeOther, "/beslut/"+p.Act.ID+"?meddelande=signerat")
	case stepUpJustering:
		m, err := ui.Meetings.Meeting(ctx, u, p.Act.ID)
		if err == nil && m.Version != p.Act.Version {
			err = changed
		}
		if err == nil {
			_, err = ui.Meetings.Justera(ctx, u, p.Act.ID, proof)
		}
		if err != nil {
			refused(err)
			return
		}
		c.Redirect(http.StatusSeeOther, "/sammantraden/"+p.Act.ID)
	case stepUpRefusal:
		if p.Act.Refusal == nil {
			refused(changed)
			return
		}
		if _, _, err := ui.Disclosures.Refuse(ctx, u, p.Act.ID, p.Act.Version, *p.Act.Refusal, proof); err != nil {
			refused(err)
			return
		}
		c.Redirect(http.StatusSeeOther, "/utlamnande/"+p.Act.ID+"?meddelande=avslag")
	default:
		refused(changed)
	}
}

// stepUpRefused returns how a refusal of act shows: on the act's page,
// next to its form, as the password form's refusals do.
func (ui *UI) stepUpRefused(c *gin.Context, act stepUpAct) func(error) {
	return func(err error) {
		ctx := c.Request.Context()
		u := currentUser(c)
		f := fault.From(err)
		status := statusOf(f)
		switch {
		case errors.Is(err, sso.ErrUnavailable):
			status = http.StatusServiceUnavailable // the provider's trouble, not ours: try again
			c.Header("Retry-After", "30")
		case f.Kind == fault.Internal:
			ui.failed(c, err)
			return
		}
		switch act.Kind {
		case stepUpDecision:
			if cs, d, lerr := ui.Decisions.DecisionOf(ctx, u, act.ID); lerr == nil {
				ui.renderDecision(c, cs, d, problemText(err), status)
				return
			}
		case stepUpJustering:
			if m, lerr := ui.Meetings.Meeting(ctx, u, act.ID); lerr == nil {
				ui.renderMeeting(c, m, "justera", problemText(err), status)
				return
			}
		case stepUpRefusal:
			ui.renderRequest(c, status, problemText(err)+reasonsText(f))
			return
		}
		ui.render(c, status, "error", view{Title: "Signeringen misslyckades", User: &u, Error: problemText(err)})
	}
}
