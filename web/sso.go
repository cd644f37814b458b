package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
	"github.com/samstyr/samstyr/internal/sso"
)

const (
	// ssoCookie holds the pending login (state, nonce, PKCE verifier)
	// between /auth/oidc/start and /auth/oidc/callback.
	ssoCookie     = "samstyr_oidc"
	ssoCookiePath = "/auth/oidc/"
)

// errSSOOff answers the SSO routes when no provider is configured.
var errSSOOff = fault.New(fault.NotFound, "sso_not_configured")

// ssoStart sends the browser to the provider, keeping the pending login
// in a short-lived HttpOnly cookie (SameSite=Lax, so the provider's
// top-level redirect back brings it along).
func (ui *UI) ssoStart(c *gin.Context) {
	if ui.SSO == nil {
		ui.ssoFailed(c, errSSOOff)
		return
	}
	authURL, pending, err := ui.SSO.Start(c.Request.Context())
	if err != nil {
		ui.ssoFailed(c, err)
		return
	}
	ui.setSSOCookie(c, pending.Encode(), int(sso.PendingTTL.Seconds()))
	c.Header("Cache-Control", "no-store")
	c.Redirect(http.StatusSeeOther, authURL)
}

// ssoCallback finishes the login: the pending cookie is used once (and
// cleared whatever happens), the code is exchanged and the ID token
// verified, the user is provisioned just in time with the roles its
// claims map to, and a new session is started (any session the browser
// had is ended: no session fixation).
func (ui *UI) ssoCallback(c *gin.Context) {
	if ui.SSO == nil {
		ui.ssoFailed(c, errSSOOff)
		return
	}
	if p, ok := ui.pendingStepUp(c); ok {
		ui.stepUpCallback(c, p) // a step-up to sign, not a login
		return
	}
	ctx := c.Request.Context()
	raw, _ := c.Cookie(ssoCookie)
	ui.setSSOCookie(c, "", -1)
	pending, err := sso.DecodePending(raw)
	if err != nil {
		ui.ssoFailed(c, err)
		return
	}
	el, err := ui.SSO.Finish(ctx, pending, c.Request.URL.Query())
	if err != nil {
		ui.ssoFailed(c, err)
		return
	}
	u, err := ui.Identity.ProvisionExternal(ctx, el)
	if err != nil {
		ui.ssoFailed(c, err)
		return
	}
	if old, err := c.Cookie(sessionCookie); err == nil {
		if _, sess, err := ui.Identity.Resolve(ctx, identity.KindWebSession, old); err == nil {
			if err := ui.Identity.Revoke(ctx, sess); err != nil {
				ui.Log.WarnContext(ctx, "revoke the previous session", "err", err.Error())
			}
		}
	}
	secret, _, err := ui.Identity.StartSession(ctx, u, ui.SessionTTL, sso.Method)
	if err != nil {
		ui.ssoFailed(c, err)
		return
	}
	ui.Log.InfoContext(ctx, "sso login", "user", u.Username, "roles", len(u.RolesOn(platform.DateOf(ui.Clock.Now()))))
	ui.setCookie(c, sessionCookie, secret, int(ui.SessionTTL.Seconds()))
	ui.setCookie(c, loginCSRFCookie, "", -1)
	c.Redirect(http.StatusSeeOther, "/")
}

func (ui *UI) setSSOCookie(c *gin.Context, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: ssoCookie, Value: value, Path: ssoCookiePath, MaxAge: maxAge,
		HttpOnly: true, Secure: ui.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// ssoFailed renders a failed SSO login as a Swedish error page: the
// fault's 4xx status for anything the browser or the provider's answer
// caused, 503 while the provider cannot be reached, and 500 only for our
// own faults (a store failure).
func (ui *UI) ssoFailed(c *gin.Context, err error) {
	f := fault.From(err)
	status := httpx.Status(f.Kind)
	switch {
	case errors.Is(err, sso.ErrUnavailable):
		status = http.StatusServiceUnavailable
		c.Header("Retry-After", "30")
		ui.Log.WarnContext(c.Request.Context(), "sso login: provider unavailable", "err", err.Error())
	case f.Kind == fault.Internal:
		ui.Log.ErrorContext(c.Request.Context(), "sso login", "err", err.Error())
	default:
		ui.Log.InfoContext(c.Request.Context(), "sso login refused", "code", f.Code, "detail", f.Detail)
	}
	ui.render(c, status, "error", view{Title: "Inloggningen misslyckades", Error: t(f.Code)})
}
