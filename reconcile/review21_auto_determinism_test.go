package reconcile_test

// Review 21 — issue 14: "Deterministic: the same book gives the same
// proposals, in the same order", here across runs and across backends
// (storetest.Backends): the same postings on each store must give the same
// proposals, reasons, partials and unmatched lines, line for line.

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/lettrage/lettrage/journal"
	"github.com/lettrage/lettrage/reconcile"
	"github.com/stretchr/testify/require"
)

// review21Book posts the same small random book of invoices, credit notes
// and receipts (some naming invoices, some of their amount, some sums).
func review21Book(t *testing.T, f *fixture) {
	r := rand.New(rand.NewPCG(21, 14))
	var invs []journal.Entry
	for i := 0; i < 120; i++ {
		p := fmt.Sprintf("C%d", 1+r.IntN(3))
		day := d(time.Month(1+r.IntN(6)), 1+r.IntN(27))
		amt := fmt.Sprintf("%d.%02d", 10+r.IntN(40)*5, []int{0, 0, 50, 99}[r.IntN(4)])
		switch k := r.IntN(10); {
		case k < 6:
			invs = append(invs, f.invoice(t, p, day, amt))
		case k == 6:
			f.creditNote(t, p, day, amt)
		case k == 7 && len(invs) > 0:
			inv := invs[r.IntN(len(invs))]
			f.pay(t, inv.Lines[0].Partner, day.AddDays(40), inv.Lines[0].Balance.Plain(), inv.Name(), "")
		default:
			f.pay(t, p, day.AddDays(30), amt, "", "VIR "+p)
		}
	}
}

// proposalsText renders proposals with lines named by entry number and
// index, so that books on two stores (different ids) compare.
func proposalsText(t *testing.T, f *fixture, out reconcile.Proposals) []string {
	names := map[journal.ID]string{}
	name := func(l journal.LineRef) string {
		if l == (journal.LineRef{}) {
			return "-"
		}
		n, ok := names[l.Entry]
		if !ok {
			x, err := f.book.Entry(ctx, l.Entry)
			require.NoError(t, err)
			n = x.Name()
			names[l.Entry] = n
		}
		return fmt.Sprintf("%s#%d", n, l.Index)
	}
	var s []string
	for _, p := range out.Proposals {
		var ls, ps []string
		for _, l := range p.Lines {
			ls = append(ls, name(l))
		}
		for _, pp := range p.Partials {
			ps = append(ps, fmt.Sprintf("%s/%s=%s%v", name(pp.Debit), name(pp.Credit), pp.Amount.Plain(), pp.WriteOff))
		}
		s = append(s, fmt.Sprintf("%s %s %s %s [%s] [%s] wo=%s: %s", p.Account, p.Partner, p.Rule, p.Confidence,
			strings.Join(ls, " "), strings.Join(ps, " "), p.WriteOff, p.Reason))
	}
	for _, u := range out.Unmatched {
		s = append(s, fmt.Sprintf("unmatched %s %s %s %s: %s", u.Account, u.Partner, name(u.Line), u.Residual, u.Reason))
	}
	s = append(s, fmt.Sprintf("work limit %d", out.WorkLimitReached))
	return s
}

// Requirement: determinism across runs and backends. Expected: on every
// backend, two runs give the same proposals; and every backend gives the
// same rendering as the first, for several rule sets.
func TestReview21AutoDeterministicAcrossBackends(t *testing.T) {
	t.Parallel()
	rules := []reconcile.Rules{{}, {OldestFirst: true}, {CombinationSize: 3, WorkLimit: 50}, {NoReference: true, WriteOffOverpayment: true}}
	var first [][]string
	for _, s := range stores {
		t.Run(s.Name, func(t *testing.T) {
			f := newFixture(t, s.Open(t))
			review21Book(t, f)
			for i, r := range rules {
				a := propose(t, f, reconcile.Scope{All: true}, r)
				b := propose(t, f, reconcile.Scope{All: true}, r)
				require.Equal(t, a, b, "rules %d: two runs differ", i)
				got := proposalsText(t, f, a)
				if len(first) <= i {
					first = append(first, got)
					require.NotEmpty(t, a.Proposals)
					continue
				}
				require.Equal(t, first[i], got, "rules %d: %s differs from the first backend", i, s.Name)
			}
		})
	}
}
