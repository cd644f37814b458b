package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/ledger"
	"github.com/samstyr/samstyr/internal/platform"
)

// kindExplained says in Swedish what each kind of verification problem
// means and what to do about it, for the revisor reading the result.
var kindExplained = map[string]string{
	ledger.KindEditedEvent:         "En händelse i ärendets historik har ändrats efter att den skrevs. Jämför med en säkerhetskopia och ta reda på vem som har ändrat i databasen.",
	ledger.KindRemovedEvent:        "En händelse saknas i ärendets historik. Någon har tagit bort den direkt i databasen.",
	ledger.KindDeletedCase:         "Ett ärende som fanns vid en kontrollpunkt finns inte längre. Ärenden får aldrig tas bort, bara makuleras.",
	ledger.KindBrokenChain:         "Ärendets kontrollsummor hänger inte ihop. Historiken har ändrats utanför Samstyr.",
	ledger.KindCheckpointRewritten: "En signerad kontrollpunkt har skrivits om. Historiken före den kan ha ändrats.",
	ledger.KindCheckpointSignature: "Signaturen på en kontrollpunkt stämmer inte. Kontrollpunkten är inte den som Samstyr signerade.",
	ledger.KindCheckpointMissing:   "En kontrollpunkt saknas i följden. Någon har tagit bort den.",
	ledger.KindLeavesMismatch:      "Ärendena stämmer inte med det som kontrollpunkten intygar. Historik som fanns när kontrollpunkten signerades har ändrats.",
	ledger.KindPublishedCheckpoint: "En kontrollpunkt i den sparade filen finns inte oförändrad i databasen. Databasen kan ha rullats tillbaka eller historik tagits bort.",
	ledger.KindDecisionEdited:      "Ett beslut har ändrats efter att det fattades. Beslutets kontrollsumma stämmer inte.",
	ledger.KindDecisionSignature:   "En signatur på ett beslut stämmer inte med beslutets innehåll.",
	ledger.KindProjectionMismatch:  "Revisionsregistret visar något annat än beslutet i ärendet. Sökningar och rapporter kan visa fel uppgift i det angivna fältet.",
	ledger.KindProjectionMissing:   "Ett beslut finns i ärendet men inte i revisionsregistret, så det syns inte i sökningar och rapporter.",
	ledger.KindProjectionExtra:     "Revisionsregistret har ett beslut som inget ärende har.",
	ledger.KindUnexplainedNumber:   "Diarienummer saknas utan förklaring. Ett registrerat ärende kan ha tagits bort.",
	ledger.KindNumberAhead:         "Ett ärende har ett diarienummer som nummerräknaren ännu inte har delat ut.",
}

// explain is the Swedish explanation of a problem kind; an unknown kind
// gets a general sentence rather than its code.
func explain(kind string) string {
	if s, ok := kindExplained[kind]; ok {
		return s
	}
	return "Kontrollen hittade en avvikelse som behöver utredas."
}

// problemField names a decision's field in a verification problem by its
// form label; a field without one is called "Uppgift i beslutet" rather
// than by its code.
func problemField(field string) string {
	if field == "" {
		return ""
	}
	if l, ok := fieldLabels["/"+field]; ok {
		return l
	}
	return "Uppgift i beslutet"
}

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
