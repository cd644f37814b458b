package web

import (
	"strconv"
	"strings"

	"github.com/samstyr/samstyr/internal/meeting"
)

// paragraphDetails is what the meeting page's protocol says of a § besides
// its outcome, att-satser and jäv, as the protocol PDF does: the
// yrkanden, the votering (counts, then who voted how) and who reserved
// themselves, each person by name.
func paragraphDetails(m meeting.Meeting, p meeting.Paragraph) []string {
	name := func(username string) string {
		for _, s := range m.Seats {
			if s.Username == username && s.Name != "" {
				return s.Name
			}
		}
		return username
	}
	var out []string
	for _, y := range p.Proposals {
		if y = strings.TrimSpace(y); y != "" {
			out = append(out, "Yrkande: "+y)
		}
	}
	if len(p.Votes) > 0 {
		labels := map[string]string{"ja": "ja", "nej": "nej", "avstar": "avstår"}
		var counts, who []string
		for _, key := range []string{"ja", "nej", "avstar"} {
			var names []string
			for _, v := range p.Votes {
				if v.Vote == key {
					names = append(names, name(v.Username))
				}
			}
			counts = append(counts, strconv.Itoa(len(names))+" "+labels[key])
			if len(names) > 0 {
				who = append(who, strings.ToUpper(labels[key][:1])+labels[key][1:]+": "+strings.Join(names, ", "))
			}
		}
		out = append(out, "Votering: "+strings.Join(counts, ", ")+" ("+strings.Join(who, "; ")+")")
	}
	for _, r := range p.Reservations {
		out = append(out, "Reservation: "+name(r.Username)+" reserverar sig mot beslutet")
	}
	return out
}
