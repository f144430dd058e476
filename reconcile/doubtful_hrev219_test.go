package reconcile_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hrev219Line is the first line of x on account.
func hrev219Line(t *testing.T, x journal.Entry, account string) journal.LineRef {
	t.Helper()
	for i, l := range x.Lines {
		if l.Account == account {
			return x.LineRef(i)
		}
	}
	require.FailNow(t, "no line on "+account)
	return journal.LineRef{}
}

// Was failing, fixed: State reads a moved invoice NotPaid with 1200.00 due, yet RegisterPayment naming it is refused (ErrMatched "fully lettered") instead of lettering the 416000 line; expected the receipt on 416000 and 40.00 of VAT due, got a refusal
func TestHrev219PayTheMovedInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		f.hrev215Move(t, inv, d(6, 1))
		st := f.state(t, inv)
		require.Equal(t, reconcile.NotPaid, st.State)
		require.Equal(t, "1200.00", st.Residual.Plain())
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(7, 10),
			Method: reconcile.MethodTransfer, Amount: e("240.00"), Invoices: []journal.ID{inv.ID}})
		require.NoError(t, err, "the invoice State calls not paid, 1200.00 due")
		f.check(t)
		assert.Contains(t, hrev182Lines(res.Entries[0]), "416000 -240.00")
		assert.Equal(t, "411000 0.00, 416000 960.00, 445740 -160.00, 445710 -40.00", f.hrev190Bal(t, "411000", "416000", "445740", "445710"))
		assert.Equal(t, "960.00", f.state(t, inv).Residual.Plain())
	})
}

// A receipt on 411000 naming a moved invoice is never lettered with the
// invoice's 411000 line again; the move stays a bill partial.
func TestHrev219AutoLetterLeavesTheMovedInvoice(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		f.hrev215Move(t, inv, d(6, 1))
		pay := f.post(t, journal.Entry{Journal: "BQD", Date: d(7, 10), Type: journal.TypePayment, Ref: inv.Name(), Lines: []journal.Line{
			{Account: "512000", Balance: e("1200.00")},
			{Account: "411000", Partner: "C1", Balance: e("-1200.00"), Label: inv.Name()},
		}})
		sum, err := f.rec.AutoLetter(ctx, reconcile.AutoRequest{Scope: reconcile.Scope{All: true}})
		require.NoError(t, err)
		assert.Equal(t, 0, sum.Applied)
		assert.Equal(t, 0, sum.Entries)
		f.check(t)
		assert.Equal(t, "-1200.00", f.residual(t, pay.LineRef(1)).Plain())
		assert.Equal(t, "411000 -1200.00, 416000 1200.00, 445740 -200.00, 445710 0.00", f.hrev190Bal(t, "411000", "416000", "445740", "445710"))
		st := f.state(t, inv)
		assert.Equal(t, reconcile.NotPaid, st.State)
		assert.Equal(t, "1200.00", st.Residual.Plain())
	})
}

// Before the move's date the debt is on 411000: the aged balance and the
// dunning run at that date see it there; unlettering the move's 411000
// line undoes it.
func TestHrev219AgedAndDunningBeforeTheMove(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.invoice(t, "C1", d(1, 10), "1200.00")
		move := f.hrev215Move(t, inv, d(3, 15))
		aged, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: d(3, 1), Partners: []string{"C1"}})
		require.NoError(t, err)
		require.Len(t, aged.Rows, 1)
		assert.Equal(t, "411000 C1 1200.00", aged.Rows[0].Account+" "+aged.Rows[0].Partner+" "+aged.Rows[0].Total.Plain())
		dun, err := f.rec.Dunning(ctx, reconcile.DunningQuery{At: d(3, 1)})
		require.NoError(t, err)
		assert.Len(t, dun.Rows, 1)
		_, err = f.rec.Unletter(ctx, journal.NoID, move.LineRef(1))
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "411000 1200.00, 416000 0.00", f.hrev190Bal(t, "411000", "416000"))
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
	})
}

// VAT on receipts: each receipt on 416000 makes its share due once;
// unlettering the invoice takes it back and leaves the receipts open on
// 416000; moved again and lettered again, the share is due once.
func TestHrev219CashBasisUnletterAndMoveAgain(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		move := f.hrev215Move(t, inv, d(6, 1))
		p1 := f.receive(t, "BQD", "C1", d(7, 10), "240.00", move)
		assert.Equal(t, "416000 960.00, 445740 -160.00, 445710 -40.00", f.hrev190Bal(t, "416000", "445740", "445710"))
		p2 := f.receive(t, "BQD", "C1", d(8, 10), "240.00", move)
		assert.Equal(t, "416000 720.00, 445740 -120.00, 445710 -80.00", f.hrev190Bal(t, "416000", "445740", "445710"))
		_, err := f.rec.Unletter(ctx, journal.NoID, inv.LineRef(0))
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "411000 1200.00, 416000 -480.00, 445740 -200.00, 445710 0.00", f.hrev190Bal(t, "411000", "416000", "445740", "445710"))
		assert.Equal(t, "-240.00", f.residual(t, hrev219Line(t, p1, "416000")).Plain())
		assert.Equal(t, reconcile.NotPaid, f.state(t, inv).State)
		move2 := f.hrev215Move(t, inv, d(10, 1))
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{move2.LineRef(0), hrev219Line(t, p1, "416000"), hrev219Line(t, p2, "416000")}})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "411000 0.00, 416000 720.00, 445740 -120.00, 445710 -80.00", f.hrev190Bal(t, "411000", "416000", "445740", "445710"))
		st := f.state(t, inv)
		assert.Equal(t, reconcile.Partial, st.State)
		assert.Equal(t, "720.00", st.Residual.Plain())
		assert.Equal(t, "445710 E20 400.00 80.00; collected 80.00 deductible 0.00", f.hrev182VAT(t, d(1, 1), d(12, 31)))
	})
}

// A cash-basis credit note posted on 416000 and lettered with the moved
// debt makes no VAT due; the write-off takes the 180.00 still waiting out.
func TestHrev219CreditNoteOn416(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.cashBasisInvoice(t, journal.CustomerInvoice, "C1", d(3, 1), "1000.00")
		move := f.hrev215Move(t, inv, d(6, 1))
		// On 411000 the invoice owes nothing: a credit note is refused there.
		cn411 := f.creditNote(t, "C1", d(7, 1), "120.00")
		_, err := f.rec.UseCredit(ctx, reconcile.UseCredit{Document: inv.ID, Credit: cn411.LineRef(0)})
		assert.ErrorIs(t, err, reconcile.ErrSettled)
		_, err = f.book.Reverse(ctx, cn411.ID, ledger.ReverseOptions{})
		require.NoError(t, err)

		x, err := journal.Invoice{Kind: journal.CustomerCreditNote, Journal: "VT", Date: d(7, 1), Partner: "C1", PartnerAccount: "416000",
			Lines: []journal.InvoiceLine{{UnitPrice: e("100.00"), Taxes: []tax.Tax{vatOnPayment}, Account: "706000"}}}.Entry()
		require.NoError(t, err)
		cn := f.post(t, x)
		_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{move.LineRef(0), hrev219Line(t, cn, "416000")}})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "416000 1080.00, 445740 -180.00, 445710 0.00", f.hrev190Bal(t, "416000", "445740", "445710"))
		st := f.state(t, inv)
		assert.Equal(t, reconcile.Partial, st.State)
		assert.Equal(t, "1080.00", st.Residual.Plain())
		wo, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: d(9, 1)})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, wo.Entries, 2)
		assert.Equal(t, "416000 -1080.00, 654000 1080.00", hrev182Lines(wo.Entries[0]))
		assert.Equal(t, "445740 180.00, 654000 -180.00", hrev182Lines(wo.Entries[1]))
		assert.Equal(t, "445710 E20 0.00 0.00; collected 0.00 deductible 0.00", f.hrev182VAT(t, d(1, 1), d(12, 31)))
	})
}

// Two instalments, the first paid: the move takes the second with its due
// date; a replay with another date conflicts; the move cannot be reversed
// on its own.
func TestHrev219InstalmentsReplayReverse(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		inv := f.instalments(t, "C1", d(1, 10), struct {
			due    journal.Date
			amount string
		}{d(2, 10), "600.00"}, struct {
			due    journal.Date
			amount string
		}{d(3, 10), "600.00"})
		f.receive(t, "BQD", "C1", d(2, 10), "600.00", inv)
		op := journal.NewID()
		res, err := f.rec.MoveToDoubtful(ctx, reconcile.DoubtfulMove{Operation: op, Invoice: inv.ID, Date: d(4, 1)})
		require.NoError(t, err)
		move := res.Entries[0]
		assert.Equal(t, "416000 600.00, 411000 -600.00", hrev182Lines(move))
		assert.Equal(t, d(3, 10), move.Lines[0].DueDate)
		st := f.state(t, inv)
		assert.Equal(t, reconcile.Partial, st.State)
		assert.Equal(t, "600.00", st.Residual.Plain())
		n := f.hrev182Count(t)
		_, err = f.rec.MoveToDoubtful(ctx, reconcile.DoubtfulMove{Operation: op, Invoice: inv.ID, Date: d(4, 2)})
		assert.ErrorIs(t, err, reconcile.ErrIdempotencyConflict)
		_, err = f.rec.Reverse(ctx, reconcile.Reversal{Entry: move.ID})
		assert.ErrorIs(t, err, reconcile.ErrNotDocument)
		_, err = f.book.Reverse(ctx, move.ID, ledger.ReverseOptions{})
		assert.ErrorIs(t, err, ledger.ErrLettered)
		assert.Equal(t, n, f.hrev182Count(t))
		f.check(t)
	})
}

// A USD debt on 416000: revalued at the closing (and back the next day),
// a USD receipt there with its exchange difference, the rest written off
// at book value.
func TestHrev219ForeignRevaluedReceivedWrittenOff(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		usd := currency.MustLookup("USD")
		require.NoError(t, f.book.SetRate(ctx, usd, d(1, 1), currency.MustParseRate("1.10")))
		require.NoError(t, f.book.SetRate(ctx, usd, d(7, 1), currency.MustParseRate("1.20")))
		x, err := journal.Invoice{Kind: journal.CustomerInvoice, Journal: "VT", Date: d(3, 1), Partner: "C1", PartnerAccount: "411000",
			Lines: []journal.InvoiceLine{{UnitPrice: currency.MustParse(usd, "1000.00"), Taxes: []tax.Tax{hrev182VAT20}, Account: "707000"}}}.Entry()
		require.NoError(t, err)
		inv := f.post(t, x)
		move := f.hrev215Move(t, inv, d(6, 1))
		res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(7, 10),
			Method: reconcile.MethodTransfer, Amount: currency.MustParse(usd, "600.00"), Invoices: []journal.ID{move.ID}})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, res.Entries, 2)
		assert.Equal(t, "416000 -45.46 (0.00 USD), 656000 45.46 (0.00 USD)", hrev190LinesFX(res.Entries[1]))
		st := f.state(t, inv)
		assert.Equal(t, "600.00 USD 545.45", st.ResidualCurrency.String()+" "+st.Residual.Plain())

		rv, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.25")}})
		require.NoError(t, err)
		f.check(t)
		require.Len(t, rv.Entries, 2)
		assert.Equal(t, "416000 -65.45 (0.00 USD), 476000 65.45 (0.00 USD)", hrev190LinesFX(rv.Entries[0]))
		assert.Equal(t, hrev202Y27(1, 1), rv.Entries[1].Date)

		wo, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: inv.ID, Date: hrev202Y27(2, 1)})
		require.NoError(t, err)
		f.check(t)
		assert.Equal(t, "416000 -545.45 (-600.00 USD), 654000 454.54 (500.00 USD), 445710 90.91 (100.00 USD)", hrev190LinesFX(wo.Entries[0]))
		assert.Equal(t, "411000 0.00, 416000 0.00, 476000 0.00, 654000 454.54", f.hrev190Bal(t, "411000", "416000", "476000", "654000"))
		assert.Equal(t, reconcile.Paid, f.state(t, inv).State)
	})
}
