package ledger

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/lettrage/lettrage/journal"
)

// Verify walks every journal's hash chain in posting order and returns a
// *VerifyError naming the first broken link: an entry that no longer
// decodes, whose hash does not match its content, or that does not point
// to the hash of the entry before it in its journal; or a journal whose
// stored head is not its last entry's hash.
func (b *Book) Verify(ctx context.Context) error {
	return b.view(ctx, func(t *Tx) error {
		errFirst := errors.New("first broken link")
		var first *VerifyError
		err := t.verifyChains(func(ve *VerifyError) error {
			first = ve
			return errFirst
		})
		if errors.Is(err, errFirst) {
			return first
		}
		return err
	})
}

// verifyChains walks the log once, following every journal's chain at the
// same time, and calls broken for each broken link (an error from broken
// stops the walk). After a break the walk goes on from the entry's own
// hash, so that one edited entry is reported once, not with every entry
// after it.
func (t *Tx) verifyChains(broken func(*VerifyError) error) error {
	prev := map[string][]byte{}
	err := t.st.Scan(bLog, nil, nil, false, func(k, v []byte) error {
		id, raw, err := splitLogRecord(v)
		if err != nil {
			return broken(&VerifyError{Entry: fmt.Sprintf("at sequence %x", k), Reason: err.Error()})
		}
		rec, err := decodeLogRecord(raw)
		if err != nil {
			return broken(&VerifyError{Entry: id.String(), Reason: "entry does not decode: " + err.Error()})
		}
		fail := func(reason string) error {
			return broken(&VerifyError{Journal: rec.Journal, Entry: id.String(),
				Number: journal.FormatNumber(rec.Journal, rec.FiscalYear, rec.Number), Reason: reason})
		}
		last := prev[rec.Journal]
		prev[rec.Journal] = bytes.Clone(rec.Hash)
		if !bytes.Equal(rec.PrevHash, last) {
			return fail("does not point to the previous entry's hash")
		}
		if !recordIntact(raw) {
			return fail("content does not match its hash")
		}
		return nil
	})
	if err != nil {
		return err
	}
	var journals []string
	if err := t.st.Scan(bJournal, nil, nil, false, func(k, v []byte) error {
		journals = append(journals, string(k))
		return nil
	}); err != nil {
		return err
	}
	for _, j := range journals {
		head, err := t.head(j)
		if err != nil {
			return err
		}
		if !bytes.Equal(head, prev[j]) {
			if err := broken(&VerifyError{Journal: j, Reason: "the journal's head hash is not its last entry's"}); err != nil {
				return err
			}
		}
	}
	return nil
}
