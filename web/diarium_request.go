package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/disclosure"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/workflow"
)

// publicRequestForm is the public request form as typed.
type publicRequestForm struct {
	Board, Form, Asked, Name, Contact, Items string
}

// publicRequestData is the public request page: the form, or the receipt
// once it is sent.
type publicRequestData struct {
	Form    publicRequestForm
	Boards  [][2]string
	Receipt *workflow.PublicReceipt
}

// publicRequestPage is the form anyone may use, without a login, to ask a
// nämnd for allmänna handlingar (/diarium/begaran). A link from an
// e-diarium entry fills in the nämnd and the handling.
func (ui *UI) publicRequestPage(c *gin.Context) {
	f := publicRequestForm{Board: c.Query("namnd"), Items: c.Query("handling"), Form: string(disclosure.FormCopy)}
	ui.renderPublicRequest(c, http.StatusOK, f, nil, "")
}

func (ui *UI) renderPublicRequest(c *gin.Context, status int, f publicRequestForm, receipt *workflow.PublicReceipt, errText string) {
	d := publicRequestData{Form: f, Receipt: receipt}
	if bs, err := ui.Boards.ListBoards(c.Request.Context()); err == nil {
		for _, b := range bs {
			d.Boards = append(d.Boards, [2]string{b.Code, b.Name})
		}
	}
	ui.render(c, status, "request_public", view{Title: "Begär att få ta del av allmän handling", CSRF: ui.loginCSRF(c),
		Error: errText, Data: d})
}

// publicRequestSubmit registers a request sent by the public form. There
// is no session, so the form carries the pre-session double-submit token
// (as the login form does) and must come from this site's own page.
func (ui *UI) publicRequestSubmit(c *gin.Context) {
	f := publicRequestForm{Board: c.PostForm("board"), Form: c.PostForm("form"), Asked: c.PostForm("asked"),
		Name: c.PostForm("requester_name"), Contact: c.PostForm("requester_contact"), Items: c.PostForm("items")}
	cookie, _ := c.Cookie(loginCSRFCookie)
	if !fromOwnPage(c.Request) || !sameToken(c.PostForm("csrf"), cookie) {
		ui.renderPublicRequest(c, http.StatusForbidden, f, nil, t("csrf_failed"))
		return
	}
	in := workflow.PublicRequestInput{Board: f.Board, Form: disclosure.Form(f.Form), Asked: f.Asked, Items: requestItems(f.Items)}
	if strings.TrimSpace(f.Name+f.Contact) != "" {
		in.Requester = &disclosure.Requester{Name: f.Name, Contact: f.Contact}
	}
	receipt, err := ui.Public.SubmitRequest(c.Request.Context(), in)
	if err != nil {
		fe := fault.From(err)
		if fe.Kind == fault.Internal {
			ui.Log.ErrorContext(c.Request.Context(), "public request", "err", err.Error())
		}
		ui.renderPublicRequest(c, statusOf(fe), f, nil, problemText(err))
		return
	}
	ui.renderPublicRequest(c, http.StatusCreated, publicRequestForm{}, &receipt, "")
}
