package earchive

import (
	"fmt"
	"strings"
)

// documentation writes documentation/Om_paketet.txt: a Swedish reading
// guide to the package for the archivist who receives it, naming the
// documents that are not in an archival format.
func (b *builder) documentation() []byte {
	in, c := b.in, b.in.Case
	var s strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&s, format+"\n", args...) }
	p("Leveranspaket från %s", Software)
	p("")
	p("Ärende:        %s %s", c.RegistrationNumber, c.Title)
	p("Arkivbildare:  %s", in.Creator.Name)
	p("Levererat av:  %s", in.Submitter.Name)
	p("Paket:         %s", b.id)
	p("Skapat:        %s", dateTime(in.Created))
	p("")
	p("Paketet följer FGS Paketstruktur 2.0 (E-ARK CSIP 2.1.0 och E-ARK SIP 2.1.0).")
	p("Ärendets metadata finns i metadata/descriptive/ERMS.xml enligt FGS Ärendehantering 2.0")
	p("(E-ARK CITS ERMS, schema 2.1.2): ärendet är en aggregation av typen caseFile, varje")
	p("handling en record, varje beslut och varje händelse i ärendets historik en action.")
	p("")
	p("Bevarandemetadata (PREMIS 3.0) finns i metadata/preservation/premis.xml: kontrollsumma,")
	p("storlek och format för varje fil, de elektroniska underskrifterna med nyckel och värde,")
	p("och ärendets hashkedja, där varje händelse identifieras av sin SHA-256 och pekar på den")
	p("föregående. Underskrifterna gäller beslutets kanoniska form (JSON), vars kontrollsumma")
	p("anges; PDF-filen är en återgivning av samma beslut.")
	p("")
	p("Handlingarna finns i representations/%s/data. Ett filnamn börjar med handlingens", Representation)
	p("löpnummer i ärendet.")
	p("")
	p("Handlingar:")
	var notArchival []string
	for _, f := range b.files {
		h := f.h
		switch {
		case f.path == "":
			p("  %3d  %s — gallrad %s (%s); metadata och kontrollsumma finns kvar", h.No, h.Title, h.Weeded.On, h.Weeded.Reference)
		default:
			mark := ""
			if !f.archival {
				mark = "  [inte arkivbeständigt format]"
				notArchival = append(notArchival, fmt.Sprintf("  %3d  %s (%s)", h.No, strings.TrimPrefix(f.path, pathRepData), f.format))
			}
			p("  %3d  %s — %s, %s%s", h.No, h.Title, strings.TrimPrefix(f.path, pathRepData), f.format, mark)
		}
	}
	p("")
	if len(notArchival) == 0 {
		p("Alla filer är i arkivbeständiga format.")
	} else {
		p("Filer som inte är i arkivbeständigt format (levereras som de inkom):")
		for _, n := range notArchival {
			p("%s", n)
		}
	}
	if c.Secrecy != nil || anySecret(c.Handlings) {
		p("")
		p("Sekretessmarkeringar finns (restriction i ERMS.xml). Motparter i sekretessmarkerade")
		p("handlingar är maskerade i metadata. Sekretessen prövas vid varje begäran om utlämnande.")
	}
	return []byte(s.String())
}

func anySecret(hs []Handling) bool {
	for _, h := range hs {
		if h.Secrecy != nil {
			return true
		}
	}
	return false
}
