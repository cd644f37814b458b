package cases

import (
	"time"

	"github.com/samstyr/samstyr/internal/platform"
)

// SystemActor is the history's actor for what Samstyr does on its own
// (the makulering sweep), not on a person's behalf.
const SystemActor = "samstyr"

// MakuleratTitle is the ärendemening of a makulerat diarienummer.
const MakuleratTitle = "Makulerat diarienummer"

// Series is one diarium's number series, a board's registrations in one
// year, and the last number its counter has drawn.
type Series struct {
	Board string
	Year  int
	Last  int64
}

// RegistrationRecord is what a registration event's digest covers.
func RegistrationRecord(c Case) any {
	return []any{c.ID, c.RegistrationNumber, c.Board, c.Title, c.Class, c.Counterpart, c.Description, c.Secrecy,
		c.OfficerID, c.RegisteredOn, c.VoidReason}
}

// Makulering is the case that keeps a diarienummer which was drawn but
// will never hold an ärende, as registrators makulera a number in a paper
// diarium: an ärende in state makulerad with the title "Makulerat
// diarienummer", the reason, and one history event (by actor, at at) that
// records both. createdBy is the user id behind it, "" for the system.
func Makulering(id, board string, year int, seq int64, reason, actor, createdBy string, at time.Time, fsmVersion int) Case {
	at = at.UTC()
	c := Case{ID: id, Board: board, Year: year, Seq: seq, RegistrationNumber: FormatNumber(board, year, seq),
		Title: MakuleratTitle, TitleFolded: "makulerat diarienummer", CreatedBy: createdBy,
		RegisteredOn: platform.DateOf(at), RegisteredAt: at, RegisteredNS: at.UnixNano(), UpdatedAt: at,
		State: StateVoided, FSMVersion: fsmVersion, Documents: []Document{}, VoidReason: reason}
	c.Append(Event{At: at, Actor: actor, Action: ActionRegister, To: StateVoided, Ref: c.RegistrationNumber,
		Note: reason, DataDigest: DigestJSON(RegistrationRecord(c))})
	return c
}
