package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHrev77CallerSlicesAfterTheCall: an ERP reuses its buffers. The lines
// and the discount offer of a posted entry, the entries of a batch, a
// partner's bank accounts, the lines of a lettering request and a list of
// proposals, all changed by the caller once the call has returned, must
// not change what the book stored nor what it answers next (DESIGN §3
// ownership, §7.3 posted entries never change).
func TestHrev77CallerSlicesAfterTheCall(t *testing.T) {
	t.Parallel()
	hrev77Gate(t)
	onStores(t, func(t *testing.T, f *fixture) {
		offer := &journal.DiscountOffer{Amount: e("2.00"), Until: d(3, 10)}
		x := journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, DiscountOffer: offer, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", Balance: e("100.00"), DueDate: d(3, 31)},
			{Account: "706000", Balance: e("-100.00")},
		}}
		res, err := f.book.Post(ctx, x)
		require.NoError(t, err)
		id := res.Entry.ID
		// the caller reuses its entry and scribbles on what it got back
		x.Lines[0].Balance, x.Lines[0].Partner, x.Lines[1].Balance = e("1.00"), "C2", e("-1.00")
		offer.Amount = e("50.00")
		res.Entry.Lines[0].Balance = e("3.00")
		res.Entry.DiscountOffer.Amount = e("60.00")

		batch := []journal.Entry{{Journal: "VT", Date: d(3, 2), Type: journal.TypeInvoice, Lines: []journal.Line{
			{Account: "411000", Partner: "C3", Balance: e("40.00")},
			{Account: "706000", Balance: e("-40.00")},
		}}}
		bres, err := f.book.PostBatch(ctx, batch, ledger.BatchOptions{})
		require.NoError(t, err)
		require.NoError(t, bres[0].Err)
		batch[0].Lines[0].Balance, batch[0].Lines[1].Balance = e("4.00"), e("-4.00")
		bres[0].Entry.Lines[0].Balance = e("5.00")

		stored, err := f.book.Entry(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, "100.00", stored.Lines[0].Balance.Plain())
		assert.Equal(t, "C1", stored.Lines[0].Partner)
		require.NotNil(t, stored.DiscountOffer)
		assert.Equal(t, "2.00", stored.DiscountOffer.Amount.Plain())
		// what a query returns is the caller's too
		stored.Lines[0].Balance = e("6.00")
		stored.DiscountOffer.Amount = e("70.00")
		items, err := f.book.OpenItems(ctx, "411000", "C1")
		require.NoError(t, err)
		require.Len(t, items, 1)
		assert.Equal(t, "100.00", items[0].Balance.Plain())
		require.NotNil(t, items[0].DiscountOffer)
		assert.Equal(t, "2.00", items[0].DiscountOffer.Amount.Plain())
		items[0].DiscountOffer.Amount = e("80.00")
		items[0].Residual.Balance = e("0.01")
		again, err := f.book.OpenItems(ctx, "411000", "C1")
		require.NoError(t, err)
		require.Len(t, again, 1)
		assert.Equal(t, "2.00", again[0].DiscountOffer.Amount.Plain())
		assert.Equal(t, "100.00", again[0].Residual.Balance.Plain())
		b3, err := f.book.Entry(ctx, bres[0].Entry.ID)
		require.NoError(t, err)
		assert.Equal(t, "40.00", b3.Lines[0].Balance.Plain())

		// partners, accounts, years: cached configuration handed out
		p := ledger.Partner{Code: "C9", Name: "Nine", BankAccounts: []ledger.BankAccount{{IBAN: ident.IBAN("NL91ABNA0417164300"), Label: "main"}}}
		require.NoError(t, f.book.AddPartner(ctx, p))
		p.BankAccounts[0].Label = "caller's"
		got, err := f.book.Partner(ctx, "C9")
		require.NoError(t, err)
		assert.Equal(t, "main", got.BankAccounts[0].Label)
		got.BankAccounts[0].Label = "scribbled"
		got.BankAccounts[0].IBAN = ident.IBAN("BE68539007547034")
		got2, err := f.book.Partner(ctx, "C9")
		require.NoError(t, err)
		assert.Equal(t, "main", got2.BankAccounts[0].Label)
		assert.Equal(t, ident.IBAN("NL91ABNA0417164300"), got2.BankAccounts[0].IBAN)
		accts, err := f.book.Accounts(ctx)
		require.NoError(t, err)
		for i := range accts {
			accts[i].Reconcilable = !accts[i].Reconcilable
			accts[i].Active = false
		}
		a, err := f.book.Account(ctx, "411000")
		require.NoError(t, err)
		assert.True(t, a.Reconcilable)
		assert.True(t, a.Active)
		years, err := f.book.FiscalYears(ctx)
		require.NoError(t, err)
		for i := range years {
			years[i].Label = "x"
		}
		years2, err := f.book.FiscalYears(ctx)
		require.NoError(t, err)
		assert.Equal(t, "2026", years2[0].Label)
		f.invoice(t, "C1", d(3, 3), "1.00") // a post still validates against the real chart

		// lettering inputs reused by the caller
		pay := f.receive(t, "BQD", "C1", d(3, 5), "98.00")
		_ = pay
		props, err := f.rec.Propose(ctx, reconcile.Scope{Partners: []string{"C1", "C3"}}, reconcile.Rules{})
		require.NoError(t, err)
		require.NotEmpty(t, props.Proposals)
		f.check(t)
		for i := range props.Proposals {
			op := journal.NewID()
			list := []reconcile.Proposal{props.Proposals[i]}
			_, err := f.rec.Apply(ctx, op, list)
			require.NoError(t, err)
			for j := range list[0].Lines {
				list[0].Lines[j] = journal.LineRef{Entry: b3.ID}
			}
			rep, err := f.rec.Apply(ctx, op, []reconcile.Proposal{props.Proposals[i]})
			if err == nil {
				assert.True(t, rep.Replay)
			}
		}
		inv := f.invoice(t, "C2", d(4, 1), "30.00")
		cn := f.creditNote(t, "C2", d(4, 2), "30.00")
		lines := []journal.LineRef{{Entry: inv.ID}, {Entry: cn.ID}}
		r, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: lines})
		require.NoError(t, err)
		lines[0], lines[1] = journal.LineRef{Entry: b3.ID}, journal.LineRef{Entry: b3.ID}
		r.Matches[0].Code = "ZZZ"
		if len(r.Partials) > 0 {
			r.Partials[0].Debit = journal.LineRef{Entry: b3.ID}
		}
		m, found, err := func() (journal.Match, bool, error) {
			var m journal.Match
			var ok bool
			err := f.book.View(ctx, func(tx *ledger.Tx) error {
				var err error
				m, ok, err = tx.MatchOf(journal.LineRef{Entry: inv.ID})
				return err
			})
			return m, ok, err
		}()
		require.NoError(t, err)
		require.True(t, found)
		assert.NotEqual(t, "ZZZ", m.Code)
		assert.True(t, f.residual(t, journal.LineRef{Entry: b3.ID}).Equal(e("40.00")))
		f.check(t)
		require.NoError(t, f.book.Verify(ctx))
		hrev77Verify(t, f)
	})
}
