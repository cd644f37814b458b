package mongostore

import (
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/samstyr/samstyr/internal/store"
)

func TestIndexModel(t *testing.T) {
	ix := store.Index{Name: "items_dnr", Fields: []string{"board", "dnr"}, Unique: true}
	m := indexModel(ix, true)
	if got, want := bsonString(t, m.Keys), bsonString(t, bson.D{{Key: "d.board", Value: 1}, {Key: "d.dnr", Value: 1}}); got != want {
		t.Errorf("keys = %s, want %s", got, want)
	}
	var o options.IndexOptions
	for _, set := range m.Options.List() {
		if err := set(&o); err != nil {
			t.Fatal(err)
		}
	}
	if o.Name == nil || *o.Name != "items_dnr" || o.Unique == nil || !*o.Unique {
		t.Errorf("options = %+v, want name items_dnr, unique", o)
	}
	wantFilter := bson.D{
		{Key: "d.board", Value: bson.D{{Key: "$exists", Value: true}}},
		{Key: "d.dnr", Value: bson.D{{Key: "$exists", Value: true}}},
	}
	if got, want := bsonString(t, o.PartialFilterExpression), bsonString(t, wantFilter); got != want {
		t.Errorf("partial filter = %s, want %s", got, want)
	}

	o = options.IndexOptions{}
	for _, set := range indexModel(store.Index{Name: "plain", Fields: []string{"n"}}, false).Options.List() {
		if err := set(&o); err != nil {
			t.Fatal(err)
		}
	}
	if o.Unique != nil || o.PartialFilterExpression != nil {
		t.Errorf("plain index options = %+v, want neither unique nor partial", o)
	}
}

func bsonString(t *testing.T, v any) string {
	t.Helper()
	raw, err := bson.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return bson.Raw(raw).String()
}
