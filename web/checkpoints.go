package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// checkpointMake signs a checkpoint of the whole installation now, for
// those allowed (audit.MayCheckpoint); a refusal, such as a revisor's,
// shows the page with the reason.
func (ui *UI) checkpointMake(c *gin.Context) {
	u := currentUser(c)
	if _, err := ui.Ledger.CheckpointAs(c.Request.Context(), u); err != nil {
		fe := faultOf(err)
		if fe.Kind == fault.Internal {
			ui.failed(c, err)
			return
		}
		ui.renderVerify(c, statusOf(fe), verifyData{Error: problemText(err)})
		return
	}
	c.Redirect(http.StatusSeeOther, "/revision/kontroll?meddelande=kontrollpunkt#checkpoints")
}

// checkpointPart fills the page's list of the latest checkpoints and
// whether u may sign a new one.
func (ui *UI) checkpointPart(c *gin.Context, d *verifyData) {
	u := currentUser(c)
	d.MayCheckpoint = audit.MayCheckpoint(u, platform.DateOf(ui.Clock.Now()))
	d.Flash = flashes[c.Query("meddelande")]
	roots, err := ui.latestRoots(c, 5)
	if err != nil {
		ui.Log.WarnContext(c.Request.Context(), "checkpoints", "err", err.Error())
		return
	}
	d.Roots = roots
}
