package ledger

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/lettrage/lettrage/journal"
)

// The number index maps an entry's number in its journal and fiscal year to
// its posting sequence, where the log holds it. Numbers are given in
// posting order, so a run of consecutive numbers that one transaction
// gives shares a stored key, the logical key of the first (journal, fiscal
// year start, number), whose value is the first's sequence then, for each
// next number, the step to its sequence (varints: one or two bytes an
// entry). A batch of a thousand invoices writes four keys instead of a
// thousand. A run holds at most numberRunMax numbers.

// numberRunMax is the most numbers one stored key of the number index
// holds.
const numberRunMax = 256

// numberKeyTail is the number a number index key ends with.
const numberKeyTail = 8

// expandNumberRun calls fn with each logical key of a stored run and the
// sequence of the entry it numbers, in order. The key passed to fn is valid
// only during the call.
func expandNumberRun(k, v []byte, fn func(lk []byte, seq uint64) error) error {
	if len(k) < numberKeyTail+5 {
		return fmt.Errorf("%w: number index key %x", ErrFormat, k)
	}
	n := binary.BigEndian.Uint64(k[len(k)-numberKeyTail:])
	seq, w := binary.Uvarint(v)
	if w <= 0 || seq == 0 {
		return fmt.Errorf("%w: number index run %x: bad sequence", ErrFormat, k)
	}
	if err := fn(k, seq); err != nil {
		return err
	}
	v = v[w:]
	lk := bytes.Clone(k)
	for i := 1; len(v) > 0; i++ {
		step, w := binary.Uvarint(v)
		if w <= 0 || step == 0 || step > 1<<62 || i >= numberRunMax {
			return fmt.Errorf("%w: number index run %x: bad step or too many numbers", ErrFormat, k)
		}
		v = v[w:]
		n, seq = n+1, seq+step
		binary.BigEndian.PutUint64(lk[len(lk)-numberKeyTail:], n)
		if err := fn(lk, seq); err != nil {
			return err
		}
	}
	return nil
}

// numberSeq returns the sequence of the entry numbered n in journal j and
// the fiscal year starting on fyStart, and whether there is one.
func (t *Tx) numberSeq(j string, fyStart journal.Date, n int64) (uint64, bool, error) {
	if err := t.flushNumbers(); err != nil {
		return 0, false, err
	}
	return t.numberSeqOf(numberKey(j, fyStart, n))
}

// numberSeqOf looks a logical number key up: the run stored at or before it
// that holds it.
func (t *Tx) numberSeqOf(lk []byte) (uint64, bool, error) {
	var seq uint64
	found := false
	err := t.blockAt(ixNumber, lk, func(k, v []byte) error {
		return expandNumberRun(k, v, func(x []byte, s uint64) error {
			if bytes.Equal(x, lk) {
				seq, found = s, true
				return errStop // damage further in the run is not this key's
			}
			return nil
		})
	})
	return seq, found, err
}

// flushNumbers writes the transaction's pending number index keys in runs:
// sorted, the numbers of each journal and fiscal year come together, each
// run of consecutive numbers (at most numberRunMax) stored under its first
// key.
func (t *Tx) flushNumbers() error {
	if len(t.numbers) == 0 {
		return nil
	}
	slices.SortFunc(t.numbers, func(a, b put) int { return bytes.Compare(a.k, b.k) })
	for i := 0; i < len(t.numbers); {
		first := t.numbers[i]
		group := first.k[:len(first.k)-numberKeyTail]
		n, seq := u64From(first.k[len(group):]), u64From(first.v)
		v := binary.AppendUvarint(nil, seq)
		j := i + 1
		for ; j < len(t.numbers) && j-i < numberRunMax; j++ {
			p := t.numbers[j]
			if len(p.k) != len(first.k) || !bytes.HasPrefix(p.k, group) {
				break
			}
			m, s := u64From(p.k[len(group):]), u64From(p.v)
			if m != n+1 || s <= seq {
				break // a gap or a number given out of posting order: a run of its own
			}
			v = binary.AppendUvarint(v, s-seq)
			n, seq = m, s
		}
		if err := t.st.Put(ixNumber, first.k, v); err != nil {
			return err
		}
		i = j
	}
	clear(t.numbers)
	t.numbers = t.numbers[:0]
	return nil
}
