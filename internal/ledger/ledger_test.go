package ledger

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/cases"
	"github.com/samstyr/samstyr/internal/signing"
)

// ---- Merkle tree ----

func h(b ...[]byte) [32]byte { return sha256.Sum256(bytes.Join(b, nil)) }

func hLeaf(d []byte) [32]byte      { return h([]byte{0}, d) }
func hNode(l, r [32]byte) [32]byte { return h([]byte{1}, l[:], r[:]) }

// refRoot is RFC 6962 §2.1 MTH written out recursively.
func refRoot(d [][]byte) [32]byte {
	switch n := len(d); n {
	case 0:
		return sha256.Sum256(nil)
	case 1:
		return hLeaf(d[0])
	default:
		k := 1
		for k*2 < n {
			k *= 2
		}
		return hNode(refRoot(d[:k]), refRoot(d[k:]))
	}
}

func leafBytes(n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		out[i] = []byte(fmt.Sprintf("leaf-%d", i))
	}
	return out
}

func TestRootKnownCases(t *testing.T) {
	a, b, c, d, e := []byte("a"), []byte("b"), []byte("c"), []byte("d"), []byte("e")
	empty := sha256.Sum256([]byte(""))
	cases := []struct {
		name   string
		leaves [][]byte
		want   [32]byte
	}{
		{"empty", nil, empty},
		{"one", [][]byte{a}, hLeaf(a)},
		{"two", [][]byte{a, b}, hNode(hLeaf(a), hLeaf(b))},
		// 3 leaves split at 2: the third is promoted, not duplicated.
		{"three", [][]byte{a, b, c}, hNode(hNode(hLeaf(a), hLeaf(b)), hLeaf(c))},
		{"four", [][]byte{a, b, c, d}, hNode(hNode(hLeaf(a), hLeaf(b)), hNode(hLeaf(c), hLeaf(d)))},
		{"five", [][]byte{a, b, c, d, e}, hNode(hNode(hNode(hLeaf(a), hLeaf(b)), hNode(hLeaf(c), hLeaf(d))), hLeaf(e))},
	}
	for _, tc := range cases {
		if got := Root(tc.leaves); got != tc.want {
			t.Errorf("%s: Root = %x, want %x", tc.name, got, tc.want)
		}
	}
	// The well-known hash of the empty tree.
	if got := Root(nil); hex.EncodeToString(got[:]) != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("empty root = %x", got)
	}
	// Domain separation: a leaf is not its plain hash, and a tree of two
	// leaves is not a leaf whose data is the two leaf hashes.
	if Root([][]byte{a}) == sha256.Sum256(a) {
		t.Error("leaf hash lacks the 0x00 prefix")
	}
	la, lb := hLeaf(a), hLeaf(b)
	if Root([][]byte{a, b}) == Root([][]byte{append(la[:], lb[:]...)}) {
		t.Error("node and leaf hashes collide")
	}
}

func TestRootMatchesRecursiveDefinition(t *testing.T) {
	for n := 0; n <= 70; n++ {
		d := leafBytes(n)
		if got, want := Root(d), refRoot(d); got != want {
			t.Fatalf("n=%d: Root = %x, want %x", n, got, want)
		}
	}
}

func TestRootChangesWithAnyLeaf(t *testing.T) {
	for _, n := range []int{1, 2, 3, 5, 8, 13} {
		d := leafBytes(n)
		base := Root(d)
		if Root(leafBytes(n)) != base {
			t.Fatalf("n=%d: Root is not deterministic", n)
		}
		for i := 0; i < n; i++ {
			changed := slices.Clone(d)
			changed[i] = append(slices.Clone(d[i]), 'x')
			if Root(changed) == base {
				t.Errorf("n=%d: changing leaf %d keeps the root", n, i)
			}
			removed := slices.Delete(slices.Clone(d), i, i+1)
			if Root(removed) == base {
				t.Errorf("n=%d: removing leaf %d keeps the root", n, i)
			}
			if i+1 < n {
				swapped := slices.Clone(d)
				swapped[i], swapped[i+1] = swapped[i+1], swapped[i]
				if Root(swapped) == base {
					t.Errorf("n=%d: swapping leaves %d and %d keeps the root", n, i, i+1)
				}
			}
		}
		if Root(append(slices.Clone(d), []byte("more"))) == base {
			t.Errorf("n=%d: appending a leaf keeps the root", n)
		}
	}
}

func TestLeafData(t *testing.T) {
	got := string(LeafData(Leaf{CaseID: "c1", Seq: 3, Hash: "ab"}))
	if got != `["c1",3,"ab"]` {
		t.Errorf("LeafData = %s", got)
	}
}

// ---- fixtures ----

type memKeys struct {
	mu   sync.Mutex
	keys map[string]signing.StoredKey
}

func (m *memKeys) GetKey(_ context.Context, id string) (signing.StoredKey, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k, ok := m.keys[id]
	if !ok {
		return signing.StoredKey{}, fmt.Errorf("mem: %s: %w", id, signing.ErrKeyNotFound)
	}
	return k, nil
}

func (m *memKeys) InsertKey(_ context.Context, k signing.StoredKey) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.keys[k.SignerID]; ok {
		return signing.ErrKeyExists
	}
	m.keys[k.SignerID] = k
	return nil
}

func newKeyStore(t *testing.T) *signing.KeyStore {
	t.Helper()
	mk := make([]byte, signing.MasterKeySize)
	if _, err := rand.Read(mk); err != nil {
		t.Fatal(err)
	}
	ks, err := signing.NewKeyStore(&memKeys{keys: map[string]signing.StoredKey{}}, mk)
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

// memSource is a Source over cases kept by id.
type memSource struct{ cases map[string]cases.Case }

func (s *memSource) Cases(_ context.Context, fn func(cases.Case) error) error {
	ids := make([]string, 0, len(s.cases))
	for id := range s.cases {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if err := fn(s.cases[id]); err != nil {
			return err
		}
	}
	return nil
}

// memStore is an append-only Store; chunks are keyed by seq and written
// before the checkpoint, as InsertCheckpoint requires.
type memStore struct {
	cps    []Checkpoint
	chunks map[int][][]Leaf
}

func newMemStore() *memStore { return &memStore{chunks: map[int][][]Leaf{}} }

func (s *memStore) LastCheckpoint(context.Context) (Checkpoint, bool, error) {
	if len(s.cps) == 0 {
		return Checkpoint{}, false, nil
	}
	return s.cps[len(s.cps)-1], true, nil
}

func (s *memStore) InsertCheckpoint(_ context.Context, c Checkpoint, leaves [][]Leaf) error {
	for _, chunk := range leaves {
		if len(chunk) > ChunkSize {
			return fmt.Errorf("chunk of %d", len(chunk))
		}
	}
	s.chunks[c.Seq] = nil // a retry overwrites a crashed attempt's chunks
	for _, chunk := range leaves {
		s.chunks[c.Seq] = append(s.chunks[c.Seq], slices.Clone(chunk))
	}
	for _, old := range s.cps {
		if old.Seq == c.Seq {
			return errors.New("duplicate checkpoint")
		}
	}
	s.cps = append(s.cps, c)
	return nil
}

func (s *memStore) Checkpoints(_ context.Context, fn func(Checkpoint) error) error {
	for _, c := range s.cps {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

func (s *memStore) Leaves(_ context.Context, seq int, fn func([]Leaf) error) error {
	for _, chunk := range s.chunks[seq] {
		if err := fn(chunk); err != nil {
			return err
		}
	}
	return nil
}

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// newCase makes a case with n ≥ 2 events: register, start, then notes
// (which change no state). Actors are "user-<id>-<seq>".
func newCase(id string, n int) cases.Case {
	c := cases.Case{ID: id}
	for i := 1; i <= n; i++ {
		e := cases.Event{At: t0.Add(time.Duration(i) * time.Minute), Actor: fmt.Sprintf("user-%s-%d", id, i),
			DataDigest: cases.Digest(fmt.Sprintf("%s-%d", id, i))}
		switch i {
		case 1:
			e.Action, e.To = cases.ActionRegister, cases.StateRegistered
		case 2:
			e.Action, e.From, e.To = "start", cases.StateRegistered, cases.StatePreparing
		default:
			e.Action = "note"
		}
		(&c).Append(e)
		if e.To != "" {
			c.State = e.To
		}
	}
	return c
}

// rechain rebuilds a case's chain from its (edited) events, as someone
// covering their tracks would.
func rechain(c cases.Case) cases.Case {
	old := c.History
	c.History = nil
	for _, e := range old {
		(&c).Append(e)
	}
	return c
}

type fixture struct {
	src    *memSource
	st     *memStore
	ks     *signing.KeyStore
	pubKey string
}

const serverID = "ledger-server"

// newFixture makes five cases, checkpoint 1, then more events on c2 and a
// new case c6, and checkpoint 2.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{src: &memSource{cases: map[string]cases.Case{}}, st: newMemStore(), ks: newKeyStore(t)}
	for i, n := range []int{4, 3, 5, 4, 2} {
		id := fmt.Sprintf("c%d", i+1)
		f.src.cases[id] = newCase(id, n)
	}
	ctx := context.Background()
	cp1, err := Build(ctx, f.src, f.st, f.ks, serverID, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	f.src.cases["c2"] = newCase("c2", 6)
	f.src.cases["c6"] = newCase("c6", 2)
	cp2, err := Build(ctx, f.src, f.st, f.ks, serverID, t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if cp1.Seq != 1 || cp1.Prev != "" || cp2.Seq != 2 || cp2.Prev != cp1.Hash() || cp2.CaseCount != 6 || cp2.LeafChunks != 1 {
		t.Fatalf("checkpoints: %+v %+v", cp1, cp2)
	}
	pub, _, err := f.ks.PublicKey(ctx, serverID)
	if err != nil {
		t.Fatal(err)
	}
	f.pubKey = base64.StdEncoding.EncodeToString(pub)
	return f
}

func (f *fixture) verify(t *testing.T) Report {
	t.Helper()
	rep, err := Verify(context.Background(), f.src, f.st, TrustKey(f.pubKey))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func (f *fixture) edit(id string, fn func(c *cases.Case)) {
	c := f.src.cases[id]
	c.History = slices.Clone(c.History)
	fn(&c)
	f.src.cases[id] = c
}

// resign replaces checkpoint i's signature with one by ks.
func (f *fixture) resign(t *testing.T, i int, ks *signing.KeyStore) {
	t.Helper()
	c := f.st.cps[i]
	sig, err := ks.Sign(context.Background(), serverID, c.Payload(), c.At)
	if err != nil {
		t.Fatal(err)
	}
	f.st.cps[i].Signature = sig
}

func hasProblem(rep Report, kind, caseID string, seq, cp int) bool {
	for _, p := range rep.Problems {
		if p.Kind == kind && p.CaseID == caseID && p.Seq == seq && (cp < 0 || p.Checkpoint == cp) {
			return true
		}
	}
	return false
}

func wantProblem(t *testing.T, rep Report, kind, caseID string, seq, cp int) {
	t.Helper()
	if !hasProblem(rep, kind, caseID, seq, cp) {
		t.Errorf("no %s for case %q event %d checkpoint %d; problems: %v", kind, caseID, seq, cp, rep.Problems)
	}
}

// ---- Build and Verify ----

func TestCleanLedger(t *testing.T) {
	f := newFixture(t)
	rep := f.verify(t)
	if !rep.OK() {
		t.Fatalf("problems in a clean ledger: %v", rep.Problems)
	}
	if _, ok := rep.First(); ok {
		t.Error("First reports a problem")
	}
	if rep.CasesChecked != 6 || rep.EventsChecked != 4+6+5+4+2+2 || rep.CheckpointsChecked != 2 {
		t.Errorf("counts: %+v", rep)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	f := newFixture(t)
	st := newMemStore()
	a, err := Build(context.Background(), f.src, st, f.ks, serverID, t0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(context.Background(), f.src, newMemStore(), f.ks, serverID, t0)
	if err != nil {
		t.Fatal(err)
	}
	if a.Root != b.Root || a.Hash() != b.Hash() || a.Root != f.st.cps[1].Root {
		t.Errorf("roots differ: %s %s %s", a.Root, b.Root, f.st.cps[1].Root)
	}
	// The root is the Merkle root of the sorted leaves' canonical data.
	var data [][]byte
	for _, id := range []string{"c1", "c2", "c3", "c4", "c5", "c6"} {
		c := f.src.cases[id]
		last := c.History[len(c.History)-1]
		data = append(data, LeafData(Leaf{CaseID: id, Seq: last.Seq, Hash: last.Hash}))
	}
	if r := Root(data); hex.EncodeToString(r[:]) != a.Root {
		t.Errorf("root %s is not the Merkle root of the leaves", a.Root)
	}
	if err := signing.Verify(a.Signature, a.Payload()); err != nil || a.Signature.SignerID != serverID {
		t.Errorf("signature: %v %+v", err, a.Signature)
	}
	// A checkpoint with the same seq is refused by the store.
	if err := st.InsertCheckpoint(context.Background(), a, nil); err == nil {
		t.Error("duplicate checkpoint accepted")
	}
}

func TestEditedEvent(t *testing.T) {
	f := newFixture(t)
	f.edit("c3", func(c *cases.Case) { c.History[1].Actor = "mallory" })
	rep := f.verify(t)
	p, ok := rep.First()
	if !ok || p.Kind != KindEditedEvent || p.CaseID != "c3" || p.Seq != 2 {
		t.Fatalf("first problem = %+v, all: %v", p, rep.Problems)
	}
}

func TestEditedEventWithRecomputedChain(t *testing.T) {
	f := newFixture(t)
	f.edit("c3", func(c *cases.Case) {
		c.History[1].Actor = "mallory"
		*c = rechain(*c)
	})
	if err := f.src.cases["c3"].Verify(); err != nil {
		t.Fatalf("rechained case should verify on its own: %v", err)
	}
	rep := f.verify(t)
	// Only the checkpoints' record of the head reveals it.
	wantProblem(t, rep, KindEditedEvent, "c3", 5, 2)
	if len(rep.Problems) != 1 {
		t.Errorf("problems: %v", rep.Problems)
	}
}

func TestRemovedLastEvent(t *testing.T) {
	f := newFixture(t)
	f.edit("c4", func(c *cases.Case) { c.History = c.History[:len(c.History)-1] })
	if err := f.src.cases["c4"].Verify(); err != nil {
		t.Fatalf("truncated case should verify on its own: %v", err)
	}
	rep := f.verify(t)
	p, ok := rep.First()
	if !ok || p.Kind != KindRemovedEvent || p.CaseID != "c4" || p.Seq != 4 || p.Checkpoint != 2 {
		t.Fatalf("first problem = %+v, all: %v", p, rep.Problems)
	}
}

func TestRemovedMiddleEvent(t *testing.T) {
	f := newFixture(t)
	f.edit("c1", func(c *cases.Case) { c.History = slices.Delete(c.History, 2, 3) })
	rep := f.verify(t)
	p, ok := rep.First()
	if !ok || p.Kind != KindRemovedEvent || p.CaseID != "c1" || p.Seq != 3 {
		t.Fatalf("first problem = %+v, all: %v", p, rep.Problems)
	}
}

func TestReorderedEventsAreEdits(t *testing.T) {
	f := newFixture(t)
	f.edit("c3", func(c *cases.Case) { c.History[2], c.History[3] = c.History[3], c.History[2] })
	p, _ := f.verify(t).First()
	if p.Kind != KindEditedEvent || p.CaseID != "c3" || p.Seq != 3 {
		t.Fatalf("first problem = %+v", p)
	}
}

func TestDeletedCase(t *testing.T) {
	f := newFixture(t)
	delete(f.src.cases, "c5")
	rep := f.verify(t)
	wantProblem(t, rep, KindDeletedCase, "c5", 0, 2)
	if len(rep.Problems) != 1 || rep.CasesChecked != 5 {
		t.Errorf("report: %+v", rep)
	}
}

func TestBrokenChain(t *testing.T) {
	f := newFixture(t)
	f.edit("c2", func(c *cases.Case) { c.State = cases.StateDecided })
	wantProblem(t, f.verify(t), KindBrokenChain, "c2", 0, 0)
}

func TestRewrittenCheckpointResigned(t *testing.T) {
	f := newFixture(t)
	f.st.cps[0].Root = strings.Repeat("0", 64)
	f.resign(t, 0, newKeyStore(t)) // an attacker without the server key
	rep := f.verify(t)
	p, _ := rep.First()
	if p.Kind != KindCheckpointSignature && p.Kind != KindCheckpointRewritten {
		t.Errorf("first problem = %+v", p)
	}
	wantProblem(t, rep, KindCheckpointSignature, "", 0, 1)
	wantProblem(t, rep, KindLeavesMismatch, "", 0, 1)
	wantProblem(t, rep, KindCheckpointRewritten, "", 0, 2) // checkpoint 2 links to the original
}

func TestRewrittenLatestCheckpointWithServerKey(t *testing.T) {
	f := newFixture(t)
	f.st.cps[1].Root = strings.Repeat("0", 64)
	f.resign(t, 1, f.ks)
	rep := f.verify(t)
	wantProblem(t, rep, KindLeavesMismatch, "", 0, 2)
	if hasProblem(rep, KindCheckpointSignature, "", 0, -1) {
		t.Errorf("signature by the server key rejected: %v", rep.Problems)
	}
}

func TestChangedPrev(t *testing.T) {
	f := newFixture(t)
	f.st.cps[1].Prev = strings.Repeat("a", 64)
	rep := f.verify(t)
	wantProblem(t, rep, KindCheckpointRewritten, "", 0, 2)
	wantProblem(t, rep, KindCheckpointSignature, "", 0, 2) // the payload changed under the signature
	// Even re-signed with the server key, the link is still broken.
	f.resign(t, 1, f.ks)
	rep = f.verify(t)
	wantProblem(t, rep, KindCheckpointRewritten, "", 0, 2)
	if len(rep.Problems) != 1 {
		t.Errorf("problems: %v", rep.Problems)
	}
}

func TestMissingCheckpoint(t *testing.T) {
	f := newFixture(t)
	if _, err := Build(context.Background(), f.src, f.st, f.ks, serverID, t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	f.st.cps = slices.Delete(f.st.cps, 1, 2)
	rep := f.verify(t)
	wantProblem(t, rep, KindCheckpointMissing, "", 0, 2)
	if len(rep.Problems) != 1 || rep.CheckpointsChecked != 2 {
		t.Errorf("report: %+v", rep)
	}
}

func TestLeavesMismatch(t *testing.T) {
	f := newFixture(t)
	f.st.chunks[1][0][2].Hash = strings.Repeat("b", 64)
	wantProblem(t, f.verify(t), KindLeavesMismatch, "", 0, 1)

	f = newFixture(t)
	f.st.chunks[2][0] = f.st.chunks[2][0][:5] // a leaf removed
	wantProblem(t, f.verify(t), KindLeavesMismatch, "", 0, 2)
}

func TestNilTrust(t *testing.T) {
	f := newFixture(t)
	if _, err := Verify(context.Background(), f.src, f.st, nil); err == nil {
		t.Error("nil trust accepted")
	}
}

func TestPayloadAndHash(t *testing.T) {
	c := Checkpoint{Seq: 3, At: t0, CaseCount: 2, Root: "r", Prev: "p", LeafChunks: 1}
	want := `{"at":"2026-03-02T09:00:00Z","case_count":2,"leaf_chunks":1,"prev":"p","root":"r","seq":3,"type":"samstyr-checkpoint-v1"}`
	if got := string(c.Payload()); got != want {
		t.Errorf("Payload = %s", got)
	}
	base := c.Hash()
	signed := c
	signed.Signature = signing.Signature{Value: "x"}
	if signed.Hash() != base {
		t.Error("the signature changes the hash")
	}
	local := c
	local.At = t0.In(time.FixedZone("CET", 3600))
	if local.Hash() != base {
		t.Error("the time zone changes the hash")
	}
	for name, edit := range map[string]func(*Checkpoint){
		"seq":    func(c *Checkpoint) { c.Seq++ },
		"at":     func(c *Checkpoint) { c.At = c.At.Add(time.Millisecond) },
		"count":  func(c *Checkpoint) { c.CaseCount++ },
		"root":   func(c *Checkpoint) { c.Root = "s" },
		"prev":   func(c *Checkpoint) { c.Prev = "q" },
		"chunks": func(c *Checkpoint) { c.LeafChunks++ },
	} {
		e := c
		edit(&e)
		if e.Hash() == base {
			t.Errorf("changing %s keeps the hash", name)
		}
	}
}

func TestManyCasesInChunks(t *testing.T) {
	src := &memSource{cases: map[string]cases.Case{}}
	for i := 0; i < 2500; i++ {
		id := fmt.Sprintf("case-%05d", i)
		src.cases[id] = newCase(id, 2)
	}
	st, ks := newMemStore(), newKeyStore(t)
	cp, err := Build(context.Background(), src, st, ks, serverID, t0)
	if err != nil {
		t.Fatal(err)
	}
	if cp.CaseCount != 2500 || cp.LeafChunks != 3 || len(st.chunks[1]) != 3 ||
		len(st.chunks[1][0]) != 1000 || len(st.chunks[1][2]) != 500 {
		t.Fatalf("checkpoint %+v, chunks %d", cp, len(st.chunks[1]))
	}
	pub, _, _ := ks.PublicKey(context.Background(), serverID)
	key := base64.StdEncoding.EncodeToString(pub)
	rep, err := Verify(context.Background(), src, st, TrustKey(key))
	if err != nil || !rep.OK() || rep.CasesChecked != 2500 {
		t.Fatalf("verify: %v %+v", err, rep.Problems)
	}
	var buf bytes.Buffer
	if err := Export(context.Background(), src, st, key, t0, &buf); err != nil {
		t.Fatal(err)
	}
	rep, err = VerifyFile(&buf)
	if err != nil || !rep.OK() || rep.CasesChecked != 2500 || rep.CheckpointsChecked != 1 {
		t.Fatalf("verify file: %v %+v", err, rep.Problems)
	}
}

// ---- Export and VerifyFile ----

func (f *fixture) export(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Export(context.Background(), f.src, f.st, f.pubKey, t0.Add(3*time.Hour), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExportRoundTrip(t *testing.T) {
	f := newFixture(t)
	data := f.export(t)
	rep, err := VerifyFile(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.CasesChecked != 6 || rep.EventsChecked != 23 || rep.CheckpointsChecked != 2 {
		t.Fatalf("report: %+v", rep)
	}
	file, err := DecodeFile(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if file.Format != FileFormat || file.ServerKey != f.pubKey || !file.ExportedAt.Equal(t0.Add(3*time.Hour)) ||
		len(file.Cases) != 6 || len(file.Checkpoints) != 2 || len(file.Checkpoints[0].Leaves) != 5 ||
		file.Checkpoints[1].Hash() != f.st.cps[1].Hash() {
		t.Errorf("decoded file: %+v", file)
	}
}

func TestVerifyFileDetectsEditedEvent(t *testing.T) {
	f := newFixture(t)
	data := f.export(t)
	edited := bytes.Replace(data, []byte(`"actor":"user-c3-2"`), []byte(`"actor":"mallory"`), 1)
	if bytes.Equal(edited, data) {
		t.Fatal("actor not found in the file")
	}
	rep, err := VerifyFile(bytes.NewReader(edited))
	if err != nil {
		t.Fatal(err)
	}
	p, ok := rep.First()
	if !ok || p.Kind != KindEditedEvent || p.CaseID != "c3" || p.Seq != 2 {
		t.Fatalf("first problem = %+v, all: %v", p, rep.Problems)
	}
}

func TestVerifyFileTrustsOnlyServerKey(t *testing.T) {
	f := newFixture(t)
	file, err := DecodeFile(bytes.NewReader(f.export(t)))
	if err != nil {
		t.Fatal(err)
	}
	file.ServerKey = base64.StdEncoding.EncodeToString(make([]byte, 32))
	rep, err := file.Verify()
	if err != nil {
		t.Fatal(err)
	}
	wantProblem(t, rep, KindCheckpointSignature, "", 0, 1)
	wantProblem(t, rep, KindCheckpointSignature, "", 0, 2)
}

func TestDecodeFileRejects(t *testing.T) {
	f := newFixture(t)
	good := string(f.export(t))
	for name, data := range map[string]string{
		"wrong format":   strings.Replace(good, FileFormat, "samstyr-ledger-v0", 1),
		"unknown member": strings.Replace(good, `{"format"`, `{"extra":1,"format"`, 1),
		"twice":          strings.Replace(good, `{"format"`, `{"server_key":"x","format"`, 1),
		"trailing":       good + "{}",
		"truncated":      good[:len(good)/2],
		"not an object":  "[]",
		"no format":      `{"cases":[],"checkpoints":[]}`,
	} {
		if _, err := VerifyFile(strings.NewReader(data)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
