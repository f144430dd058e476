package bank_test

import (
	"strings"
	"testing"

	"github.com/lettrage/lettrage/bank"
	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

// hrev284SG moves rev281Foreign's records to the account 30004 00003
// 12345678901 (RIB key 43), in currency ccy.
func hrev284SG(file, ccy string) string {
	lines := strings.Split(file, "\r\n")
	for i, l := range lines {
		if len(l) == 120 {
			lines[i] = l[:2] + "30004" + l[7:11] + "00003" + l[16:]
		}
	}
	return strings.ReplaceAll(strings.Join(lines, "\r\n"), "EUR2 ", ccy+"2 ")
}

// Was failing, fixed: a Monaco account held in euros and in dollars (IBAN MC58 3000
// 4000 0312 3456 7890 143, the French BBAN under "MC"), a journal for
// each currency (MCE in EUR, MCU in USD), sends a CFONB 120 file with a
// statement per currency. CFONB gives no country, so the reader writes
// the account as FR76 3000 4000 0312 3456 7890 143 and the import finds
// the journal by its BBAN (journalOfBBAN) — but journalOfBBAN returns the
// first journal of that BBAN (MCE) whatever the currency, and the dollar
// statement is then refused with a *StatementCurrencyError ("no bank
// journal … is (MCE in EUR)") though MCU is in dollars. Expected: the
// euro statement to MCE, the dollar one to MCU, as for a French IBAN
// (TestRev281ImportMultiCurrencyCFONB; CHANGELOG: "sends each statement of
// a camt.053 or CFONB 120 file to the journal of its IBAN and currency");
// actual: the file refused.
func TestHrev284CFONBMonacoMultiCurrency(t *testing.T) {
	t.Parallel()
	b, r := bookWithBankAccount(t, storetest.Backends[0])
	for _, a := range []struct{ code, ccy string }{{"512010", "EUR"}, {"512020", "USD"}} {
		acct := ledger.NewAccount(a.code, "CMB "+a.ccy, ledger.KindBank)
		acct.Currency = currency.MustLookup(a.ccy)
		require.NoError(t, b.AddAccount(ctx, acct))
	}
	const mc = "MC5830004000031234567890143"
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "MCE", Name: "CMB EUR", Kind: ledger.JournalBank, BankAccount: "512010", IBAN: mc}))
	require.NoError(t, b.AddJournal(ctx, ledger.Journal{Code: "MCU", Name: "CMB USD", Kind: ledger.JournalBank, BankAccount: "512020", IBAN: mc}))

	base := rev281Foreign("USD2" + rev281Digits(100000) + "400000010850")
	file := hrev284SG(base, "EUR") + hrev284SG(strings.ReplaceAll(base, "USD2"+rev281Digits(100000), "EUR2"+rev281Digits(92000)), "USD")
	ss, err := bank.ReadCFONB120(strings.NewReader(file), bank.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, ss, 2)
	require.Equal(t, "USD", ss[1].Currency.Code())
	got, err := r.ImportStatements(ctx, ss)
	require.NoError(t, err, "each statement to the journal of its currency")
	require.Equal(t, "MCE", got[0].Journal)
	require.Equal(t, "MCU", got[1].Journal)
	require.NoError(t, b.Check(ctx))
}
