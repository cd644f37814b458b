package sqlitestore

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/samstyr/samstyr/internal/store"
)

var _ store.Copier = (*Backend)(nil)

// Collections lists the collection tables ("c_<name>"), sorted by name.
func (b *Backend) Collections(ctx context.Context) ([]string, error) {
	rows, err := b.reader.QueryContext(ctx, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB 'c_*'`)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: list collections: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("sqlitestore: list collections: %w", err)
		}
		if c := strings.TrimPrefix(name, "c_"); store.ValidName(c) {
			out = append(out, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: list collections: %w", err)
	}
	sort.Strings(out)
	return out, nil
}

// Sequences returns every counter of the sequences table.
func (b *Backend) Sequences(ctx context.Context) (map[string]int64, error) {
	rows, err := b.reader.QueryContext(ctx, `SELECT name, value FROM sequences`)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: list sequences: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var (
			name string
			v    int64
		)
		if err := rows.Scan(&name, &v); err != nil {
			return nil, fmt.Errorf("sqlitestore: list sequences: %w", err)
		}
		out[name] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: list sequences: %w", err)
	}
	return out, nil
}

// Put writes rec in one IMMEDIATE transaction: an UPDATE that changes
// the row only when the stored version or body differs, then, if no row
// has the id, an INSERT. (Not one UPSERT statement: an upsert's conflict
// policy overrides the INSERT OR IGNORE inside the text-index triggers.)
// The triggers keep the full-text table in step as for any write.
func (b *Backend) Put(ctx context.Context, coll string, rec store.Record) (bool, error) {
	if err := store.CheckPut(coll, rec); err != nil {
		return false, err
	}
	if err := checkBody(rec.Data); err != nil {
		return false, err
	}
	changed, err := b.put(ctx, coll, rec)
	if isNoTable(err) {
		if err = b.EnsureCollection(ctx, store.Collection{Name: coll}); err == nil {
			changed, err = b.put(ctx, coll, rec)
		}
	}
	if err != nil {
		return false, fmt.Errorf("sqlitestore: put %s/%s: %w", coll, rec.ID, mapErr(err))
	}
	return changed, nil
}

func (b *Backend) put(ctx context.Context, coll string, rec store.Record) (bool, error) {
	tx, err := b.writer.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE `+table(coll)+` SET version = ?, doc = ? WHERE id = ? AND (version <> ? OR doc <> ?)`,
		rec.Version, string(rec.Data), rec.ID, rec.Version, string(rec.Data))
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return n > 0, errors.Join(err, tx.Commit())
	}
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+table(coll)+` WHERE id = ?`, rec.ID).Scan(&exists); err != nil {
		return false, err
	}
	if exists > 0 {
		return false, tx.Commit() // identical document already stored
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+table(coll)+` (id, version, doc) VALUES (?, ?, ?)`,
		rec.ID, rec.Version, string(rec.Data)); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// PutSequence raises the counter to n (never lowers it).
func (b *Backend) PutSequence(ctx context.Context, name string, n int64) (bool, error) {
	k, err := b.write(ctx, `INSERT INTO sequences (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value WHERE value < excluded.value`, nil, name, n)
	if err != nil {
		return false, fmt.Errorf("sqlitestore: put sequence %s: %w", name, err)
	}
	return k > 0, nil
}
