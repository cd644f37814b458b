package meeting

import (
	"slices"

	"github.com/samstyr/samstyr/internal/jcs"
	"github.com/samstyr/samstyr/internal/platform"
)

// ProtocolPayload is what justering signs: the protocol as recorded, in
// RFC 8785 canonical form.
func (m Meeting) ProtocolPayload() []byte {
	doc := map[string]any{"format": "samstyr-protokoll-v1", "id": m.ID, "board": m.Board, "date": m.Date.String(),
		"place": m.Place, "seats": m.Seats, "justerare": m.Justerare, "paragraphs": m.Paragraphs}
	if m.HasFormal() {
		// The standard items' texts (öppnande, justerare, dagordning …)
		// are part of what is signed; a protocol without them signs
		// exactly what it did before they existed.
		var formal []map[string]string
		for _, it := range m.Agenda {
			if it.Kind == KindFormal {
				formal = append(formal, map[string]string{"item": it.Formal, "title": it.Title, "text": m.FormalText(it)})
			}
		}
		doc["formal"] = formal
	}
	b, err := jcs.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return b
}

// SignerRole is the role in which username signs the protocol:
// "ordforande" for the chair's seat, "justerare" for an appointed
// justerare, "" for anyone else.
func (m Meeting) SignerRole(username string) string {
	for _, s := range m.Seats {
		if s.Username == username && s.Role == "ordforande" {
			return "ordforande"
		}
	}
	if slices.Contains(m.Justerare, username) {
		return "justerare"
	}
	return ""
}

// JusteringRole is SignerRole for a justering on today: ErrNotJusterare
// for anyone without one, ErrWrongStatus unless the meeting is closed (or
// justerat, for a late justerare), ErrBeforeMeeting before the day of
// the meeting.
func (m Meeting) JusteringRole(username string, today platform.Date) (string, error) {
	role := m.SignerRole(username)
	if role == "" {
		return "", ErrNotJusterare.WithDetail("%s is neither chair nor appointed justerare", username)
	}
	if m.Status != StatusClosed && m.Status != StatusJusterad {
		return "", ErrWrongStatus.WithDetail("close the meeting before justering")
	}
	return role, m.CheckHeld(today)
}

// SignedBy reports whether username has signed the protocol.
func (m Meeting) SignedBy(username string) bool {
	return slices.ContainsFunc(m.Signatures, func(s ProtocolSignature) bool { return s.Username == username })
}

// Justerad reports whether the chair and every appointed justerare have
// signed: the justering is complete.
func (m Meeting) Justerad() bool {
	chair := false
	for _, s := range m.Signatures {
		chair = chair || s.Role == "ordforande"
	}
	if !chair {
		return false
	}
	for _, j := range m.Justerare {
		if !m.SignedBy(j) {
			return false
		}
	}
	return true
}
