// Package oparl publishes Samstyr's public decision data as OParl 1.1
// (https://oparl.org/): a nämnd is a Body (the authority) and an
// Organization (the gremium), its elected members are Persons with
// Memberships, a justerat sammanträde is a Meeting whose paragraphs are
// AgendaItems, an ärende is a Paper with its Consultations and Files.
// What OParl lacks — votes and reservations per paragraph, delegated
// decisions with point, decider and delegationsordning version once
// reported, and the dates of anslag, appeal and laga kraft — is carried in
// properties named "samstyr:…", described by ExtensionSchema and
// docs/oparl.md.
//
// Service answers every path of the read-only API from a Source, with
// OParl's paging (data, pagination, links) and filters. What may be shown
// is decided by internal/public, applied when the inputs are built
// (domain.go) and again by the builders: a non-public input never becomes
// an object, and asking for it is ErrNotFound, exactly like asking for
// something that does not exist.
package oparl
