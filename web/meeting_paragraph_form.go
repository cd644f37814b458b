package web

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/meeting"
	"github.com/samstyr/samstyr/workflow"
)

// voteChoices are the choices of each person at an omröstning on the §
// form: value, Swedish text.
var voteChoices = [][2]string{{"", "Ingen röst"}, {"ja", "Ja"}, {"nej", "Nej"}, {"avstar", "Avstår"}}

// VoteChoices are the choices of each person at an omröstning.
func (meetingData) VoteChoices() [][2]string { return voteChoices }

// paragraphForm is the § form of one agenda item as filled in.
type paragraphForm struct {
	Item               int
	Outcome            string
	Proposals, Clauses string
	Secret, Immediate  bool
	// Votes and Reservations are in the order the form lists the people.
	Votes        []meeting.Vote
	Reservations []string
	Jav          []paragraphJavRow
}

// paragraphJavRow is one row of the § form's jäv: who leaves the §, and the
// ersättare who steps in (either may be empty). No counts the rows from 1.
type paragraphJavRow struct {
	No                 int
	Member, Substitute string
}

// javRows is how many jäv rows the § form shows at least.
const javRows = 2

// ParagraphForm is the § form of agenda item i as shown: as sent when it
// was just refused; else empty, with the serving member who declared jäv
// in the case proposed as leaving the §.
func (d meetingData) ParagraphForm(i int) paragraphForm {
	f := paragraphForm{Item: i}
	if d.Kept != nil && d.Kept.Item == i {
		f = *d.Kept
		f.Jav = slices.Clone(f.Jav)
	} else if j := d.DeclaredJav[i]; j != "" {
		f.Jav = []paragraphJavRow{{Member: j}}
	}
	for len(f.Jav) < javRows || f.Jav[len(f.Jav)-1].Member != "" || f.Jav[len(f.Jav)-1].Substitute != "" {
		f.Jav = append(f.Jav, paragraphJavRow{})
	}
	for k := range f.Jav {
		f.Jav[k].No = k + 1
	}
	return f
}

// paragraphFormOf reads the § form as sent. The voters are the people the
// form offered (each a "voter" field) with their choice in "vote-<username>";
// the jäv rows pair the k-th "jav" with the k-th "jav_substitute".
func paragraphFormOf(c *gin.Context) paragraphForm {
	f := paragraphForm{Item: -1, Outcome: c.PostForm("outcome"), Proposals: c.PostForm("proposals"), Clauses: c.PostForm("clauses"),
		Secret: c.PostForm("secret") == "on", Immediate: c.PostForm("immediate") == "on", Reservations: c.PostFormArray("reservation")}
	if i, err := strconv.Atoi(c.PostForm("item")); err == nil {
		f.Item = i
	}
	for _, name := range c.PostFormArray("voter") {
		if v := c.PostForm("vote-" + name); v != "" {
			f.Votes = append(f.Votes, meeting.Vote{Username: name, Vote: v})
		}
	}
	jav, subs := c.PostFormArray("jav"), c.PostFormArray("jav_substitute")
	for k := range max(len(jav), len(subs)) {
		var r paragraphJavRow
		if k < len(jav) {
			r.Member = strings.TrimSpace(jav[k])
		}
		if k < len(subs) {
			r.Substitute = strings.TrimSpace(subs[k])
		}
		if r != (paragraphJavRow{}) {
			f.Jav = append(f.Jav, r)
		}
	}
	return f
}

// input is the use case's input from the form: yrkanden and beslutssatser
// one a line, the votes and reservations in the order the form lists the
// people. An ersättare in a jäv row without a member leaving is refused
// (not_jav), as the use case would refuse a substitute for nobody.
func (f paragraphForm) input() (workflow.ParagraphInput, error) {
	in := workflow.ParagraphInput{Item: f.Item, Outcome: meeting.Outcome(f.Outcome), Proposals: lines(f.Proposals),
		Clauses: lines(f.Clauses), Votes: f.Votes, Reservations: f.Reservations, Secret: f.Secret, Immediate: f.Immediate}
	var fs fault.Fields
	for _, r := range f.Jav {
		switch {
		case r.Member == "":
			fs.Add(fmt.Sprintf("/jav_substitutes/%d/member", len(in.JavSubstitutes)), "not_jav")
		case r.Substitute != "":
			in.Jav = append(in.Jav, r.Member)
			in.JavSubstitutes = append(in.JavSubstitutes, meeting.JavSubstitute{Member: r.Member, Substitute: r.Substitute})
		default:
			in.Jav = append(in.Jav, r.Member)
		}
	}
	return in, fs.Err(fault.Unprocessable)
}

// VoteOf is how username voted on the form ("": no vote).
func (f paragraphForm) VoteOf(username string) string {
	for _, v := range f.Votes {
		if v.Username == username {
			return v.Vote
		}
	}
	return ""
}

// Reserves reports whether the form has username reserving themselves.
func (f paragraphForm) Reserves(username string) bool {
	return slices.Contains(f.Reservations, username)
}

// paragraphRefused shows the refusal of the § form next to it, filled
// in as sent (f).
func (ui *UI) paragraphRefused(c *gin.Context, id string, f paragraphForm, in workflow.ParagraphInput, err error) {
	fe := fault.From(err)
	if fe.Kind == fault.Internal || fe.Kind == fault.NotFound {
		ui.failed(c, err)
		return
	}
	m, lerr := ui.Meetings.Meeting(c.Request.Context(), currentUser(c), id)
	if lerr != nil {
		ui.failed(c, err)
		return
	}
	ui.renderMeetingWith(c, m, "paragraf", paragraphProblem(err, in, m), statusOf(fe), &f)
}

// paragraphProblem is a § refusal in Swedish, as problemText, with each
// field that points at a person by their place in a list (a vote, a
// reservation, a jäv) named by the person's name.
func paragraphProblem(err error, in workflow.ParagraphInput, m meeting.Meeting) string {
	f := fault.From(err)
	msg := t(f.Code)
	for _, fe := range f.Fields {
		if fe.Code == f.Code {
			continue // the fault's own text already says it
		}
		msg += " " + paragraphField(fe.Field, in, m) + ": " + strings.TrimSuffix(t(fe.Code), ".") + "."
	}
	return msg
}

// paragraphField names a field of a § refusal in Swedish.
func paragraphField(field string, in workflow.ParagraphInput, m meeting.Meeting) string {
	parts := strings.Split(strings.TrimPrefix(field, "/"), "/")
	if len(parts) < 2 {
		return swedishField(field)
	}
	k, err := strconv.Atoi(parts[1])
	if err != nil || k < 0 {
		return swedishField(field)
	}
	var who string
	switch {
	case parts[0] == "votes" && k < len(in.Votes):
		who = in.Votes[k].Username
	case parts[0] == "reservations" && k < len(in.Reservations):
		who = in.Reservations[k]
	case parts[0] == "jav" && k < len(in.Jav):
		who = in.Jav[k]
	case parts[0] == "jav_substitutes" && k < len(in.JavSubstitutes) && len(parts) == 3:
		who = in.JavSubstitutes[k].Member
		if parts[2] == "substitute" {
			who = in.JavSubstitutes[k].Substitute
		}
	}
	parts[1] = "*"
	label, ok := personFieldLabels["/"+strings.Join(parts, "/")]
	if !ok || who == "" {
		return swedishField(field)
	}
	for _, s := range m.Seats {
		if s.Username == who && s.Name != "" {
			return fmt.Sprintf(label, s.Name)
		}
	}
	return fmt.Sprintf(label, who)
}
