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
	t.Parallel()
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
	"Müller GmbH", "Imprimerie Roux", "Dupont & Fils", "Société Générale de Chauffage", "Hélène Lefèvre", "Durand BTP", "Durand BTP",
	"Transports Routiers du Grand Ouest Atlantique SAS", "Transports Routiers du Grand Ouest Armor", "Grossiste Weiß Präzisionswerkzeuge"}

func importAttributionRound(t *testing.T, f *fixture, r *rand.Rand, round int, stats map[string]int) {
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("round %d: %s", round, fmt.Sprintf(format, args...))
	}
	// Half the rounds on a bank journal that books payments straight to
	// the bank account: the statement then records them (Booked).
	booked := r.IntN(2) == 0
	var b *rvBank
	if booked {
		require.NoError(t, f.book.AddJournal(ctx, ledger.Journal{Code: "BNP", Name: "BNP Paribas", Kind: ledger.JournalBank,
			BankAccount: "512000", IBAN: rvIBAN}))
		b = &rvBank{fixture: f, bal: e("0.00")}
	} else {
		b = newRvBank(t, f)
	}
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
	// Invoices, in either sales journal, of random amounts; some partners
	// are suppliers too, their bills paid by transfers out.
	type attrInvoice struct {
		e       journal.Entry
		partner int
		cents   int64 // > 0 money in, < 0 money out
	}
	var invoices []attrInvoice
	for i := range partners {
		for k := 0; k < 1+r.IntN(3); k++ {
			cents := 5000 + r.Int64N(200000)
			if r.IntN(4) == 0 {
				x := f.post(t, journal.Entry{Journal: "AC", Date: d(3, 1+r.IntN(20)), Type: journal.TypeInvoice, Ref: fmt.Sprintf("SUP-%d-%d", i, k),
					Lines: []journal.Line{
						{Account: "401000", Partner: partners[i].code, Balance: currency.FromMinor(eur, -cents)},
						{Account: "607000", Balance: currency.FromMinor(eur, cents)}}})
				invoices = append(invoices, attrInvoice{x, i, -cents})
				continue
			}
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
		// identified: the entry carries an IBAN or a name, as a transfer
		// from someone's account does.
		identified bool
	}
	var entries []rvEntry
	var names []string
	var truths []truth
	perm := r.Perm(len(invoices))
	paidBy := map[journal.ID]journal.Entry{}
	transfer := map[journal.ID]bool{} // waiting payments by transfer: the bank shows them as the partner's
	registered := map[journal.ID]journal.Entry{}
	for _, k := range perm[:r.IntN(len(invoices)/2+1)] {
		inv := invoices[k]
		p := partners[inv.partner]
		pay := reconcile.Payment{Direction: reconcile.Inbound, Partner: p.code, Journal: "BNP", Date: d(3, 22),
			Amount: currency.FromMinor(eur, inv.cents).Abs(), Ref: fmt.Sprintf("REC%d-%d", round, k), Method: reconcile.MethodTransfer}
		if r.IntN(3) == 0 {
			pay.Ref = fmt.Sprintf("CMD%d", 100+r.IntN(3)) // a memo other partners may have written too
		}
		if inv.cents < 0 {
			pay.Direction = reconcile.Outbound
		}
		if r.IntN(2) == 0 {
			pay.Invoices = append(pay.Invoices, inv.e.ID)
		} else if inv.cents > 0 && r.IntN(2) == 0 {
			// A cheque, a card or cash on account: not a transfer, never
			// what a transfer from the partner shows.
			pay.Method = [...]reconcile.Method{reconcile.MethodCheque, reconcile.MethodCard, reconcile.MethodCash}[r.IntN(3)]
		}
		res, err := f.rec.RegisterPayment(ctx, pay)
		require.NoError(t, err)
		w := res.Entries[0]
		registered[w.ID] = w
		if pay.Method == reconcile.MethodTransfer {
			paidBy[inv.e.ID] = w
			transfer[w.ID] = true
		}
		stats["waiting "+pay.Method.String()]++
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
			if inv.cents < 0 {
				x.remittance = "Facture " + inv.e.Ref // the supplier's number
			}
		case 1:
			x.remittance = "Facture " + digitsOf(inv.e)
		case 2:
			x.remittance = "VIR F" + strings.ReplaceAll(digitsOf(inv.e), "-", "")
		}
		w, waiting := paidBy[inv.e.ID]
		if waiting && r.IntN(3) == 0 {
			x.e2e = w.Ref // our payment's reference, back from the bank
		}
		if waiting && r.IntN(4) == 0 {
			x.remittance = "REF " + w.Ref // the memo the partner wrote, registered with the payment
			stats["memo"]++
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
		truths = append(truths, truth{p.code, inv.e.ID, w.ID, x.iban != "" || name != ""})
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
	partnerOf := func(w journal.Entry) (string, currency.Amount) {
		for _, l := range w.Lines {
			if l.Partner != "" {
				return l.Partner, l.Balance.Neg()
			}
		}
		return "", currency.Amount{}
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
		cleared := slices.Concat(p.Target.Payments, p.Target.Booked)
		if booked && len(p.Target.Payments) > 0 || !booked && len(p.Target.Booked) > 0 {
			fail("entry %s: payments %v, booked %v on a journal booking payments %v: %s", p.Ref, p.Target.Payments, p.Target.Booked, booked, p.Reason)
		}
		for _, id := range cleared {
			// A payment of the sender and amount; by transfer when the
			// entry comes from the partner's account (a cheque, a card or
			// cash reaches the bank otherwise; an entry that says nothing
			// may be one, the lone payment waiting of its amount).
			w, ok := registered[id]
			who, amount := partnerOf(w)
			if !ok || who != want.partner || !amount.Equal(p.Amount) || want.identified && !transfer[id] {
				fail("entry %s of %s sent by %q clears payment %s of %q (%s, by transfer %v): %s", p.Ref, p.Amount, want.partner, w.Name(),
					who, amount, transfer[id], p.Reason)
			}
		}
		// The bank showing a payment registered: paying an invoice with
		// the money would count it twice.
		if want.payment != journal.NoID && len(p.Target.Invoices) > 0 {
			fail("entry %s shows payment of %q waiting, but pays documents %v: %s", p.Ref, want.partner, p.Target.Invoices, p.Reason)
		}
		switch {
		case slices.Contains(cleared, want.payment):
			stats["its payment"]++
		case len(cleared) > 0:
			stats["a payment alike"]++
		case slices.Contains(p.Target.Invoices, want.invoice):
			stats["its invoice"]++
		case p.Target.Partner != "":
			stats["its partner"]++
		default:
			stats["other"]++
		}
		for _, w := range []string{"by its digits", "'s name", "cut by the bank", "IBAN", "is the reference of payment"} {
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
// another order, "&" for "et", umlauts written as German does ("ue"),
// cut to a field's length (27, 32 or 35 characters) — all of which
// leave it the same name.
func bankName(r *rand.Rand, name string) string {
	if r.IntN(2) == 0 {
		name = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss").Replace(name)
	}
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
	shuffled := r.IntN(3) == 0 && !slices.ContainsFunc(words, func(w string) bool { return len(w) <= 2 })
	if shuffled {
		r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
	}
	if len(legal) > 0 && r.IntN(2) == 0 {
		words = append(legal, words...) // "SARL DUPONT ET FILS"
	}
	out := strings.Join(words, " ")
	if n := [...]int{27, 32, 35}[r.IntN(3)]; !shuffled && len(out) > n && r.IntN(2) == 0 {
		out = strings.TrimSpace(out[:n])
	}
	return out
}
