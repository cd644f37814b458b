package memopdf

import (
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/internal/platform"
)

// formalMeeting is seedMeeting with the standard agenda items, an extra
// ärende taken up at the meeting, the justering day set, the opening
// time, and at § 2 a ledamot who leaves for jäv with a free ersättare
// stepping in.
func formalMeeting() meeting.Meeting {
	m := seedMeeting()
	m.Seats = append(m.Seats, meeting.Seat{Username: "erik", Name: "Erik Holm", Role: "ersattare", Party: "S", Present: true},
		meeting.Seat{Username: "frida", Name: "Frida Ek", Role: "ledamot", Party: "S", Present: true})
	m.Agenda = append(m.Agenda, meeting.AgendaItem{Kind: "case", CaseID: "c9", RegistrationNumber: "ITN 2025/9", Title: "Brådskande avtal", Extra: true})
	m.Agenda = meeting.WithStandardItems(m.Agenda)
	opened := time.Date(2025, time.May, 15, 13, 4, 0, 0, platform.Stockholm)
	m.OpenedAt = &opened
	m.JusteringPlanned = platform.MustParseDate("2025-05-22")
	m.Paragraphs[1].Jav = []string{"frida"}
	m.Paragraphs[1].JavSubstitutes = []meeting.JavSubstitute{{Member: "frida", Substitute: "erik"}}
	return m
}

// TestRenderProtocolStandardItemsAndJavSubstitute: the protocol opens
// with öppnande (time), justerare (with the day of justering) and the
// dagordning approved with the extra ärende, all without a §; the §§
// keep their numbers; the jäv of § 2 names the ersättare who served;
// Anmälningar and Information close it. The kallelse lists every item.
func TestRenderProtocolStandardItemsAndJavSubstitute(t *testing.T) {
	in := seedProtocol()
	in.Meeting = formalMeeting()
	text := pdfText(t, protocolPDF(t, in))
	wantOrder(t, "protocol", text,
		"Mötets öppnande", "Ordföranden Anna Åkesson förklarar sammanträdet öppnat kl. 13.04.",
		"Val av justerare och tid för justering", "Att jämte ordföranden justera protokollet utses Bo Ekström. Justering sker 2025-05-22.",
		"Godkännande av dagordningen", "Dagordningen godkänns med tillägg av extra ärende: Brådskande avtal (ITN 2025/9).",
		"§ 1 Översyn av samverkansavtal",
		"§ 2 Upphandling av brandvägg", "Frida Ek (S) deltar inte i handläggningen på grund av jäv; Erik Holm (S) tjänstgör.",
		"§ 3 Anmälan av delegationsbeslut",
		"Anmälningar", "Anmälningarna läggs till handlingarna.",
		"Information", "Nämnden tar del av informationen.",
		"Underskrifter")
	wantAll(t, "protocol", text, "Paragrafer: §§ 1–3", "Erik Holm, ersättare (tjänstgör vid § 2 för Frida Ek på grund av jäv)")

	kallelse := pdfText(t, kallelsePDF(t, in))
	wantOrder(t, "kallelse", kallelse, "1. Mötets öppnande", "2. Val av justerare och tid för justering",
		"3. Godkännande av dagordningen", "4. Översyn av samverkansavtal", "7. Brådskande avtal", "8. Anmälningar", "9. Information")
}
