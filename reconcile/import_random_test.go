package reconcile_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/ident"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// TestRandomizedImportAttribution imports random bank statements into
// random books and checks what matters most in statement matching: money
// is never attributed to another partner than the one who sent it. Each
// entry is generated from the truth — which partner pays which invoice —
// with random evidence: the partner's IBAN, an account the book does not
// know or none; the partner's name as a bank writes it (upper case, no
// accents, legal form dropped or moved, words reordered, "&" for "et"),
// another name or none; the invoice's number as written, by its digits
// ("Facture 2026-00012", "F202600012") or not at all. Partners share
// names (homonyms), two sales journals number alike, and entries nobody
// sent (fees, unknown receipts) are mixed in. Every proposal naming a
// partner or documents must name the sender and its documents, and
// applying them keeps Check clean. Replay with -seed.
func TestRandomizedImportAttribution(t *testing.T) {
	seed := testSeed(t)
	rounds := max(1, *modelSteps/25)
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 31))
			stats := map[string]int{}
			defer func() { t.Logf("%v", stats) }()
			for round := 0; round < rounds; round++ {
				f := newFixture(t, s.Open(t))
				importAttributionRound(t, f, r, round, stats)
			}
		})
	}
}

// attrPartner is a partner of the random book.
type attrPartner struct {
	code, name string
	iban       ident.IBAN
}

// attrNames are base names, some alike once compared (homonyms), a
// person's and a company's of one surname.
var attrNames = []string{"Dupont et Fils SARL", "Martin SAS", "M. Jean Martin", "Boulangerie Lefèvre", "Garage Petit",
	"Müller GmbH", "Imprimerie Roux", "Dupont & Fils", "Société Générale de Chauffage", "Hélène Lefèvre", "Durand BTP", "Durand BTP"}

func importAttributionRound(t *testing.T, f *fixture, r *rand.Rand, round int, stats map[string]int) {
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("round %d: %s", round, fmt.Sprintf(format, args...))
	}
	b := newRvBank(t, f)
	hrev23Journal(t, f, "VE")
	rib := func(n int) ident.IBAN {
		iban, err := ident.IBANOfRIB("30004", fmt.Sprintf("%05d", 100+n), fmt.Sprintf("%011d", 1000000+n))
		require.NoError(t, err)
		return iban
	}
	var partners []attrPartner
	for i := 0; i < 4+r.IntN(8); i++ {
		p := attrPartner{code: fmt.Sprintf("P%02d", i), name: attrNames[r.IntN(len(attrNames))]}
		if r.IntN(2) == 0 {
			p.iban = rib(round*100 + i)
		}
		lp := ledger.Partner{Code: p.code, Name: p.name}
		if p.iban != "" {
			lp.BankAccounts = []ledger.BankAccount{{IBAN: p.iban}}
		}
		require.NoError(t, f.book.AddPartner(ctx, lp))
		partners = append(partners, p)
	}
	// Invoices, in either sales journal, of random amounts.
	type attrInvoice struct {
		e       journal.Entry
		partner int
		cents   int64
	}
	var invoices []attrInvoice
	for i := range partners {
		for k := 0; k < 1+r.IntN(3); k++ {
			cents := 5000 + r.Int64N(200000)
			j := "VT"
			if r.IntN(3) == 0 {
				j = "VE"
			}
			x := hrev23Invoice(t, f, j, partners[i].code, d(3, 1+r.IntN(20)), currency.FromMinor(eur, cents).Plain(), "")
			invoices = append(invoices, attrInvoice{x, i, cents})
		}
	}
	// Payments registered and waiting for the bank: some paying an
	// invoice (which is then in payment), some on account.
	type truth struct {
		partner string // "" for noise
		invoice journal.ID
		payment journal.ID // the registered payment the entry shows
	}
	var entries []rvEntry
	var names []string
	var truths []truth
	perm := r.Perm(len(invoices))
	paidBy := map[journal.ID]journal.Entry{}
	for _, k := range perm[:r.IntN(len(invoices)/2+1)] {
		inv := invoices[k]
		p := partners[inv.partner]
		amount := currency.FromMinor(eur, inv.cents).Plain()
		var of []journal.Entry
		if r.IntN(2) == 0 {
			of = append(of, inv.e)
		}
		w := b.receiveRef(t, p.code, d(3, 22), amount, fmt.Sprintf("REC%d-%d", round, k), of...)
		paidBy[inv.e.ID] = w
		stats["waiting"]++
	}
	// Entries: each of a random subset of invoices paid once (the
	// registered payment when there is one), and noise.
	for _, k := range perm[:r.IntN(len(invoices)+1)] {
		inv := invoices[k]
		p := partners[inv.partner]
		x := rvEntry{amount: currency.FromMinor(eur, inv.cents).Plain()}
		switch r.IntN(4) {
		case 0:
			x.remittance = "Facture " + inv.e.Name()
		case 1:
			x.remittance = "Facture " + digitsOf(inv.e)
		case 2:
			x.remittance = "VIR F" + strings.ReplaceAll(digitsOf(inv.e), "-", "")
		}
		w, waiting := paidBy[inv.e.ID]
		if waiting && r.IntN(3) == 0 {
			x.e2e = w.Ref // our payment's reference, back from the bank
		}
		switch r.IntN(3) {
		case 0:
			x.iban = string(p.iban) // perhaps none
		case 1:
			x.iban = string(rib(90000 + r.IntN(1000))) // an account nobody holds
		}
		name := ""
		switch r.IntN(3) {
		case 0:
			name = bankName(r, p.name)
		case 1:
			name = "VIREMENT SEPA"
		}
		entries = append(entries, x)
		names = append(names, name)
		truths = append(truths, truth{p.code, inv.e.ID, w.ID})
	}
	for i := 0; i < r.IntN(4); i++ {
		amount := currency.FromMinor(eur, 100+r.Int64N(100000))
		if r.IntN(2) == 0 {
			amount = amount.Neg() // fees
		}
		entries = append(entries, rvEntry{amount: amount.Plain(), remittance: "FRAIS " + fmt.Sprint(r.IntN(1000000))})
		names = append(names, [...]string{"", "BNP PARIBAS", "SARL INCONNUE"}[r.IntN(3)])
		truths = append(truths, truth{})
	}
	if len(entries) == 0 {
		return
	}
	s := b.statement(d(3, 25), entries...)
	for i := range s.Entries {
		s.Entries[i].Transactions[0].Counterparty = names[i]
	}
	_, err := b.rec.ImportStatement(ctx, s)
	require.NoError(t, err)
	b.bal = s.Closing

	rules := reconcile.Rules{NoReferenceDigits: r.IntN(5) == 0, NoCounterpartyNames: r.IntN(5) == 0}
	props := b.propose(t, rules)
	byRef := map[string]int{}
	for i := range s.Entries {
		byRef[s.Entries[i].Ref] = i
	}
	owner := map[journal.ID]string{}
	for _, inv := range invoices {
		owner[inv.e.ID] = partners[inv.partner].code
	}
	waitingOf := map[journal.ID]journal.Entry{} // registered payment → its entry
	for _, w := range paidBy {
		waitingOf[w.ID] = w
	}
	var apply []reconcile.ImportedProposal
	for _, p := range props {
		i, ok := byRef[p.Ref]
		if !ok {
			fail("proposal for an entry not imported: %s", p.Ref)
		}
		want := truths[i]
		if !p.Matched {
			stats["unmatched"]++
			continue
		}
		if p.Target.Partner != "" && p.Target.Partner != want.partner {
			fail("entry %s (%s, %q, IBAN %s, %q) sent by %q proposed for %s: %s", p.Ref, p.Amount, names[i], entries[i].iban,
				entries[i].remittance, want.partner, p.Target.Partner, p.Reason)
		}
		for _, id := range p.Target.Invoices {
			if owner[id] != want.partner {
				fail("entry %s sent by %q pays a document of %q: %s", p.Ref, want.partner, owner[id], p.Reason)
			}
		}
		for _, id := range p.Target.Payments {
			w, ok := waitingOf[id]
			if !ok || w.Lines[0].Partner != want.partner || !w.Lines[0].Balance.Neg().Equal(p.Amount) {
				fail("entry %s of %s sent by %q clears payment %s of %q (%s): %s", p.Ref, p.Amount, want.partner, w.Name(),
					w.Lines[0].Partner, w.Lines[0].Balance, p.Reason)
			}
		}
		// The bank showing a payment registered: paying an invoice with
		// the money would count it twice.
		if want.payment != journal.NoID && len(p.Target.Invoices) > 0 {
			fail("entry %s shows payment of %q waiting, but pays documents %v: %s", p.Ref, want.partner, p.Target.Invoices, p.Reason)
		}
		if len(p.Target.Booked) > 0 {
			fail("entry %s books payments on a journal with outstanding accounts: %s", p.Ref, p.Reason)
		}
		switch {
		case slices.Contains(p.Target.Payments, want.payment):
			stats["its payment"]++
		case len(p.Target.Payments) > 0:
			stats["a payment alike"]++
		case slices.Contains(p.Target.Invoices, want.invoice):
			stats["its invoice"]++
		case p.Target.Partner != "":
			stats["its partner"]++
		default:
			stats["other"]++
		}
		for _, w := range []string{"by its digits", "'s name", "IBAN"} {
			if strings.Contains(p.Reason, w) {
				stats[w]++
			}
		}
		apply = append(apply, p)
	}
	outs, err := f.rec.ApplyImported(ctx, journal.NoID, apply)
	require.NoError(t, err)
	for i, o := range outs {
		if o.Err != nil {
			fail("apply %s: %v (%s)", apply[i].Ref, o.Err, apply[i].Reason)
		}
	}
	require.NoError(t, f.book.Check(ctx), "round %d", round)
}

// bankName writes a partner's name as a bank might: upper case without
// accents, its legal form dropped or moved to the front, its words in
// another order, "&" for "et" — all of which leave it the same name.
func bankName(r *rand.Rand, name string) string {
	words := strings.Fields(ident.EPCText(name, 140))
	for i, w := range words {
		if r.IntN(2) == 0 {
			words[i] = strings.ToUpper(w)
		}
		if strings.EqualFold(w, "et") && r.IntN(2) == 0 {
			words[i] = "&"
		}
	}
	var legal []string
	words = slices.DeleteFunc(words, func(w string) bool {
		switch strings.ToUpper(w) {
		case "SARL", "SAS", "GMBH":
			legal = append(legal, w)
			return true
		}
		return false
	})
	if r.IntN(3) == 0 && !slices.ContainsFunc(words, func(w string) bool { return len(w) <= 2 }) {
		r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	}
	if len(legal) > 0 && r.IntN(2) == 0 {
		words = append(legal, words...) // "SARL DUPONT ET FILS"
	}
	return strings.Join(words, " ")
}
