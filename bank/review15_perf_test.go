package bank_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/storetest"
	"github.com/stretchr/testify/require"
)

func reviewIBAN(n int) ident.IBAN {
	bban := fmt.Sprintf("3000600001%011d00", n)
	s := bban + "FR00"
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			r = (r*100 + int(c-'A') + 10) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return ident.IBAN(fmt.Sprintf("FR%02d%s", 98-r, bban))
}

// Matching by IBAN must not read every partner for every statement
// transaction: eight times the partners and entries should cost about
// eight times, not sixty-four. This compares durations, so it takes the
// fastest of several runs and allows three times the linear ratio.
func TestReviewProposeImportedScaling(t *testing.T) {
	run := func(n int) time.Duration {
		b, r := bookWithBankAccount(t, storetest.Backends[0])
		for i := 0; i < n; i++ {
			iban, err := ident.ParseIBAN(string(reviewIBAN(i)))
			require.NoError(t, err)
			require.NoError(t, b.AddPartner(ctx, ledger.Partner{Code: fmt.Sprintf("C%05d", i), Name: "x",
				BankAccounts: []ledger.BankAccount{{IBAN: iban}}}))
		}
		st := reconcile.BankStatement{Account: "FR7630006000011234567890189", ID: "S1", Currency: reviewEUR,
			Opening: reviewE("0.00"), OpeningDate: reviewDay(1), Closing: reviewE("0.00"), ClosingDate: reviewDay(31)}
		sum := reviewE("0.00")
		for i := 0; i < n; i++ {
			a := reviewE("1.00")
			st.Entries = append(st.Entries, reconcile.BankEntry{Ref: fmt.Sprint("E", i), BookingDate: reviewDay(5), Amount: a,
				Transactions: []reconcile.BankTransaction{{CounterpartyIBAN: reviewIBAN(n + i)}}}) // nobody's
			sum, _ = sum.Add(a)
		}
		st.Closing = sum
		_, err := r.ImportStatement(ctx, st)
		require.NoError(t, err)
		// The fastest of five runs: on a loaded machine one run measures
		// the other processes more than the matching.
		best := time.Duration(1<<63 - 1)
		for range 5 {
			start := time.Now()
			_, err = r.ProposeImported(ctx, "BNP", reconcile.Rules{})
			require.NoError(t, err)
			best = min(best, time.Since(start))
		}
		return best
	}
	small, large := run(250), run(2000)
	t.Logf("250: %v, 2000: %v (x%.1f)", small, large, float64(large)/float64(small))                                  // float ok: a ratio of durations
	require.Less(t, float64(large)/float64(small), 24.0, "8x the entries and partners should cost about 8x, not 64x") // float ok: a ratio of durations
	_ = journal.NoID
}
