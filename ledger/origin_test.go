package ledger

import (
	"github.com/lettrage/lettrage/internal/booktx"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPostRefusesOrigin: the public posting paths refuse an entry that
// claims an Origin, whatever the id names, and write nothing; Tx.Post, the
// lettering layer's path, keeps taking it.
func TestPostRefusesOrigin(t *testing.T) {
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			op := journal.NewID()
			require.NoError(t, b.Update(ctx, func(tx *Tx) error { return tx.recordOperation(op, []byte("fp"), nil) }))
			require.NoError(t, b.SetAccountActive(ctx, "706000", false))

			for _, tc := range []struct {
				name     string
				origin   journal.ID
				document bool
			}{
				{"random id", journal.NewID(), false}, // once posted, Check failed for good
				{"existing operation id", op, false},  // once posted, the inactive 706000 took it
				{"existing entry id", mustPost(t, b, receipt("C1", d(1, 5), "1.00")).ID, false},
				{"document", mustPost(t, b, receipt("C1", d(1, 6), "2.00")).ID, true}, // a generated entry's document
			} {
				t.Run(tc.name, func(t *testing.T) {
					x := sale("C1", d(2, 10), "120.00")
					if tc.document {
						x.Document = tc.origin
					} else {
						x.Origin = tc.origin
					}
					before := dump(t, st)

					_, err := b.Post(ctx, x)
					assert.ErrorIs(t, err, ErrOrigin)

					x.ID = journal.NewID()
					res, err := b.PostBatch(ctx, []journal.Entry{x, receipt("C2", d(2, 11), "5.00")}, BatchOptions{AllOrNothing: true})
					require.NoError(t, err)
					assert.ErrorIs(t, res[0].Err, ErrOrigin)
					assert.ErrorIs(t, res[1].Err, ErrBatchAborted)
					assert.Equal(t, before, dump(t, st), "a refused origin writes nothing")

					res, err = b.PostBatch(ctx, []journal.Entry{x, receipt("C2", d(2, 11), "5.00")}, BatchOptions{})
					require.NoError(t, err)
					assert.ErrorIs(t, res[0].Err, ErrOrigin)
					assert.NoError(t, res[1].Err, "the other entries of the batch post")
				})
			}

			// Without the claimed origin the inactive account is refused.
			_, err := b.Post(ctx, sale("C1", d(2, 10), "120.00"))
			assert.ErrorIs(t, err, ErrInactiveAccount)

			// Tx.Post, inside Book.Update, refuses an origin too; the
			// lettering layer's writer (booktx) takes it: it is how the
			// lettering layer posts what it generates.
			require.NoError(t, b.SetAccountActive(ctx, "706000", true))
			before := dump(t, st)
			err = b.Update(ctx, func(tx *Tx) error {
				x := sale("C1", d(2, 12), "12.00")
				x.Origin = op
				_, _, err := tx.Post(x)
				return err
			})
			assert.ErrorIs(t, err, ErrOrigin)
			assert.Equal(t, before, dump(t, st), "a refused origin writes nothing")
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				x := sale("C1", d(2, 12), "12.00")
				x.Origin = op
				_, _, err := booktx.Of(tx).PostGenerated(x)
				return err
			}))
			require.NoError(t, b.Check(ctx))
		})
	}
}

// TestHandBuiltReversalMirrors: a reversal posted through Book.Post is
// Reverse's reversal or nothing: it cannot change what the engine reads of
// its original (type, document kind, origin, due dates, tax snapshots), and
// one of a generated entry, which carries its origin, is refused.
func TestHandBuiltReversalMirrors(t *testing.T) {
	vat := tax.Tax{ID: "TVA20", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnInvoice, FinalAccount: "445710"}
	vat10 := vat
	vat10.ID, vat10.Rate = "TVA10", tax.MustParsePercent("10")
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			st := s.Open(t)
			b := testBook(t, st)
			x := sale("C1", d(2, 10), "120.00")
			x.Lines[0].DueDate = d(3, 10)
			x.Lines[1].TaxRole, x.Lines[1].Taxes = tax.RoleBase, []tax.Tax{vat}
			inv := mustPost(t, b, x)
			before := dump(t, st)
			for _, tc := range []struct {
				name   string
				change func(*journal.Entry)
				want   error
			}{
				{"other type", func(r *journal.Entry) { r.Type = journal.TypeCreditNote }, ErrNotMirror},
				{"other document kind", func(r *journal.Entry) { r.DocKind = journal.DocPenalty }, ErrNotMirror},
				{"other due date", func(r *journal.Entry) { r.Lines[0].DueDate = d(4, 10) }, ErrNotMirror},
				{"other tax", func(r *journal.Entry) { r.Lines[1].Taxes = []tax.Tax{vat10} }, ErrNotMirror},
				{"no tax snapshot", func(r *journal.Entry) { r.Lines[1].TaxRole, r.Lines[1].Taxes = tax.RoleNone, nil }, ErrNotMirror},
				{"origin claimed", func(r *journal.Entry) { r.Origin = journal.NewID() }, ErrOrigin},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := inv.Reversal(journal.NewID(), inv.Date)
					tc.change(&r)
					_, err := b.Post(ctx, r)
					assert.ErrorIs(t, err, tc.want)
					assert.Equal(t, before, dump(t, st))
				})
			}
			// The mirror itself, with its own date, label and reference, posts.
			r := inv.Reversal(journal.NewID(), d(2, 20))
			r.Label, r.Ref = "cancelled", "X-1"
			_, err := b.Post(ctx, r)
			require.NoError(t, err)

			// A generated entry's reversal carries its origin: Book.Post
			// refuses it whatever it mirrors.
			op := journal.NewID()
			var gen journal.Entry
			require.NoError(t, b.Update(ctx, func(tx *Tx) error {
				if err := tx.recordOperation(op, []byte("fp"), nil); err != nil {
					return err
				}
				g := receipt("C2", d(2, 12), "3.00")
				g.Origin = op
				var err error
				gen, _, err = tx.postGenerated(g)
				return err
			}))
			_, err = b.Post(ctx, gen.Reversal(journal.NewID(), gen.Date))
			assert.ErrorIs(t, err, ErrOrigin)
			rev := gen.Reversal(journal.NewID(), gen.Date)
			rev.Origin = journal.NoID
			_, err = b.Post(ctx, rev)
			assert.ErrorIs(t, err, ErrNotMirror)
			require.NoError(t, b.Check(ctx))
		})
	}
}
