package reconcile_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/lettrage/lettrage/store/memstore"
)

// BenchmarkProposeImportedNames matches a statement of 2 000 entries
// from accounts no partner holds against a book of 10 000 customers
// whose names all begin "Société": half the entries carry a customer's
// name cut at 35 characters, half a long name no customer has. It
// measures what finding a cut name costs against matching by IBAN only
// (names off).
//
//	go test ./reconcile -run '^$' -bench ProposeImportedNames -benchtime 3x -benchmem
func BenchmarkProposeImportedNames(b *testing.B) {
	f := newFixture(b, memstore.New())
	require.NoError(b, f.book.AddJournal(ctx, ledger.Journal{Code: "BNP", Name: "BNP Paribas", Kind: ledger.JournalBank,
		BankAccount: "512000", IBAN: rvIBAN, UsesOutstanding: true, OutstandingReceipts: "512100", OutstandingPayments: "512200"}))
	words := []string{"Nouvelle", "Générale", "Alpine", "Bretonne", "Industrielle", "Commerciale", "Atlantique", "Provençale",
		"Normande", "Lorraine"}
	name := func(i int) string {
		return fmt.Sprintf("Société %s %s %s de Distribution Régionale %d", words[i%10], words[i/10%10], words[i/100%10], i)
	}
	const partners, entries = 10000, 2000
	ps := make([]ledger.Partner, partners)
	for i := range ps {
		ps[i] = ledger.Partner{Code: fmt.Sprintf("C%05d", i), Name: name(i)}
	}
	require.NoError(b, f.book.AddPartners(ctx, ps...))
	s := reconcile.BankStatement{Account: rvIBAN, ID: "N1", Currency: eur, Opening: e("0.00"), OpeningDate: d(3, 20), ClosingDate: d(3, 20)}
	closing := e("0.00")
	for i := 0; i < entries; i++ {
		who := ident.EPCText(name(i*5), 35) // cut at 35
		if i%2 == 1 {
			who = fmt.Sprintf("SOCIETE INCONNUE DE NEGOCE NUMERO %d", i)
		}
		amt := e(fmt.Sprintf("%d.00", 100+i))
		closing, _ = closing.Add(amt)
		s.Entries = append(s.Entries, reconcile.BankEntry{Ref: fmt.Sprintf("N1-%d", i), BookingDate: d(3, 20), Amount: amt, Label: "VIR",
			Transactions: []reconcile.BankTransaction{{Counterparty: who, CounterpartyIBAN: ident.IBAN(fmt.Sprintf("FR76300040000312345%08d", i))}}})
	}
	s.Closing = closing
	_, err := f.rec.ImportStatement(ctx, s)
	require.NoError(b, err)
	for _, c := range []struct {
		name  string
		rules reconcile.Rules
	}{{"iban-only", reconcile.Rules{NoCounterpartyNames: true}}, {"names", reconcile.Rules{}}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				props, err := f.rec.ProposeImported(ctx, "BNP", c.rules)
				require.NoError(b, err)
				require.Len(b, props, entries)
			}
		})
	}
}
