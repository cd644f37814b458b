package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/httpx"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/identity"
)

func t(key string) string { return i18n.T(i18n.Swedish, key) }

// loginData fills the login page; SSO shows the organisation-account
// button.
type loginData struct {
	Username string
	SSO      bool
}

func (ui *UI) loginForm(c *gin.Context) {
	if secret, err := c.Cookie(sessionCookie); err == nil {
		if _, _, err := ui.Identity.Resolve(c.Request.Context(), identity.KindWebSession, secret); err == nil {
			c.Redirect(http.StatusSeeOther, "/")
			return
		}
	}
	ui.render(c, http.StatusOK, "login", view{Title: "Logga in", CSRF: ui.loginCSRF(c), Data: loginData{SSO: ui.SSO != nil}})
}

// login checks a posted login form. Login CSRF is closed twice: the
// double-submit token of the pre-session cookie must match, and the
// browser must not say the POST comes from another origin — a page of a
// sibling host or another port can plant its own cookie (cookies do not
// separate ports or, with Domain, sibling hosts) and post its matching
// token with the attacker's credentials.
func (ui *UI) login(c *gin.Context) {
	cookie, _ := c.Cookie(loginCSRFCookie)
	username := c.PostForm("username")
	if !fromOwnPage(c.Request) || !sameToken(c.PostForm("csrf"), cookie) {
		ui.render(c, http.StatusForbidden, "login", view{Title: "Logga in", CSRF: ui.loginCSRF(c),
			Error: t("csrf_failed"), Data: loginData{Username: username, SSO: ui.SSO != nil}})
		return
	}
	u, err := ui.Identity.Authenticate(c.Request.Context(), username, c.PostForm("password"), c.ClientIP())
	if err != nil {
		status := http.StatusInternalServerError
		if httpx.IsClientFault(err) {
			status = httpx.Status(fault.From(err).Kind)
		} else {
			ui.Log.ErrorContext(c.Request.Context(), "login", "err", err.Error())
		}
		if f := fault.From(err); f.RetryAfter > 0 {
			c.Header("Retry-After", strconv.Itoa(int(f.RetryAfter.Seconds()+0.999))) // seconds, as RFC 9110 wants
		}
		ui.render(c, status, "login", view{Title: "Logga in", CSRF: ui.loginCSRF(c),
			Error: t(fault.From(err).Code), Data: loginData{Username: username, SSO: ui.SSO != nil}})
		return
	}
	// A fresh session id on every login: a planted cookie is worthless.
	secret, _, err := ui.Identity.StartSession(c.Request.Context(), u, ui.SessionTTL, "password")
	if err != nil {
		ui.Log.ErrorContext(c.Request.Context(), "start session", "err", err.Error())
		ui.render(c, http.StatusInternalServerError, "error", view{Title: "Fel", Error: t("internal")})
		return
	}
	ui.setCookie(c, sessionCookie, secret, int(ui.SessionTTL.Seconds()))
	ui.setCookie(c, loginCSRFCookie, "", -1)
	c.Redirect(http.StatusSeeOther, "/")
}

// fromOwnPage reports whether a browser says the request comes from one
// of our own pages: Sec-Fetch-Site same-origin (or none: the user's own
// navigation), else an Origin naming our host. A client that sends
// neither (not a current browser) relies on the token alone.
func fromOwnPage(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin" || site == "none"
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		return err == nil && u.Host != "" && strings.EqualFold(u.Host, r.Host)
	}
	return true
}

func (ui *UI) logout(c *gin.Context) {
	if err := ui.Identity.Revoke(c.Request.Context(), currentSession(c)); err != nil && !errors.Is(err, fault.ErrNotFound) {
		ui.Log.ErrorContext(c.Request.Context(), "logout", "err", err.Error())
	}
	ui.setCookie(c, sessionCookie, "", -1)
	c.Redirect(http.StatusSeeOther, "/login")
}
