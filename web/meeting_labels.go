package web

// Swedish names of the meeting forms' fields, for refusals shown next to
// them (fieldLabel).
func init() {
	for k, v := range map[string]string{
		"/starts_at": "Datum och tid", "/place": "Plats", "/justerare/*": "Justerare %d", "/justering_on": "Justeringsdag",
		"/item": "Punkt", "/outcome": "Beslut", "/case_id": "Ärende", "/formal": "Standardpunkt",
		"/jav_substitutes/*/member": "Jävig ledamot %d", "/jav_substitutes/*/substitute": "Ersättare som tjänstgör %d",
		"/proposals/*": "Yrkande %d", "/clauses/*": "Att-sats %d", "/jav/*": "Jäv %d", "/reservations/*": "Reservation %d",
		"/votes/*/username": "Röst %d", "/votes/*/vote": "Röst %d",
	} {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
}

// personFieldLabels name a field of a § refusal that points at a person
// (paragraphField), with the person's name for %s.
var personFieldLabels = map[string]string{
	"/votes/*/username": "Röst av %s", "/votes/*/vote": "Röst av %s", "/reservations/*": "Reservation av %s", "/jav/*": "Jäv för %s",
	"/jav_substitutes/*/member": "Jävig ledamot %s", "/jav_substitutes/*/substitute": "Ersättare som tjänstgör, %s",
}
