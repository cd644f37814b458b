package oparl

import (
	"context"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/platform"
)

// wholeLists is a Source without the Pager: the Service pages its whole
// lists in memory.
type wholeLists struct{ Source }

// TestPagerPagesAreThoseOfTheWholeList: every page of a body's papers and
// meetings, at every page size and with the created filters, is the same
// read a page at a time (Pager) as paged from the whole list; a page past
// the end is not found on both paths, the largest page number included.
// The fixture gets 12 more public ärenden (diarienummer 1 and 10 to 12 on
// one day, ITN 2026/1 a prefix of the others) and 6 more justerade
// meetings.
func TestPagerPagesAreThoseOfTheWholeList(t *testing.T) {
	f := newFixture()
	open, justerad := f.cases[0], f.meetings[0]
	t0 := time.Date(2026, 1, 28, 9, 0, 0, 0, platform.Stockholm)
	for i := 1; i <= 12; i++ {
		c := open
		c.ID = fmt.Sprintf("01950000-0000-7000-8000-1000000000%02d", i)
		c.RegistrationNumber = fmt.Sprintf("ITN 2026/%d", i)
		c.RegisteredAt = t0.Add(time.Duration(i%4) * 24 * time.Hour).Add(time.Duration(i) * time.Minute)
		c.RegisteredOn = platform.DateOf(c.RegisteredAt)
		c.UpdatedAt = c.RegisteredAt.Add(time.Duration(13-i) * time.Hour)
		f.cases = append(f.cases, c)
		if i <= 6 {
			m := justerad
			m.ID = fmt.Sprintf("01960000-0000-7000-8000-1000000000%02d", i)
			m.StartsAt = t0.Add(time.Duration(7-i) * 48 * time.Hour)
			m.Date = platform.DateOf(m.StartsAt)
			f.meetings = append(f.meetings, m)
		}
	}
	paged := f.service(100)
	whole := f.service(100)
	whole.Source = wholeLists{whole.Source}
	if _, ok := paged.Source.(Pager); !ok {
		t.Fatal("DomainSource is not a Pager")
	}
	edge := f.cases[len(f.cases)-3].RegisteredAt.Format(time.RFC3339) // exactly an ärende's registration
	changed := f.cases[len(f.cases)-5].UpdatedAt.Format(time.RFC3339) // exactly an ärende's last change
	queries := []url.Values{{}, {"omit_internal": {"true"}}, {"created_since": {"2026-01-30T00:00:00+01:00"}},
		{"created_until": {"2026-01-30T00:00:00+01:00"}}, {"created_since": {edge}}, {"created_until": {edge}},
		{"modified_since": {changed}}, {"modified_until": {changed}}, {"modified_since": {"2026-01-30T00:00:00+01:00"}, "created_until": {edge}}}
	for _, list := range []string{"/body/ITN/paper", "/body/ITN/meeting"} {
		for limit := 1; limit <= 4; limit++ {
			for _, base := range queries {
				for page := 1; ; page++ {
					q := url.Values{"limit": {strconv.Itoa(limit)}, "page": {strconv.Itoa(page)}}
					for k, v := range base {
						q[k] = v
					}
					p, perr := paged.Get(context.Background(), list, q)
					w, werr := whole.Get(context.Background(), list, q)
					if IsNotFound(perr) && IsNotFound(werr) {
						if page == 1 {
							t.Errorf("%s %v: the first page is not found", list, q)
						}
						break
					}
					if perr != nil || werr != nil {
						t.Fatalf("%s %v: %v / %v", list, q, perr, werr)
					}
					pm, _ := decode(t, p)
					wm, _ := decode(t, w)
					if !reflect.DeepEqual(pm, wm) {
						t.Fatalf("%s %v:\npaged %v\nwhole %v", list, q, pm, wm)
					}
				}
			}
		}
		for _, svc := range []*Service{paged, whole} {
			if _, err := svc.Get(context.Background(), list, url.Values{"page": {"9223372036854775807"}}); !IsNotFound(err) {
				t.Errorf("%s: the largest page number: %v, want not found", list, err)
			}
		}
	}
}
