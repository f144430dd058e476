package reconcile_test

// Review h-rev226: a small French company's year 2026, end to end, every
// figure computed by hand.

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cockroachdb/apd/v3"
	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/report"
	"github.com/lettrage/lettrage/tax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	hrev226Sales = tax.Tax{ID: "V20E", Name: "TVA 20 % encaissements", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnPayment,
		FinalAccount: "445710", TransitionAccount: "445740"}
	hrev226Goods = tax.Tax{ID: "V20", Name: "TVA 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnInvoice,
		FinalAccount: "445710"}
	hrev226Purch = tax.Tax{ID: "D20", Name: "TVA déductible 20 %", Rate: tax.MustParsePercent("20"), Exigibility: tax.OnInvoice,
		FinalAccount: "445660"}
)

const hrev226IBAN = "FR7630006000011234567890189"

func hrev226Y27(m time.Month, day int) journal.Date { return journal.MustDate(2027, m, day) }

// hrev226Doc posts an invoice, credit note or bill of one line.
func hrev226Doc(t *testing.T, f *fixture, k journal.InvoiceKind, p string, date journal.Date, due journal.Date, ht string, tx tax.Tax, account string) journal.Entry {
	t.Helper()
	inv := journal.Invoice{Kind: k, Journal: "VT", Date: date, Partner: p, PartnerAccount: "411000",
		Lines: []journal.InvoiceLine{{UnitPrice: e(ht), Taxes: []tax.Tax{tx}, Account: account}}}
	if k == journal.SupplierBill || k == journal.SupplierCreditNote {
		inv.Journal, inv.PartnerAccount = "AC", "401000"
	}
	x, err := inv.Entry()
	require.NoError(t, err)
	if !due.IsZero() {
		for i := range x.Lines {
			if x.Lines[i].Partner != "" {
				x.Lines[i].DueDate = due
			}
		}
	}
	return f.post(t, x)
}

func hrev226Pay(t *testing.T, f *fixture, p reconcile.Payment) reconcile.Result {
	t.Helper()
	if p.Method == 0 {
		p.Method = reconcile.MethodTransfer
	}
	res, err := f.rec.RegisterPayment(ctx, p)
	require.NoError(t, err)
	return res
}

func hrev226Camt(on string, entries ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>H226-1</MsgId><CreDtTm>` + on + `T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>H226-STMT-04</Id>
      <CreDtTm>` + on + `T06:00:00</CreDtTm>
      <Acct><Id><IBAN>` + hrev226IBAN + `</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">228.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-04-30</Dt></Dt></Bal>
` + strings.Join(entries, "\n") + `
    </Stmt>
  </BkToCstmrStmt>
</Document>`
}

func hrev226VAT(t *testing.T, f *fixture, m time.Month) string {
	t.Helper()
	from := d(m, 1)
	to := journal.MustDate(2026, m+1, 1).AddDays(-1)
	rep, err := f.rec.VATReport(ctx, from, to)
	require.NoError(t, err)
	return rep.Collected.Plain() + "/" + rep.Deductible.Plain()
}

// hrev226Year runs the year and returns the fixture and its documents.
type hrev226 struct {
	f                                 *fixture
	a1, av1, a2, a3, a3b, a4, a5, pen journal.Entry
	b1, b2, cn2, b3, b4               journal.Entry
}

func hrev226Run(t *testing.T) *hrev226 {
	t.Helper()
	f := newFixture(t, stores[0].Open(t))
	h := &hrev226{f: f}
	b := f.book
	for _, p := range []string{"C4", "C5", "S2", "S3"} {
		require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: p, Name: "Partner " + p}))
	}
	require.NoError(t, b.AddAccount(ctx, ledger.NewAccount("512300", "Banque BNP", ledger.KindBank)))
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "BNP", Name: "BNP", Kind: ledger.JournalBank, BankAccount: "512300", IBAN: hrev226IBAN,
		UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"}))
	s1, err := b.Partner(ctx, "S1")
	require.NoError(t, err)
	s1.BankAccounts = []ledger.BankAccount{{IBAN: "DE89370400440532013000"}}
	require.NoError(t, b.UpdatePartner(ctx, s1))
	usd := currency.MustLookup("USD")
	require.NoError(t, b.SetRate(ctx, usd, d(5, 1), currency.MustParseRate("1.20")))
	require.NoError(t, b.SetRate(ctx, usd, d(6, 1), currency.MustParseRate("1.25")))
	require.NoError(t, b.SetRate(ctx, usd, d(11, 2), currency.MustParseRate("1.20")))
	require.NoError(t, b.SetRate(ctx, usd, hrev226Y27(2, 1), currency.MustParseRate("1.25")))

	var none journal.Date
	// C1: 1 000.00 HT + 200.00 VAT on receipts; 600.00 received; credit note 120.00; 480.00 received.
	h.a1 = hrev226Doc(t, f, journal.CustomerInvoice, "C1", d(1, 10), d(2, 9), "1000.00", hrev226Sales, "706000")
	// C5: 1 000.00 HT + 200.00 on receipts, due 19 February, paid on 20 April by the bank statement.
	h.a5 = hrev226Doc(t, f, journal.CustomerInvoice, "C5", d(1, 20), d(2, 19), "1000.00", hrev226Sales, "706000")
	// S1: goods 800.00 + 160.00, due 3 March, paid by the run of 1 March.
	h.b1 = hrev226Doc(t, f, journal.SupplierBill, "S1", d(2, 1), d(3, 3), "800.00", hrev226Purch, "607000")
	hrev226Pay(t, f, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(2, 10), Amount: e("600.00"), Invoices: []journal.ID{h.a1.ID}})
	run, err := f.rec.RunPayments(ctx, reconcile.RunRequest{Journal: "BNP", Date: d(3, 1), DueBy: d(3, 31), Partners: []string{"S1"}})
	require.NoError(t, err)
	require.Len(t, run.Payments, 1)
	runPay := run.Result.Entries[0]
	h.av1 = hrev226Doc(t, f, journal.CustomerCreditNote, "C1", d(3, 5), none, "100.00", hrev226Sales, "706000")
	// S2: bill 1 200.00, credit note 120.00 set off, 1 080.00 paid.
	h.b2 = hrev226Doc(t, f, journal.SupplierBill, "S2", d(3, 10), none, "1000.00", hrev226Purch, "607000")
	h.cn2 = hrev226Doc(t, f, journal.SupplierCreditNote, "S2", d(3, 15), none, "100.00", hrev226Purch, "607000")
	r := hrev226Pay(t, f, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: d(3, 20), Invoices: []journal.ID{h.a1.ID, h.av1.ID}})
	assert.Equal(t, "-480.00", hrev226PartnerLine(r.Entries[0]).Plain())
	// C2: 2 000.00 HT + 400.00 on receipts; 2 352.00 received with a 2 % escompte.
	h.a2 = hrev226Doc(t, f, journal.CustomerInvoice, "C2", d(4, 1), none, "2000.00", hrev226Sales, "706000")
	h.b3 = hrev226Doc(t, f, journal.SupplierBill, "S3", d(4, 1), none, "300.00", hrev226Purch, "607000")
	h.b4 = hrev226Doc(t, f, journal.SupplierBill, "S3", d(4, 2), none, "200.00", hrev226Purch, "607000")
	hrev226Pay(t, f, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S2", Journal: "BQD", Date: d(4, 5), Invoices: []journal.ID{h.b2.ID, h.cn2.ID}})
	hrev226Pay(t, f, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C2", Journal: "BQD", Date: d(4, 10), Amount: e("2352.00"), Invoices: []journal.ID{h.a2.ID}, EarlyDiscount: true})

	// The bank statement of March-April (BNP, camt.053): S1's transfer of the run, C5 pays 1 200.00, an account fee of 12.00.
	xml := hrev226Camt("2026-04-30",
		`<Ntry><NtryRef>N0</NtryRef><Amt Ccy="EUR">960.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt><ValDt><Dt>2026-03-02</Dt></ValDt>
        <NtryDtls><TxDtls><Refs><EndToEndId>`+runPay.Ref+`</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">960.00</Amt></TxAmt></AmtDtls></TxDtls></NtryDtls></Ntry>`,
		`<Ntry><NtryRef>N1</NtryRef><Amt Ccy="EUR">1200.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-04-20</Dt></BookgDt><ValDt><Dt>2026-04-20</Dt></ValDt>
        <NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">1200.00</Amt></TxAmt></AmtDtls>
          <RltdPties><Dbtr><Nm>Partner C5</Nm></Dbtr></RltdPties><RmtInf><Ustrd>`+h.a5.Name()+`</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
		`<Ntry><NtryRef>N2</NtryRef><Amt Ccy="EUR">12.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-04-30</Dt></BookgDt><AddtlNtryInf>FRAIS TENUE DE COMPTE</AddtlNtryInf></Ntry>`)
	ss, err := bank.ReadCamt053(strings.NewReader(xml), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 1)
	_, err = f.rec.ImportStatement(ctx, ss[0])
	require.NoError(t, err)
	_, err = f.rec.PostImported(ctx, journal.NoID, "BNP", "H226-STMT-04", "N0", reconcile.ImportedTarget{Payments: []journal.ID{runPay.ID}})
	require.NoError(t, err)
	_, err = f.rec.PostImported(ctx, journal.NoID, "BNP", "H226-STMT-04", "N1", reconcile.ImportedTarget{Partner: "C5", Invoices: []journal.ID{h.a5.ID}})
	require.NoError(t, err)
	_, err = f.rec.PostImported(ctx, journal.NoID, "BNP", "H226-STMT-04", "N2", reconcile.ImportedTarget{Account: "627000"})
	require.NoError(t, err)

	// Penalties on C5's invoice, paid 60 days late: 1 200.00 × 12.15 % × 60 / 365 = 23.97, and 40.00.
	rate, _, err := apd.NewFromString("12.15")
	require.NoError(t, err)
	pen, err := f.rec.InvoicePenalties(ctx, reconcile.PenaltyInvoice{Query: reconcile.PenaltyQuery{At: d(4, 30), Rate: rate, Partners: []string{"C5"}}})
	require.NoError(t, err)
	require.Len(t, pen.Entries, 1)
	h.pen = pen.Entries[0]

	// S3: one payment of 600.00 for two bills.
	hrev226Pay(t, f, reconcile.Payment{Direction: reconcile.Outbound, Partner: "S3", Journal: "BQD", Date: d(5, 5), Amount: e("600.00"), Invoices: []journal.ID{h.b3.ID, h.b4.ID}})

	// C3: 1 200.00 USD at 1.20 (1 000.00) received at 1.25 (960.00): loss 40.00.
	h.a3 = f.post(t, journal.Entry{Journal: "VT", Date: d(5, 1), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C3", AmountCurrency: currency.MustParse(usd, "1200.00")},
		{Account: "706000", AmountCurrency: currency.MustParse(usd, "-1200.00")}}})
	hrev226Pay(t, f, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C3", Journal: "BQD", Date: d(6, 1), Amount: currency.MustParse(usd, "1200.00"), Invoices: []journal.ID{h.a3.ID}})

	// C4: goods 500.00 + 100.00 VAT on debits; 120.00 received; the rest lost on 30 September.
	h.a4 = hrev226Doc(t, f, journal.CustomerInvoice, "C4", d(6, 15), none, "500.00", hrev226Goods, "707000")
	hrev226Pay(t, f, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C4", Journal: "BQD", Date: d(7, 10), Amount: e("120.00"), Invoices: []journal.ID{h.a4.ID}})
	bd, err := f.rec.WriteOffBadDebt(ctx, reconcile.BadDebt{Invoice: h.a4.ID, Date: d(9, 30)})
	require.NoError(t, err)
	assert.Equal(t, "411000/C4 -480.00, 445710 80.00, 654000 400.00", hrev226Sorted(bd.Entries[0]))

	// C3: 600.00 USD at 1.20 (500.00), open at the close.
	h.a3b = f.post(t, journal.Entry{Journal: "VT", Date: d(11, 2), Type: journal.TypeInvoice, Currency: usd, Lines: []journal.Line{
		{Account: "411000", Partner: "C3", AmountCurrency: currency.MustParse(usd, "600.00"), DueDate: d(12, 2)},
		{Account: "706000", AmountCurrency: currency.MustParse(usd, "-600.00")}}})
	rv, err := f.rec.Revalue(ctx, reconcile.Revaluation{Date: d(12, 31), Rates: map[string]currency.Rate{"USD": currency.MustParseRate("1.25")}})
	require.NoError(t, err)
	var rvs []string
	for _, x := range rv.Entries {
		rvs = append(rvs, x.Date.String()+" "+hrev226Sorted(x))
	}
	assert.Equal(t, []string{"2026-12-31 411000/C3 -20.00, 476000 20.00", "2027-01-01 411000/C3 20.00, 476000 -20.00"}, rvs)
	return h
}

func hrev226PartnerLine(x journal.Entry) currency.Amount {
	for _, l := range x.Lines {
		if l.Partner != "" {
			return l.Balance
		}
	}
	return currency.Amount{}
}

// hrev226Sorted prints an entry's lines sorted, "account[/partner] balance".
func hrev226Sorted(x journal.Entry) string {
	var ls []string
	for _, l := range x.Lines {
		s := l.Account
		if l.Partner != "" {
			s += "/" + l.Partner
		}
		ls = append(ls, s+" "+l.Balance.Plain())
	}
	sort.Strings(ls)
	return strings.Join(ls, ", ")
}

func hrev226Close(t *testing.T, h *hrev226) {
	t.Helper()
	*h.f.now = time.Date(2027, time.January, 20, 9, 0, 0, 0, time.UTC)
	_, _, err := h.f.rec.CloseFiscalYear(ctx, "2026", "expert")
	require.NoError(t, err)
	// The new year: C3 pays its 600.00 USD at 1.25 (480.00); the invoice is back at 500.00, loss 20.00.
	hrev226Pay(t, h.f, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C3", Journal: "BQD", Date: hrev226Y27(2, 1),
		Amount: currency.MustParse(currency.MustLookup("USD"), "600.00"), Invoices: []journal.ID{h.a3b.ID}})
}

func TestHrev226YearTrialBalanceAndVAT(t *testing.T) {
	t.Parallel()
	h := hrev226Run(t)
	f := h.f
	hrev226Close(t, h)
	f.check(t)

	// The trial balance at 31 December 2026, every account.
	bal, err := report.ReadGeneralBalance(ctx, f.book, report.BalanceQuery{Period: report.Period{From: d(1, 1), To: d(12, 31)}})
	require.NoError(t, err)
	got := map[string]string{}
	for _, r := range bal.Rows {
		if r.Account != "" && !r.Closing.IsZero() {
			got[r.Account] = r.Closing.Plain()
		}
	}
	assert.Equal(t, map[string]string{
		"512000": "2832.00", "512300": "228.00", "411000": "543.97", "445660": "440.00", "445710": "-792.00",
		"476000": "20.00", "706000": "-5400.00", "707000": "-500.00", "607000": "2200.00", "665000": "40.00",
		"656000": "40.00", "654000": "400.00", "763100": "-23.97", "758800": "-40.00", "627000": "12.00",
	}, got)
	assert.True(t, bal.Total.Closing.IsZero())

	// VAT per month: collected on receipts when received, on goods when invoiced; deductible on debits.
	want := map[time.Month]string{
		1: "0.00/0.00", 2: "100.00/160.00", 3: "80.00/180.00", 4: "592.00/100.00", 5: "0.00/0.00", 6: "100.00/0.00",
		7: "0.00/0.00", 8: "0.00/0.00", 9: "-80.00/0.00", 10: "0.00/0.00", 11: "0.00/0.00",
	}
	for m := time.January; m <= time.November; m++ {
		assert.Equal(t, want[m], hrev226VAT(t, f, m), "VAT of %s", m)
	}

	// The opening of 2027.
	rows, err := f.book.Opening(ctx, "2027")
	require.NoError(t, err)
	var op []string
	for _, r := range rows {
		op = append(op, r.Account+"/"+r.Partner+" "+r.Balance.Plain())
	}
	sort.Strings(op)
	assert.Equal(t, []string{"120000/ -3271.97", "411000/C3 480.00", "411000/C5 63.97", "445660/ 440.00", "445710/ -792.00",
		"476000/ 20.00", "512000/ 2832.00", "512300/ 228.00"}, op)

	// 2027: the reversal and the payment: 656000 20.00, C3 settled.
	b, err := f.book.Balance(ctx, ledger.BalanceQuery{Account: "656000", At: hrev226Y27(12, 31)})
	require.NoError(t, err)
	assert.Equal(t, "60.00", b.Balance.Plain(), "40.00 in 2026 and 20.00 in 2027")
	b, err = f.book.Balance(ctx, ledger.BalanceQuery{Account: "411000", Partner: "C3", At: hrev226Y27(12, 31)})
	require.NoError(t, err)
	assert.Equal(t, "0.00", b.Balance.Plain())
	assert.Equal(t, reconcile.Paid, f.state(t, h.a3b).State)
}

func TestHrev226YearAgedAndLedger(t *testing.T) {
	t.Parallel()
	h := hrev226Run(t)
	f := h.f
	hrev226Close(t, h)

	aged := func(at journal.Date) []string {
		a, err := f.rec.Aged(ctx, reconcile.AgedQuery{At: at, Accounts: []string{"411000"}})
		require.NoError(t, err)
		var out []string
		for _, r := range a.Rows {
			out = append(out, r.Partner+" "+r.CompanyTotal.Plain())
		}
		return append(out, "total "+a.CompanyTotal.Plain())
	}
	assert.Equal(t, []string{"C3 480.00", "C5 63.97", "total 543.97"}, aged(d(12, 31)))
	assert.Equal(t, []string{"C1 480.00", "C5 1200.00", "total 1680.00"}, aged(d(3, 15)))

	gl, err := report.ReadGeneralLedger(ctx, f.book, report.LedgerQuery{Period: report.Period{From: d(1, 1), To: d(12, 31)}, Accounts: []string{"411000"}})
	require.NoError(t, err)
	var lines []string
	for _, r := range gl.Rows {
		if r.Kind != report.RowDetail {
			continue
		}
		amt := r.Debit.Plain()
		if r.Debit.IsZero() {
			amt = "-" + r.Credit.Plain()
		}
		lines = append(lines, fmt.Sprintf("%s %s %s %s", r.Date, r.Partner, amt, r.Letter))
	}
	sort.Strings(lines)
	assert.Equal(t, []string{
		"2026-01-10 C1 1200.00 AAA",
		"2026-01-20 C5 1200.00 AAA",
		"2026-02-10 C1 -600.00 AAA",
		"2026-03-05 C1 -120.00 AAA",
		"2026-03-20 C1 -480.00 AAA",
		"2026-04-01 C2 2400.00 AAA",
		"2026-04-10 C2 -2352.00 AAA",
		"2026-04-10 C2 -48.00 AAA",
		"2026-04-20 C5 -1200.00 AAA",
		"2026-04-30 C5 63.97 ",
		"2026-05-01 C3 1000.00 AAA",
		"2026-06-01 C3 -40.00 AAA",
		"2026-06-01 C3 -960.00 AAA",
		"2026-06-15 C4 600.00 AAA",
		"2026-07-10 C4 -120.00 AAA",
		"2026-09-30 C4 -480.00 AAA",
		"2026-11-02 C3 500.00 ",
		"2026-12-31 C3 -20.00 ",
	}, hrev226SortedStrings(lines))
}

func hrev226SortedStrings(s []string) []string { sort.Strings(s); return s }

func TestHrev226YearFEC(t *testing.T) {
	t.Parallel()
	h := hrev226Run(t)
	f := h.f
	hrev226Close(t, h)
	var buf bytes.Buffer
	_, err := report.WriteFEC(ctx, f.book, "2026", &buf, report.FECOptions{})
	require.NoError(t, err)
	recs := strings.Split(strings.TrimRight(buf.String(), "\r\n"), "\n")
	require.NotEmpty(t, recs)
	hdr := strings.Split(strings.TrimRight(recs[0], "\r"), "\t")
	assert.Equal(t, []string{"JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum", "CompAuxLib",
		"PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise"}, hdr)
	var c1 []string
	var deb, cred int64
	for _, rec := range recs[1:] {
		c := strings.Split(strings.TrimRight(rec, "\r"), "\t")
		require.Len(t, c, 18, rec)
		for _, a := range []string{c[11], c[12]} {
			assert.Regexp(t, `^\d+,\d\d$`, a, rec)
		}
		deb += hrev226Cents(c[11])
		cred += hrev226Cents(c[12])
		if c[4] == "411000" && c[6] == "C1" {
			c1 = append(c1, c[3]+" "+c[11]+" "+c[12]+" "+c[13]+" "+c[14])
		}
		if c[4] == "411000" && c[6] == "C3" && c[3] == "20260501" {
			assert.Equal(t, "1200,00 USD", c[16]+" "+c[17], rec)
		}
	}
	assert.Equal(t, deb, cred)
	sort.Strings(c1)
	assert.Equal(t, []string{
		"20260110 1200,00 0,00 AAA 20260320",
		"20260210 0,00 600,00 AAA 20260320",
		"20260305 0,00 120,00 AAA 20260320",
		"20260320 0,00 480,00 AAA 20260320",
	}, c1)

	// The FEC of 2027 opens with the à-nouveaux.
	buf.Reset()
	_, err = report.WriteFEC(ctx, f.book, "2027", &buf, report.FECOptions{})
	require.NoError(t, err)
	var an []string
	for _, rec := range strings.Split(strings.TrimRight(buf.String(), "\r\n"), "\n")[1:] {
		c := strings.Split(strings.TrimRight(rec, "\r"), "\t")
		if c[0] == "AN" {
			an = append(an, c[3]+" "+c[4]+" "+c[6]+" "+c[11]+" "+c[12]+" "+c[13]+" "+c[14])
		}
	}
	sort.Strings(an)
	assert.Equal(t, []string{
		"20270101 120000  0,00 3271,97  ",
		"20270101 411000 C3 0,00 20,00 AAB 20270101",
		"20270101 411000 C3 500,00 0,00 AAC 20270201",
		"20270101 411000 C5 63,97 0,00  ",
		"20270101 445660  440,00 0,00  ",
		"20270101 445710  0,00 792,00  ",
		"20270101 476000  20,00 0,00  ",
		"20270101 512000  2832,00 0,00  ",
		"20270101 512300  228,00 0,00  ",
	}, an)
	f.check(t)
}

func hrev226Cents(s string) int64 {
	var a, b int64
	fmt.Sscanf(strings.Replace(s, ",", " ", 1), "%d %d", &a, &b)
	return a*100 + b
}

// Was failing, fixed (now refused with ErrNotDocument): PostImported with Partner+Invoices and BankFees: a statement entry of 1195.00 paying a 1200.00 invoice; expected the 5.00 difference posted to 627000 and the invoice paid (or the flag refused with a typed error), got BankFees silently ignored: no error, 627000 0.00, the invoice left open for 5.00
func TestHrev226ImportedInvoiceBankFeesIgnored(t *testing.T) {
	t.Parallel()
	f := newFixture(t, stores[0].Open(t))
	require.NoError(t, f.book.AddAccount(ctx, ledger.NewAccount("512300", "Banque BNP", ledger.KindBank)))
	require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BNP", Name: "BNP", Kind: ledger.JournalBank, BankAccount: "512300", IBAN: hrev226IBAN}))
	inv := hrev226Doc(t, f, journal.CustomerInvoice, "C1", d(3, 1), journal.Date{}, "1000.00", hrev226Sales, "706000")
	xml := hrev226Camt("2026-04-30",
		`<Ntry><NtryRef>N1</NtryRef><Amt Ccy="EUR">1195.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-04-20</Dt></BookgDt><RmtInf><Ustrd>`+inv.Name()+`</Ustrd></RmtInf></Ntry>`)
	xml = strings.Replace(xml, `<Amt Ccy="EUR">228.00</Amt>`, `<Amt Ccy="EUR">1195.00</Amt>`, 1)
	ss, err := bank.ReadCamt053(strings.NewReader(xml), bank.ReadOptions{})
	require.NoError(t, err)
	_, err = f.rec.ImportStatement(ctx, ss[0])
	require.NoError(t, err)
	owed := f.residual(t, inv.LineRef(0)).Plain()
	_, err = f.rec.PostImported(ctx, journal.NoID, "BNP", "H226-STMT-04", "N1", reconcile.ImportedTarget{Partner: "C1", Invoices: []journal.ID{inv.ID}, BankFees: true})
	require.ErrorIs(t, err, reconcile.ErrNotDocument, "fees are a clearing's: refused, not ignored")
	open, err := f.rec.OpenImported(ctx, "BNP")
	require.NoError(t, err)
	require.Len(t, open, 1, "nothing posted: the entry is still to post")
	assert.Equal(t, owed, f.residual(t, inv.LineRef(0)).Plain())
	f.check(t)
}
