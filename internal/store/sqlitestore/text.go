package sqlitestore

// Full-text search (store.OpText) on SQLite is FTS5.
//
// A collection with Text fields has, beside its table "c_<coll>":
//
//   - "t_<coll>", an FTS5 table (id UNINDEXED, body) tokenized with
//     unicode61 and remove_diacritics 0: tokens are runs of letters and
//     digits, folded to lower case Unicode-aware, and å, ä, ö stay distinct
//     from a, o. body is the text fields' values joined by spaces;
//   - "tid_<coll>" (fid INTEGER PRIMARY KEY, id TEXT UNIQUE), which gives
//     each document a stable integer key, the rowid of its FTS row. (The
//     base table's own rowid is not one: it is not an INTEGER PRIMARY KEY
//     alias, and SQLite documents that VACUUM may renumber such rowids.)
//   - three triggers on "c_<coll>" that keep both in step with every insert,
//     update and delete of a document, inside the very statement that
//     writes it, so the search can never see a document's old text beside
//     its new version;
//   - a row in text_indexes recording the indexed fields.
//
// EnsureCollection builds all of it in one IMMEDIATE transaction and fills
// it from the documents already stored; if the fields differ from the
// recorded ones it drops and rebuilds it. An FTS5 table also creates the
// shadow tables t_<coll>_data, _idx, _content, _docsize and _config, so the
// collections "x" and, say, "x_data" cannot both have a text index: the
// second EnsureCollection fails, and nothing is dropped or overwritten.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// ftsTable is the FTS5 table of coll, mapTable its id-to-rowid map.
func ftsTable(coll string) string { return `"t_` + coll + `"` }
func mapTable(coll string) string { return `"tid_` + coll + `"` }

// triggerName names one of coll's text triggers (ins, upd, del).
func triggerName(coll, op string) string { return `"tr_` + coll + `_text_` + op + `"` }

// matchQuery builds an FTS5 MATCH expression that requires every word,
// each as a quoted string (a literal, whatever it contains) with a prefix
// star: "w1"* "w2"*. Words come from store.TextWords, so they hold no
// quote; one is doubled anyway, as FTS5 escapes it.
func matchQuery(words []string) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"*`
	}
	return strings.Join(parts, " ")
}

// textBody is the SQL expression for the text indexed for the row whose
// body column is ref (new.doc, c.doc): the fields' values joined by spaces,
// missing ones left out. json_extract gives strings as they are, numbers as
// text, and arrays as JSON text, whose tokens are the elements' words.
func textBody(ref string, fields []string) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = `coalesce(json_extract(` + ref + `, '$.` + f + `'), '')`
	}
	return strings.Join(parts, ` || ' ' || `)
}

// isNoText reports whether err says coll has no FTS table.
func isNoText(err error, coll string) bool {
	return err != nil && strings.Contains(err.Error(), "no such table: t_"+coll)
}

// ensureText creates or rebuilds coll's full-text index over fields (see
// the file comment). It is idempotent and safe against other processes: the
// check and the build run in one IMMEDIATE transaction.
func (b *Backend) ensureText(ctx context.Context, coll string, fields []string) (err error) {
	want, _ := json.Marshal(fields)
	tx, err := b.writer.BeginTx(ctx, nil) // _txlock=immediate: BEGIN IMMEDIATE
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if _, err := tx.ExecContext(ctx,
		`CREATE TABLE IF NOT EXISTS text_indexes (coll TEXT PRIMARY KEY, fields TEXT NOT NULL) STRICT`); err != nil {
		return err
	}
	var have string
	err = tx.QueryRowContext(ctx, `SELECT fields FROM text_indexes WHERE coll = ?`, coll).Scan(&have)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	case have == string(want):
		var n int
		err = tx.QueryRowContext(ctx,
			`SELECT count(*) FROM sqlite_schema WHERE name IN (?, ?, ?, ?, ?)`,
			"t_"+coll, "tid_"+coll, "tr_"+coll+"_text_ins", "tr_"+coll+"_text_upd", "tr_"+coll+"_text_del").Scan(&n)
		if err != nil {
			return err
		}
		if n == 5 {
			return tx.Rollback() // up to date
		}
	}
	// "t_<coll>" must be ours to rebuild: an FTS5 table, not the shadow
	// table of another collection's (t_x_data of collection x, when coll is
	// x_data), which dropping would corrupt.
	var ddl string
	err = tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`, "t_"+coll).Scan(&ddl)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	case !strings.HasPrefix(ddl, "CREATE VIRTUAL TABLE"):
		return fmt.Errorf("text index: table t_%s belongs to another collection's text index", coll)
	}
	for _, s := range textSchema(coll, fields) {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("text index: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO text_indexes (coll, fields) VALUES (?, ?) ON CONFLICT (coll) DO UPDATE SET fields = excluded.fields`,
		coll, string(want)); err != nil {
		return err
	}
	return tx.Commit()
}

// textSchema lists the statements that (re)build coll's text index over
// fields from scratch and fill it from the stored documents.
func textSchema(coll string, fields []string) []string {
	fts, ids, base := ftsTable(coll), mapTable(coll), table(coll)
	rowid := func(ref string) string { return `(SELECT fid FROM ` + ids + ` WHERE id = ` + ref + `)` }
	insert := func(ref string) string {
		// Self-healing: a map entry left behind (it should not be) is
		// reused, and its stale FTS row replaced.
		return `INSERT OR IGNORE INTO ` + ids + ` (id) VALUES (` + ref + `.id);
			DELETE FROM ` + fts + ` WHERE rowid = ` + rowid(ref+`.id`) + `;
			INSERT INTO ` + fts + ` (rowid, id, body) VALUES (` + rowid(ref+`.id`) + `, ` + ref + `.id, ` +
			textBody(ref+`.doc`, fields) + `);`
	}
	return []string{
		`DROP TRIGGER IF EXISTS ` + triggerName(coll, "ins"),
		`DROP TRIGGER IF EXISTS ` + triggerName(coll, "upd"),
		`DROP TRIGGER IF EXISTS ` + triggerName(coll, "del"),
		`DROP TABLE IF EXISTS ` + fts,
		`DROP TABLE IF EXISTS ` + ids,
		`CREATE VIRTUAL TABLE ` + fts + ` USING fts5(id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 0')`,
		`CREATE TABLE ` + ids + ` (fid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE) STRICT`,
		`CREATE TRIGGER ` + triggerName(coll, "ins") + ` AFTER INSERT ON ` + base + ` BEGIN
			` + insert("new") + `
		END`,
		`CREATE TRIGGER ` + triggerName(coll, "upd") + ` AFTER UPDATE ON ` + base + ` BEGIN
			DELETE FROM ` + fts + ` WHERE rowid = ` + rowid(`old.id`) + `;
			DELETE FROM ` + ids + ` WHERE id = old.id AND old.id IS NOT new.id;
			` + insert("new") + `
		END`,
		`CREATE TRIGGER ` + triggerName(coll, "del") + ` AFTER DELETE ON ` + base + ` BEGIN
			DELETE FROM ` + fts + ` WHERE rowid = ` + rowid(`old.id`) + `;
			DELETE FROM ` + ids + ` WHERE id = old.id;
		END`,
		`INSERT INTO ` + ids + ` (id) SELECT id FROM ` + base,
		`INSERT INTO ` + fts + ` (rowid, id, body) SELECT m.fid, c.id, ` + textBody(`c.doc`, fields) +
			` FROM ` + base + ` AS c JOIN ` + ids + ` AS m ON m.id = c.id`,
	}
}
