package ledger

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/maphash"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/store"
)

// VerifyOption configures Verify.
type VerifyOption func(*verifyOptions)

type verifyOptions struct {
	anchor *Seal
}

// WithAnchor makes Verify also prove that the book extends the state a
// Seal recorded: every chain is at least as long as sealed and its record
// at the sealed position still has the sealed hash. A chain rewritten and
// re-hashed consistently from the rewritten record to its end passes the
// plain walk, and fails here with an *AnchorError naming the chain.
func WithAnchor(s Seal) VerifyOption {
	return func(o *verifyOptions) { o.anchor = &s }
}

// Verify proves that the book holds what was written, as far as its hash
// chains tell. It walks every journal's chain in posting order and the
// configuration and lettering chains, and returns a *VerifyError naming the
// first broken link:
//
//   - an entry or chain record that no longer decodes, whose hash does not
//     match its content, or that does not point to the hash of the record
//     before it in its chain; a journal whose stored head is not its last
//     entry's hash; an entry logged under another sequence than its
//     record's;
//   - a configuration or lettering record (account, fiscal year, lock-date
//     change, rate, partial, match, operation record, event, counter…)
//     whose value is not the one its chain last recorded, that its chain
//     recorded and the store lacks, or that no chain recorded.
//
// With WithAnchor, an *AnchorError (errors.Is ErrAnchor) reports a chain
// that is shorter than sealed or whose sealed record changed. Without an
// anchor, a rewrite that re-hashes a whole chain to its end cannot be told
// from the truth: keep a Seal outside the book to detect it.
//
// Verify reads one snapshot, in one read transaction, and holds a hash per
// journal and a few hundred keys of the chain index at a time.
func (b *Book) Verify(ctx context.Context, opts ...VerifyOption) error {
	var o verifyOptions
	for _, opt := range opts {
		opt(&o)
	}
	return b.view(ctx, func(t *Tx) error {
		if o.anchor != nil {
			if err := t.checkAnchor(o.anchor); err != nil {
				return err
			}
		}
		errFirst := errors.New("first broken link")
		var first *VerifyError
		broken := func(ve *VerifyError) error {
			first = ve
			return errFirst
		}
		jc := newJournalChains(o.anchor)
		logs, err := storedLogReader(t.ct.Tx)
		if errors.Is(err, ErrFormat) {
			return &VerifyError{Chain: "log", Entry: "log dictionary", Reason: err.Error()}
		} else if err != nil {
			return err
		}
		err = t.st.Scan(bLog, nil, nil, false, func(k, v []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			id, raw, err := logs.open(k, v)
			if err != nil {
				return broken(&VerifyError{Chain: "log", Entry: fmt.Sprintf("at sequence %x", k), Reason: err.Error()})
			}
			rec, err := decodeLogRecord(raw)
			if err != nil {
				return broken(&VerifyError{Chain: "log", Entry: id.String(), Reason: "entry does not decode: " + err.Error()})
			}
			if !bytes.Equal(k, seqKey(rec.Seq)) {
				// The hash covers the record's sequence, not the key: an
				// entry moved in the log keeps its journal's chain intact.
				return broken(&VerifyError{Chain: chainJournal + rec.Journal, Journal: rec.Journal, Entry: id.String(),
					Number: journal.FormatNumber(rec.Journal, rec.FiscalYear, rec.Number),
					Reason: fmt.Sprintf("logged at sequence %x, its record says %d", k, rec.Seq)})
			}
			if ve := jc.link(id, raw, &rec); ve != nil {
				return broken(ve)
			}
			return nil
		})
		if err == nil {
			err = jc.heads(t.st, broken)
		}
		if err == nil {
			_, err = verifyRecordChains(ctx, t.st, broken)
		}
		if errors.Is(err, errFirst) {
			return first
		}
		if err != nil {
			return err
		}
		if o.anchor != nil {
			return jc.anchored(o.anchor)
		}
		return nil
	})
}

// journalChains follows every journal's hash chain through the log, in
// posting order. It holds a hash and a count per journal.
type journalChains struct {
	d     hash.Hash // reused for every entry's hash
	prev  map[string][]byte
	count map[string]uint64 // entries per journal
	// For an anchored walk: the sealed head of each journal and the number
	// of its entries up to and including it.
	sealed  map[string]ChainHead
	counted map[string]uint64
}

func newJournalChains(anchor *Seal) *journalChains {
	c := &journalChains{d: sha256.New(), prev: map[string][]byte{}, count: map[string]uint64{}}
	if anchor != nil {
		c.sealed, c.counted = map[string]ChainHead{}, map[string]uint64{}
		for _, h := range anchor.Heads {
			if j, ok := cutJournalChain(h.Chain); ok {
				c.sealed[j] = h
			}
		}
	}
	return c
}

// link follows the chain of rec's journal to rec, logged with id as the
// hashed record raw (splitLogRecord), and returns the broken link it
// finds, or nil. An entry's hash covers its record and the previous
// entry's hash: a record changed, or one whose predecessor's hash was
// changed (a record re-hashed after an edit), no longer matches it. After
// a break the chain goes on from the entry's own hash, so that one edited
// entry is reported once, not with every entry after it.
func (c *journalChains) link(id journal.ID, raw []byte, rec *entryRec) *VerifyError {
	last := c.prev[rec.Journal]
	c.prev[rec.Journal] = rec.Hash // decodeLogRecord made it a copy
	c.count[rec.Journal]++
	if h, ok := c.sealed[rec.Journal]; ok && rec.Seq <= h.Seq {
		c.counted[rec.Journal]++
	}
	fail := func(reason string) *VerifyError {
		return &VerifyError{Chain: chainJournal + rec.Journal, Journal: rec.Journal, Entry: id.String(),
			Number: journal.FormatNumber(rec.Journal, rec.FiscalYear, rec.Number), Reason: reason}
	}
	if !recordIntact(c.d, last, raw) {
		return fail("content does not match its hash, chained to the previous entry's hash")
	}
	return nil
}

// heads compares every stored journal head with the hash of the journal's
// last entry.
func (c *journalChains) heads(st store.Tx, broken func(*VerifyError) error) error {
	seen := 0
	err := st.Scan(ixHead, nil, nil, false, func(k, v []byte) error {
		j := string(k)
		last, ok := c.prev[j]
		if ok {
			seen++
		}
		if !bytes.Equal(v, last) {
			return broken(&VerifyError{Chain: chainJournal + j, Journal: j, Reason: "the journal's head hash is not its last entry's"})
		}
		return nil
	})
	if err != nil || seen == len(c.prev) {
		return err
	}
	for j := range c.prev {
		if _, err := st.Get(ixHead, []byte(j)); errors.Is(err, store.ErrNotFound) {
			if err := broken(&VerifyError{Chain: chainJournal + j, Journal: j, Reason: "the journal has entries and no head hash"}); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
	}
	return nil
}

// anchored reports a sealed journal chain that now holds fewer entries up
// to its sealed head than it did.
func (c *journalChains) anchored(s *Seal) error {
	for _, h := range s.Heads {
		j, ok := cutJournalChain(h.Chain)
		if !ok {
			continue
		}
		if n := c.counted[j]; n != h.Length {
			return &AnchorError{Chain: h.Chain, Length: h.Length,
				Reason: fmt.Sprintf("%d entries up to the sealed head, the seal says %d", n, h.Length)}
		}
	}
	return nil
}

// verifyRecordChains walks the configuration and lettering chains and
// compares each chained record with the chain record that last wrote it
// (see chain.go). It calls broken for each problem (an error from broken
// stops the walk) and returns each chain's length.
//
// The chain index is compared with the chains as a whole: each chain's walk
// sums a keyed hash of every write and takes away that of the write it
// superseded, which leaves the sum of its last write of every key; the read
// of the index beside the chained buckets sums its pointers. Equal sums
// prove every pointer names its key's last write. Only when they differ is
// the chain walked again, looking each written key up, to name the keys.
func verifyRecordChains(ctx context.Context, st store.Tx, broken func(*VerifyError) error) ([len(chainKinds)]uint64, error) {
	st = rawStore(st) // the inline pointers too
	seeds := [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}
	var scratch []byte
	sum := func(d *pairSum, sign uint64, ck, seq, hash []byte) {
		scratch = append(append(append(binary.AppendUvarint(scratch[:0], uint64(len(ck))), ck...), seq...), hash...)
		d[0] += sign * maphash.Bytes(seeds[0], scratch)
		d[1] += sign * maphash.Bytes(seeds[1], scratch)
	}
	var lengths [len(chainKinds)]uint64
	var last, pointed [len(chainKinds)]pairSum
	// The meta record is written once, but for the upgrade of its format
	// (Book.upgrade), in the chain record that writes the upgrade record,
	// once: Check compares the two.
	var metaRewrites []uint64
	var upgradedIn uint64
	for _, k := range chainKinds {
		d := &last[k-1]
		n, err := walkRecordChain(ctx, st, k, true, broken, func(n uint64, w chainWrite) error {
			ck := chainedKey(w.Bucket, w.Key)
			// What the book never does, a chain record must not do either,
			// however well it is hashed: delete a record, or rewrite one
			// it writes once (a lock-date change, an operation record).
			switch {
			case w.Hash == nil:
				if err := broken(&VerifyError{Chain: k.String(), Record: n, Key: describeRecord(w.Bucket, w.Key),
					Reason: "deletes a record the book never deletes"}); err != nil {
					return err
				}
			case w.PrevSeq != 0 && isMetaRecord(w.Bucket, w.Key) && k == chainConfig:
				metaRewrites = append(metaRewrites, n) // an upgrade's, if its record wrote the upgrade record too
			case w.PrevSeq != 0 && writtenOnce(w.Bucket):
				if err := broken(&VerifyError{Chain: k.String(), Record: n, Key: describeRecord(w.Bucket, w.Key),
					Reason: "rewrites a record the book writes once"}); err != nil {
					return err
				}
			}
			if w.PrevSeq == 0 && w.Hash != nil && k == chainConfig && string(w.Bucket) == string(bMeta) && string(w.Key) == string(upgradeKey) {
				upgradedIn = n
			}
			sum(d, 1, ck, seqKey(n), w.Hash)
			if w.PrevSeq == 0 {
				return nil
			}
			if w.PrevSeq >= n {
				return broken(&VerifyError{Chain: k.String(), Record: n, Key: describeRecord(w.Bucket, w.Key),
					Reason: fmt.Sprintf("links to a previous write in record %d, not before it", w.PrevSeq)})
			}
			sum(d, ^uint64(0), ck, seqKey(w.PrevSeq), w.PrevHash) // minus one: the write it superseded
			return nil
		})
		if err != nil {
			return lengths, err
		}
		lengths[k-1] = n
	}
	for _, n := range metaRewrites {
		if n == upgradedIn && len(metaRewrites) == 1 {
			continue
		}
		if err := broken(&VerifyError{Chain: chainConfig.String(), Record: n, Key: describeRecord(bMeta, metaKey),
			Reason: "rewrites a record the book writes once"}); err != nil {
			return lengths, err
		}
	}
	// Every chained record must be the one its pointer names, and every
	// pointer one of a chained bucket.
	var seen uint64
	for _, b := range chainedBuckets {
		err := mergeChained(st, b, func(key, value, ptr []byte) error {
			if ptr != nil {
				if !inlinePointer(b) {
					seen++ // of ixChained's
				}
				if k := chainOf(b, key); k != chainNone {
					sum(&pointed[k-1], 1, chainedKey(b, key), nil, ptr)
				}
			}
			return checkChained(b, key, value, ptr, broken)
		})
		if err != nil {
			return lengths, err
		}
	}
	if all, err := countKeys(st, ixChained); err != nil {
		return lengths, err
	} else if all != seen {
		if err := strangePointers(st, broken); err != nil {
			return lengths, err
		}
	}
	for _, k := range chainKinds {
		if last[k-1] != pointed[k-1] {
			if err := nameChainIndexProblems(ctx, st, k, lengths[k-1], broken); err != nil {
				return lengths, err
			}
		}
	}
	return lengths, nil
}

// nameChainIndexProblems walks chain k again, looking up the pointer of
// every key it wrote, and scans the chain index for pointers to records
// that did not write their key: the sums of last writes and pointers
// differed.
func nameChainIndexProblems(ctx context.Context, st store.Tx, k chainKind, length uint64, broken func(*VerifyError) error) error {
	named := false
	note := func(ve *VerifyError) error {
		named = true
		return broken(ve)
	}
	var matched, pointers uint64
	missing := map[string]bool{} // inline records named missing, once each
	_, err := walkRecordChain(ctx, st, k, false, note, func(n uint64, w chainWrite) error {
		what := func() string { return describeRecord(w.Bucket, w.Key) }
		fail := func(format string, args ...any) error {
			return note(&VerifyError{Chain: k.String(), Record: n, Key: what(), Reason: fmt.Sprintf(format, args...)})
		}
		s, ph, found, err := chainedSeq(st, w.Bucket, w.Key)
		switch {
		case errors.Is(err, ErrFormat):
			return fail("%v", err)
		case err != nil:
			return err
		case !found && inlinePointer(w.Bucket):
			// Its pointer went with it: the book never deletes one.
			if ck := string(chainedKey(w.Bucket, w.Key)); !missing[ck] {
				missing[ck] = true
				return fail("is missing: deleted outside the chain")
			}
		case !found:
			return fail("written by this record, has no trace in the chain index: deleted outside the chain?")
		case s < n:
			return fail("written by this record, is indexed as last written by the earlier record %d", s)
		case s == n && !bytes.Equal(ph, w.Hash):
			return fail("the chain index holds another hash than this record")
		case s == n:
			matched++
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = eachChainPointer(st, k, func(bucket, key, ptr []byte) error {
		pointers++
		return nil
	})
	if err != nil {
		return err
	}
	if pointers != matched {
		if err := strayChainPointers(st, k, length, note); err != nil {
			return err
		}
	}
	if !named {
		return broken(&VerifyError{Chain: k.String(), Reason: "the chain index does not name the last write of every key, " +
			"and no key shows why: a write's link to the previous write of its key is wrong"})
	}
	return nil
}

// checkChained checks one key of a chained bucket: value is nil when the
// bucket lacks the key, ptr (its ixChained value) nil when no chain record
// wrote it.
func checkChained(bucket, key, value, ptr []byte, broken func(*VerifyError) error) error {
	k := chainOf(bucket, key)
	fail := func(chain, format string, args ...any) error {
		return broken(&VerifyError{Chain: chain, Key: describeRecord(bucket, key), Reason: fmt.Sprintf(format, args...)})
	}
	switch {
	case k == chainNone && ptr == nil:
		return nil // a counter of the book's own
	case k == chainNone:
		return fail("chain index", "is indexed as chained, and no chain holds such records")
	case ptr == nil:
		return fail(k.String(), "was written outside the chain: no chain record holds it")
	}
	_, hash, err := splitChainedValue(ptr)
	switch {
	case err != nil:
		return fail(k.String(), "%v", err)
	case value == nil && hash != nil:
		return fail(k.String(), "is missing: deleted outside the chain")
	case value != nil && hash == nil:
		return fail(k.String(), "was deleted by the chain and is present")
	case value != nil:
		if h := sha256.Sum256(value); !bytes.Equal(h[:], hash) {
			return fail(k.String(), "was altered outside the chain: its value is not the one the chain recorded")
		}
	}
	return nil
}

// eachChainPointer calls fn with every pointer of chain k, in ixChained
// and in the records of inline buckets, with the bucket and key it is of.
// A record of an inline bucket too short to hold a pointer is skipped:
// mergeChained finds it.
func eachChainPointer(st store.Tx, k chainKind, fn func(bucket, key, ptr []byte) error) error {
	err := st.Scan(ixChained, nil, nil, false, func(ck, v []byte) error {
		if bucket, key, err := splitChainedKey(ck); err == nil && chainOf(bucket, key) == k {
			return fn(bucket, key, v)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, b := range chainedBuckets {
		if !inlinePointer(b) || chainOf(b, nil) != k {
			continue
		}
		err := st.Scan(b, nil, nil, false, func(key, v []byte) error {
			if ptr, _, ok := splitInline(v); ok {
				return fn(b, key, ptr)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// mergeChainedChunk is how many pointers mergeChained holds at once.
const mergeChainedChunk = 512

// mergeChained reads bucket beside its part of ixChained, both in key
// order, and calls fn for every key either holds: with the bucket's value
// (nil when the bucket lacks it) and its ixChained value (nil when there
// is none). It holds mergeChainedChunk pointers at a time.
func mergeChained(st store.Tx, bucket []byte, fn func(key, value, ptr []byte) error) error {
	if inlinePointer(bucket) {
		// Each record holds its pointer; one too short to hold it is
		// named as written outside the chain. A pointer ixChained holds for one is
		// named by strangePointers.
		return st.Scan(bucket, nil, nil, false, func(k, v []byte) error {
			ptr, value, ok := splitInline(v)
			if !ok {
				return fn(k, v, nil)
			}
			return fn(k, value, ptr)
		})
	}
	prefix := chainedKey(bucket, nil)
	type pointer struct{ key, v []byte }
	var buf []pointer
	from, bfrom := prefix, []byte(nil)
	for {
		more := false
		buf = buf[:0]
		err := st.Scan(ixChained, from, prefixEnd(prefix), false, func(k, v []byte) error {
			if len(buf) == mergeChainedChunk {
				more = true
				return errStop
			}
			buf = append(buf, pointer{bytes.Clone(k[len(prefix):]), bytes.Clone(v)})
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			return err
		}
		var bto []byte
		if more {
			bto = append(bytes.Clone(buf[len(buf)-1].key), 0)
		}
		i := 0
		err = st.Scan(bucket, bfrom, bto, false, func(k, v []byte) error {
			for ; i < len(buf) && bytes.Compare(buf[i].key, k) < 0; i++ {
				if err := fn(buf[i].key, nil, buf[i].v); err != nil {
					return err
				}
			}
			if i < len(buf) && bytes.Equal(buf[i].key, k) {
				i++
				return fn(k, v, buf[i-1].v)
			}
			return fn(k, v, nil)
		})
		if err != nil {
			return err
		}
		for ; i < len(buf); i++ {
			if err := fn(buf[i].key, nil, buf[i].v); err != nil {
				return err
			}
		}
		if !more {
			return nil
		}
		from, bfrom = append(chainedKey(bucket, buf[len(buf)-1].key), 0), bto
	}
}

func countKeys(st store.Tx, bucket []byte) (uint64, error) {
	var n uint64
	err := st.Scan(bucket, nil, nil, false, func(k, v []byte) error {
		n++
		return nil
	})
	return n, err
}

// strangePointers names the keys of ixChained outside every chained
// bucket.
func strangePointers(st store.Tx, broken func(*VerifyError) error) error {
	return st.Scan(ixChained, nil, nil, false, func(ck, v []byte) error {
		bucket, key, err := splitChainedKey(ck)
		if err == nil && inlinePointer(bucket) {
			return broken(&VerifyError{Chain: "chain index", Key: describeRecord(bucket, key),
				Reason: "is indexed, and such records hold their own pointer: an index entry added outside the book"})
		}
		if err == nil {
			for _, b := range chainedBuckets {
				if bytes.Equal(b, bucket) {
					return nil
				}
			}
		}
		return broken(&VerifyError{Chain: "chain index", Key: fmt.Sprintf("%q", ck), Reason: "names a record no chain holds"})
	})
}

// walkRecordChain walks one chain in order, checking each record's
// sequence, hash and link (reported when records is set) and that each
// write is of the chain's records, and calls write with every write. It
// returns the chain's length.
func walkRecordChain(ctx context.Context, st store.Tx, k chainKind, records bool, broken func(*VerifyError) error,
	write func(n uint64, w chainWrite) error) (uint64, error) {
	var prev []byte
	var n uint64
	err := st.Scan(k.bucket(), nil, nil, false, func(key, v []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		n++
		fail := func(format string, args ...any) error {
			if !records {
				return nil
			}
			return broken(&VerifyError{Chain: k.String(), Record: n, Reason: fmt.Sprintf(format, args...)})
		}
		if len(key) != 8 || u64From(key) != n {
			if err := fail("stored under key %x where record %d was expected", key, n); err != nil {
				return err
			}
			if len(key) == 8 {
				n = u64From(key)
			}
		}
		rec, hash, intact, err := decodeChainValue(v)
		if err != nil {
			prev = hash
			return fail("does not decode: %v", err)
		}
		if !intact {
			if err := fail("content does not match its hash"); err != nil {
				return err
			}
		}
		if rec.Seq != n {
			if err := fail("holds sequence number %d", rec.Seq); err != nil {
				return err
			}
		}
		if !bytes.Equal(rec.Prev, prev) {
			if err := fail("does not point to the previous record's hash"); err != nil {
				return err
			}
		}
		prev = hash // valid for the transaction
		err = eachWrite(rec.Writes, func(w chainWrite) error {
			if chainOf(w.Bucket, w.Key) != k {
				if !records {
					return nil
				}
				return broken(&VerifyError{Chain: k.String(), Record: n, Key: describeRecord(w.Bucket, w.Key), Reason: "is not a record of this chain"})
			}
			return write(n, w)
		})
		if errors.Is(err, ErrFormat) {
			return fail("%v", err)
		}
		return err
	})
	return n, err
}

// strayChainPointers names the pointers of the chain index, for chain k,
// that point to a record that did not write their key. Consecutive pointers
// often point to one record: the last one read is kept.
func strayChainPointers(st store.Tx, k chainKind, length uint64, broken func(*VerifyError) error) error {
	var cached uint64
	var keys map[string]bool
	return eachChainPointer(st, k, func(bucket, key, v []byte) error {
		ck := chainedKey(bucket, key)
		what := describeRecord(bucket, key)
		pointer := "the chain index"
		if inlinePointer(bucket) {
			pointer = "its chain pointer"
		}
		s, _, err := splitChainedValue(v)
		if err != nil || s == 0 || s > length {
			return broken(&VerifyError{Chain: k.String(), Key: what, Reason: fmt.Sprintf("%s points to record %x, which does not exist", pointer, v)})
		}
		if s != cached || keys == nil {
			rv, err := st.Get(k.bucket(), seqKey(s))
			if errors.Is(err, store.ErrNotFound) {
				return broken(&VerifyError{Chain: k.String(), Record: s, Key: what, Reason: pointer + " points to a record that is missing"})
			} else if err != nil {
				return err
			}
			rec, _, _, err := decodeChainValue(rv)
			if err != nil {
				return nil // the walk reported it
			}
			keys = map[string]bool{}
			if err := eachWrite(rec.Writes, func(w chainWrite) error {
				keys[string(chainedKey(w.Bucket, w.Key))] = true
				return nil
			}); err != nil {
				return nil // the walk reported it
			}
			cached = s
		}
		if !keys[string(ck)] {
			return broken(&VerifyError{Chain: k.String(), Record: s, Key: what, Reason: pointer + " points to a record that did not write it"})
		}
		return nil
	})
}

// describeRecord names a chained record for a person.
func describeRecord(bucket, key []byte) string {
	id := func() string {
		if len(key) >= 16 {
			return journal.ID(key[:16]).String()
		}
		return fmt.Sprintf("%x", key)
	}
	switch string(bucket) {
	case "meta":
		if bytes.Equal(key, upgradeKey) {
			return "book upgrade record"
		}
		return "book meta record"
	case "fy":
		return "fiscal year starting " + dateOfKey(key)
	case "lock":
		return fmt.Sprintf("lock-date change %d", u64From(key))
	case "close":
		return fmt.Sprintf("closing %d", u64From(key))
	case "acct":
		return fmt.Sprintf("account %q", key)
	case "acctact":
		return fmt.Sprintf("active flag of account %q", key)
	case "pdata":
		return fmt.Sprintf("master data of partner %q", key)
	case "partner":
		return fmt.Sprintf("partner %q", key)
	case "jrnl":
		return fmt.Sprintf("journal %q", key)
	case "rate":
		if code, date, ok := bytes.Cut(key, []byte{0}); ok && len(date) == 4 {
			return fmt.Sprintf("rate of %s on %s", code, dateOfKey(date))
		}
	case "unit":
		return fmt.Sprintf("unit %q", key)
	case "partial":
		return "partial " + id()
	case "match":
		return "match " + id()
	case "letter":
		return "lettering " + id()
	case "op":
		return "operation record " + id()
	case "event":
		if len(key) == 24 {
			return fmt.Sprintf("event %d of %s", u64From(key[16:]), id())
		}
	case "ctr":
		return fmt.Sprintf("counter %q", bytes.TrimPrefix(key, []byte(ctrUser)))
	}
	return fmt.Sprintf("%s record %q", bucket, key)
}

func dateOfKey(k []byte) string {
	if len(k) != 4 {
		return fmt.Sprintf("%x", k)
	}
	d, err := journal.DateFromKey(uint32(u64From(k)))
	if err != nil {
		return fmt.Sprintf("%x", k)
	}
	return d.String()
}
