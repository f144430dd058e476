package reconcile_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/require"
)

var (
	hrev230RC = tax.Tax{ID: "RC20", Name: "TVA autoliquidée 20 %", Rate: tax.MustParsePercent("20"), FinalAccount: "445660"}
)

type hrev230Book struct {
	f                                     *fixture
	goods, services, intra, inst, credBil journal.Entry
	credNote, notDue, noIBAN              journal.Entry
}

// hrev230Ledger builds the purchases ledger, computed by hand:
//
//	S10 goods 500.00 HT + 100.00 VAT on debits, 2 % off within 10 days (588.00 by 3/11), due 3/31, their ref DUP-77
//	S11 services 1000.00 HT + 200.00 VAT on payments (445640), due 3/16, their ref SRV-12; 400.00 paid by hand 3/5
//	S12 intra-EU 1000.00 HT, reverse charge Dr 445660 200.00 / Cr 445200 200.00, due 3/25, ref EU-5
//	S14 1000.00 in two instalments 500.00 due 3/15 and 500.00 due 4/15, ref INST-1
//	S15 bill 700.00 due 3/20 ref S15-900, credit note 100.00 ref S15-AV2
//	S16 bill 250.00 due 4/30 (not due by 3/31), ref LATE-1
//	S13 without IBAN: bill 300.00 due 3/15, ref NOIB-1
func hrev230Ledger(t *testing.T, f *fixture) *hrev230Book {
	t.Helper()
	b := &hrev230Book{f: f}
	rrJournal(t, f)
	for _, p := range []string{"S10", "S11", "S12", "S14", "S15", "S16"} {
		rrSupplier(t, f, p, "Fournisseur "+p, "", ledger.Address{})
	}
	require.NoError(t, f.book.AddPartner(ctx, ledger.Partner{Code: "S13", Name: "Fournisseur S13"}))
	b.goods = discountBill(t, f, "S10", d(3, 1), "500.00", "DUP-77")
	svc := journal.Invoice{Kind: journal.SupplierBill, Journal: "AC", Date: d(3, 1), Ref: "SRV-12", Partner: "S11", PartnerAccount: "401000",
		Lines: []journal.InvoiceLine{{Label: "Maintenance", UnitPrice: e("1000.00"), Taxes: []tax.Tax{billPurchaseVAT}, Account: "615000"}},
		Terms: journal.PaymentTerms{Due: journal.DueRule{Kind: journal.NetDays, Days: 15}}}
	x, err := svc.Entry()
	require.NoError(t, err)
	b.services = f.post(t, x)
	b.intra = f.post(t, journal.Entry{Journal: "AC", Date: d(3, 2), Type: journal.TypeInvoice, Ref: "EU-5", Lines: []journal.Line{
		{Account: "401000", Partner: "S12", Balance: e("-1000.00"), DueDate: d(3, 25)},
		{Account: "607000", Balance: e("1000.00"), TaxRole: tax.RoleBase, Taxes: []tax.Tax{hrev230RC}},
		{Account: "445660", Balance: e("200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{hrev230RC}},
		{Account: "445200", Balance: e("-200.00"), TaxRole: tax.RoleTax, Taxes: []tax.Tax{hrev230RC}},
	}})
	b.inst = f.post(t, journal.Entry{Journal: "AC", Date: d(3, 1), Type: journal.TypeInvoice, Ref: "INST-1", Lines: []journal.Line{
		{Account: "401000", Partner: "S14", Balance: e("-500.00"), DueDate: d(3, 15)},
		{Account: "401000", Partner: "S14", Balance: e("-500.00"), DueDate: d(4, 15)},
		{Account: "607000", Balance: e("1000.00")},
	}})
	b.credBil = rrBill(t, f, "S15", d(3, 1), d(3, 20), "700.00", "S15-900")
	b.credNote = f.post(t, journal.Entry{Journal: "AC", Date: d(3, 3), Type: journal.TypeCreditNote, Ref: "S15-AV2", Lines: []journal.Line{
		{Account: "401000", Partner: "S15", Balance: e("100.00")},
		{Account: "607000", Balance: e("-100.00")},
	}})
	b.notDue = rrBill(t, f, "S16", d(3, 2), d(4, 30), "250.00", "LATE-1")
	b.noIBAN = rrBill(t, f, "S13", d(3, 1), d(3, 15), "300.00", "NOIB-1")
	// 400.00 of the services paid by hand on 3/5: 400/1200 × 200 = 66.67 deductible.
	res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S11", Journal: "BQO", Date: d(3, 5),
		Method: reconcile.MethodTransfer, Amount: e("400.00"), Invoices: []journal.ID{b.services.ID}})
	require.NoError(t, err)
	_ = res
	f.check(t)
	return b
}

func hrev230VAT(t *testing.T, f *fixture) string {
	t.Helper()
	rep, err := f.rec.VATReport(ctx, d(3, 1), d(3, 31))
	require.NoError(t, err)
	var out []string
	for _, l := range rep.Lines {
		out = append(out, fmt.Sprintf("%s %s %s %s", l.Account, l.TaxID, l.Base.Plain(), l.Tax.Plain()))
	}
	out = append(out, "collected "+rep.Collected.Plain(), "deductible "+rep.Deductible.Plain())
	return strings.Join(out, "; ")
}

func hrev230Bal(t *testing.T, f *fixture, accounts ...string) string {
	t.Helper()
	var out []string
	for _, a := range accounts {
		out = append(out, a+" "+f.balance(t, a))
	}
	return strings.Join(out, ", ")
}

// The whole purchases ledger: before the run, the run, its file, its
// VAT, then the run cancelled.
func TestHrev230PurchasesLedgerRun(t *testing.T) {
	t.Parallel()
	onStores(t, func(t *testing.T, f *fixture) {
		b := hrev230Ledger(t, f)
		// Before the run: 66.67 of the services' VAT is deductible, the
		// goods' 100.00 on debits, the reverse charge 200.00 both sides.
		require.Equal(t, "445200 -200.00, 445640 133.33, 445660 366.67, 401000 -4550.00",
			hrev230Bal(t, f, "445200", "445640", "445660", "401000"))

		// S13 has no bank account: the run refuses, writing nothing (godoc).
		before := f.snapshot(t)
		_, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31)})
		require.ErrorIs(t, err, reconcile.ErrRun)
		require.Contains(t, err.Error(), "S13")
		require.Equal(t, before, f.snapshot(t))

		op1 := journal.NewID()
		run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: op1, Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31),
			Partners: []string{"S10", "S11", "S12", "S14", "S15", "S16"}, Debtor: "Atelier Leveque"})
		require.NoError(t, err)
		got := map[string]string{}
		for _, p := range run.Payments {
			got[p.Partner] = fmt.Sprintf("%s disc %s bills %d cn %d", p.Amount.Plain(), p.Discount.Plain(), len(p.Bills), len(p.CreditNotes))
			require.Equal(t, d(3, 10), p.Payment.Date)
			require.Equal(t, p.EndToEndID, p.Payment.Ref)
		}
		require.Equal(t, map[string]string{
			"S10": "588.00 disc 12.00 bills 1 cn 0",
			"S11": "800.00 disc 0.00 bills 1 cn 0",
			"S12": "1000.00 disc 0.00 bills 1 cn 0",
			"S14": "500.00 disc 0.00 bills 1 cn 0",
			"S15": "600.00 disc 0.00 bills 1 cn 1",
		}, got)
		// Discount: Dr 401000 12.00 / Cr 765000 10.00 / Cr 445660 2.00;
		// services: 200.00 − 66.67 = 133.33 moved 445640 → 445660.
		require.Equal(t, "445200 -200.00, 445640 0.00, 445660 498.00, 765000 -10.00, 512200 -3888.00, 401000 -1050.00",
			hrev230Bal(t, f, "445200", "445640", "445660", "765000", "512200", "401000"))
		require.Equal(t, "445200 RC20 1000.00 200.00; 445660 D20 490.00 98.00; 445660 D20E 1000.00 200.00; 445660 RC20 1000.00 200.00; collected 200.00; deductible 498.00",
			hrev230VAT(t, f))
		for _, x := range []journal.Entry{b.goods, b.services, b.intra, b.credBil} {
			require.Equal(t, reconcile.InPayment, f.state(t, x).State, x.Ref)
		}
		st := f.state(t, b.inst)
		require.Equal(t, reconcile.Partial, st.State)
		require.Equal(t, "500.00", st.Residual.Plain())
		require.Equal(t, reconcile.NotPaid, f.state(t, b.notDue).State)
		require.Equal(t, reconcile.NotPaid, f.state(t, b.noIBAN).State)

		// The file.
		xml, err := rrFile(t, f, run)
		require.NoError(t, err)
		xml = strings.Join(strings.Fields(xml), "")
		require.Contains(t, xml, "<NbOfTxs>5</NbOfTxs>")
		require.Contains(t, xml, "<CtrlSum>3488.00</CtrlSum>")
		require.Contains(t, xml, "<ReqdExctnDt><Dt>2026-03-10</Dt></ReqdExctnDt>")
		for _, ref := range []string{"<Ustrd>DUP-77</Ustrd>", "<Ustrd>SRV-12</Ustrd>", "<Ustrd>EU-5</Ustrd>", "<Ustrd>INST-1</Ustrd>", "<Ustrd>S15-900S15-AV2</Ustrd>"} {
			require.Contains(t, xml, ref)
		}
		require.Equal(t, 5, len(regexp.MustCompile(`<EndToEndId>`).FindAllString(xml, -1)))
		for _, a := range []string{"588.00", "800.00", "1000.00", "500.00", "600.00"} {
			require.Contains(t, xml, `<InstdAmtCcy="EUR">`+a+`</InstdAmt>`)
		}

		// A second run the same day pays nothing twice.
		run2, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31),
			Partners: []string{"S10", "S11", "S12", "S14", "S15", "S16"}})
		if err == nil {
			require.Empty(t, run2.Payments)
		} else {
			require.ErrorIs(t, err, reconcile.ErrRun)
		}
		// Retry of the first run: same run.
		again, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Operation: op1, Journal: "BQO", Date: d(3, 10), DueBy: d(3, 31),
			Partners: []string{"S10", "S11", "S12", "S14", "S15", "S16"}})
		require.NoError(t, err)
		require.Equal(t, run.ID, again.ID)
		require.Equal(t, len(run.Payments), len(again.Payments))
		f.check(t)

		// Cancel every payment of the run: back to the ledger before it.
		for _, p := range run.Payments {
			_, err := f.rec.CancelPayment(ctx, journal.NewID(), p.Payment.ID)
			require.NoError(t, err, p.Partner)
		}
		require.Equal(t, "445200 -200.00, 445640 133.33, 445660 366.67, 765000 0.00, 512200 -400.00, 401000 -4550.00",
			hrev230Bal(t, f, "445200", "445640", "445660", "765000", "512200", "401000"))
		require.Equal(t, reconcile.Partial, f.state(t, b.services).State)
		require.Equal(t, "800.00", f.state(t, b.services).Residual.Plain())
		require.Equal(t, reconcile.NotPaid, f.state(t, b.goods).State)
		require.Equal(t, "600.00", f.state(t, b.goods).Residual.Plain())
		require.Equal(t, "1000.00", f.state(t, b.inst).Residual.Plain())
		// The credit note set off by the run: set off again or open again,
		// either way the bill owes 700.00 less what the note still covers.
		cn := f.state(t, b.credBil)
		require.NotEqual(t, reconcile.InPayment, cn.State)
		f.check(t)
		// The file written again carries no cancelled payment.
		_, err = rrFile(t, f, run)
		require.Error(t, err)
	})
}
