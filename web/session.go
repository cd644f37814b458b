package web

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/identity"
	"github.com/samstyr/samstyr/internal/platform"
)

const (
	sessionCookie   = "samstyr_session"
	loginCSRFCookie = "samstyr_login_csrf"
	ctxUser         = "samstyr.web.user"
	ctxSession      = "samstyr.web.session"
)

func (ui *UI) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: ui.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// requireSession resolves the session cookie; without a valid session a
// GET is redirected to the login page and anything else is refused. Every
// state-changing request must carry the session's CSRF token, and no
// response is stored (Cache-Control: no-store).
func (ui *UI) requireSession() gin.HandlerFunc {
	return func(c *gin.Context) {
		// Nothing a logged-in user is shown, downloads and PDFs included,
		// may be kept by a browser or proxy.
		c.Header("Cache-Control", "no-store")
		secret, _ := c.Cookie(sessionCookie)
		u, sess, err := ui.Identity.Resolve(c.Request.Context(), identity.KindWebSession, secret)
		if err != nil {
			if c.Request.Method == http.MethodGet {
				c.Redirect(http.StatusSeeOther, "/login")
			} else {
				ui.render(c, http.StatusUnauthorized, "error", view{Title: "Inloggning krävs", Error: "Du måste logga in."})
			}
			c.Abort()
			return
		}
		if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
			if err := ui.parseForm(c); err != nil {
				var tooBig *http.MaxBytesError
				code, status := "invalid_request", http.StatusBadRequest
				if errors.As(err, &tooBig) {
					code, status = "file_too_large", http.StatusRequestEntityTooLarge
				}
				ui.render(c, status, "error", view{Title: "Det gick inte", Error: t(code), User: &u, CSRF: sess.CSRF})
				c.Abort()
				return
			}
			if !sameToken(c.PostForm("csrf"), sess.CSRF) {
				ui.render(c, http.StatusForbidden, "error", view{Title: "Ogiltigt formulär", Error: t("csrf_failed"), User: &u})
				c.Abort()
				return
			}
		}
		c.Set(ctxUser, u)
		c.Set(ctxSession, sess)
		c.Next()
	}
}

// parseForm reads a posted form (urlencoded or multipart) within the
// upload size limit.
func (ui *UI) parseForm(c *gin.Context) error {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, ui.MaxUpload+1<<20)
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		return c.Request.ParseMultipartForm(8 << 20)
	}
	return c.Request.ParseForm()
}

func sameToken(got, want string) bool {
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func currentUser(c *gin.Context) identity.User { return c.MustGet(ctxUser).(identity.User) }

func currentSession(c *gin.Context) identity.Credential {
	return c.MustGet(ctxSession).(identity.Credential)
}

// loginCSRF returns the pre-session CSRF token for the login form (a
// double-submit cookie), setting a new one when the browser has none.
func (ui *UI) loginCSRF(c *gin.Context) string {
	if v, err := c.Cookie(loginCSRFCookie); err == nil && len(v) >= 32 {
		return v
	}
	v := platform.Secret("", 32)
	ui.setCookie(c, loginCSRFCookie, v, 3600)
	return v
}
