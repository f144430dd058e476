package bank_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
)

// TestCamt053BatchIdentificationReal: the real samples' batch entries
// read the payer's file ids their Btch gives, or that all their
// transactions' Refs give alike.
func TestCamt053BatchIdentificationReal(t *testing.T) {
	batches := func(name string) []reconcile.BankBatch {
		var out []reconcile.BankBatch
		for _, s := range readCamt(t, name) {
			for _, e := range s.Entries {
				out = append(out, e.Batch)
			}
		}
		return out
	}
	fffs := batches("real/fffs-camt053.02-sample.xml")
	require.Len(t, fffs, 10)
	assert.Equal(t, []reconcile.BankBatch{
		{MsgID: "MSGSALA0001", PmtInfID: "CustRefForSalaBatch", Count: 4},
		{MsgID: "MSGSCT0099", PmtInfID: "CustRefForPmtBatch", Count: 3},
		{MsgID: "MSGSCT0100", PmtInfID: "CustRefForPmtBatch9", Count: 3},
		{MsgID: "BANKFILEID998765", Count: 2},
		{MsgID: "BANKFILEID998799", Count: 2},
		{MsgID: "BANKFILEID998765", Count: 2},
		{}, {}, {}, {},
	}, fffs)

	via := batches("real/viafintech-camt053.02-valid_example.xml")
	require.Len(t, via, 4)
	assert.Equal(t, reconcile.BankBatch{PmtInfID: "PaymentIdentification"}, via[0], "one transaction's Refs")
	assert.Equal(t, reconcile.BankBatch{MsgID: "CCTI/VRNWSW/b044f24cddb92a502b8a1b5"}, via[1])
	assert.True(t, via[2].IsZero())
	assert.Equal(t, reconcile.BankBatch{MsgID: "STZV-Msg27122013-11:02", PmtInfID: "STZV-PmInf27122013-11:02-2", Count: 2}, via[3],
		"the PmtInfId of Btch, the MsgId both transactions give")

	// A Btch with a count and a total but no id names nothing.
	for _, b := range batches("camt053-04-batch.xml") {
		assert.Equal(t, reconcile.BankBatch{}, b)
	}
	assert.Equal(t, []reconcile.BankBatch{
		{MsgID: "RUN-f8f1a448b20cfe18", PmtInfID: "RUN-f8f1a448b20cfe18-1", Count: 2},
		{PmtInfID: "RUN-8ff8fba1baa4bb40-1", Count: 2},
		{},
	}, batches("camt053-08-runs.xml"))
}

// TestCamt053BatchIdentification reads the batch identification of an
// entry as banks write it, and as they get it wrong.
func TestCamt053BatchIdentification(t *testing.T) {
	tx := func(msg, pmtInf string) string {
		return fmt.Sprintf(`<TxDtls><Refs><MsgId>%s</MsgId><PmtInfId>%s</PmtInfId></Refs><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd></TxDtls>`, msg, pmtInf)
	}
	const btch = `<Btch><MsgId>%s</MsgId><PmtInfId>%s</PmtInfId><NbOfTxs>%s</NbOfTxs></Btch>`
	for _, c := range []struct {
		name, details string
		want          reconcile.BankBatch
	}{
		{"no details", ``, reconcile.BankBatch{}},
		{"Btch with both ids", `<NtryDtls>` + fmt.Sprintf(btch, "M1", "M1-1", "2") + `</NtryDtls>`, reconcile.BankBatch{MsgID: "M1", PmtInfID: "M1-1", Count: 2}},
		{"Btch ids padded", `<NtryDtls>` + fmt.Sprintf(btch, " M1 ", "\n M1-1\n", " 2 ") + `</NtryDtls>`, reconcile.BankBatch{MsgID: "M1", PmtInfID: "M1-1", Count: 2}},
		{"Btch with empty ids is none", `<NtryDtls>` + fmt.Sprintf(btch, "", " ", "2") + `</NtryDtls>`, reconcile.BankBatch{}},
		{"Btch ids NOTPROVIDED are none", `<NtryDtls>` + fmt.Sprintf(btch, "NOTPROVIDED", "NONREF", "2") + `</NtryDtls>`, reconcile.BankBatch{}},
		{"Btch without ids, transactions alike", `<NtryDtls>` + fmt.Sprintf(btch, "", "", "2") + tx("M2", "M2-1") + tx("M2", "M2-1") + `</NtryDtls>`,
			reconcile.BankBatch{MsgID: "M2", PmtInfID: "M2-1", Count: 2}},
		{"no Btch, transactions alike", `<NtryDtls>` + tx("M2", "") + tx("M2", "") + `</NtryDtls>`, reconcile.BankBatch{MsgID: "M2"}},
		{"transactions of two files", `<NtryDtls>` + tx("M2", "P") + tx("M3", "P") + `</NtryDtls>`, reconcile.BankBatch{PmtInfID: "P"}},
		{"one transaction without id", `<NtryDtls>` + tx("M2", "") + tx("", "") + `</NtryDtls>`, reconcile.BankBatch{}},
		{"Btch decides over the transactions", `<NtryDtls>` + fmt.Sprintf(btch, "M1", "", "") + tx("M2", "M2-1") + `</NtryDtls>`,
			reconcile.BankBatch{MsgID: "M1", PmtInfID: "M2-1"}},
		{"count not a number", `<NtryDtls>` + fmt.Sprintf(btch, "M1", "", "two") + `</NtryDtls>`, reconcile.BankBatch{MsgID: "M1"}},
		{"count negative", `<NtryDtls>` + fmt.Sprintf(btch, "M1", "", "-2") + `</NtryDtls>`, reconcile.BankBatch{MsgID: "M1"}},
		{"the first Btch", `<NtryDtls>` + fmt.Sprintf(btch, "M1", "", "1") + `</NtryDtls><NtryDtls>` + fmt.Sprintf(btch, "M9", "M9-1", "1") + `</NtryDtls>`,
			reconcile.BankBatch{MsgID: "M1", Count: 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := `<Document><BkToCstmrStmt><Stmt><Id>S</Id><Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-04-03</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-04-03</Dt></Dt></Bal>
<Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2026-04-03</Dt></BookgDt>` + c.details + `</Ntry></Stmt></BkToCstmrStmt></Document>`
			ss, err := bank.ReadCamt053(strings.NewReader(doc), bank.ReadOptions{})
			require.NoError(t, err)
			require.Len(t, ss[0].Entries, 1)
			assert.Equal(t, c.want, ss[0].Entries[0].Batch)
		})
	}
}

// TestRunsNamedByTheirBatch: two supplier payment runs of one total; the
// bank books each as one entry naming it (camt053-08-runs.xml), the
// first by the run's MsgId, the second by its PmtInfId alone, giving no
// end-to-end id back. Each entry clears the run it names — by amount
// alone both would be ambiguous — and an entry naming no batch, or one
// of another total, clears none.
func TestRunsNamedByTheirBatch(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, _ := bookWithBankAccount(t, s)
			eur := currency.MustLookup("EUR")
			e := func(v string) currency.Amount { return currency.MustParse(eur, v) }
			day := func(d int) journal.Date { return journal.MustDate(2026, 4, d) }
			require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "SG", Name: "Société Générale", Kind: ledger.JournalBank,
				BankAccount: "512000", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200",
				IBAN: "FR7630004008230001012345669"}))
			bills := map[string]journal.ID{}
			for code, x := range map[string]struct{ iban, ttc string }{
				"S1": {"BE68539007547034", "100.00"}, "S2": {"NL91ABNA0417164300", "200.00"},
				"S3": {"DE89370400440532013000", "120.00"}, "S4": {"AT611904300234573201", "180.00"}, // an account in the EEA: a UK one needs its bank's BIC
			} {
				require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: code, Name: "Fournisseur " + code,
					BankAccounts: []ledger.BankAccount{{IBAN: ident.IBAN(x.iban)}}}))
				res, err := b.Post(ctx, journal.Entry{Journal: "AC", Date: journal.MustDate(2026, 3, 20), Type: journal.TypeInvoice, Lines: []journal.Line{
					{Account: "401000", Partner: code, Balance: e(x.ttc).Neg(), DueDate: day(1)}, {Account: "607000", Balance: e(x.ttc)}}})
				require.NoError(t, err)
				bills[code] = res.Entry.ID
			}
			r, err := reconcile.New(ctx, b, reconcile.Config{})
			require.NoError(t, err)
			// The operations the statement file's runs were made by.
			first, err := r.RunPayments(ctx, reconcile.RunRequest{Operation: uuid.MustParse("0b5e39a1-0000-4000-8000-00000000000a"),
				Journal: "SG", Date: day(2), DueBy: day(30), Partners: []string{"S1", "S2"}})
			require.NoError(t, err)
			second, err := r.RunPayments(ctx, reconcile.RunRequest{Operation: uuid.MustParse("0b5e39a1-0000-4000-8000-00000000000b"),
				Journal: "SG", Date: day(2), DueBy: day(30), Partners: []string{"S3", "S4"}})
			require.NoError(t, err)
			require.Equal(t, "RUN-8ff8fba1baa4bb40", first.ID)
			require.Equal(t, "RUN-f8f1a448b20cfe18", second.ID)
			batches, err := r.Batches(ctx, "SG")
			require.NoError(t, err)
			require.Len(t, batches, 2)
			require.True(t, batches[0].Total.Equal(batches[1].Total), "two runs of one total")
			// The PmtInfId the statement names is the one the run's
			// pain.001 gives its payment block.
			sepa, err := bank.CreditTransfers(ctx, b, first, "Atelier Lettrage SAS")
			require.NoError(t, err)
			var file bytes.Buffer
			require.NoError(t, bank.WritePain001(&file, sepa))
			require.Contains(t, file.String(), "<PmtInfId>RUN-8ff8fba1baa4bb40-1</PmtInfId>")

			ss := readCamt(t, "camt053-08-runs.xml")
			require.Len(t, ss, 1)
			_, err = r.ImportStatement(ctx, ss[0])
			require.NoError(t, err)
			props, err := r.ProposeImported(ctx, "SG", reconcile.Rules{})
			require.NoError(t, err)
			require.Len(t, props, 3)
			payments := func(run reconcile.PaymentRun) []journal.ID {
				var out []journal.ID
				for _, p := range run.Payments {
					out = append(out, p.Payment.ID)
				}
				return out
			}
			require.True(t, props[0].Matched, props[0].Reason)
			assert.ElementsMatch(t, payments(second), props[0].Target.Payments, "the second run, named by its MsgId")
			assert.Equal(t, reconcile.ExactReference, props[0].Confidence)
			assert.Equal(t, "batch RUN-f8f1a448b20cfe18 = payment run RUN-f8f1a448b20cfe18 of 2 payments", props[0].Reason)
			require.True(t, props[1].Matched, props[1].Reason)
			assert.ElementsMatch(t, payments(first), props[1].Target.Payments, "the first run, named by its PmtInfId")
			assert.Equal(t, "batch RUN-8ff8fba1baa4bb40-1 = payment run RUN-8ff8fba1baa4bb40 of 2 payments", props[1].Reason)
			assert.False(t, props[2].Matched, "the fee's Btch names nothing: %s", props[2].Reason)

			outs, err := r.ApplyImported(ctx, journal.NoID, props[:2])
			require.NoError(t, err)
			for i, o := range outs {
				require.NoError(t, o.Err, props[i].Reason)
			}
			for code, id := range bills {
				st, err := r.State(ctx, id)
				require.NoError(t, err)
				assert.Equal(t, reconcile.Paid, st.State, code)
			}
			require.NoError(t, b.Check(ctx))
		})
	}
}
