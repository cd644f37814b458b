package web

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/money"
)

// recordChange is one field of an administration record as the log page
// shows it: the field's Swedish name and its value before and after, in
// words ("–" for none).
type recordChange struct {
	Field, Before, After string
}

// recordFieldNames name the fields of the administered objects' JSON (a
// person's account and roles, a nämnd with its members, a seat, the
// organisation, a reference value) in Swedish.
var recordFieldNames = map[string]string{
	"account": "Konto", "username": "Användarnamn", "name": "Namn", "title": "Titel", "email": "E-post",
	"disabled": "Avstängt", "has_password": "Har lösenord", "source": "Källa", "roles": "Roll", "board": "Nämnd",
	"role": "Roll", "valid_from": "Från", "valid_to": "Till", "code": "Kod", "kind": "Slag", "organisation": "Organisation",
	"series": "Diarieserie", "prefix": "Prefix", "yearly_restart": "Numreringen börjar om varje år", "members": "Medlemskommun",
	"org_number": "Organisationsnummer", "notice_board": "Anslagstavla", "host": "Värdkommun", "holder": "Person",
	"period": "Mandatperiod", "party": "Parti", "order": "Ordning", "letterhead": "Brevhuvud", "year": "År", "ore": "Belopp",
	"kronor": "Belopp", "retired": "Utgått", "parent": "Under", "parent_board": "Under", "note": "Anteckning",
	"ended_by": "Avslutat av", "ended_at": "Avslutat", "granted_by": "Tilldelad av", "granted_at": "Tilldelad",
	"set_by": "Angivet av", "set_at": "Angivet", "reason": "Skäl", "classes": "Ärendegrupp", "subject": "SSO-identitet",
}

// personFields hold a username; boardFields a nämnd's code.
var (
	personFields = map[string]bool{"username": true, "holder": true, "ended_by": true, "granted_by": true, "set_by": true}
	boardFields  = map[string]bool{"board": true, "parent": true, "parent_board": true}
)

// recordChanges turns a record's before and after (JSON text) into the
// fields that changed, in words: for a new object every field it has,
// for an ended one every field it had. Ids are left out (they name the
// record's part, which the page shows otherwise).
func (ui *UI) recordChanges(ctx context.Context, before, after string) []recordChange {
	b, a := flatRecord(before), flatRecord(after)
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	var paths []string
	for k := range keys {
		if b[k] != a[k] {
			paths = append(paths, k)
		}
	}
	sort.Strings(paths)
	var out []recordChange
	for _, p := range paths {
		out = append(out, recordChange{Field: fieldPathName(p), Before: ui.recordValue(ctx, p, b[p]), After: ui.recordValue(ctx, p, a[p])})
	}
	return out
}

// flatRecord reads JSON text into its scalar values by path ("account/name",
// "roles/1/role"; list indexes from 1), as their JSON text; ids and empty
// values are left out.
func flatRecord(text string) map[string]string {
	out := map[string]string{}
	if strings.TrimSpace(text) == "" {
		return out
	}
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		out["value"] = text
		return out
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				// Ids are internal; the username is the person's
				// chain's key, which the object column names.
				if k == "id" || strings.HasSuffix(k, "_id") || k == "hash" || k == "username" {
					continue
				}
				walk(strings.TrimPrefix(path+"/"+k, "/"), e)
			}
		case []any:
			for i, e := range x {
				walk(path+"/"+strconv.Itoa(i+1), e)
			}
		case nil:
		case string:
			if x != "" {
				out[path] = x
			}
		default:
			b, _ := json.Marshal(x)
			out[path] = string(b)
		}
	}
	walk("", v)
	return out
}

// fieldPathName names a flattened path in Swedish: "roles/2/role" is
// "Roll 2, roll", "account/name" is "Namn".
func fieldPathName(path string) string {
	parts := strings.Split(path, "/")
	var words []string
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		if p == "account" && len(parts) > 1 { // the account's fields are the person's
			continue
		}
		name := fieldWord(p)
		if i+1 < len(parts) {
			if n, err := strconv.Atoi(parts[i+1]); err == nil {
				name += " " + strconv.Itoa(n)
				i++
			}
		}
		words = append(words, name)
	}
	if len(words) == 0 {
		return "Värde"
	}
	for i := 1; i < len(words); i++ {
		r := []rune(words[i])
		words[i] = strings.ToLower(string(r[:1])) + string(r[1:])
	}
	return strings.Join(words, ", ")
}

// fieldWord is one field's Swedish name.
func fieldWord(key string) string {
	if w, ok := recordFieldNames[key]; ok {
		return w
	}
	if w, ok := fieldLabels["/"+key]; ok {
		return w
	}
	return "Uppgift"
}

// recordValue writes one value in words: a person by name, a nämnd by its
// name, a role, kind or seat in Swedish, yes/no, an amount in kronor, a
// time in Stockholm time.
func (ui *UI) recordValue(ctx context.Context, path, v string) string {
	if v == "" {
		return "–"
	}
	key := path[strings.LastIndex(path, "/")+1:]
	switch {
	case v == "true":
		return "ja"
	case v == "false":
		return "nej"
	case personFields[key]:
		return ui.recordPerson(ctx, v)
	case boardFields[key] && v == "*":
		return "alla nämnder"
	case boardFields[key]:
		return ui.recordBoard(ctx, v)
	case key == "role":
		return label("role", v)
	case key == "kind":
		for _, g := range []string{"board_kind", "seat_kind"} {
			if w := label(g, v); w != v {
				return w
			}
		}
	case key == "ore":
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return money.Format(n)
		}
	case key == "source" && v == "oidc":
		return "SSO"
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return formatAt(t)
	}
	return fmt.Sprint(v)
}
