package reconcile_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/ledger"
	"github.com/lettrage/lettrage/reconcile"
)

// TestRandomizedBillMoves draws LCRs on cash-basis invoices and moves
// their debts at random: collected in part, returned unpaid onto 411000,
// the debt put back paid or drawn again, renewed, discounted then
// confirmed or returned, with random detaches and cancellations on the
// way. The strict book checks invariant 9 after every commit (what moved
// stays within what the collected money makes due, and is exactly the
// tax once the debt is collected); an operation may be refused, never
// leave the book inconsistent. Replay with -seed.
func TestRandomizedBillMoves(t *testing.T) {
	t.Parallel()
	seed := testSeed(t)
	rounds := max(1, *modelSteps/25)
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s.Open(t))
			f.discountAccounts(t)
			r := rand.New(rand.NewPCG(seed, 29))
			for round := 0; round < rounds; round++ {
				randomBillRound(t, f, r, round)
			}
			f.check(t)
		})
	}
}

func randomBillRound(t *testing.T, f *fixture, r *rand.Rand, round int) {
	t.Helper()
	inv := f.cashBasisDoc(t, journal.CustomerInvoice, "C1", d(1, 2), fmt.Sprintf("%d.%02d", 1+r.IntN(2000), r.IntN(100)))
	// open holds the entries whose lines may carry the debt: bills (their
	// 413000 line, index 1), returns and discounts (their line 0).
	type carrier struct {
		e    journal.Entry
		kind string // "bill", "back", "disc"
	}
	bill := f.drawLCR(t, fmt.Sprintf("R%d", round), inv)
	carriers := []carrier{{bill, "bill"}}
	touched := []journal.LineRef{inv.LineRef(0), bill.LineRef(1)}
	var moneys []journal.ID
	day := 0
	next := func() journal.Date { day++; return journal.MustDate(2026, 2, 1).AddDays(day) }
	refused := func(err error, what string) {
		t.Helper()
		var ce *ledger.CheckError
		if errors.As(err, &ce) {
			t.Fatalf("round %d, %s: %v", round, what, err)
		}
	}
	open := func(ref journal.LineRef) currency.Amount { return f.residual(t, ref).Abs() }
	part := func(a currency.Amount) currency.Amount {
		n, _ := a.MinorUnits()
		if r.IntN(2) == 0 || n <= 1 {
			return a
		}
		return currency.FromMinor(eur, 1+r.Int64N(n))
	}
	refOf := func(c carrier) journal.LineRef {
		if c.kind == "bill" {
			return c.e.LineRef(1)
		}
		return c.e.LineRef(0)
	}
	for step := 0; step < 40; step++ {
		op := r.IntN(8)
		c := carriers[r.IntN(len(carriers))]
		for _, k := range r.Perm(len(carriers)) { // one the operation fits, if any
			x := carriers[k]
			fits := map[int]bool{0: x.kind == "bill", 1: x.kind != "back", 2: x.kind == "back", 3: x.kind != "disc", 4: x.kind == "bill",
				5: x.kind == "disc"}[op]
			if fits && !open(refOf(x)).IsZero() {
				c = x
				break
			}
		}
		ref := refOf(c)
		rest := open(ref)
		switch {
		case op == 0 && c.kind == "bill" && !rest.IsZero():
			res, err := f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: next(), Amount: part(rest),
				Partner: "C1", Invoices: []journal.ID{c.e.ID}})
			refused(err, "collect")
			if err == nil {
				moneys = append(moneys, res.Entries[0].ID)
				touched = append(touched, res.Entries[0].LineRef(0))
			}
		case op == 1 && c.kind != "back" && !rest.IsZero():
			lines := []journal.Line{
				{Account: "411000", Partner: "C1", Balance: rest},
				{Account: "413000", Partner: "C1", Balance: rest.Neg()},
			}
			if c.kind == "disc" {
				lines[1] = journal.Line{Account: "511400", Balance: rest.Neg()}
			}
			back := f.post(t, journal.Entry{Journal: "OD", Date: next(), Label: "Impayé", Lines: lines})
			_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{ref, back.LineRef(1)}})
			refused(err, "return")
			carriers = append(carriers, carrier{back, "back"})
			touched = append(touched, back.LineRef(1))
		case op == 2 && c.kind == "back" && !rest.IsZero():
			res, err := f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: next(),
				Amount: part(rest), Method: reconcile.MethodTransfer, Invoices: []journal.ID{c.e.ID}})
			refused(err, "pay back")
			if err == nil {
				moneys = append(moneys, res.Entries[0].ID)
				touched = append(touched, res.Entries[0].LineRef(0))
			}
		case op == 3 && c.kind != "disc" && !rest.IsZero():
			res, err := f.rec.DrawBill(ctx, reconcile.Bill{Direction: reconcile.Inbound, Partner: "C1", Journal: "OD", Date: next(),
				DueDate: journal.MustDate(2026, 12, 31), Invoices: []journal.ID{c.e.ID}, Ref: fmt.Sprintf("R%d-%d", round, step)})
			refused(err, "draw again")
			if err == nil {
				carriers = append(carriers, carrier{res.Entries[0], "bill"})
				touched = append(touched, res.Entries[0].LineRef(0))
			}
		case op == 4 && c.kind == "bill" && !rest.IsZero():
			disc := f.post(t, journal.Entry{Journal: "OD", Date: next(), Label: "Escompte", Lines: []journal.Line{
				{Account: "511400", Balance: rest},
				{Account: "413000", Partner: "C1", Balance: rest.Neg()},
			}})
			_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{ref, disc.LineRef(1)}})
			refused(err, "discount")
			carriers = append(carriers, carrier{disc, "disc"})
			touched = append(touched, disc.LineRef(1))
		case op == 5 && c.kind == "disc" && !rest.IsZero():
			confirm := f.post(t, journal.Entry{Journal: "OD", Date: next(), Label: "Échéance", Lines: []journal.Line{
				{Account: "519000", Balance: rest},
				{Account: "511400", Balance: rest.Neg()},
			}})
			_, err := f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{ref, confirm.LineRef(1)}})
			refused(err, "confirm")
			touched = append(touched, confirm.LineRef(1))
		case op == 6 && len(touched) > 0:
			_, err := f.rec.Detach(ctx, journal.NoID, touched[r.IntN(len(touched))])
			refused(err, "detach")
		case op == 7 && len(moneys) > 0:
			_, err := f.rec.CancelPayment(ctx, journal.NoID, moneys[r.IntN(len(moneys))])
			refused(err, "cancel")
		}
	}
	// Pay every debt where it is now: once all of it is money, the
	// invoice's tax is due in full.
	for _, c := range carriers {
		rest := open(refOf(c))
		if rest.IsZero() {
			continue
		}
		var err error
		switch c.kind {
		case "bill":
			_, err = f.rec.PostStatementLine(ctx, reconcile.StatementLine{Journal: "BQD", Date: next(), Amount: rest, Partner: "C1",
				Invoices: []journal.ID{c.e.ID}})
		case "back":
			_, err = f.rec.RegisterPayment(ctx, reconcile.Payment{Direction: reconcile.Inbound, Partner: "C1", Journal: "BQD", Date: next(),
				Amount: rest, Method: reconcile.MethodTransfer, Invoices: []journal.ID{c.e.ID}})
		case "disc":
			confirm := f.post(t, journal.Entry{Journal: "OD", Date: next(), Label: "Échéance", Lines: []journal.Line{
				{Account: "519000", Balance: rest},
				{Account: "511400", Balance: rest.Neg()},
			}})
			_, err = f.rec.Reconcile(ctx, reconcile.Request{Lines: []journal.LineRef{refOf(c), confirm.LineRef(1)}})
		}
		if err != nil {
			t.Fatalf("round %d: paying %s %s: %v", round, c.kind, c.e.Name(), err)
		}
	}
	if rest := open(inv.LineRef(0)); !rest.IsZero() {
		f.receive(t, "BQD", "C1", next(), rest.Plain(), inv)
	}
	if got := f.balance(t, "445740"); got != "0.00" {
		t.Fatalf("round %d: all paid, 445740 holds %s (%d carriers, %d lines touched, %d moneys)", round, got, len(carriers), len(touched), len(moneys))
	}
}
