package bank_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// TestPaymentRunRoundTrip: a supplier run becomes a pain.001 file; the
// bank's camt.053 built from it comes back; importing and matching it
// clears every payment by its end-to-end id, and every bill is paid.
func TestPaymentRunRoundTrip(t *testing.T) {
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, _ := bookWithBankAccount(t, s)
			eur := currency.MustLookup("EUR")
			e := func(v string) currency.Amount { return currency.MustParse(eur, v) }
			require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "SG", Name: "Société Générale", Kind: ledger.JournalBank,
				BankAccount: "512000", UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200",
				IBAN: "DE89370400440532013000"}))
			suppliers := map[string]string{"S1": "BE68539007547034", "S2": "NL91ABNA0417164300", "S3": ""}
			for code, iban := range suppliers {
				p := ledger.Partner{Code: code, Name: "Fournisseur " + code}
				if iban != "" {
					p.BankAccounts = []ledger.BankAccount{{IBAN: ident.IBAN(iban)}}
				}
				require.NoError(t, b.AddPartner(ctx, p))
			}
			r, err := reconcile.New(ctx, b, reconcile.Config{})
			require.NoError(t, err)
			day := func(m, d int) journal.Date { return journal.MustDate(2026, time.Month(m), d) }
			var bills []journal.Entry
			bill := func(p string, d journal.Date, ttc, ref string) {
				res, err := b.Post(ctx, journal.Entry{Journal: "AC", Date: d, Type: journal.TypeInvoice, Ref: ref, Lines: []journal.Line{
					{Account: "401000", Partner: p, Balance: e(ttc).Neg(), DueDate: d.AddDays(30)},
					{Account: "607000", Balance: e(ttc)}}})
				require.NoError(t, err)
				bills = append(bills, res.Entry)
			}
			bill("S1", day(1, 10), "480.00", "FA-118")
			bill("S1", day(1, 20), "120.50", "FA-131")
			bill("S2", day(1, 15), "99.99", "")
			bill("S2", day(3, 15), "1000.00", "NOT-DUE") // due in April: not in the run

			// S3 has no bank account: its bill is left out of this run.
			run, err := r.RunPayments(ctx, reconcile.RunRequest{Operation: journal.NewID(), Journal: "SG", Date: day(3, 1),
				DueBy: day(3, 1), Partners: []string{"S1", "S2"}})
			require.NoError(t, err)
			require.Len(t, run.Payments, 2)
			require.Equal(t, "600.50", run.Payments[0].Amount.Plain())
			require.Len(t, run.Payments[0].Bills, 2)
			for _, bl := range bills[:3] {
				st, err := r.State(ctx, bl.ID)
				require.NoError(t, err)
				require.Equal(t, reconcile.InPayment, st.State)
			}

			sepa, err := bank.CreditTransfers(ctx, b, run, "Atelier Lévêque")
			require.NoError(t, err)
			var file bytes.Buffer
			require.NoError(t, bank.WritePain001(&file, sepa))
			require.Contains(t, file.String(), "<Ustrd>FA-118 FA-131</Ustrd>")
			if _, err := exec.LookPath("xmllint"); err == nil {
				path := filepath.Join(t.TempDir(), "run.xml")
				require.NoError(t, os.WriteFile(path, file.Bytes(), 0o644))
				out, err := exec.Command("xmllint", "--noout", "--schema", "testdata/pain.001.001.09.xsd", path).CombinedOutput()
				require.NoError(t, err, string(out))
			}

			// The bank executes the run and sends it back in its statement.
			var entries strings.Builder
			total := e("0.00")
			for i, p := range run.Payments {
				fmt.Fprintf(&entries, `<Ntry><Amt Ccy="EUR">%s</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>B%d</AcctSvcrRef>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
<NtryDtls><TxDtls><Refs><EndToEndId>%s</EndToEndId></Refs><Amt Ccy="EUR">%s</Amt><CdtDbtInd>DBIT</CdtDbtInd></TxDtls></NtryDtls></Ntry>`,
					p.Amount.Plain(), i+1, p.EndToEndID, p.Amount.Plain())
				total, _ = total.Sub(p.Amount)
			}
			camt := fmt.Sprintf(`<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>M</MsgId><CreDtTm>2026-03-03T00:00:00</CreDtTm></GrpHdr>
<Stmt><Id>SG-2026-03-02</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-02</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">%s</Amt><CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2026-03-02</Dt></Dt></Bal>
%s</Stmt></BkToCstmrStmt></Document>`, total.Neg().Plain(), entries.String())
			ss, err := bank.ReadCamt053(strings.NewReader(camt), bank.ReadOptions{})
			require.NoError(t, err)
			_, err = r.ImportStatement(ctx, ss[0])
			require.NoError(t, err)
			props, err := r.ProposeImported(ctx, "SG", reconcile.Rules{})
			require.NoError(t, err)
			require.Len(t, props, 2)
			outs, err := r.ApplyImported(ctx, journal.NoID, props)
			require.NoError(t, err)
			for i, o := range outs {
				require.NoError(t, o.Err, props[i].Reason)
			}
			for i, bl := range bills {
				st, err := r.State(ctx, bl.ID)
				require.NoError(t, err)
				want := reconcile.Paid
				if i == 3 {
					want = reconcile.NotPaid
				}
				require.Equal(t, want, st.State, bl.Name())
			}
			require.NoError(t, b.Check(ctx))

			// A supplier without a bank account cannot be in a SEPA file.
			bill("S3", day(1, 5), "10.00", "")
			// A supplier without a bank account is refused before the run
			// writes anything.
			_, err = r.RunPayments(ctx, reconcile.RunRequest{Journal: "SG", Date: day(3, 1), DueBy: day(3, 1), Partners: []string{"S3"}})
			require.ErrorIs(t, err, reconcile.ErrRun)
			// And a run built by hand for it cannot become a SEPA file.
			_, err = bank.CreditTransfers(ctx, b, reconcile.PaymentRun{ID: "RUN-X", Journal: "SG", Date: day(3, 1),
				Payments: []reconcile.RunPayment{{Partner: "S3", Amount: e("10.00"), EndToEndID: "RUN-X-1"}}}, "Atelier")
			require.ErrorIs(t, err, bank.ErrTransfer)
			_, err = r.RunPayments(ctx, reconcile.RunRequest{Journal: "SG", Date: day(3, 1), DueBy: day(3, 1), Partners: []string{"S1"}})
			require.ErrorIs(t, err, reconcile.ErrRun, "nothing left due")
			_, err = r.RunPayments(ctx, reconcile.RunRequest{Journal: "BQ", Date: day(3, 1), DueBy: day(3, 1)})
			require.ErrorIs(t, err, reconcile.ErrRun, "a journal without an IBAN")
		})
	}
}
