package workflow

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/delegation"
	"github.com/samstyr/samstyr/internal/i18n"
	"github.com/samstyr/samstyr/internal/money"
)

// paragraphRef finds the § of an adopting decision's reference ("ITN
// 2025-01-15 § 3" → "§ 3").
var paragraphRef = regexp.MustCompile(`§\s*\d+`)

// ProofText is a decision's delegationsstöd as one Swedish sentence: who
// decided, in which role, under which point of which order version, and
// the limit in kronor, e.g. "Anna Lindqvist, ordförande, beslutar enligt
// punkt A16 'Avtal med kommunala bolag' i delegationsordning version 1
// antagen 2025-01-15 § 3". It reads the order version the decision names;
// when that cannot be read it says so with the point's code.
func (e *Decisions) ProofText(ctx context.Context, cs cases.Case, d cases.Decision) string {
	role := strings.ToLower(i18n.T(i18n.Swedish, "role."+d.ActingRole))
	who := d.DeciderName + ", " + role
	switch d.ActingAs {
	case "substitute":
		who += ", som ersättare"
		if r, ok := map[string]string{"franvaro": "förfall", "jav": "jäv"}[d.SubstituteReason]; ok {
			who += " vid " + r
		}
	}
	o, err := e.orders.Get(ctx, cs.Board, d.OrderNumber)
	if err != nil || o.ID != d.OrderID {
		return fmt.Sprintf("%s, beslutar enligt punkt %s i delegationsordning version %d.", who, d.PointCode, d.OrderNumber)
	}
	p, _ := o.Point(d.PointCode)
	s := who + ", beslutar"
	if d.Kind == cases.KindUrgent {
		s += " i brådskande ärende (6 kap. 39 § kommunallagen)"
	}
	s += " enligt punkt " + d.PointCode
	if p.Matter != "" {
		s += " '" + p.Matter + "'"
	}
	s += fmt.Sprintf(" i delegationsordning version %d", o.Number)
	if !o.AdoptedOn.IsZero() {
		s += " antagen " + o.AdoptedOn.String()
	}
	if ref := paragraphRef.FindString(o.AdoptedRef); ref != "" {
		s += " " + ref
	}
	if l := limitText(p.Limit); l != "" {
		s += ", " + l
	}
	return s + "."
}

// limitText is a point's beloppsgräns in words ("" without one).
func limitText(l *delegation.Limit) string {
	switch {
	case l == nil:
		return ""
	case l.Ore > 0:
		return "högst " + money.Format(l.Ore)
	case l.PBBCents > 0:
		return "högst " + strings.ReplaceAll(strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", float64(l.PBBCents)/100), "0"), "."), ".", ",") + " prisbasbelopp"
	}
	return ""
}

// AppealRoute is a way to appeal a decision (överklagande).
type AppealRoute string

// The appeal routes of a decision (DOMAIN.md 3.3).
const (
	// Laglighetsprövning (13 kap. kommunallagen): any member of the
	// municipality, to the förvaltningsrätt, within three weeks from the
	// anslag of the justerat protokoll where the decision was reported.
	Laglighetsprovning AppealRoute = "laglighetsprovning"
	// Förvaltningsbesvär (40–48 §§ förvaltningslagen): the party the
	// decision went against, sent to the board, within three weeks from
	// the party's delgivning.
	Forvaltningsbesvar AppealRoute = "forvaltningsbesvar"
)

// fbBasis tells a legal basis under which a decision is myndighetsutövning
// against a party, so appealed by förvaltningsbesvär.
var fbBasis = regexp.MustCompile(`(?i)förvaltningslag|\bFL\b|myndighetsutövning|förvaltningsbesvär`)

// AppealRoutes are decision d's appeal routes: every delegationsbeslut and
// ordförandebeslut may be appealed by laglighetsprövning (neither is ren
// verkställighet, which is no decision); a point whose legal basis names
// förvaltningslagen or myndighetsutövning may also be appealed by the
// party by förvaltningsbesvär.
func AppealRoutes(p delegation.Point) []AppealRoute {
	routes := []AppealRoute{Laglighetsprovning}
	if fbBasis.MatchString(p.LegalBasis) {
		routes = append(routes, Forvaltningsbesvar)
	}
	return routes
}

// AppealNotice is the besvärshänvisning printed with a decision: one
// paragraph per appeal route saying who may appeal, how, where and by
// when. boardName and organisation name where an appeal by
// förvaltningsbesvär is sent.
func AppealNotice(routes []AppealRoute, registrationNumber, boardName, organisation string) []string {
	var out []string
	for _, r := range routes {
		switch r {
		case Laglighetsprovning:
			out = append(out, "Laglighetsprövning (13 kap. kommunallagen): Den som är medlem i kommunen, för en gemensam nämnd i någon av de samverkande kommunerna, "+
				"kan överklaga beslutet hos förvaltningsrätten. Överklagandet ska vara skriftligt, ange vilket beslut som överklagas (diarienummer "+registrationNumber+
				") och de skäl som klaganden stöder sig på. Det ska ha kommit in till förvaltningsrätten inom tre veckor från den dag då det tillkännagavs på "+
				"kommunens anslagstavla att protokollet där beslutet anmäldes har justerats; för en gemensam nämnd räknas tiden från det sista tillkännagivandet "+
				"hos de samverkande kommunerna. Infaller sista dagen på en lördag, söndag eller helgdag räcker det att överklagandet kommer in nästa vardag.")
		case Forvaltningsbesvar:
			out = append(out, "Förvaltningsbesvär (40–48 §§ förvaltningslagen): Den som beslutet angår kan överklaga det om det har gått honom eller henne emot. "+
				"Överklagandet ska vara skriftligt, ställas till förvaltningsrätten men skickas till "+boardName+", "+organisation+
				". Ange vilket beslut som överklagas (diarienummer "+registrationNumber+") och vilken ändring som begärs. Överklagandet ska ha kommit in "+
				"inom tre veckor från den dag då klaganden fick del av beslutet.")
		}
	}
	return out
}
