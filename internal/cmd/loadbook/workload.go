package main

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/lettrage/lettrage/currency"
	"github.com/lettrage/lettrage/journal"
)

// Workload shape.
const (
	days           = 730 // 2026 and 2027
	dueDays        = 30  // an invoice's payment term
	unpaidPercent  = 8   // invoices never paid
	partialPercent = 12  // invoices paid in part, half of them paid off later
	pairPercent    = 15  // invoices made with a second one for the customer, the two paid at once
	linesPerSlot   = 520 // journal lines per invoice slot, in hundredths: pairs and payments included, a little less than they make
)

// Payment kinds, for the totals.
const (
	paidInFull = iota
	paidPair
	paidPart
)

// workload makes the entries of two years of sales, in date order: each
// day the payments due that day, then the day's invoices. The invoices a
// customer pays are scheduled when they are made.
type workload struct {
	rng      *rand.Rand
	partners int
	slots    int // invoice slots over the two years (a slot makes one invoice or a pair), spread evenly

	day     int // the next day to make
	dates   [days]journal.Date
	due     [days][]payment // payments by the day they are made
	queue   []item          // the day's entries not handed out yet
	ids     int             // ids made
	refs    int             // invoices made
	lines   int             // journal lines handed out
	handed  totals          // what was handed out
	idEpoch int64           // ms of the first id
}

// payment is a customer payment to make.
type payment struct {
	partner int
	amount  currency.Amount
	what    string // the invoices it pays
	kind    int
}

// item is an entry with its payment kind, for the totals.
type item struct {
	e    journal.Entry
	kind int
}

func newWorkload(c config) *workload {
	g := &workload{rng: rand.New(rand.NewPCG(c.seed, 0x6c65747472616765)), partners: c.partners,
		slots:   (c.lines*100 + linesPerSlot - 1) / linesPerSlot,
		idEpoch: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()}
	g.handed.invoiced, g.handed.received = currency.Zero(eur), currency.Zero(eur)
	first := journal.MustDate(2026, 1, 1)
	for i := range g.dates {
		g.dates[i] = first.AddDays(i)
	}
	return g
}

// next returns the next entry, and false once the two years are made.
func (g *workload) next() (journal.Entry, bool) {
	for len(g.queue) == 0 {
		if g.day == days {
			return journal.Entry{}, false
		}
		g.makeDay()
	}
	it := g.queue[0]
	g.queue = g.queue[1:]
	g.handed.last = it.e.Date
	g.lines += len(it.e.Lines)
	if it.e.Journal == "VT" {
		g.handed.invoices++
		g.handed.invoiced = mustAdd(g.handed.invoiced, it.e.Lines[0].Balance)
	} else {
		g.handed.payments++
		g.handed.received = mustAdd(g.handed.received, it.e.Lines[1].Balance)
		switch it.kind {
		case paidPair:
			g.handed.pairs++
		case paidPart:
			g.handed.partials++
		}
	}
	return it.e, true
}

// fill copies the counts of what was handed out into tot.
func (g *workload) fill(tot *totals) {
	tot.invoices, tot.payments, tot.pairs, tot.partials = g.handed.invoices, g.handed.payments, g.handed.pairs, g.handed.partials
	tot.invoiced, tot.received, tot.last = g.handed.invoiced, g.handed.received, g.handed.last
}

// makeDay queues the entries of the next day: its payments, then its
// invoices.
func (g *workload) makeDay() {
	d := g.day
	g.day++
	for _, p := range g.due[d] {
		g.queue = append(g.queue, item{e: g.paymentEntry(g.dates[d], p), kind: p.kind})
	}
	g.due[d] = nil
	for i := d * g.slots / days; i < (d+1)*g.slots/days; i++ {
		g.invoices(d, 1+g.rng.IntN(g.partners))
	}
}

// invoices queues an invoice made on day d for partner and schedules how
// it is paid: never, in part (and maybe the rest later), in full, or, for
// an invoice made with a second one on the same day, with that one in one
// payment; 5 to 75 days later.
func (g *workload) invoices(d, partner int) {
	inv := g.invoice(g.dates[d], partner)
	g.queue = append(g.queue, item{e: inv})
	ttc, ref := inv.Lines[0].Balance, inv.Ref
	later := d + 5 + g.rng.IntN(70)
	switch r := g.rng.IntN(100); {
	case r < unpaidPercent:
	case r < unpaidPercent+partialPercent:
		tenths := 3 + g.rng.Int64N(5)
		parts, err := currency.Prorate(ttc, []currency.Amount{currency.FromMinor(eur, tenths), currency.FromMinor(eur, 10-tenths)})
		if err != nil {
			panic(err) // positive weights: cannot fail
		}
		g.add(later, payment{partner: partner, amount: parts[0], what: "acompte " + ref, kind: paidPart})
		if g.rng.IntN(2) == 0 {
			g.add(later+10+g.rng.IntN(40), payment{partner: partner, amount: parts[1], what: "solde " + ref})
		}
	case r < unpaidPercent+partialPercent+pairPercent:
		second := g.invoice(g.dates[d], partner)
		g.queue = append(g.queue, item{e: second})
		g.add(later, payment{partner: partner, amount: mustAdd(ttc, second.Lines[0].Balance), what: ref + " " + second.Ref, kind: paidPair})
	default:
		g.add(later, payment{partner: partner, amount: ttc, what: ref})
	}
}

// invoice makes a sales invoice: an amount before tax of a few euros to a
// few tens of thousands, its 20 % VAT rounded to the cent, the receivable
// due in dueDays.
func (g *workload) invoice(date journal.Date, partner int) journal.Entry {
	scale := []int64{1_000, 1_000, 1_000, 10_000, 10_000, 10_000, 100_000, 100_000, 1_000_000, 10_000_000}[g.rng.IntN(10)]
	ht := currency.FromMinor(eur, scale/2+g.rng.Int64N(scale))
	tva, err := vat.Amount(ht, currency.HalfAwayFromZero)
	if err != nil {
		panic(err) // a euro amount below 10^6 EUR times 20 %: cannot fail
	}
	ttc := mustAdd(ht, tva)
	g.refs++
	ref := fmt.Sprintf("FA%d-%07d", date.Year(), g.refs)
	return journal.Entry{ID: g.id(), Journal: "VT", Date: date, Type: journal.TypeInvoice, Ref: ref, Label: "Facture " + ref,
		Lines: []journal.Line{
			{Account: "411000", Partner: partnerCode(partner), DueDate: date.AddDays(dueDays), Balance: ttc},
			{Account: "706000", Balance: ht.Neg()},
			{Account: "445710", Balance: tva.Neg()},
		}}
}

// add schedules p on day d, unless d is past the two years.
func (g *workload) add(d int, p payment) {
	if d < days {
		g.due[d] = append(g.due[d], p)
	}
}

// paymentEntry is a customer's bank transfer: the bank debited, the
// receivable credited for the partner, the whole amount on one line even
// when it pays two invoices (as reconcile.RegisterPayment posts it).
func (g *workload) paymentEntry(date journal.Date, p payment) journal.Entry {
	label := "Règlement " + p.what
	return journal.Entry{ID: g.id(), Journal: "BQD", Date: date, Type: journal.TypePayment, Label: label,
		Lines: []journal.Line{
			{Account: "411000", Partner: partnerCode(p.partner), Balance: p.amount.Neg()},
			{Account: "512000", Balance: p.amount},
		}}
}

// id returns the next entry id: a UUIDv7 one millisecond after the last,
// its random bits from the workload's source, so that a seed always makes
// the same ids and they ascend as real ones do.
func (g *workload) id() journal.ID {
	var id journal.ID
	binary.BigEndian.PutUint64(id[0:8], uint64(g.idEpoch+int64(g.ids))<<16)
	binary.BigEndian.PutUint64(id[8:16], g.rng.Uint64())
	id[6] = 0x70 | id[6]&0x0f // version 7
	id[8] = 0x80 | id[8]&0x3f // RFC 9562 variant
	g.ids++
	return id
}

func mustAdd(a, b currency.Amount) currency.Amount {
	s, err := a.Add(b)
	if err != nil {
		panic(err) // both are euros: Add cannot fail
	}
	return s
}
