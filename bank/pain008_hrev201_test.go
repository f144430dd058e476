package bank_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func h201DebitRun() bank.DirectDebitRun {
	eur := currency.MustLookup("EUR")
	return bank.DirectDebitRun{MsgID: "COL-0123456789abcdef", CreatedAt: time.Date(2026, 3, 20, 8, 15, 0, 0, time.UTC),
		CollectionDate: journal.MustDate(2026, 3, 25), CreditorID: "FR72ZZZ123456",
		Creditor: bank.Party{Name: "Atelier Lévêque & Fils", IBAN: "FR7630006000011234567890189", BIC: "BNPAFRPP",
			Address: ledger.Address{Street: "Rue de la Paix", BuildingNumber: "12", PostCode: "75002", Town: "Paris", Country: "FR"}},
		Debits: []bank.DirectDebit{
			{EndToEndID: "COL-0123456789abcdef-1", Amount: currency.MustParse(eur, "380.00"), Sequence: "RCUR",
				MandateID: "RUM-C2", MandateSigned: journal.MustDate(2026, 1, 10),
				Debtor:     bank.Party{Name: "Boulangerie Éloïse", IBAN: "FR1420041010050500013M02606"},
				Remittance: "FA-2 AV-1"},
			{EndToEndID: "COL-0123456789abcdef-2", Amount: currency.MustParse(eur, "500.00"), Sequence: "OOFF",
				MandateID: "RUM-C3", MandateSigned: journal.MustDate(2026, 1, 10),
				Debtor:     bank.Party{Name: "Müller GmbH", IBAN: "DE89370400440532013000", BIC: "COBADEFFXXX"},
				Remittance: "FA-3 FA-4"},
			{EndToEndID: "COL-0123456789abcdef-3", Amount: currency.MustParse(eur, "0.01"), Sequence: "RCUR",
				MandateID: "RUM-C4/2026", MandateSigned: journal.MustDate(2026, 3, 25),
				Debtor: bank.Party{Name: "Café « Chez Zoé »", IBAN: "NL91ABNA0417164300"}},
		}}
}

// h201Validate checks a pain.008 file against the ISO schema when
// xmllint is installed.
func h201Validate(t *testing.T, file []byte) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint not installed (Debian: libxml2-utils); .ci/run installs it")
	}
	path := filepath.Join(t.TempDir(), "pain008.xml")
	require.NoError(t, os.WriteFile(path, file, 0o644))
	msg, err := exec.Command("xmllint", "--noout", "--schema", "testdata/pain.008.001.02.xsd", path).CombinedOutput()
	require.NoError(t, err, "%s\n%s", msg, file)
}

func TestHrev201Pain008(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, bank.WritePain008(&a, h201DebitRun()))
	require.NoError(t, bank.WritePain008(&b, h201DebitRun()))
	require.Equal(t, a.String(), b.String(), "the same run writes the same file")
	out := a.String()
	for _, want := range []string{
		"<MsgId>COL-0123456789abcdef</MsgId>", "<CreDtTm>2026-03-20T08:15:00Z</CreDtTm>", "<NbOfTxs>3</NbOfTxs>", "<CtrlSum>880.01</CtrlSum>",
		"<PmtInfId>COL-0123456789abcdef-1</PmtInfId>", "<PmtInfId>COL-0123456789abcdef-2</PmtInfId>",
		"<PmtMtd>DD</PmtMtd>", "<Cd>CORE</Cd>", "<SeqTp>RCUR</SeqTp>", "<SeqTp>OOFF</SeqTp>", "<ReqdColltnDt>2026-03-25</ReqdColltnDt>",
		"<Id>FR72ZZZ123456</Id>", "<Prtry>SEPA</Prtry>", "<MndtId>RUM-C4/2026</MndtId>", "<DtOfSgntr>2026-01-10</DtOfSgntr>",
		`<InstdAmt Ccy="EUR">380.00</InstdAmt>`, "<BIC>COBADEFFXXX</BIC>", "<Id>NOTPROVIDED</Id>", "<Nm>Boulangerie Eloise</Nm>",
		"<Nm>Atelier Leveque + Fils</Nm>", "<Ustrd>FA-3 FA-4</Ustrd>",
	} {
		require.Contains(t, out, want)
	}
	// The recurrent block first, with its two debits and their sum.
	rcur := out[strings.Index(out, "<PmtInfId>COL-0123456789abcdef-1"):strings.Index(out, "<PmtInfId>COL-0123456789abcdef-2")]
	assert.Contains(t, rcur, "<NbOfTxs>2</NbOfTxs>")
	assert.Contains(t, rcur, "<CtrlSum>380.01</CtrlSum>")
	assert.Contains(t, rcur, "<SeqTp>RCUR</SeqTp>")
	golden := filepath.Join("testdata", "pain008.golden.xml")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		require.NoError(t, os.WriteFile(golden, a.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), out)
	h201Validate(t, want)
}

func TestHrev201Pain008BadInput(t *testing.T) {
	usd := currency.MustLookup("USD")
	eur := currency.MustLookup("EUR")
	for name, edit := range map[string]func(r *bank.DirectDebitRun){
		"no debits":          func(r *bank.DirectDebitRun) { r.Debits = nil },
		"dollars":            func(r *bank.DirectDebitRun) { r.Debits[0].Amount = currency.MustParse(usd, "10.00") },
		"zero":               func(r *bank.DirectDebitRun) { r.Debits[0].Amount = currency.Zero(eur) },
		"too much":           func(r *bank.DirectDebitRun) { r.Debits[0].Amount = currency.MustParse(eur, "1000000000.00") },
		"no debtor IBAN":     func(r *bank.DirectDebitRun) { r.Debits[1].Debtor.IBAN = "" },
		"bad creditor IBAN":  func(r *bank.DirectDebitRun) { r.Creditor.IBAN = "FR7630006000011234567890198" },
		"no ICS":             func(r *bank.DirectDebitRun) { r.CreditorID = "" },
		"wrong ICS":          func(r *bank.DirectDebitRun) { r.CreditorID = "FR73ZZZ123456" },
		"no mandate":         func(r *bank.DirectDebitRun) { r.Debits[0].MandateID = "" },
		"mandate with space": func(r *bank.DirectDebitRun) { r.Debits[0].MandateID = "RUM C2" },
		"unsigned":           func(r *bank.DirectDebitRun) { r.Debits[0].MandateSigned = journal.Date{} },
		"signed after":       func(r *bank.DirectDebitRun) { r.Debits[0].MandateSigned = journal.MustDate(2026, 3, 26) },
		"no sequence":        func(r *bank.DirectDebitRun) { r.Debits[0].Sequence = "" },
		"bad sequence":       func(r *bank.DirectDebitRun) { r.Debits[0].Sequence = "rcur" },
		"same e2e":           func(r *bank.DirectDebitRun) { r.Debits[1].EndToEndID = r.Debits[0].EndToEndID },
		"long e2e":           func(r *bank.DirectDebitRun) { r.Debits[0].EndToEndID = strings.Repeat("E", 36) },
		"no msg id":          func(r *bank.DirectDebitRun) { r.MsgID = "" },
		"no creation time":   func(r *bank.DirectDebitRun) { r.CreatedAt = time.Time{} },
		"no collection date": func(r *bank.DirectDebitRun) { r.CollectionDate = journal.Date{} },
		"no creditor name":   func(r *bank.DirectDebitRun) { r.Creditor.Name = "" },
		"swiss without BIC": func(r *bank.DirectDebitRun) {
			r.Debits[0].Debtor = bank.Party{Name: "Käserei AG", IBAN: "CH9300762011623852957",
				Address: ledger.Address{Town: "Bern", Country: "CH"}}
		},
	} {
		run := h201DebitRun()
		edit(&run)
		var buf bytes.Buffer
		err := bank.WritePain008(&buf, run)
		assert.ErrorIs(t, err, bank.ErrDirectDebit, name)
		assert.Zero(t, buf.Len(), "%s: nothing written", name)
	}
}

// h201Book is a book with journal BQO collecting through 512100 on the
// account the camt.053 helpers' statements are of, and customers C2 (a
// recurrent mandate) and C3 (a one-off mandate, in Germany).
func h201Book(t *testing.T, s storetest.Backend) (*ledger.Book, *reconcile.Reconciler) {
	t.Helper()
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	b, err := ledger.Create(ctx, s.Open(t), ledger.Options{Currency: reviewEUR, Strict: true,
		Clock: func() time.Time { now = now.Add(time.Second); return now }})
	require.NoError(t, err)
	require.NoError(t, b.AddFiscalYear(ctx, ledger.CalendarYear(2026)))
	require.NoError(t, b.InstallFrenchChart(ctx))
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "BQO", Name: "Banque", Kind: ledger.JournalBank, BankAccount: "512000",
		UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200", IBAN: "FR7630006000011234567890189"}))
	signed := journal.MustDate(2026, 1, 10)
	require.NoError(t, b.AddPartners(ctx,
		ledger.Partner{Code: "C2", Name: "Boulangerie Éloïse", BankAccounts: []ledger.BankAccount{{IBAN: "FR1420041010050500013M02606",
			Mandate: ledger.Mandate{Reference: "RUM-C2", Signed: signed}}}},
		ledger.Partner{Code: "C3", Name: "Müller GmbH", BankAccounts: []ledger.BankAccount{{IBAN: "DE89370400440532013000", BIC: "COBADEFFXXX",
			Mandate: ledger.Mandate{Reference: "RUM-C3", Signed: signed, OneOff: true}}}}))
	r, err := reconcile.New(ctx, b, reconcile.Config{})
	require.NoError(t, err)
	return b, r
}

func h201Sale(t *testing.T, b *ledger.Book, p string, day int, ttc, ref string) journal.Entry {
	t.Helper()
	return reviewPost(t, b, journal.Entry{Journal: "VT", Date: reviewDay(day), Type: journal.TypeInvoice, Ref: ref, Lines: []journal.Line{
		{Account: "411000", Partner: p, Balance: reviewE(ttc), DueDate: reviewDay(day + 10)},
		{Account: "706000", Balance: reviewE(ttc).Neg()}}})
}

func h201State(t *testing.T, r *reconcile.Reconciler, doc journal.Entry) reconcile.PaymentState {
	t.Helper()
	st, err := r.State(ctx, doc.ID)
	require.NoError(t, err)
	return st.State
}

// h201Apply reads a camt.053 file, imports it into BQO and applies what
// matching proposes; it returns the proposals.
func h201Apply(t *testing.T, r *reconcile.Reconciler, file string) []reconcile.ImportedProposal {
	t.Helper()
	ss, err := bank.ReadCamt053(strings.NewReader(file), bank.ReadOptions{})
	require.NoError(t, err)
	for _, s := range ss {
		_, err := r.ImportStatement(ctx, s)
		require.NoError(t, err)
	}
	props, err := r.ProposeImported(ctx, "BQO", reconcile.Rules{})
	require.NoError(t, err)
	outs, err := r.ApplyImported(ctx, journal.NoID, props)
	require.NoError(t, err)
	for i, o := range outs {
		if props[i].Matched {
			require.NoError(t, o.Err)
		}
	}
	return props
}

// A run of the book written as pain.008, valid against the schema; the
// bank's camt.053 credit of a collection, naming its end-to-end id, clears
// it (its invoices paid); its return unpaid (AM04) reopens them.
func TestHrev201CollectionFileAndStatement(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, r := h201Book(t, s)
			i2 := h201Sale(t, b, "C2", 2, "380.00", "FA-2")
			i3 := h201Sale(t, b, "C3", 3, "200.00", "FA-3")
			req := reconcile.CollectionRequest{Operation: journal.NewID(), Journal: "BQO", Date: reviewDay(20), DueBy: reviewDay(20),
				Creditor: "Atelier Lévêque & Fils", CreditorID: "FR72ZZZ123456"}
			run, err := r.RunCollections(ctx, req)
			require.NoError(t, err)
			require.Len(t, run.Collections, 2)
			dd, err := bank.DirectDebits(ctx, b, run, "ignored: the run's name is kept")
			require.NoError(t, err)
			var file bytes.Buffer
			require.NoError(t, bank.WritePain008(&file, dd))
			out := file.String()
			if _, err := exec.LookPath("xmllint"); err == nil {
				h201Validate(t, file.Bytes())
			}
			assert.Contains(t, out, "<MsgId>"+run.ID+"</MsgId>")
			assert.Contains(t, out, "<CtrlSum>580.00</CtrlSum>")
			assert.Contains(t, out, "<ReqdColltnDt>2026-03-20</ReqdColltnDt>")
			assert.Contains(t, out, "<Ustrd>FA-3</Ustrd>")
			assert.Contains(t, out, "<Nm>Atelier Leveque + Fils</Nm>")
			// The same run again, the same file.
			again, err := r.RunCollections(ctx, req)
			require.NoError(t, err)
			dd2, err := bank.DirectDebits(ctx, b, again, "Other")
			require.NoError(t, err)
			var file2 bytes.Buffer
			require.NoError(t, bank.WritePain008(&file2, dd2))
			assert.Equal(t, out, file2.String())
			assert.Equal(t, reconcile.InPayment, h201State(t, r, i3))

			e2e := run.Collections[1].EndToEndID
			credit := rrNtry("200.00", "EUR", "CRDT", "BOOK", `<Dt>2026-03-20</Dt>`, `<AcctSvcrRef>K1</AcctSvcrRef>`+
				`<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>ESDD</SubFmlyCd></Fmly></Domn></BkTxCd>`+
				`<NtryDtls><TxDtls><Refs><EndToEndId>`+e2e+`</EndToEndId><MndtId>RUM-C3</MndtId></Refs>`+
				`<Amt Ccy="EUR">200.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></TxDtls></NtryDtls>`)
			props := h201Apply(t, r, rrDoc(rrStmt("S1", "EUR", rrBal("OPBD", "0.00", "EUR", "CRDT", "2026-03-01")+
				rrBal("CLBD", "200.00", "EUR", "CRDT", "2026-03-20"), credit)))
			require.Len(t, props, 1)
			require.True(t, props[0].Matched, props[0].Reason)
			assert.Equal(t, reconcile.Paid, h201State(t, r, i3))
			assert.Equal(t, reconcile.InPayment, h201State(t, r, i2))

			back := rrNtry("200.00", "EUR", "DBIT", "BOOK", `<Dt>2026-03-27</Dt>`, `<AcctSvcrRef>K2</AcctSvcrRef>`+
				`<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly></Domn></BkTxCd>`+
				`<NtryDtls><TxDtls><Refs><EndToEndId>`+e2e+`</EndToEndId><MndtId>RUM-C3</MndtId></Refs>`+
				`<Amt Ccy="EUR">200.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RtrInf><Rsn><Cd>AM04</Cd></Rsn></RtrInf></TxDtls></NtryDtls>`+
				`<AddtlNtryInf>IMPAYE PRLV SEPA</AddtlNtryInf>`)
			props = h201Apply(t, r, rrDoc(rrStmt("S2", "EUR", rrBal("OPBD", "200.00", "EUR", "CRDT", "2026-03-21")+
				rrBal("CLBD", "0.00", "EUR", "CRDT", "2026-03-27"), back)))
			require.Len(t, props, 1)
			require.NotNil(t, props[0].Target.Returns, props[0].Reason)
			assert.Equal(t, reconcile.NotPaid, h201State(t, r, i3))
			require.NoError(t, b.Check(ctx))
		})
	}
}
