package reconcile_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store"
	"github.com/lettrage/lettrage/store/boltstore"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

// Tests of the review of issue 13: each fails on the main it was written
// against, and says what it proves.

// TestCashBasisInvoiceLetteredWithItsReversal proves that three public
// calls — post an invoice whose VAT is due on payment, Reverse it, and
// Reconcile the two receivable lines (the usual way to close a cancelled
// invoice) — commit a state that Check refuses for good: invariant 9 sees
// the invoice "settled" with its tax still on the transition account,
// since lettering with a reversal posts no cash-basis entry, and a
// reversal pair cannot be unlettered (ErrReversalPair), so nothing can
// make Check pass again. The rule is: refuse at the door, or read back
// (and check) forever. The fixture's book is strict, so the Reconcile
// call itself reports Check's problem after committing.
func TestCashBasisInvoiceLetteredWithItsReversal(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		vat := tax.Tax{ID: "E20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
			FinalAccount: "445710", TransitionAccount: "445740"}
		x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(4, 11), Partner: "C2", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{UnitPrice: e("500.00"), Taxes: []tax.Tax{vat}, Account: "706000"}}}.Entry()
		require.NoError(t, err)
		inv := f.post(t, x)
		rev, err := f.book.Reverse(ctx, inv.ID, ledger.ReverseOptions{})
		require.NoError(t, err)

		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), rev.Entry.LineRef(0)}})
		t.Logf("Reconcile: %v", err)
		_, uerr := f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		t.Logf("Unletter: %v", uerr)
		require.NoError(t, f.book.Check(ctx), "after an invoice was lettered with its reversal (or refused: then nothing was written)")
	})
}

// TestRevalueOperationIDOfAPartial proves that a caller-chosen operation
// id is trusted as an Origin: Revalue posts its provision entry with the
// operation id as Origin, and Origins name partials and operations alike.
// Given the id of a partial already undone (ids a caller reads in every
// Result), Revalue is accepted, and Check then fails on invariant 8 ("its
// partial was undone but it is not reversed") until the provision the
// caller asked for is reversed by hand. (Given a live partial's id,
// Revalue fails instead with a misleading ErrLettered.) An operation id
// that is a partial's must be refused, or kept apart from partials' ids,
// before anything is written.
func TestRevalueOperationIDOfAPartial(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		inv := f.post(t, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
			{Account: "411000", Partner: "C1", AmountCurrency: currency.MustParse(usd, "120.00")},
			{Account: "706000", AmountCurrency: currency.MustParse(usd, "-120.00")}}})
		pay, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 10),
			Method: reconcile.MethodTransfer, Amount: currency.MustParse(usd, "60.00"), Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
		require.NotEmpty(t, pay.Partials)
		_, err = f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)

		_, err = f.rec.Revalue(ctx, reconcile.Revaluation{Operation: pay.Partials[0].ID, Date: d(6, 30),
			Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.50")}, Provision: true})
		t.Logf("Revalue with the id of an undone partial: %v", err)
		require.NoError(t, f.book.Check(ctx), "after Revalue took a partial's id as its operation id (or refused it: then nothing was written)")
	})
}

// TestRevalueExtremeClosingRateIsAnError proves that a closing rate given
// to Revalue can make it panic: each open item's value at the rate fits in
// an amount, but their sum per (account, partner, currency) is taken with
// mustAdd, which panics when the sum needs more digits than an amount
// holds ("reconcile: currency: amount has too many digits"). Two open
// invoices of 120.00 USD and a closing rate of 1 EUR =
// 0.0000000000000000000000000000013333 USD (a rate ParseRate accepts) are
// enough. The panic escapes the store's transaction as the caller's own,
// so a program that passes a mistyped rate dies. Bad input must get a
// typed error and write nothing.
func TestRevalueExtremeClosingRateIsAnError(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.20")))
		for range 2 {
			f.post(t, journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
				{Account: "411000", Partner: "C1", AmountCurrency: currency.MustParse(usd, "120.00")},
				{Account: "706000", AmountCurrency: currency.MustParse(usd, "-120.00")}}})
		}
		rate, err := currency.ParseRate("0.0000000000000000000000000000013333")
		require.NoError(t, err)
		require.NotPanics(t, func() {
			_, err = f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(6, 30), Rates: map[string]currency.Rate{"USD": rate}})
		}, "Revalue with a closing rate ParseRate accepts")
		require.Error(t, err)
	})
}

// TestLargeMatchReadsBack proves that a lettering the book accepts can be
// one it cannot read back: RegisterPayment takes any number of invoices
// (unlike Reconcile, RequestLinesMax), and a payment naming 20 001 invoices
// letters them in one match of 20 002 lines; the match record is written,
// but the decoder refuses arrays over 2 × journal.EntryLinesMax elements.
// From then on Check reports some 20 000 problems ("does not decode") and
// Unletter fails with ErrFormat, so the match can never be undone. (A
// group reaches the same size through many small letterings.) What is
// accepted must read back forever: a bound at the door, or a record that
// holds any match.
func TestLargeMatchReadsBack(t *testing.T) {
	t.Parallel()
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: eur}) // not strict: Check once, below
			require.NoError(t, err)
			require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
			require.NoError(t, b.InstallFrenchChart(ctx))
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: "C1", Name: "Client"}))
			rec, err := reconcile.New(ctx, b, reconcile.Config{})
			require.NoError(t, err)
			batch := make([]journal.Entry, 2*journal.EntryLinesMax+1)
			for i := range batch {
				batch[i] = journal.Entry{Journal: "VT", Date: d(3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
					{Account: "411000", Partner: "C1", Balance: e("0.01")}, {Account: "706000", Balance: e("-0.01")}}}
			}
			res, err := b.PostBatch(ctx, batch, ledger.BatchOptions{AllOrNothing: true})
			require.NoError(t, err)
			var invoices []journal.ID
			for _, r := range res {
				invoices = append(invoices, r.Entry.ID)
			}
			pay, err := rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
				Date: d(3, 5), Method: reconcile.MethodTransfer, Invoices: invoices})
			if err != nil {
				return // refused at the door: fine
			}
			require.NoError(t, b.Check(ctx))
			_, err = rec.Unletter(ctx, journal.NoID, pay.Entries[0].LineRef(0))
			require.NoError(t, err, "unlettering the payment")
		})
	}
}

// TestFreelistBitFlipLosesNoAcknowledgedEntry proves that one flipped bit
// in a bbolt file's freelist loses acknowledged entries: boltstore.Open
// checks that the freelist's page ids ascend and lie between the meta
// pages and the high-water mark, not that the pages are free, so a flip
// that turns a free page's id into that of a page in use (here a leaf of
// the log or of the id index) passes; bbolt then hands that page out to
// the next commits, which write over it. After ordinary posts,
// entries acknowledged before the damage no longer read back, and Check
// finds the damage only then. Nothing acknowledged may be lost: a
// freelist that frees a page in use must be refused before the first
// write (VerifyStructure already knows it).
func TestFreelistBitFlipLosesNoAcknowledgedEntry(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "book.db")
	buildTamperBook(t, path)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	l := parseLayout(data)
	free := slices.Index(l.owner, "freelist")
	require.Positive(t, free)
	fp := data[free*l.pageSize:]
	count := int(ne.Uint16(fp[10:]))
	id := func(i int) uint64 { return ne.Uint64(fp[16+8*i:]) }
	// A flip onto a page of the log or of the id index, which Entry reads,
	// other than the page of their last key: the next posts rewrite that
	// one anyway.
	last := map[string]int{}
	for _, r := range l.records {
		last[r.bucket] = r.elem / l.pageSize
	}
	inUse := func(nid uint64) bool {
		return nid < uint64(l.pages) && (l.owner[nid] == "bucket log leaf" && int(nid) != last["log"] ||
			l.owner[nid] == "bucket entry leaf" && int(nid) != last["entry"])
	}
	fits := func(i int, nid uint64) bool { return (i == 0 || id(i-1) < nid) && (i == count-1 || nid < id(i+1)) }
	flipped := false
	for i := 0; i < count && !flipped; i++ {
		for bit := range 12 {
			if nid := id(i) ^ 1<<bit; inUse(nid) && fits(i, nid) {
				t.Logf("freelist id %d becomes %d (%s)", id(i), nid, l.owner[nid])
				ne.PutUint64(fp[16+8*i:], nid)
				flipped = true
				break
			}
		}
	}
	// The layout follows the random entry ids: when no single-bit flip
	// names a page in use, any free id rewritten to one does (the same
	// damage, from more than one bit).
	for i := 0; i < count && !flipped; i++ {
		for nid := uint64(2); nid < uint64(l.pages); nid++ {
			if inUse(nid) && fits(i, nid) {
				t.Logf("freelist id %d becomes %d (%s)", id(i), nid, l.owner[nid])
				ne.PutUint64(fp[16+8*i:], nid)
				flipped = true
				break
			}
		}
	}
	require.True(t, flipped, "no free id can name a page in use")
	require.NoError(t, os.WriteFile(path, data, 0o600))

	st, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	if err != nil {
		require.ErrorIs(t, err, store.ErrCorrupt)
		return // refused at open: fine
	}
	defer st.Close()
	book, err := ledger.Open(ctx, st, ledger.Options{})
	require.NoError(t, err)
	var acknowledged []journal.ID
	for _, acct := range []string{"411000", "401000", "512000"} {
		for it, err := range book.Lines(ctx, ledger.LineFilter{Account: acct}) {
			require.NoError(t, err)
			acknowledged = append(acknowledged, it.Ref.Entry)
		}
	}
	for range 200 {
		if _, err := book.Post(ctx, journal.Entry{Journal: "OD", Date: d(5, 1), Lines: []journal.Line{
			{Account: "512000", Balance: e("1.00")}, {Account: "706000", Balance: e("-1.00")}}}); err != nil {
			t.Logf("a post refused: %v", err)
			break
		}
	}
	lost := 0
	for _, id := range acknowledged {
		if _, err := book.Entry(ctx, id); err != nil {
			lost++
		}
	}
	require.Zero(t, lost, "entries acknowledged before the damage, lost after 200 posts (of %d lines read)", len(acknowledged))
}

// TestReversedInvoicePaidMakesNoCashBasis: an invoice whose VAT is due on
// payment, reversed, then lettered with a payment rather than with its
// reversal, makes no tax due: its reversal already took the tax back off
// the transition account, and a cash-basis entry would take it a second
// time. Check agrees.
func TestReversedInvoicePaidMakesNoCashBasis(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		vat := tax.Tax{ID: "E20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
			FinalAccount: "445710", TransitionAccount: "445740"}
		x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(4, 11), Partner: "C2", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{UnitPrice: e("500.00"), Taxes: []tax.Tax{vat}, Account: "706000"}}}.Entry()
		require.NoError(t, err)
		inv := f.post(t, x)
		_, err = f.book.Reverse(ctx, inv.ID, ledger.ReverseOptions{})
		require.NoError(t, err)
		// A payment naming the cancelled invoice is refused; one on
		// account, lettered with it by hand, is the case left.
		_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C2", Journal: "BQD",
			Date: d(4, 20), Method: reconcile.MethodTransfer, Amount: e("600.00"), Invoices: []journal.ID{inv.ID}})
		require.ErrorIs(t, err, reconcile.ErrNotDocument)
		receipt := f.receive(t, "BQD", "C2", d(4, 20), "600.00")
		var line journal.LineRef
		for i, l := range receipt.Lines {
			if l.Account == "411000" {
				line = receipt.LineRef(i)
			}
		}
		pay, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{inv.LineRef(0), line}})
		require.NoError(t, err)
		for _, x := range pay.Entries {
			require.NotEqual(t, journal.TypeCashBasis, x.Type, "a cash-basis entry for a reversed invoice")
		}
		require.NoError(t, f.book.Check(ctx))
	})
}

// TestOperationIDOfAMatchIsRefused: an operation id that is a match's is
// refused before anything is written, as one that is a partial's.
func TestOperationIDOfAMatchIsRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(3, 1), "120.00")
		pay, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 10), Method: reconcile.MethodTransfer, Amount: e("120.00"), Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err)
		require.NotEmpty(t, pay.Matches)
		for _, op := range []journal.ID{pay.Matches[0].ID, pay.Partials[0].ID} {
			before := f.snapshot(t)
			_, err = f.rec.Revalue(ctx, reconcile.Revaluation{Operation: op, Date: d(6, 30)})
			require.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
			f.unchanged(t, before)
		}
	})
}

// TestPaymentOfTooManyInvoicesIsRefused: a payment names at most
// RequestLinesMax invoices, as a lettering request names at most as many
// lines, so that what it letters reads back as one match.
func TestPaymentOfTooManyInvoicesIsRefused(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		ids := make([]journal.ID, reconcile.RequestLinesMax+1)
		for i := range ids {
			ids[i] = journal.NewID()
		}
		_, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD",
			Date: d(3, 10), Method: reconcile.MethodTransfer, Invoices: ids})
		require.ErrorIs(t, err, reconcile.ErrTooManyLines)
	})
}
