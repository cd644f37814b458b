package earchive

import (
	"fmt"
	"strconv"
	"strings"
)

// NamespacePREMIS is the PREMIS 3 namespace.
const NamespacePREMIS = "http://www.loc.gov/premis/v3"

// namespaceSignature qualifies the key information Samstyr puts in a
// PREMIS signature's keyInformation extension.
const namespaceSignature = "urn:samstyr:signatur:1"

// premis writes metadata/preservation/premis.xml (PREMIS 3.0): one file
// object per document with its fixity, size, format and signatures; one
// event per link of the case's hash chain, identified by its hash, with
// the previous hash and the payload digest as outcome details; the chain
// check and the fixity calculation done for the delivery; and the agents
// named by those events. Element order follows premis-v3-0.xsd.
func (b *builder) premis() []byte {
	in, c := b.in, b.in.Case
	w := newXW()
	w.start("premis:premis", "xmlns:premis", NamespacePREMIS,
		"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance",
		"xsi:schemaLocation", NamespacePREMIS+" https://www.loc.gov/standards/premis/v3/premis-v3-0.xsd",
		"version", "3.0")

	// The ärende itself, which the events below belong to.
	w.start("premis:object", "xsi:type", "premis:intellectualEntity")
	identifier(w, "premis:objectIdentifier", "diarienummer", c.RegistrationNumber)
	identifier(w, "premis:objectIdentifier", "samstyr-arende", c.ID)
	w.end()
	for _, f := range b.files {
		if f.path == "" {
			continue
		}
		h := f.h
		w.start("premis:object", "xsi:type", "premis:file")
		identifier(w, "premis:objectIdentifier", "filepath", f.path)
		identifier(w, "premis:objectIdentifier", "samstyr-handling", c.RegistrationNumber+"-"+strconv.Itoa(h.No))
		w.start("premis:objectCharacteristics")
		w.elem("premis:compositionLevel", "0")
		w.start("premis:fixity")
		w.elem("premis:messageDigestAlgorithm", "SHA-256")
		w.elem("premis:messageDigest", f.sha256)
		w.elem("premis:messageDigestOriginator", Software)
		w.end()
		w.elem("premis:size", strconv.Itoa(len(h.Content)))
		w.start("premis:format")
		w.start("premis:formatDesignation")
		w.elem("premis:formatName", f.format)
		w.end()
		w.end()
		w.end()
		w.opt("premis:originalName", h.FileName)
		if len(h.Signatures) > 0 {
			w.start("premis:signatureInformation")
			for _, s := range h.Signatures {
				signature(w, s)
			}
			w.end()
		}
		w.end()
	}

	for _, e := range c.Events {
		w.start("premis:event")
		identifier(w, "premis:eventIdentifier", "samstyr-hashkedja-sha256", e.Hash)
		w.elem("premis:eventType", e.Action)
		w.elem("premis:eventDateTime", dateTime(e.At))
		w.start("premis:eventDetailInformation")
		detail := fmt.Sprintf("Händelse %d i ärendet %s: %s", e.Seq, c.RegistrationNumber, firstNonEmpty(e.Label, e.Action))
		for _, s := range []string{stateChange(e.From, e.To), e.Ref, e.Note} {
			if s != "" {
				detail += "; " + s
			}
		}
		w.elem("premis:eventDetail", detail)
		w.end()
		w.start("premis:eventOutcomeInformation")
		w.start("premis:eventOutcomeDetail")
		w.elem("premis:eventOutcomeDetailNote", fmt.Sprintf("seq=%d prev_hash=%s data_digest=%s hash=%s", e.Seq, e.PrevHash, e.DataDigest, e.Hash))
		w.end()
		w.end()
		if e.Actor != "" {
			linkAgent(w, "samstyr-anvandare", e.Actor, "utförare")
		}
		w.end()
	}

	// The checks made for this delivery.
	if !c.Chain.At.IsZero() {
		outcome := "godkänd"
		note := fmt.Sprintf("Ärendets hashkedja (%d händelser) räknades om och stämde.", len(c.Events))
		if !c.Chain.OK {
			outcome, note = "underkänd", "Hashkedjan stämde inte: "+c.Chain.Problem
		}
		w.start("premis:event")
		identifier(w, "premis:eventIdentifier", "samstyr-leverans", b.id+"-hashkedja")
		w.elem("premis:eventType", "fixity check")
		w.elem("premis:eventDateTime", dateTime(c.Chain.At))
		w.start("premis:eventDetailInformation")
		w.elem("premis:eventDetail", "Kontroll av ärendets hashkedja före leverans")
		w.end()
		w.start("premis:eventOutcomeInformation")
		w.elem("premis:eventOutcome", outcome)
		w.start("premis:eventOutcomeDetail")
		w.elem("premis:eventOutcomeDetailNote", note)
		w.end()
		w.end()
		linkAgent(w, "programvara", Software, "kontrollant")
		w.end()
	}
	w.start("premis:event")
	identifier(w, "premis:eventIdentifier", "samstyr-leverans", b.id+"-kontrollsummor")
	w.elem("premis:eventType", "message digest calculation")
	w.elem("premis:eventDateTime", dateTime(in.Created))
	w.start("premis:eventDetailInformation")
	w.elem("premis:eventDetail", "SHA-256 för varje fil i paketet beräknades när paketet skapades; varje handlings innehåll jämfördes med den kontrollsumma Samstyr registrerade.")
	w.end()
	w.start("premis:eventOutcomeInformation")
	w.elem("premis:eventOutcome", "godkänd")
	w.end()
	linkAgent(w, "programvara", Software, "utförare")
	for _, f := range b.files {
		if f.path != "" {
			w.start("premis:linkingObjectIdentifier")
			w.elem("premis:linkingObjectIdentifierType", "filepath")
			w.elem("premis:linkingObjectIdentifierValue", f.path)
			w.end()
		}
	}
	w.end()

	w.start("premis:agent")
	identifier(w, "premis:agentIdentifier", "programvara", Software)
	w.elem("premis:agentName", Software)
	w.elem("premis:agentType", "software")
	w.opt("premis:agentVersion", in.SoftwareVersion)
	w.end()
	seen := map[string]bool{}
	for _, e := range c.Events {
		if e.Actor == "" || seen[e.Actor] {
			continue
		}
		seen[e.Actor] = true
		w.start("premis:agent")
		identifier(w, "premis:agentIdentifier", "samstyr-anvandare", e.Actor)
		w.elem("premis:agentType", "person")
		w.end()
	}
	w.end()
	return w.bytes()
}

func identifier(w *xw, elem, typ, val string) {
	w.start(elem)
	w.elem(elem+"Type", typ)
	w.elem(elem+"Value", val)
	w.end()
}

func linkAgent(w *xw, typ, val, role string) {
	w.start("premis:linkingAgentIdentifier")
	w.elem("premis:linkingAgentIdentifierType", typ)
	w.elem("premis:linkingAgentIdentifierValue", val)
	w.elem("premis:linkingAgentRole", role)
	w.end()
}

// signature writes one electronic signature: what was signed (the
// digest of the decision's canonical payload, not the PDF bytes), with
// which key, and when it was last found valid.
func signature(w *xw, s Signature) {
	w.start("premis:signature")
	w.elem("premis:signatureEncoding", "base64")
	w.opt("premis:signer", strings.TrimSpace(s.SignerName+" "+paren(s.Role)))
	w.elem("premis:signatureMethod", firstNonEmpty(s.Method, "okänd"))
	w.elem("premis:signatureValue", firstNonEmpty(s.Value, "-"))
	rules := "Signaturen gäller beslutets kanoniska form (JSON), vars SHA-256 är " + s.Digest +
		"; den PDF som levereras är en återgivning av samma beslut."
	if !s.VerifiedAt.IsZero() {
		rules += " Signaturen kontrollerades och var giltig " + dateTime(s.VerifiedAt) + "."
	}
	w.elem("premis:signatureValidationRules", rules)
	w.opt("premis:signatureProperties", "undertecknad "+dateTime(s.SignedAt))
	if s.KeyID != "" || s.PublicKey != "" {
		w.start("premis:keyInformation")
		w.elem("sig:key", "", attrs("xmlns:sig", namespaceSignature, "id", s.KeyID, "publicKey", s.PublicKey)...)
		w.end()
	}
	w.end()
}

func stateChange(from, to string) string {
	switch {
	case from == "" && to == "":
		return ""
	case from == "":
		return "→ " + to
	}
	return from + " → " + to
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
