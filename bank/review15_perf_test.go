package bank_test

import (
	"fmt"
	"testing"

	"github.com/lettrage/lettrage/ident"
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

// BenchmarkProposeImportedScaling: matching by IBAN must not read every
// partner for every statement transaction. Eight times the partners and
// entries should cost about eight times, not sixty-four: compare the
// ns/entry of the two sizes within one run (a timed test flaked on a
// loaded machine).
func BenchmarkProposeImportedScaling(b *testing.B) {
	for _, n := range []int{250, 2000} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			book, r := bookWithBankAccount(b, storetest.Backends[0])
			for i := 0; i < n; i++ {
				iban, err := ident.ParseIBAN(string(reviewIBAN(i)))
				require.NoError(b, err)
				require.NoError(b, book.AddPartner(ctx, ledger.Partner{Code: fmt.Sprintf("C%05d", i), Name: "x",
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
			require.NoError(b, err)
			b.ResetTimer()
			for range b.N {
				if _, err := r.ProposeImported(ctx, "BNP", reconcile.Rules{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/entry") // float ok: a benchmark metric
		})
	}
}
