package web

// Swedish names of the meeting forms' fields, for refusals shown next to
// them (fieldLabel).
func init() {
	for k, v := range map[string]string{
		"/starts_at": "Datum och tid", "/place": "Plats", "/justerare/*": "Justerare %d", "/justering_on": "Justeringsdag",
		"/item": "Punkt", "/outcome": "Beslut", "/case_id": "Ärende", "/formal": "Standardpunkt",
		"/jav_substitutes/*/member": "Jävig ledamot %d", "/jav_substitutes/*/substitute": "Ersättare som tjänstgör %d",
	} {
		if _, ok := fieldLabels[k]; !ok {
			fieldLabels[k] = v
		}
	}
}
