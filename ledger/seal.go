package ledger

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/lettrage/lettrage/store"
)

// A Seal is the heads of a book's hash chains at one moment: every
// journal's, the configuration chain's and the lettering chain's. Each
// head's hash covers its chain's whole history, so a seal kept outside the
// book — printed on a report, stored by the embedding program, sent to an
// auditor — lets Verify prove later that the book still extends that
// state, even against someone who rewrote a record and re-hashed its chain
// to the end (Verify with WithAnchor).
//
// A Seal encodes as one line of text (String, MarshalText; ParseSeal and
// UnmarshalText read it back) ending with a digest over all its heads:
// print the digest where a person will see it, keep the text where a
// program will.
type Seal struct {
	// Heads are the chains' heads: ChainConfig, ChainLettering, then
	// "journal/CODE" for each journal with entries, by code.
	Heads []ChainHead
}

// ChainHead is the head of one chain.
type ChainHead struct {
	// Chain is ChainConfig, ChainLettering or "journal/" and a journal code.
	Chain string
	// Length is how many records the chain holds (for a journal, entries).
	Length uint64
	// Seq is where the head record is: for a journal, the posting sequence
	// of its last entry; for the other chains, Length.
	Seq uint64
	// Hash is the head record's hash, zero for an empty chain.
	Hash [sha256.Size]byte
}

// sealVersion starts a seal's text; a later layout gets another one.
const sealVersion = "lettrage-seal/1"

// Seal returns the heads of the book's chains, to keep outside the book.
// It reads one snapshot: a few records per journal and fiscal year.
func (b *Book) Seal(ctx context.Context) (Seal, error) {
	var s Seal
	err := b.view(ctx, func(t *Tx) error {
		s = Seal{}
		for _, k := range chainKinds {
			n, h, err := chainHead(t.st, k)
			if err != nil {
				return err
			}
			head := ChainHead{Chain: k.String(), Length: n, Seq: n}
			copy(head.Hash[:], h)
			s.Heads = append(s.Heads, head)
		}
		heads, err := t.journalHeads()
		if err != nil {
			return err
		}
		s.Heads = append(s.Heads, heads...)
		return nil
	})
	return s, err
}

// journalHeads returns the head of every journal that has entries: its
// last entry in posting order, found through the number index (the last
// number of each fiscal year) without reading the log.
func (t *Tx) journalHeads() ([]ChainHead, error) {
	years, err := t.FiscalYears()
	if err != nil {
		return nil, err
	}
	var codes []string
	if err := t.st.Scan(bJournal, nil, nil, false, func(k, v []byte) error {
		codes = append(codes, string(k))
		return nil
	}); err != nil {
		return nil, err
	}
	var out []ChainHead
	for _, j := range codes {
		head := ChainHead{Chain: chainJournal + j}
		for _, y := range years {
			n, err := t.counter(numberCounter(j, y))
			if err != nil {
				return nil, err
			}
			if n == 0 {
				continue
			}
			head.Length += n
			s, found, err := t.numberSeq(j, y.Start, int64(n))
			if err != nil || !found {
				return nil, fmt.Errorf("%w: journal %s has no entry numbered %d in %s: %v", ErrIntegrity, j, n, y.Label, err)
			}
			if s > head.Seq {
				head.Seq = s
			}
		}
		if head.Length == 0 {
			continue
		}
		_, raw, err := t.logRaw(seqKey(head.Seq))
		if err != nil {
			return nil, err
		}
		copy(head.Hash[:], raw[:sha256.Size])
		out = append(out, head)
	}
	return out, nil
}

// checkAnchor checks, record by record, that every chain of the seal is at
// least as long as sealed and still has the sealed hash at the sealed
// position. The walk of Verify proves the rest: every record before it
// still leads to it.
func (t *Tx) checkAnchor(s *Seal) error {
	for _, h := range s.Heads {
		fail := func(format string, args ...any) error {
			return &AnchorError{Chain: h.Chain, Length: h.Length, Reason: fmt.Sprintf(format, args...)}
		}
		if h.Length == 0 {
			continue
		}
		var stored []byte
		switch h.Chain {
		case ChainConfig, ChainLettering:
			k := chainConfig
			if h.Chain == ChainLettering {
				k = chainLetter
			}
			n, _, err := chainHead(t.st, k)
			if err != nil {
				return err
			}
			if n < h.Length {
				return fail("the chain has %d records, the seal %d", n, h.Length)
			}
			v, err := t.st.Get(k.bucket(), seqKey(h.Length))
			if errors.Is(err, store.ErrNotFound) {
				return fail("record %d is missing", h.Length)
			} else if err != nil {
				return err
			}
			if len(v) <= sha256.Size {
				return fail("record %d is damaged", h.Length)
			}
			stored = v[:sha256.Size]
		default:
			j, ok := cutJournalChain(h.Chain)
			if !ok {
				return fmt.Errorf("%w: unknown chain %q", ErrSeal, h.Chain)
			}
			v, err := t.st.Get(bLog, seqKey(h.Seq))
			if errors.Is(err, store.ErrNotFound) {
				return fail("the log has no entry at the sealed position %d", h.Seq)
			} else if err != nil {
				return err
			}
			_, raw, err := t.ct.openLog(seqKey(h.Seq), v, nil)
			if err != nil {
				return fail("the entry at the sealed position %d is damaged", h.Seq)
			}
			if rec, err := decodeLogRecord(raw); err != nil || rec.Journal != j {
				return fail("the entry at the sealed position %d is not the journal's", h.Seq)
			}
			stored = raw[:sha256.Size]
		}
		if !bytes.Equal(stored, h.Hash[:]) {
			return fail("the record at the sealed position %d no longer has the sealed hash: the chain was rewritten", h.Seq)
		}
	}
	return nil
}

func cutJournalChain(chain string) (string, bool) { return strings.CutPrefix(chain, chainJournal) }

// heads renders the heads as the seal's text does, without the version and
// the digest: what the digest covers.
func (s Seal) heads() string {
	var b strings.Builder
	for i, h := range s.Heads {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s=%d", h.Chain, h.Length)
		if _, ok := cutJournalChain(h.Chain); ok {
			fmt.Fprintf(&b, "@%d", h.Seq)
		}
		b.WriteByte(':')
		b.WriteString(hex.EncodeToString(h.Hash[:]))
	}
	return b.String()
}

// Digest returns the SHA-256 of the seal's heads, in hexadecimal: one
// value to print on a report and compare by eye with a stored seal's.
func (s Seal) Digest() string {
	h := sha256.Sum256([]byte(s.heads()))
	return hex.EncodeToString(h[:])
}

// String returns the seal as one line of text, which ParseSeal reads:
//
//	lettrage-seal/1 config=3:… lettering=0:… journal/VT=120@532:… digest=…
func (s Seal) String() string {
	return sealVersion + " " + s.heads() + " digest=" + s.Digest()
}

// MarshalText returns String's text.
func (s Seal) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a seal written by MarshalText or String.
func (s *Seal) UnmarshalText(text []byte) error {
	p, err := ParseSeal(string(text))
	if err != nil {
		return err
	}
	*s = p
	return nil
}

// ParseSeal reads a seal written by Seal.String. It returns ErrSeal for
// text of another form, and for a seal whose digest does not match its
// heads (mistyped or altered).
func ParseSeal(text string) (Seal, error) {
	fields := strings.Fields(text)
	bad := func(format string, args ...any) (Seal, error) {
		return Seal{}, fmt.Errorf("%w: %s", ErrSeal, fmt.Sprintf(format, args...))
	}
	if len(fields) < 2 || fields[0] != sealVersion {
		return bad("does not start with %q", sealVersion)
	}
	digest, ok := strings.CutPrefix(fields[len(fields)-1], "digest=")
	if !ok {
		return bad("does not end with its digest")
	}
	var s Seal
	for _, f := range fields[1 : len(fields)-1] {
		h, err := parseHead(f)
		if err != nil {
			return bad("%q: %v", f, err)
		}
		s.Heads = append(s.Heads, h)
	}
	if s.Digest() != digest {
		return bad("the digest does not match the heads")
	}
	return s, nil
}

// parseHead reads one head: chain=length:hash, or for a journal
// journal/CODE=length@seq:hash.
func parseHead(f string) (ChainHead, error) {
	chain, rest, ok := strings.Cut(f, "=")
	if !ok {
		return ChainHead{}, errors.New("no '='")
	}
	pos, hash, ok := strings.Cut(rest, ":")
	if !ok {
		return ChainHead{}, errors.New("no ':'")
	}
	h := ChainHead{Chain: chain}
	length, seq := pos, ""
	switch j, isJournal := cutJournalChain(chain); {
	case isJournal:
		if checkCode(j) != nil {
			return ChainHead{}, fmt.Errorf("journal code %q", j)
		}
		if length, seq, ok = strings.Cut(pos, "@"); !ok {
			return ChainHead{}, errors.New("a journal head needs length@sequence")
		}
	case chain != ChainConfig && chain != ChainLettering:
		return ChainHead{}, fmt.Errorf("unknown chain %q", chain)
	}
	var err error
	if h.Length, err = strconv.ParseUint(length, 10, 64); err != nil {
		return ChainHead{}, err
	}
	h.Seq = h.Length
	if seq != "" {
		if h.Seq, err = strconv.ParseUint(seq, 10, 64); err != nil {
			return ChainHead{}, err
		}
	}
	b, err := hex.DecodeString(hash)
	if err != nil || len(b) != sha256.Size {
		return ChainHead{}, errors.New("the hash is not 64 hexadecimal digits")
	}
	copy(h.Hash[:], b)
	return h, nil
}
