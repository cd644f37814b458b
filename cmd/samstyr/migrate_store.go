package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/samstyr/samstyr/internal/audit"
	"github.com/samstyr/samstyr/internal/ledger"
	"github.com/samstyr/samstyr/internal/repo"
	"github.com/samstyr/samstyr/internal/signing"
	"github.com/samstyr/samstyr/internal/store"
	"github.com/samstyr/samstyr/internal/store/mongostore"
	"github.com/samstyr/samstyr/internal/store/sqlitestore"
)

// storeSpec names one store on the command line: a SQLite data directory
// or a MongoDB URI and database.
type storeSpec struct {
	dataDir, uri, database string
}

func (s storeSpec) String() string {
	if s.dataDir != "" {
		return "SQLite " + filepath.Join(s.dataDir, sqlitestore.FileName)
	}
	shown := "(ogiltig URI)"
	if u, err := url.Parse(s.uri); err == nil {
		shown = u.Redacted()
	}
	return "MongoDB " + shown + " databas " + s.database
}

// open opens the store. A source data directory must already hold a
// store: a typo must not create an empty one and copy nothing.
func (s storeSpec) open(ctx context.Context, source bool) (store.Copier, error) {
	if s.dataDir != "" {
		if source {
			if _, err := os.Stat(filepath.Join(s.dataDir, sqlitestore.FileName)); errors.Is(err, fs.ErrNotExist) {
				return nil, usageError(fmt.Sprintf("källan %s finns inte: ange installationens datakatalog", s))
			} else if err != nil {
				return nil, fmt.Errorf("källan %s: %w", s, err)
			}
		}
		return sqlitestore.Open(ctx, s.dataDir, sqlitestore.Options{})
	}
	return mongostore.Open(ctx, s.uri, s.database)
}

// same reports whether two specs name the same store.
func (s storeSpec) same(o storeSpec) bool {
	if s.dataDir != "" || o.dataDir != "" {
		a, _ := filepath.Abs(s.dataDir)
		b, _ := filepath.Abs(o.dataDir)
		return s.dataDir != "" && o.dataDir != "" && a == b
	}
	return s.uri == o.uri && s.database == o.database
}

// migrateStoreOptions are the arguments of migrate-store.
type migrateStoreOptions struct {
	from, to storeSpec
	resume   bool
}

func parseMigrateStore(args []string, stderr io.Writer) (migrateStoreOptions, error) {
	var o migrateStoreOptions
	fs := flag.NewFlagSet("samstyr migrate-store", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.from.dataDir, "from-data-dir", "", "source: SQLite data directory")
	fs.StringVar(&o.from.uri, "from-mongodb-uri", "", "source: MongoDB URI")
	fs.StringVar(&o.from.database, "from-mongodb-database", mongostore.DefaultDatabase, "source: MongoDB database")
	fs.StringVar(&o.to.dataDir, "to-data-dir", "", "target: SQLite data directory")
	fs.StringVar(&o.to.uri, "to-mongodb-uri", "", "target: MongoDB URI")
	fs.StringVar(&o.to.database, "to-mongodb-database", mongostore.DefaultDatabase, "target: MongoDB database")
	fs.BoolVar(&o.resume, "resume", false, "complete an interrupted copy into a target that is not empty")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, err
		}
		return o, usageError("migrate-store: " + err.Error())
	}
	if fs.NArg() > 0 {
		return o, usageError(fmt.Sprintf("migrate-store: unexpected argument %q", fs.Arg(0)))
	}
	for _, s := range []struct {
		name string
		spec storeSpec
	}{{"from", o.from}, {"to", o.to}} {
		if (s.spec.dataDir == "") == (s.spec.uri == "") {
			return o, usageError(fmt.Sprintf("migrate-store needs exactly one of --%s-data-dir and --%s-mongodb-uri", s.name, s.name))
		}
		if s.spec.uri != "" && !strings.HasPrefix(s.spec.uri, "mongodb://") && !strings.HasPrefix(s.spec.uri, "mongodb+srv://") {
			return o, usageError(fmt.Sprintf("migrate-store: --%s-mongodb-uri must be a mongodb:// or mongodb+srv:// URI", s.name))
		}
	}
	if o.from.same(o.to) {
		return o, usageError("migrate-store: source and target are the same store")
	}
	return o, nil
}

// migrateStore copies every collection (documents with their ids and
// versions, file chunks included) and every counter from one store to
// another, then compares counts and digests per collection and verifies
// the ledger on the target.
func migrateStore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseMigrateStore(args, stderr)
	if err != nil {
		return err
	}
	src, err := o.from.open(ctx, true)
	if err != nil {
		return fmt.Errorf("öppna källan: %w", err)
	}
	defer src.Close(context.WithoutCancel(ctx))
	dst, err := o.to.open(ctx, false)
	if err != nil {
		return fmt.Errorf("öppna målet: %w", err)
	}
	defer dst.Close(context.WithoutCancel(ctx))
	fmt.Fprintf(stdout, "Källa: %s\nMål:   %s\n", o.from, o.to)

	sv, err := store.SchemaVersion(ctx, src)
	if err != nil {
		return err
	}
	switch {
	case sv == 0:
		return fmt.Errorf("källan %s har ingen Samstyr-data (schema_version saknas)", o.from)
	case sv != len(repo.Migrations):
		return fmt.Errorf("källan har schema_version %d, den här samstyr har %d: kör `samstyr migrate` med samma version som skrev källan, eller uppgradera först", sv, len(repo.Migrations))
	}
	if !o.resume {
		if what, err := nonEmpty(ctx, dst); err != nil {
			return err
		} else if what != "" {
			return usageError(fmt.Sprintf("migrate-store: målet är inte tomt (%s); använd --resume för att slutföra en avbruten kopiering", what))
		}
	}
	if _, _, err := store.Migrate(ctx, dst, repo.Migrations); err != nil {
		return fmt.Errorf("migrera målet: %w", err)
	}
	colls, err := src.Collections(ctx)
	if err != nil {
		return err
	}
	var read, written int
	for _, coll := range colls {
		r, w, err := copyCollection(ctx, src, dst, coll)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "  %-22s %8d dokument, %8d skrivna\n", coll, r, w)
		read, written = read+r, written+w
	}
	seqs, err := src.Sequences(ctx)
	if err != nil {
		return err
	}
	seqWritten := 0
	for name, n := range seqs {
		changed, err := dst.PutSequence(ctx, name, n)
		if err != nil {
			return err
		}
		if changed {
			seqWritten++
		}
	}
	fmt.Fprintf(stdout, "Kopierade %d dokument i %d samlingar och %d räknare; %d dokument och %d räknare skrevs (resten fanns redan likadana).\n",
		read, len(colls), len(seqs), written, seqWritten)

	if err := compareStores(ctx, src, dst, stdout); err != nil {
		return err
	}
	if err := verifyTarget(ctx, src, dst, stdout); err != nil {
		return err
	}
	masterKeyHint(o, stdout)
	return nil
}

// nonEmpty describes the first data found in b ("" when it is empty). The
// schema_version record alone (a target prepared with `samstyr migrate`)
// does not count.
func nonEmpty(ctx context.Context, b store.Copier) (string, error) {
	seqs, err := b.Sequences(ctx)
	if err != nil {
		return "", err
	}
	for name := range seqs {
		return "räknaren " + name + " finns", nil
	}
	colls, err := b.Collections(ctx)
	if err != nil {
		return "", err
	}
	for _, c := range colls {
		n, err := b.Count(ctx, c, nil)
		if err != nil {
			return "", err
		}
		if c == store.MetaCollection && n == 1 {
			if _, err := b.Get(ctx, c, "schema_version"); err == nil {
				continue
			}
		}
		if n > 0 {
			return fmt.Sprintf("samlingen %s har %d dokument", c, n), nil
		}
	}
	return "", nil
}

// copyCollection puts every document of coll from src into dst and
// returns how many it read and how many changed the target.
func copyCollection(ctx context.Context, src store.Backend, dst store.Copier, coll string) (read, written int, err error) {
	err = scan(ctx, src, coll, func(rec store.Record) error {
		changed, err := dst.Put(ctx, coll, rec)
		if err != nil {
			return fmt.Errorf("skriv %s/%s: %w", coll, rec.ID, err)
		}
		read++
		if changed {
			written++
		}
		return nil
	})
	return read, written, err
}

// compareStores checks that both stores hold the same collections with the
// same documents (count and digest) and the same counters.
func compareStores(ctx context.Context, src, dst store.Copier, w io.Writer) error {
	names := map[string]bool{}
	for _, b := range []store.Copier{src, dst} {
		colls, err := b.Collections(ctx)
		if err != nil {
			return err
		}
		for _, c := range colls {
			names[c] = true
		}
	}
	sorted := make([]string, 0, len(names))
	for c := range names {
		sorted = append(sorted, c)
	}
	slices.Sort(sorted)
	fmt.Fprintf(w, "Jämförelse (antal i källa / mål, SHA-256 över id, version och innehåll):\n")
	var bad []string
	for _, c := range sorted {
		a, err := summarize(ctx, src, c)
		if err != nil {
			return err
		}
		b, err := summarize(ctx, dst, c)
		if err != nil {
			return err
		}
		mark := "lika"
		if a != b {
			mark = "AVVIKER (mål " + b.Digest[:16] + ")"
			bad = append(bad, c)
		}
		fmt.Fprintf(w, "  %-22s %8d %8d  %s  %s\n", c, a.Count, b.Count, a.Digest[:16], mark)
	}
	sa, err := src.Sequences(ctx)
	if err != nil {
		return err
	}
	sb, err := dst.Sequences(ctx)
	if err != nil {
		return err
	}
	for name, n := range sa {
		if sb[name] != n {
			bad = append(bad, fmt.Sprintf("räknaren %s (%d i källan, %d i målet)", name, n, sb[name]))
		}
	}
	for name, n := range sb {
		if _, ok := sa[name]; !ok {
			bad = append(bad, fmt.Sprintf("räknaren %s (bara i målet, %d)", name, n))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("källa och mål skiljer sig: %s (ändrades källan under kopieringen? stoppa alla instanser och kör igen med --resume)", strings.Join(bad, ", "))
	}
	fmt.Fprintf(w, "Alla %d samlingar och %d räknare stämmer överens.\n", len(sorted), len(sa))
	return nil
}

// verifyTarget checks every case chain and checkpoint on the target,
// trusting the server key recorded in the source.
func verifyTarget(ctx context.Context, src, dst store.Backend, w io.Writer) error {
	key := ""
	k, err := repo.NewSigningKeys(src).GetKey(ctx, audit.ServerSigner)
	switch {
	case err == nil:
		key = k.PublicKey
	case !errors.Is(err, signing.ErrKeyNotFound):
		return err
	}
	rep, err := ledger.Verify(ctx, repo.NewLedger(dst), repo.NewLedger(dst), ledger.TrustKey(key))
	if err != nil {
		return err
	}
	fmt.Fprint(w, "Målets historik: ")
	return printReport(w, rep)
}

// masterKeyHint reminds the operator that signing keys are sealed with
// the SQLite installation's generated master key: every instance on a
// MongoDB target must be given it, and a data-directory target needs the
// file copied (or the setting), or its first start generates another key
// that cannot open the copied signing keys.
func masterKeyHint(o migrateStoreOptions, w io.Writer) {
	if o.from.dataDir == "" {
		return
	}
	path := filepath.Join(o.from.dataDir, "master.key")
	if _, err := os.Stat(path); err != nil {
		return
	}
	if o.to.uri != "" {
		fmt.Fprintf(w, "Signeringsnycklarna är förseglade med huvudnyckeln i %s: ge varje instans på målet SAMSTYR_MASTER_KEY med filens innehåll.\n", path)
		return
	}
	fmt.Fprintf(w, "Signeringsnycklarna är förseglade med huvudnyckeln i %s: kopiera filen till %s (eller sätt SAMSTYR_MASTER_KEY) innan målet startas.\n",
		path, filepath.Join(o.to.dataDir, "master.key"))
}
