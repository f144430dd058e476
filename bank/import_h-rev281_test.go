package bank_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// rev281Stmt is a camt.053 statement of the account FR76 3000 4000 0312
// 3456 7890 143 in ccy, from opening to closing with one receipt.
func rev281Stmt(id, ccy, opening, amount, closing string) string {
	bal := func(cd, amt, day string) string {
		return `<Bal><Tp><CdOrPrtry><Cd>` + cd + `</Cd></CdOrPrtry></Tp><Amt Ccy="` + ccy + `">` + amt +
			`</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>` + day + `</Dt></Dt></Bal>`
	}
	return `<Stmt><Id>` + id + `</Id>
   <FrToDt><FrDtTm>2026-03-01T00:00:00</FrDtTm><ToDtTm>2026-03-31T23:59:59</ToDtTm></FrToDt>
   <Acct><Id><IBAN>FR7630004000031234567890143</IBAN></Id><Ccy>` + ccy + `</Ccy></Acct>
   ` + bal("OPBD", opening, "2026-03-01") + bal("CLBD", closing, "2026-03-31") + `
   <Ntry><Amt Ccy="` + ccy + `">` + amount + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-03-10</Dt></BookgDt><AcctSvcrRef>` + id + `-1</AcctSvcrRef></Ntry>
  </Stmt>`
}

// rev281Camt is a camt.053 file of the statements given.
func rev281Camt(stmts ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>SOGE-20260401</MsgId><CreDtTm>2026-04-01T06:00:00</CreDtTm></GrpHdr>
  ` + strings.Join(stmts, "\n  ") + `
</BkToCstmrStmt></Document>`
}

// TestRev281ImportMultiCurrencyAccount: one IBAN held in euros and in
// dollars, a journal for each (bank accounts fixed to their currency):
// a file with a statement per currency imports each into its journal; a
// statement in a third currency is refused with a
// *StatementCurrencyError naming the IBAN and the currency, and nothing
// of the file is written. A second journal of the IBAN whose bank
// account is not fixed to another currency is refused.
func TestRev281ImportMultiCurrencyAccount(t *testing.T) {
	t.Parallel()
	for _, s := range storetest.Backends {
		t.Run(s.Name, func(t *testing.T) {
			b, r := rev281Book(t, s)
			for _, bad := range []ledger.Journal{
				{Code: "SGX", Name: "SG bis", Kind: ledger.JournalBank, BankAccount: "512010", IBAN: rev281IBAN}, // EUR again
				{Code: "SGY", Name: "SG any", Kind: ledger.JournalBank, BankAccount: "512000", IBAN: rev281IBAN}, // any currency
			} {
				require.ErrorIs(t, b.AddJournal(ctx, bad), ledger.ErrDuplicate, bad.Code)
			}

			eur := rev281Stmt("SG-EUR-03", "EUR", "1000.00", "250.00", "1250.00")
			usd := rev281Stmt("SG-USD-03", "USD", "500.00", "120.00", "620.00")
			gbp := rev281Stmt("SG-GBP-03", "GBP", "0.00", "80.00", "80.00")

			ss, err := bank.ReadCamt053(strings.NewReader(rev281Camt(eur, usd, gbp)), bank.ReadOptions{})
			require.NoError(t, err)
			_, err = r.ImportStatements(ctx, ss)
			var ce *reconcile.StatementCurrencyError
			require.True(t, errors.As(err, &ce), "%v", err)
			require.Equal(t, ident.IBAN(rev281IBAN), ce.IBAN)
			require.Equal(t, "GBP", ce.Currency.Code())
			require.Equal(t, "SG-GBP-03", ce.Statement)
			require.Equal(t, []string{"SGE in EUR", "SGU in USD"}, ce.Journals)
			require.ErrorIs(t, err, reconcile.ErrBankAccount)
			require.ErrorIs(t, err, reconcile.ErrStatement)
			require.ErrorContains(t, err, "FR76 3000 4000 0312 3456 7890 143")
			for _, j := range []string{"SGE", "SGU"} {
				kept, err := r.Statements(ctx, j)
				require.NoError(t, err)
				require.Empty(t, kept, "nothing of the file is written: %s", j)
			}

			ss, err = bank.ReadCamt053(strings.NewReader(rev281Camt(eur, usd)), bank.ReadOptions{})
			require.NoError(t, err)
			got, err := r.ImportStatements(ctx, ss)
			require.NoError(t, err)
			require.Equal(t, []reconcile.Imported{
				{Journal: "SGE", Statement: "SG-EUR-03", New: true, Entries: 1},
				{Journal: "SGU", Statement: "SG-USD-03", New: true, Entries: 1},
			}, got)
			require.NoError(t, b.Check(ctx))
		})
	}
}

// TestRev281ImportMultiCurrencyCFONB: a CFONB 120 file of one account
// (one RIB) with a statement in euros and one in dollars goes to the two
// journals of its IBAN.
func TestRev281ImportMultiCurrencyCFONB(t *testing.T) {
	t.Parallel()
	b, r := rev281Book(t, storetest.Backends[0])
	// The records of the account 30004 00003 12345678901 (rev281IBAN).
	sg := func(file string) string {
		lines := strings.Split(file, "\r\n")
		for i, l := range lines {
			if len(l) == 120 {
				lines[i] = l[:2] + "30004" + l[7:11] + "00003" + l[16:]
			}
		}
		return strings.Join(lines, "\r\n")
	}
	eur := sg(rev281Foreign("USD2" + rev281Digits(100000) + "400000010850"))
	usd := strings.ReplaceAll(eur, "EUR2 ", "USD2 ")
	ss, err := bank.ReadCFONB120(strings.NewReader(eur+usd), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 2)
	require.Equal(t, ident.IBAN(rev281IBAN), ss[0].Account)
	require.Equal(t, ss[0].Account, ss[1].Account)
	require.Equal(t, "USD", ss[1].Currency.Code())
	got, err := r.ImportStatements(ctx, ss)
	require.NoError(t, err)
	require.Equal(t, "SGE", got[0].Journal)
	require.Equal(t, "SGU", got[1].Journal)
	require.NoError(t, b.Check(ctx))
}

// rev281IBAN is an account held in euros and in dollars.
const rev281IBAN = "FR7630004000031234567890143"

// rev281Book is a book with a journal for each currency of rev281IBAN,
// SGE in euros (512010) and SGU in dollars (512020).
func rev281Book(t *testing.T, s storetest.Backend) (*ledger.Book, *reconcile.Reconciler) {
	b, r := bookWithBankAccount(t, s)
	for _, a := range []struct{ code, ccy string }{{"512010", "EUR"}, {"512020", "USD"}} {
		acct := ledger.NewAccount(a.code, "SG "+a.ccy, ledger.KindBank)
		acct.Currency = currency.MustLookup(a.ccy)
		require.NoError(t, b.AddAccount(ctx, acct))
	}
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "SGE", Name: "SG EUR", Kind: ledger.JournalBank, BankAccount: "512010", IBAN: rev281IBAN}))
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "SGU", Name: "SG USD", Kind: ledger.JournalBank, BankAccount: "512020", IBAN: rev281IBAN}))
	return b, r
}
