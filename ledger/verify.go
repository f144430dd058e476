package ledger

import (
	"bytes"
	"context"
	"fmt"

	"github.com/lettrage/lettrage/journal"
)

// Verify walks every journal's hash chain in posting order and returns a
// *VerifyError naming the first broken link: an entry that no longer
// decodes, whose hash does not match its content, or that does not point
// to the hash of the entry before it.
func (b *Book) Verify(ctx context.Context) error {
	return b.view(ctx, func(t *Tx) error {
		var journals []string
		if err := t.st.Scan(bJournal, nil, nil, false, func(k, v []byte) error {
			journals = append(journals, string(k))
			return nil
		}); err != nil {
			return err
		}
		for _, j := range journals {
			if err := t.verifyJournal(j); err != nil {
				return err
			}
		}
		return nil
	})
}

func (t *Tx) verifyJournal(j string) error {
	var prev []byte
	prefix := str(nil, j)
	err := t.st.Scan(ixJournal, prefix, prefixEnd(prefix), false, func(k, v []byte) error {
		id, err := idFrom(v)
		if err != nil {
			return &VerifyError{Journal: j, Entry: fmt.Sprintf("%x", v), Reason: "bad id in the journal index"}
		}
		if err := t.verifyLink(j, id, prev); err != nil {
			return err
		}
		raw, _, _ := t.entryRaw(id)
		var rec entryRec
		_ = decode(raw, &rec) // verifyLink decoded it already
		prev = append(prev[:0], rec.Hash...)
		return nil
	})
	if err != nil {
		return err
	}
	head, _ := t.st.Get(ixHead, []byte(j))
	if !bytes.Equal(head, prev) {
		return &VerifyError{Journal: j, Reason: "the journal's head hash is not its last entry's"}
	}
	return nil
}

func (t *Tx) verifyLink(j string, id journal.ID, prev []byte) error {
	fail := func(number, reason string) error {
		return &VerifyError{Journal: j, Entry: id.String(), Number: number, Reason: reason}
	}
	raw, found, err := t.entryRaw(id)
	if err != nil || !found {
		return fail("", "entry missing")
	}
	var rec entryRec
	if err := decode(raw, &rec); err != nil {
		return fail("", "entry does not decode: "+err.Error())
	}
	number := journal.FormatNumber(rec.Journal, rec.FiscalYear, rec.Number)
	if !bytes.Equal(rec.PrevHash, prev) {
		return fail(number, "does not point to the previous entry's hash")
	}
	if !bytes.Equal(chainHash(&rec), rec.Hash) {
		return fail(number, "content does not match its hash")
	}
	return nil
}
