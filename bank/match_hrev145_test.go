package bank_test

import (
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

type hrev145Book struct {
	b   *ledger.Book
	r   *reconcile.Reconciler
	eur currency.Currency
}

func hrev145NewBook(t *testing.T) *hrev145Book {
	b, _ := bookWithBankAccount(t, storetest.Backends[0])
	for _, p := range []ledger.Partner{
		{Code: "C1", Name: "Durand SA", BankAccounts: []ledger.BankAccount{{IBAN: "BE68539007547034"}}},
		{Code: "C2", Name: "Martin SARL", BankAccounts: []ledger.BankAccount{{IBAN: "IE29AIBK93115212345678"}}},
		{Code: "C3", Name: "Petit SAS", BankAccounts: []ledger.BankAccount{{IBAN: "GR1601101250000000012300695"}}},
	} {
		require.NoError(t, b.AddPartner(ctx, p))
	}
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	return &hrev145Book{b: b, r: r, eur: currency.MustLookup("EUR")}
}

func (h *hrev145Book) e(s string) currency.Amount { return currency.MustParse(h.eur, s) }

func (h *hrev145Book) invoice(t *testing.T, partner, amt string) journal.Entry {
	res, err := h.b.Post(ctx, journal.Entry{Journal: "VT", Date: journal.MustDate(2026, 3, 1), Type: journal.TypeInvoice, Lines: []journal.Line{
		{Account: "411000", Partner: partner, Balance: h.e(amt)}, {Account: "706000", Balance: h.e(amt).Neg()}}})
	require.NoError(t, err)
	return res.Entry
}

func (h *hrev145Book) balance(t *testing.T, account string) string {
	bal, err := h.b.Balance(ctx, ledger.BalanceQuery{Account: account})
	require.NoError(t, err)
	return bal.Balance.Plain()
}

func (h *hrev145Book) residual(t *testing.T, id journal.ID) string {
	st, err := h.r.State(ctx, id)
	require.NoError(t, err)
	return st.Residual.Plain()
}

// A batch of three customers' transfers booked as one amount, and a
// transfer whose bank deducted charges: matched, the bank account moves
// by exactly what the statement says.
func TestHrev145MatchBatchAndCharges(t *testing.T) {
	h := hrev145NewBook(t)
	i1 := h.invoice(t, "C1", "1000.00")
	i2 := h.invoice(t, "C2", "300.00")
	i3 := h.invoice(t, "C3", "200.00")
	i4 := h.invoice(t, "C1", "920.00")
	day := func(d int) journal.Date { return journal.MustDate(2026, 3, d) }
	st := reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "S1", Currency: h.eur,
		Opening: h.e("0.00"), OpeningDate: day(1), Closing: h.e("2415.45"), ClosingDate: day(31),
		Entries: []reconcile.BankEntry{
			{Ref: "E1", BookingDate: day(5), Amount: h.e("1500.00"), Transactions: []reconcile.BankTransaction{
				{Amount: h.e("1000.00"), CounterpartyIBAN: "BE68539007547034", Remittance: i1.Name()},
				{Amount: h.e("300.00"), CounterpartyIBAN: "IE29AIBK93115212345678", Remittance: i2.Name()},
				{Amount: h.e("200.00"), CounterpartyIBAN: "GR1601101250000000012300695", Remittance: i3.Name()},
			}},
			{Ref: "E2", BookingDate: day(6), Amount: h.e("915.45"), Transactions: []reconcile.BankTransaction{
				{Amount: h.e("920.00"), CounterpartyIBAN: "BE68539007547034", Remittance: i4.Name()}}},
		}}
	_, err := h.r.ImportStatement(ctx, st)
	require.NoError(t, err)
	props, err := h.r.ProposeImported(ctx, "BNP", reconcile.Rules{})
	require.NoError(t, err)
	require.Len(t, props, 2)
	for _, p := range props {
		t.Logf("%s matched=%v %+v: %s", p.Ref, p.Matched, p.Target, p.Reason)
	}
	outs, err := h.r.ApplyImported(ctx, journal.NoID, props)
	require.NoError(t, err)
	for i, o := range outs {
		t.Logf("apply %d: %v", i, o.Err)
	}
	require.NoError(t, h.b.Check(ctx))
	open, err := h.r.OpenImported(ctx, "BNP")
	require.NoError(t, err)
	posted := h.e("0.00")
	for _, p := range props {
		if !containsRef(open, p.Ref) {
			posted, _ = posted.Add(p.Amount)
		}
	}
	require.Equal(t, posted.Plain(), h.balance(t, "512000"), "the bank account moves by the lines posted")
	t.Logf("residuals %s %s %s %s; 411000 %s; 627 %s", h.residual(t, i1.ID), h.residual(t, i2.ID), h.residual(t, i3.ID), h.residual(t, i4.ID),
		h.balance(t, "411000"), h.balance(t, "627000"))
}

func containsRef(es []reconcile.ImportedEntry, ref string) bool {
	for _, e := range es {
		if e.Ref == ref {
			return true
		}
	}
	return false
}
