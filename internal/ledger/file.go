package ledger

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/samstyr/samstyr/internal/adminlog"
	"github.com/samstyr/samstyr/internal/cases"
)

// FileFormat is the File.Format of files Export writes.
const FileFormat = "samstyr-ledger-v1"

// File is the export of a whole ledger for verification offline: every
// case with its history and every checkpoint with its leaves. Export
// writes its members in the order of the fields.
type File struct {
	// Format is FileFormat.
	Format string `json:"format"`
	// ExportedAt is when the file was written.
	ExportedAt time.Time `json:"exported_at"`
	// ServerKey is the standard base64 Ed25519 public key that signs the
	// checkpoints. The file vouches for nothing about it: compare it with
	// the key the authority publishes.
	ServerKey string `json:"server_key"`
	// Cases are the cases, in case id order.
	Cases []cases.Case `json:"cases"`
	// Chains are the administration's record chains (adminlog), in id
	// order, each with the digest of its object's state at the export.
	Chains []adminlog.Chain `json:"chains,omitempty"`
	// Checkpoints are the checkpoints, in ascending Seq.
	Checkpoints []FileCheckpoint `json:"checkpoints"`
}

// FileCheckpoint is a checkpoint and all its leaves, in one JSON object
// (the checkpoint's members and "leaves").
type FileCheckpoint struct {
	Checkpoint
	// Leaves are the checkpoint's leaves in case id order.
	Leaves []Leaf `json:"leaves"`
}

// Export writes a File of everything in src and st to w, encoding cases
// and leaves one at a time so that memory use does not grow with the
// number of cases (only the checkpoint documents are held). serverKey is
// the public key that signs checkpoints (File.ServerKey) and at the time
// recorded as ExportedAt.
//
// The checkpoints are listed before the cases are read, so that every
// exported checkpoint predates the exported cases: histories only grow,
// and a checkpoint made during the export is simply not included.
func Export(ctx context.Context, src Source, st Store, serverKey string, at time.Time, w io.Writer) error {
	var cps []Checkpoint
	if err := st.Checkpoints(ctx, func(c Checkpoint) error {
		cps = append(cps, c)
		return ctx.Err()
	}); err != nil {
		return fmt.Errorf("ledger: reading checkpoints: %w", err)
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	raw := func(s string) { bw.WriteString(s) } // errors surface at Flush
	value := func(v any) error { return enc.Encode(v) }

	raw(`{"format":`)
	if err := value(FileFormat); err != nil {
		return err
	}
	raw(`,"exported_at":`)
	if err := value(at.UTC()); err != nil {
		return err
	}
	raw(`,"server_key":`)
	if err := value(serverKey); err != nil {
		return err
	}
	raw(`,"cases":[`)
	n := 0
	if err := src.Cases(ctx, func(c cases.Case) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if n > 0 {
			raw(",")
		}
		n++
		return value(c)
	}); err != nil {
		return fmt.Errorf("ledger: exporting cases: %w", err)
	}
	raw(`]`)
	if cs, ok := src.(adminlog.Source); ok {
		raw(`,"chains":[`)
		n = 0
		if err := cs.Chains(ctx, func(c adminlog.Chain) error {
			if n > 0 {
				raw(",")
			}
			n++
			return value(c)
		}); err != nil {
			return fmt.Errorf("ledger: exporting the administration's records: %w", err)
		}
		raw(`]`)
	}
	raw(`,"checkpoints":[`)
	for i, c := range cps {
		if i > 0 {
			raw(",")
		}
		b, err := json.Marshal(c)
		if err != nil {
			return err
		}
		bw.Write(b[:len(b)-1]) // the checkpoint's members, without the closing brace
		raw(`,"leaves":[`)
		k := 0
		if err := st.Leaves(ctx, c.Seq, func(chunk []Leaf) error {
			for _, l := range chunk {
				if k > 0 {
					raw(",")
				}
				k++
				if err := value(l); err != nil {
					return err
				}
			}
			return ctx.Err()
		}); err != nil {
			return fmt.Errorf("ledger: exporting leaves of checkpoint %d: %w", c.Seq, err)
		}
		raw("]}")
	}
	raw("]}\n")
	return bw.Flush()
}

// DecodeFile reads a File as Export writes it, token by token. It rejects
// a format other than FileFormat, unknown or repeated members and
// trailing data.
func DecodeFile(r io.Reader) (File, error) {
	var f File
	dec := json.NewDecoder(r)
	fail := func(err error) (File, error) { return File{}, fmt.Errorf("ledger: reading file: %w", err) }
	if err := expectDelim(dec, '{'); err != nil {
		return fail(err)
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		key, _ := tok.(string)
		if seen[key] {
			return fail(fmt.Errorf("member %q appears twice", key))
		}
		seen[key] = true
		switch key {
		case "format":
			err = dec.Decode(&f.Format)
			if err == nil && f.Format != FileFormat {
				err = fmt.Errorf("format is %q, want %q", f.Format, FileFormat)
			}
		case "exported_at":
			err = dec.Decode(&f.ExportedAt)
		case "server_key":
			err = dec.Decode(&f.ServerKey)
		case "cases":
			err = decodeArray(dec, func() error {
				var c cases.Case
				if err := dec.Decode(&c); err != nil {
					return err
				}
				f.Cases = append(f.Cases, c)
				return nil
			})
		case "chains":
			err = decodeArray(dec, func() error {
				var c adminlog.Chain
				if err := dec.Decode(&c); err != nil {
					return err
				}
				f.Chains = append(f.Chains, c)
				return nil
			})
		case "checkpoints":
			err = decodeArray(dec, func() error {
				var c FileCheckpoint
				if err := dec.Decode(&c); err != nil {
					return err
				}
				f.Checkpoints = append(f.Checkpoints, c)
				return nil
			})
		default:
			err = fmt.Errorf("unknown member %q", key)
		}
		if err != nil {
			return fail(err)
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return fail(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fail(errors.New("data after the end of the file object"))
	}
	if !seen["format"] {
		return fail(errors.New("no format member"))
	}
	return f, nil
}

// VerifyFile reads a File (see DecodeFile) and runs Verify over it,
// trusting only checkpoint signatures made with the file's ServerKey.
// The report says nothing about whether ServerKey is the authority's key:
// compare it with the published one.
func VerifyFile(r io.Reader) (Report, error) {
	return VerifyFileWith(r, VerifyOptions{})
}

// VerifyFileWith is VerifyFile with the further checks of o (decision
// digests, published roots); o.Trust, when nil, trusts the file's
// ServerKey.
func VerifyFileWith(r io.Reader, o VerifyOptions) (Report, error) {
	f, err := DecodeFile(r)
	if err != nil {
		return Report{}, err
	}
	return f.VerifyWith(o)
}

// Verify runs Verify over the file's contents, trusting only checkpoint
// signatures made with f.ServerKey.
func (f File) Verify() (Report, error) { return f.VerifyWith(VerifyOptions{}) }

// VerifyWith runs VerifyWith over the file's contents; o.Trust, when nil,
// trusts only checkpoint signatures made with f.ServerKey.
func (f File) VerifyWith(o VerifyOptions) (Report, error) {
	src := fileSource{cases: slices.Clone(f.Cases), chains: slices.Clone(f.Chains)}
	slices.SortStableFunc(src.cases, func(a, b cases.Case) int { return strings.Compare(a.ID, b.ID) })
	slices.SortStableFunc(src.chains, func(a, b adminlog.Chain) int { return strings.Compare(a.ID, b.ID) })
	st := fileStore(slices.Clone(f.Checkpoints))
	slices.SortStableFunc(st, func(a, b FileCheckpoint) int { return a.Seq - b.Seq })
	if o.Trust == nil {
		o.Trust = TrustKey(f.ServerKey)
	}
	return VerifyWith(context.Background(), src, st, o)
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != d {
		return fmt.Errorf("found %v where %v was expected", tok, d)
	}
	return nil
}

// decodeArray reads a JSON array, calling elem for each element.
func decodeArray(dec *json.Decoder, elem func() error) error {
	if err := expectDelim(dec, '['); err != nil {
		return err
	}
	for dec.More() {
		if err := elem(); err != nil {
			return err
		}
	}
	return expectDelim(dec, ']')
}

// fileSource is a Source over the cases and chains of a File, sorted by
// id.
type fileSource struct {
	cases  []cases.Case
	chains []adminlog.Chain
}

func (s fileSource) Cases(ctx context.Context, fn func(c cases.Case) error) error {
	for _, c := range s.cases {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// Chains lists the file's administration chains (adminlog.Source).
func (s fileSource) Chains(ctx context.Context, fn func(adminlog.Chain) error) error {
	for _, c := range s.chains {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// fileStore is a read-only Store over the checkpoints of a File, sorted by
// seq. Leaves are handed out in chunks of ChunkSize, as Build stores them.
type fileStore []FileCheckpoint

func (s fileStore) LastCheckpoint(ctx context.Context) (Checkpoint, bool, error) {
	if len(s) == 0 {
		return Checkpoint{}, false, nil
	}
	return s[len(s)-1].Checkpoint, true, nil
}

func (s fileStore) InsertCheckpoint(ctx context.Context, c Checkpoint, leaves [][]Leaf) error {
	return errors.New("ledger: a file is read-only")
}

func (s fileStore) Checkpoints(ctx context.Context, fn func(Checkpoint) error) error {
	for _, c := range s {
		if err := fn(c.Checkpoint); err != nil {
			return err
		}
	}
	return nil
}

func (s fileStore) Leaves(ctx context.Context, seq int, fn func([]Leaf) error) error {
	for _, c := range s {
		if c.Seq != seq {
			continue
		}
		for l := c.Leaves; len(l) > 0; {
			n := min(ChunkSize, len(l))
			if err := fn(l[:n:n]); err != nil {
				return err
			}
			l = l[n:]
		}
		return nil
	}
	return nil
}
