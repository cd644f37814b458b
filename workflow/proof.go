package workflow

import (
	"regexp"

	"github.com/samstyr/samstyr/internal/delegation"
)

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
